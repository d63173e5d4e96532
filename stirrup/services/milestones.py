"""Milestones of regained rights during a placement: one per kind, dated, corrected by recording
it again. The housing application's number names the applicant, so only the team reads it."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from stirrup.errors import InvalidInput
from stirrup.models import Milestone, MilestoneKind
from stirrup.schemas.followup import MilestoneIn
from stirrup.services import audit
from stirrup.services.access import Principal
from stirrup.services.followup import (
    check_during,
    fields_for,
    placement_for_team,
    record_to_write,
    team_records,
)

_FIELDS = ("placement_id", "kind", "reached_on", "reference")


def view(principal: Principal, milestone: Milestone) -> dict[str, Any]:
    """A milestone as the principal may read it."""
    return fields_for(principal, {name: getattr(milestone, name) for name in _FIELDS}, ("reference",))


def list_milestones(db: Session, principal: Principal, placement_id: int) -> list[dict[str, Any]]:
    """The milestones reached so far, in the order they were reached."""
    found = team_records(db, principal, placement_id, Milestone, Milestone.reached_on, Milestone.kind)
    return [view(principal, milestone) for milestone in found]


def set_milestone(
    db: Session, principal: Principal, placement_id: int, kind: MilestoneKind, data: MilestoneIn
) -> Milestone:
    """Record that a right was regained on a date (or correct that record)."""
    placement = placement_for_team(db, principal, placement_id)
    check_during(placement, "reached_on", data.reached_on)
    needs_reference = kind is MilestoneKind.HOUSING_APPLICATION
    if needs_reference and data.reference is None:
        raise InvalidInput.field("reference", "give the housing application's number")
    if not needs_reference and data.reference is not None:
        raise InvalidInput.field("reference", "only a housing application has a number")
    milestone, action = record_to_write(db, Milestone, placement_id=placement.id, kind=kind)
    milestone.reached_on = data.reached_on
    milestone.reference = data.reference
    milestone.recorded_by_id = principal.user_id
    db.flush()
    audit.record(db, principal, action, "milestone", milestone.id, placement_id=placement.id, kind=kind.value)
    return milestone


def reached(db: Session, placement_ids: Iterable[int]) -> dict[int, list[Milestone]]:
    """The milestones of each placement, in one query (for dashboards and exports)."""
    stmt = (
        select(Milestone)
        .where(Milestone.placement_id.in_(list(placement_ids)))
        .order_by(Milestone.reached_on)
    )
    found: dict[int, list[Milestone]] = defaultdict(list)
    for milestone in db.scalars(stmt):
        found[milestone.placement_id].append(milestone)
    return found
