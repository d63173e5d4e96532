"""/api/v1/homes"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, status

from stirrup.deps import DB, CurrentPrincipal, GeocoderDep, PageDep, SettingsDep
from stirrup.models import HomeStatus
from stirrup.schemas.common import IsoDate, Page
from stirrup.schemas.homes import HomeCreate, HomeOut, HomeUpdate
from stirrup.services import homes
from stirrup.services.homes import HomeFilters

router = APIRouter(prefix="/homes", tags=["homes"])


@router.get("", response_model=Page[HomeOut], summary="List the homes you may see")
def list_homes(
    db: DB,
    principal: CurrentPrincipal,
    page: PageDep,
    status_: Annotated[HomeStatus | None, Query(alias="status")] = None,
    postal_code: Annotated[str | None, Query(pattern=r"^\d{5}$")] = None,
    insee_code: Annotated[str | None, Query(pattern=r"^(\d{5}|2[AB]\d{3})$")] = None,
    min_bedrooms: Annotated[int | None, Query(ge=0, le=30)] = None,
    min_occupants: Annotated[int | None, Query(ge=1, le=30)] = None,
    step_free: bool | None = None,
    available_on: IsoDate | None = None,
    owner_user_id: Annotated[int | None, Query(ge=1)] = None,
) -> object:
    filters = HomeFilters(
        status_, postal_code, insee_code, min_bedrooms, min_occupants, step_free, available_on, owner_user_id
    )
    return homes.view_page(principal, homes.list_homes(db, principal, filters, page))


@router.post("", response_model=HomeOut, status_code=status.HTTP_201_CREATED, summary="List a new home")
def create_home(
    db: DB, principal: CurrentPrincipal, geocoder: GeocoderDep, settings: SettingsDep, body: HomeCreate
) -> object:
    return homes.view(principal, homes.create_home(db, principal, body, geocoder, settings))


@router.get("/{home_id}", response_model=HomeOut, summary="One home")
def get_home(db: DB, principal: CurrentPrincipal, home_id: int) -> object:
    return homes.view(principal, homes.get_home(db, principal, home_id))


@router.patch("/{home_id}", response_model=HomeOut, summary="Change a home")
def update_home(
    db: DB,
    principal: CurrentPrincipal,
    geocoder: GeocoderDep,
    settings: SettingsDep,
    home_id: int,
    body: HomeUpdate,
) -> object:
    return homes.view(principal, homes.update_home(db, principal, home_id, body, geocoder, settings))
