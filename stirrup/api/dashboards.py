"""/api/v1/alerts and /api/v1/dashboards/…: what each user has to act on, and the statistics."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from stirrup import clock
from stirrup.deps import DB, CurrentPrincipal
from stirrup.schemas.alerts import AlertOut
from stirrup.schemas.dashboards import AssociationDashboardOut, CoordinatorDashboardOut
from stirrup.services import alerts, dashboards

router = APIRouter(tags=["alerts and dashboards"])


@router.get("/alerts", response_model=list[AlertOut], summary="Your alerts, the longest overdue first")
def list_alerts(db: DB, principal: CurrentPrincipal) -> object:
    return alerts.alerts_for(db, principal, clock.today())


@router.get(
    "/dashboards/association",
    response_model=AssociationDashboardOut,
    summary="The placements an association follows, with days left, last visit, milestones and alerts",
)
def association_dashboard(
    db: DB,
    principal: CurrentPrincipal,
    association_id: Annotated[int | None, Query(ge=1, description="For coordinators: which one")] = None,
) -> object:
    return dashboards.association_dashboard(db, principal, association_id)


@router.get(
    "/dashboards/coordinator",
    response_model=CoordinatorDashboardOut,
    summary="Homes, waiting households, placements, outcomes and the street-or-shelter share",
)
def coordinator_dashboard(db: DB, principal: CurrentPrincipal) -> object:
    return dashboards.coordinator_dashboard(db, principal)
