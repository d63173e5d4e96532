"""Alerts: what each user should act on, computed from the data and the clock — nothing stored,
nothing to go stale.

Each rule is one function ``(db, principal, today) -> list[Alert]`` that keeps to the placements
the principal may see and to the roles it concerns; :data:`RULES` lists them, so another rule is
one more function in the list. An owner's alert never says anything about the household.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Select, exists, func, select
from sqlalchemy.orm import Session

from stirrup import clock
from stirrup.models import (
    AFTER_END_HORIZONS,
    AfterEndCheck,
    Association,
    ExitPlan,
    Home,
    Household,
    Incident,
    IncidentSeverity,
    IncidentStatus,
    Organisation,
    Placement,
    PlacementEnding,
    PlacementStatus,
    Role,
    Visit,
)
from stirrup.services import access, associations, proposals
from stirrup.services.access import FOLLOW_UP_TEAM, Principal
from stirrup.services.outcomes import due_on

#: An active placement ending this soon needs an exit plan.
EXIT_PLAN_NOTICE = timedelta(days=30)
#: The longest a household may go without a visit or check-in.
CHECK_IN_INTERVAL = timedelta(days=21)
#: A proposal this close to expiring is on the dashboards of the sides that have not accepted it.
PROPOSAL_EXPIRY_NOTICE = timedelta(days=2)
#: Shorter than the first horizon (6 months) whatever the months: a cheap filter, the loop decides.
_SHORTER_THAN_FIRST_HORIZON = timedelta(days=180)


@dataclass(frozen=True)
class Alert:
    """Something to act on; ``due_on`` is the day it matters (or mattered)."""

    kind: str
    due_on: date
    message: str
    placement_id: int | None = None
    home_id: int | None = None
    association_id: int | None = None


Rule = Callable[[Session, Principal, date], list[Alert]]


def _placements(principal: Principal, *columns: Any) -> Select[Any]:
    """Placements the principal may see, with what alert messages name: the household's reference
    (never shown to owners) and the home's commune."""
    return (
        select(
            Placement.id,
            Placement.home_id,
            Placement.association_id,
            Household.reference,
            Home.commune,
            *columns,
        )
        .join(Household, Household.id == Placement.household_id)
        .join(Home, Home.id == Placement.home_id)
        .where(access.placements_visible_to(principal))
    )


def _on(row: Any, kind: str, due_on: date, message: str) -> Alert:
    """An alert on the placement of a ``_placements`` row."""
    return Alert(kind, due_on, message, row.id, row.home_id, row.association_id)


def ending_without_exit_plan(db: Session, principal: Principal, today: date) -> list[Alert]:
    """An active placement ends within 30 days (or is past its end) and no exit plan is recorded."""
    if not access.takes_part(principal, FOLLOW_UP_TEAM):
        return []
    rows = db.execute(
        _placements(principal, Placement.planned_end).where(
            Placement.status == PlacementStatus.ACTIVE,
            Placement.planned_end <= today + EXIT_PLAN_NOTICE,
            ~exists().where(ExitPlan.placement_id == Placement.id),
        )
    )
    return [
        _on(
            row,
            "ending_without_exit_plan",
            row.planned_end,
            f"The placement of household {row.reference} in {row.commune} ends on {row.planned_end} "
            "and has no exit plan.",
        )
        for row in rows
    ]


def no_recent_check_in(db: Session, principal: Principal, today: date) -> list[Alert]:
    """No visit or check-in for 21 days (counting from the start when there has been none)."""
    if not access.takes_part(principal, FOLLOW_UP_TEAM):
        return []
    latest = (
        select(Visit.placement_id, func.max(Visit.visited_on).label("visited_on"))
        .group_by(Visit.placement_id)
        .subquery()
    )
    since = func.coalesce(latest.c.visited_on, Placement.start_date)
    rows = db.execute(
        _placements(principal, since.label("since"))
        .outerjoin(latest, latest.c.placement_id == Placement.id)
        .where(Placement.status == PlacementStatus.ACTIVE, since <= today - CHECK_IN_INTERVAL)
    )
    return [
        _on(
            row,
            "no_recent_check_in",
            row.since + CHECK_IN_INTERVAL,
            f"Household {row.reference} in {row.commune} has had no visit or check-in since {row.since}.",
        )
        for row in rows
    ]


def open_severe_incident(db: Session, principal: Principal, today: date) -> list[Alert]:
    """A severe incident is open. The owner is told only that one needs attention at the home, and
    whom to call; the team and coordinators get its category."""
    if not access.takes_part(principal, (*FOLLOW_UP_TEAM, Role.LANDLORD)):
        return []
    rows = db.execute(
        _placements(
            principal,
            Incident.occurred_on,
            Incident.category,
            Home.street,
            Organisation.name,
            Organisation.contact_phone,
            Association.emergency_phone,
        )
        .join(Incident, Incident.placement_id == Placement.id)
        .join(Association, Association.id == Placement.association_id)
        .join(Organisation, Organisation.id == Association.organisation_id)
        .where(Incident.severity == IncidentSeverity.SEVERE, Incident.status == IncidentStatus.OPEN)
    )
    return [_on(row, "severe_incident", row.occurred_on, _incident_message(principal, row)) for row in rows]


