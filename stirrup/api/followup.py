"""/api/v1/placements/{id}/visits, /milestones, /incidents and /exit-plan: the follow-up of a
placement by its association and the household's social service."""

from __future__ import annotations

from fastapi import APIRouter, status

from stirrup.deps import DB, CurrentPrincipal
from stirrup.models import MilestoneKind
from stirrup.schemas.followup import (
    ExitPlanIn,
    ExitPlanOut,
    IncidentCreate,
    IncidentOut,
    IncidentUpdate,
    MilestoneIn,
    MilestoneOut,
    VisitCreate,
    VisitOut,
)
from stirrup.services import followup, incidents, milestones

router = APIRouter(prefix="/placements/{placement_id}", tags=["follow-up"])


@router.get(
    "/visits",
    response_model=list[VisitOut],
    summary="Visits and check-ins, latest first (notes and wellbeing for the follow-up team only)",
)
def list_visits(db: DB, principal: CurrentPrincipal, placement_id: int) -> object:
    return followup.list_visits(db, principal, placement_id)


@router.post(
    "/visits",
    response_model=VisitOut,
    status_code=status.HTTP_201_CREATED,
    summary="Record a home visit, phone call or office meeting",
)
def record_visit(db: DB, principal: CurrentPrincipal, placement_id: int, body: VisitCreate) -> object:
    return followup.view_visit(principal, followup.record_visit(db, principal, placement_id, body))


@router.get("/milestones", response_model=list[MilestoneOut], summary="Rights regained so far")
def list_milestones(db: DB, principal: CurrentPrincipal, placement_id: int) -> object:
    return milestones.list_milestones(db, principal, placement_id)


@router.put(
    "/milestones/{kind}",
    response_model=MilestoneOut,
    summary="Record (or correct) the date a right was regained; one per kind",
)
def set_milestone(
    db: DB, principal: CurrentPrincipal, placement_id: int, kind: MilestoneKind, body: MilestoneIn
) -> object:
    return milestones.view(principal, milestones.set_milestone(db, principal, placement_id, kind, body))


@router.get(
    "/incidents",
    response_model=list[IncidentOut],
    summary="Incidents, open ones first (descriptions for the follow-up team only)",
)
def list_incidents(db: DB, principal: CurrentPrincipal, placement_id: int) -> object:
    return incidents.list_incidents(db, principal, placement_id)


@router.post(
    "/incidents",
    response_model=IncidentOut,
    status_code=status.HTTP_201_CREATED,
    summary="Report an incident; a severe one alerts the coordinators and the owner",
)
def record_incident(db: DB, principal: CurrentPrincipal, placement_id: int, body: IncidentCreate) -> object:
    return incidents.view(principal, incidents.record_incident(db, principal, placement_id, body))


@router.patch(
    "/incidents/{incident_id}",
    response_model=IncidentOut,
    summary="Resolve an incident (saying how), reopen it, or change its severity",
)
def update_incident(
    db: DB, principal: CurrentPrincipal, placement_id: int, incident_id: int, body: IncidentUpdate
) -> object:
    incident = incidents.update_incident(db, principal, placement_id, incident_id, body)
    return incidents.view(principal, incident)


@router.get(
    "/exit-plan",
    response_model=ExitPlanOut | None,
    summary="What the household will do at the end (null while none is recorded)",
)
def get_exit_plan(db: DB, principal: CurrentPrincipal, placement_id: int) -> object:
    return followup.get_exit_plan(db, principal, placement_id)


@router.put("/exit-plan", response_model=ExitPlanOut, summary="Record or revise the exit plan")
def set_exit_plan(db: DB, principal: CurrentPrincipal, placement_id: int, body: ExitPlanIn) -> object:
    return followup.view_exit_plan(principal, followup.set_exit_plan(db, principal, placement_id, body))
