"""/api/v1/households"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, status

from stirrup.deps import DB, CurrentPrincipal, GeocoderDep, PageDep, SettingsDep
from stirrup.models import HouseholdStatus
from stirrup.schemas.common import Page
from stirrup.schemas.households import HouseholdCreate, HouseholdOut, HouseholdSummary, HouseholdUpdate
from stirrup.services import households
from stirrup.services.households import HouseholdFilters

router = APIRouter(prefix="/households", tags=["households"])


@router.get("", response_model=Page[HouseholdSummary], summary="List the households you may see")
def list_households(
    db: DB,
    principal: CurrentPrincipal,
    page: PageDep,
    status_: Annotated[HouseholdStatus | None, Query(alias="status")] = None,
    priority: Annotated[int | None, Query(ge=1, le=5)] = None,
    min_priority: Annotated[int | None, Query(ge=1, le=5)] = None,
    referent_id: Annotated[int | None, Query(ge=1)] = None,
) -> object:
    filters = HouseholdFilters(status_, priority, min_priority, referent_id)
    return households.list_households(db, principal, filters, page)


@router.post(
    "",
    response_model=HouseholdOut,
    status_code=status.HTTP_201_CREATED,
    summary="Register a household (social workers)",
)
def create_household(
    db: DB, principal: CurrentPrincipal, geocoder: GeocoderDep, settings: SettingsDep, body: HouseholdCreate
) -> object:
    household = households.create_household(db, principal, body, geocoder, settings.support_needs)
    return households.view(db, principal, household)


@router.get("/{household_id}", response_model=HouseholdOut, summary="One household, as you may see it")
def get_household(db: DB, principal: CurrentPrincipal, household_id: int) -> object:
    return households.view(db, principal, households.get_household(db, principal, household_id))


@router.patch("/{household_id}", response_model=HouseholdOut, summary="Change a household")
def update_household(
    db: DB,
    principal: CurrentPrincipal,
    geocoder: GeocoderDep,
    settings: SettingsDep,
    household_id: int,
    body: HouseholdUpdate,
) -> object:
    household = households.update_household(
        db, principal, household_id, body, geocoder, settings.support_needs
    )
    return households.view(db, principal, household)
