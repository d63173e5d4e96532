"""Households: registering them with consent, keeping them current, and showing each role only
what it may see (names to the referent organisation, needs to the following association)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from stirrup import clock
from stirrup.errors import Conflict, FieldProblem, Forbidden, InvalidInput, NotFound
from stirrup.models import Household, HouseholdContact, HouseholdStatus, Role, User
from stirrup.schemas.households import ContactIn, HouseholdCreate, HouseholdUpdate, household_problems
from stirrup.services import access, audit, lifecycle, support
from stirrup.services.access import Principal
from stirrup.services.geocoding import Geocoder, Point, place, placed
from stirrup.services.lifecycle import CloseReason
from stirrup.services.listing import Page, PageRequest, paginate

_REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread

SORTABLE = {
    "id": Household.id,
    "reference": Household.reference,
    "priority": Household.priority,
    "waiting_since": Household.waiting_since,
    "earliest_start": Household.earliest_start,
    "status": Household.status,
}

#: Status changes a social worker may make; "proposed" and "placed" follow from placements.
_WORKER_TRANSITIONS = {
    HouseholdStatus.WAITING: {HouseholdStatus.EXITED},
    HouseholdStatus.EXITED: {HouseholdStatus.WAITING},
    HouseholdStatus.PROPOSED: {HouseholdStatus.EXITED},
    HouseholdStatus.PLACED: set(),
}

_SENSITIVE_FIELDS = (
    "support_needs",
    "needs_wheelchair_access",
    "needs_step_free",
    "notes",
    "priority_reason",
)


@dataclass(frozen=True)
class HouseholdFilters:
    status: HouseholdStatus | None = None
    priority: int | None = None
    min_priority: int | None = None
    referent_id: int | None = None


def list_households(
    db: Session, principal: Principal, filters: HouseholdFilters, page: PageRequest
) -> Page[Household]:
    stmt = select(Household).where(access.households_visible_to(principal))
    if filters.status is not None:
        stmt = stmt.where(Household.status == filters.status)
    if filters.priority is not None:
        stmt = stmt.where(Household.priority == filters.priority)
    if filters.min_priority is not None:
        stmt = stmt.where(Household.priority >= filters.min_priority)
    if filters.referent_id is not None:
        stmt = stmt.where(Household.referent_id == filters.referent_id)
    return paginate(db, stmt, page, SORTABLE, "-priority", Household.id)


def get_household(
    db: Session, principal: Principal, household_id: int, *, for_update: bool = False
) -> Household:
    stmt = (
        select(Household)
        .where(Household.id == household_id, access.households_visible_to(principal))
        .options(selectinload(Household.contact))
    )
    if for_update:
        stmt = stmt.with_for_update()
    household = db.scalar(stmt)
    if household is None:
        raise NotFound(f"household {household_id} not found")
    return household


def visibility(principal: Principal, household: Household) -> str:
    """Which tier of a household's data the principal sees (see schemas.households.HouseholdOut)."""
    if access.is_referent_organisation(principal, household):
        return "full"
    if principal.role is Role.ASSOCIATION_STAFF:
        return "follow"
    return "pseudonymised"


def view(db: Session, principal: Principal, household: Household) -> dict[str, Any]:
    """The household as the principal may see it; reading its sensitive fields is audited."""
    tier = visibility(principal, household)
    data: dict[str, Any] = {
        name: getattr(household, name)
        for name in (
            "id",
            "reference",
            "organisation_id",
            "referent_id",
            "status",
            "adults",
            "children",
            "persons",
            "bedrooms_needed",
            "priority",
            "anchor_kind",
            "anchor_commune",
            "anchor_insee_code",
            "anchor_latitude",
            "anchor_longitude",
            "max_distance_km",
            "preferred_communes",
            "excluded_communes",
            "earliest_start",
            "waiting_since",
        )
    }
    data["visibility"] = tier
    if tier in ("full", "follow"):
        data.update({name: getattr(household, name) for name in (*_SENSITIVE_FIELDS, "has_pets")})
        audit.record(db, principal, "read_sensitive", "household", household.id, tier=tier)
    if tier == "full":
        data.update(
            consent_given_on=household.consent_given_on,
            consent_purpose=household.consent_purpose,
            external_ref=household.external_ref,
            contact=household.contact,
        )
    return data


def create_household(
    db: Session, principal: Principal, data: HouseholdCreate, geocoder: Geocoder, vocabulary: tuple[str, ...]
) -> Household:
    organisation_id = registering_organisation(principal)
    support.check_kinds("support_needs", data.support_needs, vocabulary)
    referent_id = check_referent(db, principal, data.referent_id)
    check_external_ref_free(db, organisation_id, data.external_ref)
    household = Household(
        **new_household_values(data, geocoder),
        reference=new_references(db, 1)[0],
        organisation_id=organisation_id,
        referent_id=referent_id,
        consent_recorded_by_id=principal.user_id,
        status=HouseholdStatus.WAITING,
        waiting_since=clock.now(),
    )
    if data.contact is not None:
        household.contact = HouseholdContact(**data.contact.model_dump())
    db.add(household)
    db.flush()
    audit.record(db, principal, "create", "household", household.id, reference=household.reference)
    return household


def registering_organisation(principal: Principal) -> int:
    """The organisation a new household belongs to: its social worker's (only they register one)."""
    if principal.role is not Role.SOCIAL_WORKER or principal.organisation_id is None:
        raise Forbidden("only social workers register households")
    return principal.organisation_id


#: Fields of HouseholdCreate that are not columns as they stand.
_NOT_COLUMNS = {
    "contact",
    "referent_id",
    "bedrooms_needed",
    "anchor_postal_code",
    "anchor_latitude",
    "anchor_longitude",
}


