"""Dashboards: what an association has to follow, and the coordinators' picture of the whole
territory. Each is a handful of aggregate queries, never one query per placement."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from stirrup import clock
from stirrup.errors import Forbidden, InvalidInput, NotFound
from stirrup.models import (
    Association,
    ExitPlan,
    Home,
    Household,
    Incident,
    IncidentStatus,
    Organisation,
    Placement,
    PlacementStatus,
    Role,
    Visit,
)
from stirrup.services import access, alerts, associations, milestones, statistics
from stirrup.services.access import Principal


def _association_of(db: Session, principal: Principal, association_id: int | None) -> tuple[Association, str]:
    """The association whose dashboard is asked for: the staff's own; any one for coordinators."""
    stmt = select(Association, Organisation.name).join(Organisation)
    if principal.role is Role.ASSOCIATION_STAFF:
        stmt = stmt.where(Association.organisation_id == principal.organisation_id)
        if association_id is not None:
            stmt = stmt.where(Association.id == association_id)
    elif principal.oversees_all:
        if association_id is None:
            raise InvalidInput.field("association_id", "say which association's dashboard to show")
        stmt = stmt.where(Association.id == association_id)
    else:
        raise Forbidden("the association dashboard is for association staff and coordinators")
    found = db.execute(stmt).first()
    if found is None:
        raise NotFound("association not found")
    return found[0], found[1]


def association_dashboard(
    db: Session, principal: Principal, association_id: int | None = None
) -> dict[str, Any]:
    """The placements an association follows now — days left, last visit, milestones reached,
    open incidents, exit plan — with the alerts to act on."""
    association, name = _association_of(db, principal, association_id)
    today = clock.today()
    latest = (
        select(Visit.placement_id, func.max(Visit.visited_on).label("visited_on"))
        .group_by(Visit.placement_id)
        .subquery()
    )
    open_incidents = (
        select(Incident.placement_id, func.count().label("count"))
        .where(Incident.status == IncidentStatus.OPEN)
        .group_by(Incident.placement_id)
        .subquery()
    )
    rows = db.execute(
        select(
            Placement.id,
            Household.reference,
            Home.commune,
            Placement.start_date,
            Placement.planned_end,
            latest.c.visited_on,
            func.coalesce(open_incidents.c.count, 0),
            ExitPlan.kind,
        )
        .join(Household, Household.id == Placement.household_id)
        .join(Home, Home.id == Placement.home_id)
        .outerjoin(latest, latest.c.placement_id == Placement.id)
        .outerjoin(open_incidents, open_incidents.c.placement_id == Placement.id)
        .outerjoin(ExitPlan, ExitPlan.placement_id == Placement.id)
        .where(
            Placement.association_id == association.id,
            Placement.status == PlacementStatus.ACTIVE,
            access.placements_visible_to(principal),
        )
        .order_by(Placement.planned_end, Placement.id)
    ).all()
    reached = milestones.reached(db, [row[0] for row in rows])
    found = [a for a in alerts.alerts_for(db, principal, today) if a.association_id in (None, association.id)]
    by_placement: dict[int | None, list[str]] = defaultdict(list)
    for alert in found:
        by_placement[alert.placement_id].append(alert.kind)
    kinds_reached = Counter(m.kind for found_for in reached.values() for m in found_for)
    return {
        "association_id": association.id,
        "name": name,
        "capacity": association.capacity,
        "load": associations.current_loads(db, [association.id])[association.id],
        "placements": [
            {
                "placement_id": placement_id,
                "household_reference": reference,
                "commune": commune,
                "start_date": start,
                "planned_end": end,
                "days_left": (end - today).days,
                "last_visit": last_visit,
                "open_incidents": incidents,
                "exit_plan": plan,
                "milestones_reached": [m.kind for m in reached.get(placement_id, [])],
                "alerts": by_placement.get(placement_id, []),
            }
            for placement_id, reference, commune, start, end, last_visit, incidents, plan in rows
        ],
        "milestones_reached": dict(kinds_reached),
        "alerts": found,
    }


def coordinator_dashboard(db: Session, principal: Principal) -> dict[str, Any]:
    """The territory at a glance: homes, households waiting, placements, outcomes and how long
    they last, with the coordinators' alerts."""
    if not principal.oversees_all:
        raise Forbidden("the coordination dashboard is for coordinators")
    today = clock.today()
    return {
        **statistics.current_picture(db, principal),
        "outcomes": statistics.outcomes(db, principal),
        "average_days_waiting": statistics.average_days_waiting(db, principal),
        "placements_per_month": statistics.placements_per_month(db, principal),
        "street_or_shelter": statistics.street_or_shelter_shares(db, principal, today),
        "alerts": alerts.alerts_for(db, principal, today),
    }
