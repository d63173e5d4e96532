"""/api/v1/households/{id}/export and /erasure: a household's rights over its data, exercised
through its referent social worker."""

from __future__ import annotations

from fastapi import APIRouter

from stirrup.deps import DB, CurrentPrincipal
from stirrup.schemas.privacy import ErasureOut, ErasureRequest, HouseholdExport
from stirrup.services import privacy

router = APIRouter(prefix="/households", tags=["privacy"])


@router.get(
    "/{household_id}/export",
    response_model=HouseholdExport,
    summary="Everything held on a household (its access and portability request; referent organisation)",
)
def export_household(db: DB, principal: CurrentPrincipal, household_id: int) -> object:
    return privacy.export(db, principal, household_id, "json")


@router.post(
    "/{household_id}/erasure",
    response_model=ErasureOut,
    summary="Erase a household's personal data at its request (referent organisation; final)",
    description="Refused (409) while a placement is proposed, accepted or active. Statistics keep the "
    "household's size, commune, dates and statuses under its pseudonymous reference.",
)
def erase_household(db: DB, principal: CurrentPrincipal, household_id: int, body: ErasureRequest) -> object:
    return privacy.erase(db, principal, household_id, body)