def new_household_values(data: HouseholdCreate, geocoder: Geocoder) -> dict[str, Any]:
    """The matching columns of a household described by ``data``, its anchor geocoded: what the API
    and the spreadsheet import both store (reference, organisation and status apart)."""
    return {
        **data.model_dump(exclude=_NOT_COLUMNS),
        "bedrooms_override": data.bedrooms_needed,
        **placed(geocoder, data, "anchor", ("commune", "insee_code", "latitude", "longitude")),
    }


def check_external_ref_free(db: Session, organisation_id: int, ref: str | None) -> None:
    """An organisation's references name one household each (re-imports update by them)."""
    if ref is None:
        return
    taken = db.scalar(
        select(Household.id).where(
            Household.organisation_id == organisation_id, Household.external_ref == ref
        )
    )
    if taken is not None:
        raise Conflict(f"your organisation already has a household with external_ref {ref!r}")


def update_household(
    db: Session,
    principal: Principal,
    household_id: int,
    data: HouseholdUpdate,
    geocoder: Geocoder,
    vocabulary: tuple[str, ...],
) -> Household:
    household = get_household(db, principal, household_id, for_update=True)
    if not access.is_referent_organisation(principal, household):
        raise Forbidden("only the referent organisation's social workers may change this household")
    changes = data.model_dump(exclude_unset=True, exclude={"contact"})
    nullable = {"bedrooms_needed", "anchor_latitude", "anchor_longitude", "external_ref"}
    problems = [
        FieldProblem(name, "cannot be emptied")
        for name, value in changes.items()
        if value is None and name not in nullable
    ]
    problems += household_problems(
        changes.get("anchor_latitude"),
        changes.get("anchor_longitude"),
        changes.get("preferred_communes", household.preferred_communes),
        changes.get("excluded_communes", household.excluded_communes),
        None,
    )
    if "anchor_commune" in changes and "anchor_postal_code" not in changes:
        problems.append(FieldProblem("anchor_postal_code", "give it with anchor_commune"))
    if problems:
        raise InvalidInput(problems)
    if "support_needs" in changes:
        support.check_kinds("support_needs", changes["support_needs"], vocabulary)
    if "referent_id" in changes:
        household.referent_id = check_referent(db, principal, changes.pop("referent_id"))
    if changes.get("external_ref") not in (None, household.external_ref):
        check_external_ref_free(db, household.organisation_id, changes["external_ref"])
    if "status" in changes:
        _check_transition(household.status, HouseholdStatus(changes.pop("status")), household)
        if household.status is HouseholdStatus.EXITED:
            lifecycle.close_pending(db, principal, CloseReason.HOUSEHOLD_EXITED, household_id=household.id)
    if "bedrooms_needed" in changes:
        household.bedrooms_override = changes.pop("bedrooms_needed")
    anchor = {
        key: changes.pop(key)
        for key in ("anchor_postal_code", "anchor_commune", "anchor_latitude", "anchor_longitude")
        if key in changes
    }
    changed = audit.changed_fields({name: getattr(household, name) for name in changes}, changes)
    for name, value in changes.items():
        setattr(household, name, value)
    if anchor:
        current = Point(
            household.anchor_commune,
            household.anchor_latitude,
            household.anchor_longitude,
            household.anchor_insee_code,
        )
        _set_anchor(
            household,
            place(
                geocoder,
                anchor.get("anchor_postal_code"),
                anchor.get("anchor_commune", household.anchor_commune),
                anchor.get("anchor_latitude"),
                anchor.get("anchor_longitude"),
                current,
            ),
        )
        changed += sorted(anchor)
    if "contact" in data.model_fields_set:
        _set_contact(household, data.contact)
        changed.append("contact")
    db.flush()
    audit.record(db, principal, "update", "household", household.id, fields=sorted(set(changed)))
    return household


def _set_contact(household: Household, contact: ContactIn | None) -> None:
    if contact is None:
        household.contact = None
    elif household.contact is None:
        household.contact = HouseholdContact(**contact.model_dump())
    else:
        for name, value in contact.model_dump().items():
            setattr(household.contact, name, value)


def _check_transition(current: HouseholdStatus, wanted: HouseholdStatus, household: Household) -> None:
    if wanted == current:
        return
    if wanted not in _WORKER_TRANSITIONS[current]:
        raise Conflict(f"a household that is {current.value} cannot be set to {wanted.value}")
    household.status = wanted
    if wanted is HouseholdStatus.WAITING:
        household.waiting_since = clock.now()


def check_referent(db: Session, principal: Principal, referent_id: int | None) -> int:
    """The referent of a household: the principal, or an active social worker of their organisation."""
    if referent_id is None or referent_id == principal.user_id:
        return principal.user_id
    referent = db.get(User, referent_id)
    if (
        referent is None
        or referent.role is not Role.SOCIAL_WORKER
        or not referent.is_active
        or referent.organisation_id != principal.organisation_id
    ):
        raise InvalidInput.field("referent_id", "must be an active social worker of your organisation")
    return referent.id


def _set_anchor(household: Household, point: Point) -> None:
    household.anchor_commune, household.anchor_insee_code = point.commune, point.insee_code
    household.anchor_latitude, household.anchor_longitude = point.latitude, point.longitude


def new_references(db: Session, count: int) -> list[str]:
    """``count`` fresh pseudonymous references, none already in use (checked in one query a batch)."""
    references: set[str] = set()
    while len(references) < count:
        wanted = {_random_reference() for _ in range(count - len(references))} - references
        taken = set(db.scalars(select(Household.reference).where(Household.reference.in_(wanted))))
        references |= wanted - taken
    return list(references)


def _random_reference() -> str:
    return "B-" + "".join(secrets.choice(_REFERENCE_ALPHABET) for _ in range(6))
