"""The documents of a placement, filled from its data: the free-loan agreement (prêt à usage)
between the owner and the association, the three-party commitment between the owner, the
association and the social worker, and the occupant's undertaking towards the association.

Who is named where (see docs/documents.md): the association is the borrower and houses the
household it follows, so the owner's documents name the household only by its pseudonymous
reference and its size. The household contact's full name appears on one document only, the
occupant's undertaking, which only the referent social service can produce; producing it is
audited like any other read of a household's identity.

The context handed to the templates holds plain values, never database objects, so a template
cannot reach anything this module did not choose to give it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from stirrup import clock
from stirrup.errors import NotFound
from stirrup.models import Home, Household, HouseholdContact, Organisation, Placement, Role, User
from stirrup.services import access, audit, insurance
from stirrup.services.access import Principal
from stirrup.services.paperwork import last_day, placement_for

#: Everyone who takes part in the placement: the owner, the association, the social service.
_PARTIES = (Role.LANDLORD, Role.ASSOCIATION_STAFF, Role.SOCIAL_WORKER)


class DocumentKind(StrEnum):
    LOAN_AGREEMENT = "loan-agreement"
    COMMITMENT = "commitment"
    OCCUPANT_UNDERTAKING = "occupant-undertaking"


@dataclass(frozen=True)
class DocumentSpec:
    template: str
    #: File names are French, as the signed text is.
    file_stem: str
    names_occupant: bool = False


SPECS = {
    DocumentKind.LOAN_AGREEMENT: DocumentSpec("loan_agreement", "pret-a-usage"),
    DocumentKind.COMMITMENT: DocumentSpec("commitment", "engagement-tripartite"),
    DocumentKind.OCCUPANT_UNDERTAKING: DocumentSpec("occupant_undertaking", "engagement-occupant", True),
}


def placement_reference(placement: Placement) -> str:
    return f"P-{placement.id:06d}"


@dataclass(frozen=True)
class Available:
    placement: Placement
    household: Household
    kinds: list[DocumentKind]


def available(db: Session, principal: Principal, placement_id: int) -> Available:
    """The placement, its household (without identity) and the documents ``principal`` may
    produce for it."""
    placement = placement_for(db, principal, placement_id, _PARTIES)
    household = db.scalar(
        select(Household)
        .options(selectinload(Household.referent), selectinload(Household.organisation))
        .where(Household.id == placement.household_id)
    )
    assert household is not None  # a foreign key
    kinds = [
        kind
        for kind, spec in SPECS.items()
        if not spec.names_occupant or access.is_referent_organisation(principal, household)
    ]
    return Available(placement, household, kinds)


def context(db: Session, principal: Principal, placement_id: int, kind: DocumentKind) -> dict[str, Any]:
    """Everything the document's template shows, as plain values."""
    found_now = available(db, principal, placement_id)
    if kind not in found_now.kinds:
        raise NotFound(f"no such document for placement {placement_id}")
    placement, household = found_now.placement, found_now.household
    found: dict[str, Any] = {
        "reference": placement_reference(placement),
        "generated_on": clock.today(),
        "lender": _lender(placement.home),
        "borrower": _organisation(placement.association.organisation)
        | {"emergency_phone": placement.association.emergency_phone},
        "social_worker": _social_worker(household.referent, household.organisation),
        "home": _home(placement.home),
        "placement": {
            "start": placement.start_date,
            "end": last_day(placement),
            "household_reference": household.reference,
            "persons": household.persons,
        },
        "insurance": [
            insurance.view(principal, certificate)
            for certificate in insurance.certificates_of(db, placement.id)
        ],
    }
    if SPECS[kind].names_occupant:
        contact = db.get(HouseholdContact, household.id)
        found["occupant"] = {"full_name": contact.full_name if contact else None}
        audit.record(db, principal, "read_sensitive", "household", household.id, document=kind.value)
    audit.record(db, principal, "generate_document", "placement", placement.id, document=kind.value)
    return found


def _lender(home: Home) -> dict[str, Any]:
    if home.owner_organisation is not None:
        return _organisation(home.owner_organisation)
    owner: User | None = home.owner_user
    assert owner is not None  # exactly one owner (a check constraint)
    # Stirrup keeps no postal address for a person: name and e-mail identify them.
    return {"name": owner.display_name, "address": None, "email": owner.email, "phone": None, "person": True}


def _organisation(organisation: Organisation) -> dict[str, Any]:
    return {
        "name": organisation.name,
        "address": organisation.contact_address,
        "email": organisation.contact_email,
        "phone": organisation.contact_phone,
        "person": False,
    }


def _social_worker(referent: User, organisation: Organisation) -> dict[str, Any]:
    """A professional's work contact: name, service, work e-mail and the service's phone."""
    return {
        "name": referent.display_name,
        "organisation": organisation.name,
        "email": referent.email,
        "phone": organisation.contact_phone,
    }


def _home(home: Home) -> dict[str, Any]:
    return {
        "street": home.street,
        "postal_code": home.postal_code,
        "commune": home.commune,
        "surface_m2": home.surface_m2,
        "rooms": home.rooms,
        "bedrooms": home.bedrooms,
        "floor": home.floor,
        "furnished": home.furnished,
        "energy_class": home.energy_class.value if home.energy_class else None,
    }


def file_name(kind: DocumentKind, placement_id: int, locale: str) -> str:
    return f"{SPECS[kind].file_stem}-P-{placement_id:06d}-{locale}.html"