def _incident_message(principal: Principal, row: Any) -> str:
    if principal.role is Role.LANDLORD:
        contact = " or ".join(p for p in (row.emergency_phone, row.contact_phone) if p) or "its office"
        return f"An incident at {row.street}, {row.commune} needs attention. Contact {row.name}: {contact}."
    return f"A severe {row.category.value} incident (household {row.reference}, {row.occurred_on}) is open."


def association_over_capacity(db: Session, principal: Principal, today: date) -> list[Alert]:
    """An association follows more households than its capacity: for it and the coordinators."""
    stmt = select(Association.id, Association.capacity, Organisation.name).join(Organisation)
    if principal.role is Role.ASSOCIATION_STAFF:
        stmt = stmt.where(Association.organisation_id == principal.organisation_id)
    elif not principal.oversees_all:
        return []
    found = db.execute(stmt).all()
    loads = associations.current_loads(db, [association_id for association_id, _, _ in found])
    return [
        Alert(
            "association_over_capacity",
            today,
            f"{name} follows {loads[association_id]} households for a capacity of {capacity}.",
            association_id=association_id,
        )
        for association_id, capacity, name in found
        if loads[association_id] > capacity
    ]


def after_end_check_due(db: Session, principal: Principal, today: date) -> list[Alert]:
    """The association should find out where a household is 6, 12 and 24 months after the end; each
    reminder lasts until it is recorded or the next one is due."""
    if principal.role is not Role.ASSOCIATION_STAFF:
        return []
    ended = db.execute(
        _placements(principal, Placement.actual_end)
        .join(PlacementEnding, PlacementEnding.placement_id == Placement.id)
        .where(
            Placement.status == PlacementStatus.ENDED,
            Placement.actual_end <= today - _SHORTER_THAN_FIRST_HORIZON,
        )
    ).all()
    recorded = set(
        db.execute(
            select(AfterEndCheck.placement_id, AfterEndCheck.months).where(
                AfterEndCheck.placement_id.in_([row.id for row in ended])
            )
        )
    )
    alerts = []
    for row in ended:
        for months, later in zip(AFTER_END_HORIZONS, (*AFTER_END_HORIZONS[1:], None), strict=True):
            due = due_on(row.actual_end, months)
            current = due <= today and (later is None or today < due_on(row.actual_end, later))
            if current and (row.id, months) not in recorded:
                message = (
                    f"Where does household {row.reference} live, {months} months after the end "
                    f"({row.actual_end})?"
                )
                alerts.append(_on(row, "after_end_check_due", due, message))
    return alerts


def insurance_cover(db: Session, principal: Principal, today: date) -> list[Alert]:
    """Home insurance missing, lapsed or ending before the placement (see services.insurance)."""
    from stirrup.services import insurance  # it builds its alerts on this module's Alert

    return insurance.insurance_alerts(db, principal, today)


def proposal_about_to_expire(db: Session, principal: Principal, today: date) -> list[Alert]:
    """A proposal still waiting for answers expires within two days: for each side that has not
    accepted it yet (the owner is not told who the household is), and for coordinators."""
    party = proposals.PARTY_OF_ROLE.get(principal.role)
    if party is None and not principal.oversees_all:
        return []
    until = datetime.combine(today + PROPOSAL_EXPIRY_NOTICE, time.max, tzinfo=clock.PARIS)
    stmt = _placements(principal, Placement.expires_at).where(
        Placement.status == PlacementStatus.PROPOSED, Placement.expires_at <= until
    )
    if party is not None:
        stmt = stmt.where(~proposals.accepted_by(party))
    alerts = []
    for row in db.execute(stmt):
        due = row.expires_at.astimezone(clock.PARIS).date()
        if principal.role is Role.LANDLORD:
            message = f"The proposal for your home in {row.commune} expires on {due}: accept or decline it."
        else:
            message = (
                f"The proposal of a home in {row.commune} for household {row.reference} expires on {due}."
            )
        alerts.append(_on(row, "proposal_about_to_expire", due, message))
    return alerts


RULES: tuple[Rule, ...] = (
    ending_without_exit_plan,
    no_recent_check_in,
    open_severe_incident,
    association_over_capacity,
    after_end_check_due,
    insurance_cover,
    proposal_about_to_expire,
)


def alerts_for(db: Session, principal: Principal, today: date | None = None) -> list[Alert]:
    """Every alert for the principal, the longest overdue first."""
    today = today or clock.today()
    found = [alert for rule in RULES for alert in rule(db, principal, today)]
    return sorted(found, key=lambda a: (a.due_on, a.kind, a.placement_id or 0))
