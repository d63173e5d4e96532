"""/api/v1/owner-contacts and /api/v1/draft-homes: owners to invite, from the state's data, and
the draft homes they claim once they joined."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, status

from stirrup.deps import DB, CurrentPrincipal, GeocoderDep, PageDep, SettingsDep
from stirrup.models import InvitationStatus
from stirrup.schemas.common import Page
from stirrup.schemas.homes import HomeOut
from stirrup.schemas.owner_contacts import DraftHomeClaim, DraftHomeOut, InvitationUpdate, OwnerContactOut
from stirrup.services import draft_homes, owner_contacts
from stirrup.services.owner_contacts import ContactFilters

router = APIRouter(tags=["owner contacts"])


@router.get(
    "/owner-contacts",
    response_model=Page[OwnerContactOut],
    summary="Owners to invite, from your team's Zéro Logement Vacant imports (reads are audited)",
)
def list_contacts(
    db: DB,
    principal: CurrentPrincipal,
    page: PageDep,
    invitation_status: Annotated[InvitationStatus | None, Query()] = None,
) -> object:
    return owner_contacts.list_contacts(db, principal, ContactFilters(invitation_status), page)


@router.get("/owner-contacts/{contact_id}", response_model=OwnerContactOut, summary="One owner to invite")
def get_contact(db: DB, principal: CurrentPrincipal, contact_id: int) -> object:
    return owner_contacts.get_contact(db, principal, contact_id)


@router.patch(
    "/owner-contacts/{contact_id}",
    response_model=OwnerContactOut,
    summary="Record where an invitation stands",
)
def update_invitation(db: DB, principal: CurrentPrincipal, contact_id: int, body: InvitationUpdate) -> object:
    return owner_contacts.update_invitation(db, principal, contact_id, body)


@router.get(
    "/draft-homes",
    response_model=Page[DraftHomeOut],
    summary="Vacant homes of the owners to invite (for a landlord who joined: their own, to claim)",
)
def list_draft_homes(
    db: DB,
    principal: CurrentPrincipal,
    page: PageDep,
    owner_contact_id: Annotated[int | None, Query(ge=1)] = None,
) -> object:
    return owner_contacts.list_draft_homes(db, principal, owner_contact_id, page)


@router.post(
    "/draft-homes/{draft_id}/claim",
    response_model=HomeOut,
    status_code=status.HTTP_201_CREATED,
    summary="Turn a draft home into a home of its owner (the owner, or the team on their behalf)",
)
def claim_draft_home(
    db: DB,
    principal: CurrentPrincipal,
    geocoder: GeocoderDep,
    settings: SettingsDep,
    draft_id: int,
    body: DraftHomeClaim,
) -> object:
    return draft_homes.claim(db, principal, draft_id, body, geocoder, settings)
