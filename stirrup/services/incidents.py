"""Incidents during a placement, from a noise complaint to a danger, until they are resolved.

An open severe incident raises an alert for the team, the coordinators and the owner — the owner's
alert says only that an incident at the home needs attention and whom to call (services.alerts).
Descriptions and resolutions are for the follow-up team only.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from stirrup import clock
from stirrup.errors import InvalidInput, NotFound
from stirrup.models import Incident, IncidentStatus
from stirrup.schemas.followup import IncidentCreate, IncidentUpdate
from stirrup.services import audit
from stirrup.services.access import Principal
from stirrup.services.followup import check_during, fields_for, placement_for_team, team_records

_FIELDS = (
    "id",
    "placement_id",
    "occurred_on",
    "severity",
    "category",
    "status",
    "resolved_on",
    "description",
    "resolution",
)
_SENSITIVE = ("description", "resolution")


def view(principal: Principal, incident: Incident) -> dict[str, Any]:
    """An incident as the principal may read it."""
    return fields_for(principal, {name: getattr(incident, name) for name in _FIELDS}, _SENSITIVE)


def list_incidents(db: Session, principal: Principal, placement_id: int) -> list[dict[str, Any]]:
    """The placement's incidents, open ones first, then latest first."""
    found = team_records(
        db,
        principal,
        placement_id,
        Incident,
        Incident.status,
        Incident.occurred_on.desc(),
        Incident.id.desc(),
    )
    return [view(principal, incident) for incident in found]


def record_incident(db: Session, principal: Principal, placement_id: int, data: IncidentCreate) -> Incident:
    """Report an incident that happened during the placement; it starts open."""
    placement = placement_for_team(db, principal, placement_id)
    check_during(placement, "occurred_on", data.occurred_on)
    incident = Incident(
        placement_id=placement.id,
        status=IncidentStatus.OPEN,
        recorded_by_id=principal.user_id,
        **data.model_dump(),
    )
    db.add(incident)
    db.flush()
    audit.record(
        db,
        principal,
        "create",
        "incident",
        incident.id,
        placement_id=placement.id,
        severity=data.severity.value,
    )
    return incident


def update_incident(
    db: Session, principal: Principal, placement_id: int, incident_id: int, data: IncidentUpdate
) -> Incident:
    """Resolve, reopen or re-grade an incident."""
    placement = placement_for_team(db, principal, placement_id)
    incident = db.scalar(
        select(Incident)
        .where(Incident.id == incident_id, Incident.placement_id == placement.id)
        .with_for_update()
    )
    if incident is None:
        raise NotFound(f"incident {incident_id} not found on placement {placement.id}")
    changes = data.model_dump(exclude_unset=True)
    if changes.get("status") is IncidentStatus.RESOLVED:
        resolved_on = changes.setdefault("resolved_on", clock.today())
        if resolved_on is None or resolved_on < incident.occurred_on or resolved_on > clock.today():
            raise InvalidInput.field(
                "resolved_on", f"must be between the incident ({incident.occurred_on}) and today"
            )
    elif changes.get("status") is IncidentStatus.OPEN:
        changes.update(resolved_on=None, resolution="")
    changed = audit.changed_fields({name: getattr(incident, name) for name in changes}, changes)
    for name, value in changes.items():
        setattr(incident, name, value)
    db.flush()
    audit.record(db, principal, "update", "incident", incident.id, placement_id=placement.id, fields=changed)
    return incident
