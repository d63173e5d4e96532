"""Draft homes claimed: once an owner from the state's vacant-housing data has joined (the team
linked their landlord account to the owner contact), they — or a coordinator of the team on their
behalf — turn a draft home into a home, with what the draft knows filled in and what it lacks
(bedrooms, occupants, the dates it is free) given. A draft is claimed once: it is then converted,
pointing at its home, and a second claim is refused (409).
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from stirrup import clock
from stirrup.config import Settings
from stirrup.errors import Conflict, InvalidInput, NotFound, problems_from_errors
from stirrup.models import DraftHome, Home, OwnerContact, Role
from stirrup.schemas.homes import HomeCreate
from stirrup.schemas.owner_contacts import DraftHomeClaim
from stirrup.services import access, audit, homes
from stirrup.services.access import Principal
from stirrup.services.geocoding import Geocoder
from stirrup.services.owner_contacts import check_may_invite

#: A French address as the national address base writes it: "12 Rue de la Paix 59100 Roubaix".
_ADDRESS = re.compile(r"^(?P<street>.+?)[\s,]+(?P<postal_code>\d{5})\s+(?P<commune>\S.*)$")
_ADDRESS_FIELDS = ("street", "postal_code", "commune")


def prefill(draft: DraftHome) -> dict[str, Any]:
    """The home fields the draft gives: its address when it reads as street, postal code and
    commune, its coordinates, surface, rooms and energy class. Nothing is guessed."""
    values: dict[str, Any] = {
        "surface_m2": draft.surface_m2,
        "rooms": draft.rooms,
        "energy_class": draft.energy_class,
        "latitude": draft.latitude,
        "longitude": draft.longitude,
    }
    address = _ADDRESS.match(" ".join(draft.address.split()))
    if address is not None:
        values |= {
            "street": address["street"],
            "postal_code": address["postal_code"],
            "commune": draft.commune or address["commune"],
        }
    return {name: value for name, value in values.items() if value is not None}


class AlreadyClaimed(Conflict):
    """The draft was turned into a home already (it is claimed once)."""


def claimable(
    db: Session, principal: Principal, draft_id: int, *, lock: bool = False
) -> tuple[DraftHome, int]:
    """The draft the caller may turn into a home now, with its owner's account: hidden (404) from
    whoever may not claim it, refused (409) once claimed or while no account is linked."""
    if principal.role is not Role.LANDLORD:
        check_may_invite(principal)
    stmt = select(DraftHome).where(DraftHome.id == draft_id, access.draft_homes_visible_to(principal))
    draft = db.scalar(stmt.with_for_update() if lock else stmt)
    if draft is None:
        raise NotFound(f"draft home {draft_id} not found")
    if draft.converted_at is not None:
        raise AlreadyClaimed(f"draft home {draft_id} was already turned into a home (home {draft.home_id})")
    owner_id = None
    if draft.owner_contact_id is not None:
        owner_id = db.scalar(select(OwnerContact.user_id).where(OwnerContact.id == draft.owner_contact_id))
    if owner_id is None:  # only the team gets here: a landlord sees only their own drafts
        raise Conflict(
            f"draft home {draft_id}: its owner has no account linked yet; once they joined, record it "
            "(PATCH /api/v1/owner-contacts/{id} with invitation_status joined and account_email)"
        )
    return draft, owner_id


def claim(
    db: Session,
    principal: Principal,
    draft_id: int,
    body: DraftHomeClaim,
    geocoder: Geocoder,
    settings: Settings,
) -> Home:
    """Turn the draft into a home of the owner's account (the caller's, for a landlord)."""
    draft, owner_id = claimable(db, principal, draft_id, lock=True)
    given = body.model_dump(exclude_unset=True)
    values = prefill(draft)
    if any(name in given for name in _ADDRESS_FIELDS):  # another address: geocode it, not the draft's
        values.pop("latitude", None)
        values.pop("longitude", None)
    values |= given
    if principal.role is not Role.LANDLORD:
        values["owner_user_id"] = owner_id
    try:
        data = HomeCreate.model_validate(values)
    except ValidationError as error:
        raise InvalidInput(problems_from_errors(error.errors())) from None
    home = homes.create_home(db, principal, data, geocoder, settings)
    draft.converted_at, draft.home_id = clock.now(), home.id
    audit.record(db, principal, "claim", "draft_home", draft.id, home_id=home.id)
    return home
