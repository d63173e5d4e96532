"""/api/v1/associations"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, status

from stirrup.deps import DB, CurrentPrincipal, GeocoderDep, PageDep, SettingsDep
from stirrup.schemas.associations import AssociationCreate, AssociationOut, AssociationUpdate
from stirrup.schemas.common import Page
from stirrup.services import associations
from stirrup.services.associations import AssociationFilters

router = APIRouter(prefix="/associations", tags=["associations"])


@router.get("", response_model=Page[AssociationOut], summary="The directory of partner associations")
def list_associations(
    db: DB,
    principal: CurrentPrincipal,
    page: PageDep,
    support: Annotated[str | None, Query(max_length=40, description="Offers this kind of support")] = None,
    commune: Annotated[str | None, Query(max_length=100)] = None,
) -> object:
    result = associations.list_associations(db, principal, AssociationFilters(support, commune), page)
    loads = associations.current_loads(db, (a.id for a in result.items))
    return {**result.__dict__, "items": [associations.view(a, loads[a.id]) for a in result.items]}


@router.post(
    "",
    response_model=AssociationOut,
    status_code=status.HTTP_201_CREATED,
    summary="Create an association's profile",
)
def create_association(
    db: DB, principal: CurrentPrincipal, geocoder: GeocoderDep, settings: SettingsDep, body: AssociationCreate
) -> object:
    association = associations.create_association(db, principal, body, geocoder, settings.support_needs)
    return associations.view(association, 0)


@router.get("/{association_id}", response_model=AssociationOut, summary="One association")
def get_association(db: DB, principal: CurrentPrincipal, association_id: int) -> object:
    association = associations.get_association(db, principal, association_id)
    return associations.view(association, associations.current_loads(db, [association.id])[association.id])


@router.patch("/{association_id}", response_model=AssociationOut, summary="Change an association's profile")
def update_association(
    db: DB,
    principal: CurrentPrincipal,
    geocoder: GeocoderDep,
    settings: SettingsDep,
    association_id: int,
    body: AssociationUpdate,
) -> object:
    association = associations.update_association(
        db, principal, association_id, body, geocoder, settings.support_needs
    )
    return associations.view(association, associations.current_loads(db, [association.id])[association.id])
