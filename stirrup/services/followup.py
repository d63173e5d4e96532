"""The follow-up of a placement by its team (the association following it and the household's
referent social service): visits and check-ins, and the exit plan; the rules every follow-up
record shares.

The team records and reads everything; coordinators read what is not sensitive; owners read
none of it (the placement is not found for them here). Every read that returns sensitive fields
is written to the audit trail.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from stirrup import clock
from stirrup.errors import Conflict, Forbidden, InvalidInput
from stirrup.models import ExitPlan, Placement, PlacementStatus, Visit
from stirrup.schemas.followup import ExitPlanIn, VisitCreate
from stirrup.services import access, audit
from stirrup.services.access import FOLLOW_UP_TEAM, Principal
from stirrup.services.paperwork import last_day, placement_for

#: Statuses in which the follow-up can be written: during the placement, and afterwards to catch up
#: on what happened during it.
_RECORDABLE = (PlacementStatus.ACTIVE, PlacementStatus.ENDED)


def followed_placement(db: Session, principal: Principal, placement_id: int) -> Placement:
    """The placement, for its follow-up team and coordinators; not found for anyone else."""
    return placement_for(db, principal, placement_id, FOLLOW_UP_TEAM)


def placement_for_team(db: Session, principal: Principal, placement_id: int) -> Placement:
    """The placement, for a change only its follow-up team makes."""
    placement = followed_placement(db, principal, placement_id)
    if not access.in_follow_up_team(principal):
        raise Forbidden("the association or the household's social service records the follow-up")
    return placement


def check_during(placement: Placement, field: str, day: date) -> None:
    """A follow-up fact happened during the placement, and not in the future."""
    if placement.status not in _RECORDABLE:
        raise Conflict(f"placement {placement.id} has not started (it is {placement.status.value})")
    if day < placement.start_date:
        raise InvalidInput.field(field, f"must not be before the placement started ({placement.start_date})")
    if day > clock.today():
        raise InvalidInput.field(field, "must not be in the future")
    if day > last_day(placement):
        raise InvalidInput.field(field, f"must not be after the placement ended ({last_day(placement)})")


def check_active(placement: Placement, action: str) -> None:
    """Some changes (an exit plan, an extension, the end) only a running placement takes."""
    if placement.status is not PlacementStatus.ACTIVE:
        raise Conflict(
            f"only an active placement can {action}; placement {placement.id} is {placement.status.value}"
        )


def audit_sensitive_read(db: Session, principal: Principal, placement: Placement, what: str) -> None:
    """Record that the team read the sensitive part ``what`` of a placement's follow-up."""
    audit.record(db, principal, "read_sensitive", "placement", placement.id, of=what)


def team_records(
    db: Session, principal: Principal, placement_id: int, model: Any, *order_by: Any
) -> list[Any]:
    """A placement's follow-up records of one kind (``model``); a read by the team is audited,
    since it carries their sensitive fields."""
    placement = followed_placement(db, principal, placement_id)
    found = list(db.scalars(select(model).where(model.placement_id == placement.id).order_by(*order_by)))
    if found and access.in_follow_up_team(principal):
        audit_sensitive_read(db, principal, placement, model.__tablename__)
    return found


def record_to_write(db: Session, model: Any, **key: Any) -> tuple[Any, str]:
    """The record with ``key``, locked, to update — or a new one to create — and which it is."""
    found = db.scalar(select(model).filter_by(**key).with_for_update())
    if found is not None:
        return found, "update"
    created = model(**key)
    db.add(created)
    return created, "create"


def fields_for(principal: Principal, data: dict[str, Any], sensitive: tuple[str, ...]) -> dict[str, Any]:
    """``data`` with its ``sensitive`` fields emptied unless the principal is in the team."""
    if access.in_follow_up_team(principal):
        return data
    return {**data, **dict.fromkeys(sensitive, None)}


_VISIT_FIELDS = ("id", "placement_id", "visited_on", "kind", "wellbeing", "housing_condition", "notes")
_VISIT_SENSITIVE = ("wellbeing", "notes")


def view_visit(principal: Principal, visit: Visit) -> dict[str, Any]:
    """A visit as the principal may read it."""
    return fields_for(principal, {name: getattr(visit, name) for name in _VISIT_FIELDS}, _VISIT_SENSITIVE)


def list_visits(db: Session, principal: Principal, placement_id: int) -> list[dict[str, Any]]:
    """The placement's visits, latest first."""
    visits = team_records(db, principal, placement_id, Visit, Visit.visited_on.desc(), Visit.id.desc())
    return [view_visit(principal, visit) for visit in visits]


def record_visit(db: Session, principal: Principal, placement_id: int, data: VisitCreate) -> Visit:
    """Record a visit or check-in that took place during the placement."""
    placement = placement_for_team(db, principal, placement_id)
    check_during(placement, "visited_on", data.visited_on)
    visit = Visit(placement_id=placement.id, recorded_by_id=principal.user_id, **data.model_dump())
    db.add(visit)
    db.flush()
    audit.record(db, principal, "create", "visit", visit.id, placement_id=placement.id)
    return visit


_EXIT_PLAN_FIELDS = ("placement_id", "kind", "expected_on", "recorded_on", "details")


def view_exit_plan(principal: Principal, plan: ExitPlan) -> dict[str, Any]:
    """An exit plan as the principal may read it."""
    return fields_for(principal, {name: getattr(plan, name) for name in _EXIT_PLAN_FIELDS}, ("details",))


def get_exit_plan(db: Session, principal: Principal, placement_id: int) -> dict[str, Any] | None:
    """The exit plan recorded for the placement, or None while there is none."""
    found = team_records(db, principal, placement_id, ExitPlan)
    return view_exit_plan(principal, found[0]) if found else None


def set_exit_plan(db: Session, principal: Principal, placement_id: int, data: ExitPlanIn) -> ExitPlan:
    """Record the exit plan, or revise it; the date it was (last) recorded is kept."""
    placement = placement_for_team(db, principal, placement_id)
    check_active(placement, "get an exit plan")
    if data.expected_on is not None and data.expected_on < placement.start_date:
        raise InvalidInput.field(
            "expected_on", f"must not be before the placement started ({placement.start_date})"
        )
    plan, action = record_to_write(db, ExitPlan, placement_id=placement.id)
    values = data.model_dump()
    changed = audit.changed_fields({name: getattr(plan, name) for name in values}, values)
    for name, value in {**values, "recorded_on": clock.today(), "recorded_by_id": principal.user_id}.items():
        setattr(plan, name, value)
    db.flush()
    audit.record(db, principal, action, "exit_plan", plan.id, placement_id=placement.id, fields=changed)
    return plan
