"""/api/v1/organisations"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, status

from stirrup.deps import DB, CurrentPrincipal, PageDep
from stirrup.models import OrganisationKind
from stirrup.schemas.accounts import OrganisationCreate, OrganisationOut, OrganisationUpdate
from stirrup.schemas.common import Page
from stirrup.services import organisations

router = APIRouter(prefix="/organisations", tags=["organisations"])


@router.get("", response_model=Page[OrganisationOut], summary="Organisations you may see")
def list_organisations(
    db: DB,
    principal: CurrentPrincipal,
    page: PageDep,
    kind: Annotated[OrganisationKind | None, Query()] = None,
) -> object:
    return organisations.list_organisations(db, principal, kind, page)


@router.post(
    "",
    response_model=OrganisationOut,
    status_code=status.HTTP_201_CREATED,
    summary="Create an organisation (admins)",
)
def create_organisation(db: DB, principal: CurrentPrincipal, body: OrganisationCreate) -> object:
    return organisations.create_organisation(db, principal, body)


@router.get("/{organisation_id}", response_model=OrganisationOut, summary="One organisation")
def get_organisation(db: DB, principal: CurrentPrincipal, organisation_id: int) -> object:
    return organisations.get_organisation(db, principal, organisation_id)


@router.patch("/{organisation_id}", response_model=OrganisationOut, summary="Change an organisation (admins)")
def update_organisation(
    db: DB, principal: CurrentPrincipal, organisation_id: int, body: OrganisationUpdate
) -> object:
    return organisations.update_organisation(db, principal, organisation_id, body)
