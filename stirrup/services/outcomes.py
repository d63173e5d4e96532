"""The end of a placement — its outcome from a fixed list, early or on time — and where the
household is 6, 12 and 24 months later.

Ending frees the home and closes the household's stay (services.lifecycle). The later checks can be
recorded from a month before each is due; until then the association is reminded (services.alerts).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from dateutil.relativedelta import relativedelta
from sqlalchemy import select
from sqlalchemy.orm import Session

from stirrup import clock
from stirrup.errors import Conflict, InvalidInput
from stirrup.models import AFTER_END_HORIZONS, AfterEndCheck, Placement, PlacementEnding, PlacementStatus
from stirrup.schemas.outcomes import AfterEndCheckIn, PlacementEnd
from stirrup.services import access, audit, lifecycle, milestones
from stirrup.services.access import Principal
from stirrup.services.followup import (
    audit_sensitive_read,
    check_active,
    fields_for,
    followed_placement,
    placement_for_team,
    record_to_write,
)

#: How long before a check is due it may be recorded.
CHECK_WINDOW = relativedelta(months=1)


def due_on(ended_on: date, months: int) -> date:
    """When the check ``months`` after an end on ``ended_on`` is due."""
    due: date = ended_on + relativedelta(months=months)
    return due


def end_placement(db: Session, principal: Principal, placement_id: int, data: PlacementEnd) -> dict[str, Any]:
    """End an active placement with its outcome; the household exits, the home is freed."""
    placement = followed_placement(db, principal, placement_id)
    db.refresh(placement, attribute_names=["status", "planned_end"], with_for_update=True)
    check_active(placement, "end")
    ended_on = data.ended_on or clock.today()
    if not placement.start_date <= ended_on <= clock.today():
        raise InvalidInput.field("ended_on", f"must be between the start ({placement.start_date}) and today")
    early = ended_on < placement.planned_end
    if early and data.early_end_reason is None:
        raise InvalidInput.field(
            "early_end_reason", f"say why the placement ends before its planned end ({placement.planned_end})"
        )
    if not early and data.early_end_reason is not None:
        raise InvalidInput.field("early_end_reason", "only for an end before the planned end")
    placement.status = PlacementStatus.ENDED
    placement.actual_end = ended_on
    db.add(
        PlacementEnding(
            placement_id=placement.id,
            recorded_by_id=principal.user_id,
            **data.model_dump(exclude={"ended_on"}),
        )
    )
    db.flush()
    lifecycle.after_end(db, placement, data.home_withdrawn)
    audit.record(db, principal, "end", "placement", placement.id, outcome=data.outcome.value, early=early)
    return _view(db, principal, placement)


def get_outcome(db: Session, principal: Principal, placement_id: int) -> dict[str, Any]:
    """How an ended placement ended and what has been learnt since."""
    placement = followed_placement(db, principal, placement_id)
    if access.in_follow_up_team(principal):
        audit_sensitive_read(db, principal, placement, "outcome")
    return _view(db, principal, placement)


def record_after_end(
    db: Session, principal: Principal, placement_id: int, months: int, data: AfterEndCheckIn
) -> dict[str, Any]:
    """Record (or correct) where the household was ``months`` after the end."""
    placement = placement_for_team(db, principal, placement_id)
    if months not in AFTER_END_HORIZONS:
        raise InvalidInput.field("months", f"must be one of {', '.join(map(str, AFTER_END_HORIZONS))}")
    ended_on = _ended_on(placement)
    due = due_on(ended_on, months)
    opens = due - CHECK_WINDOW
    today = clock.today()
    if today < opens:
        raise Conflict(f"the {months}-month check is due on {due}; it can be recorded from {opens}")
    checked_on = data.checked_on or today
    if not opens <= checked_on <= today:
        raise InvalidInput.field("checked_on", f"must be between {opens} and today")
    check, action = record_to_write(db, AfterEndCheck, placement_id=placement.id, months=months)
    check.situation, check.checked_on, check.recorded_by_id = data.situation, checked_on, principal.user_id
    db.flush()
    audit.record(db, principal, action, "after_end_check", check.id, placement_id=placement.id, months=months)
    return _view(db, principal, placement)


def _ended_on(placement: Placement) -> date:
    if placement.status is not PlacementStatus.ENDED or placement.actual_end is None:
        raise Conflict(f"placement {placement.id} has not ended")
    return placement.actual_end


def _view(db: Session, principal: Principal, placement: Placement) -> dict[str, Any]:
    ended_on = _ended_on(placement)
    ending = db.get(PlacementEnding, placement.id)
    if ending is None:
        raise Conflict(f"placement {placement.id} ended without a recorded outcome")
    checks = {
        c.months: c
        for c in db.scalars(select(AfterEndCheck).where(AfterEndCheck.placement_id == placement.id))
    }
    data = {
        "placement_id": placement.id,
        "start_date": placement.start_date,
        "planned_end": placement.planned_end,
        "ended_on": ended_on,
        "ended_early": ended_on < placement.planned_end,
        "outcome": ending.outcome,
        "early_end_reason": ending.early_end_reason,
        "details": ending.details,
        "home_withdrawn": ending.home_withdrawn,
        "milestones_reached": milestones.reached(db, [placement.id]).get(placement.id, []),
        "after_end": [
            {
                "months": months,
                "due_on": due_on(ended_on, months),
                "situation": checks[months].situation if months in checks else None,
                "checked_on": checks[months].checked_on if months in checks else None,
            }
            for months in AFTER_END_HORIZONS
        ],
    }
    return fields_for(principal, data, ("details",))
