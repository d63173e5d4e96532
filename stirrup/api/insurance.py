"""/api/v1/placements/{id}/insurance and /api/v1/insurance/alerts"""

from __future__ import annotations

from fastapi import APIRouter, status

from stirrup import clock
from stirrup.deps import DB, CurrentPrincipal
from stirrup.schemas.alerts import AlertOut
from stirrup.schemas.insurance import CoverageOut, InsuranceCreate, InsuranceOut
from stirrup.services import insurance

router = APIRouter(tags=["insurance"])


@router.get(
    "/placements/{placement_id}/insurance",
    response_model=CoverageOut,
    summary="A placement's insurance certificates and the first day they leave uncovered",
)
def get_coverage(db: DB, principal: CurrentPrincipal, placement_id: int) -> object:
    return insurance.coverage(db, principal, placement_id)


@router.post(
    "/placements/{placement_id}/insurance",
    response_model=InsuranceOut,
    status_code=status.HTTP_201_CREATED,
    summary="Record an insurance certificate (association or social service)",
)
def record_certificate(
    db: DB, principal: CurrentPrincipal, placement_id: int, body: InsuranceCreate
) -> object:
    return insurance.view(principal, insurance.record(db, principal, placement_id, body))


@router.get(
    "/insurance/alerts",
    response_model=list[AlertOut],
    summary="Live placements whose insurance is missing, has lapsed or ends within 30 days",
)
def alerts(db: DB, principal: CurrentPrincipal) -> object:
    return insurance.insurance_alerts(db, principal, clock.today())
