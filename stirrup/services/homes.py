"""Homes: listing, creating, changing — with the owner's and the coordinator's rights."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from stirrup.config import Settings
from stirrup.errors import Conflict, FieldProblem, Forbidden, InvalidInput, NotFound
from stirrup.models import GeocodePrecision, Home, HomeStatus, Organisation, OrganisationKind, Role, User
from stirrup.schemas.homes import HomeCreate, HomeOut, HomeUpdate, home_problems
from stirrup.services import access, audit, lifecycle, requests
from stirrup.services.access import Principal
from stirrup.services.geocoding import Geocoder
from stirrup.services.lifecycle import CloseReason
from stirrup.services.listing import Page, PageRequest, paginate

#: Status changes an owner may make; the others follow from placements.
_OWNER_TRANSITIONS = {
    HomeStatus.DRAFT: {HomeStatus.AVAILABLE, HomeStatus.WITHDRAWN},
    HomeStatus.AVAILABLE: {HomeStatus.DRAFT, HomeStatus.WITHDRAWN},
    HomeStatus.WITHDRAWN: {HomeStatus.DRAFT, HomeStatus.AVAILABLE},
    HomeStatus.PROPOSED: {HomeStatus.WITHDRAWN},
    HomeStatus.OCCUPIED: set(),
}

SORTABLE = {
    "id": Home.id,
    "commune": Home.commune,
    "postal_code": Home.postal_code,
    "surface_m2": Home.surface_m2,
    "bedrooms": Home.bedrooms,
    "available_from": Home.available_from,
    "status": Home.status,
    "created_at": Home.created_at,
}


@dataclass(frozen=True)
class HomeFilters:
    status: HomeStatus | None = None
    postal_code: str | None = None
    insee_code: str | None = None
    min_bedrooms: int | None = None
    min_occupants: int | None = None
    step_free: bool | None = None
    available_on: date | None = None
    owner_user_id: int | None = None


def list_homes(db: Session, principal: Principal, filters: HomeFilters, page: PageRequest) -> Page[Home]:
    stmt = select(Home).where(access.homes_visible_to(principal))
    if filters.status is not None:
        stmt = stmt.where(Home.status == filters.status)
    if filters.postal_code is not None:
        stmt = stmt.where(Home.postal_code == filters.postal_code)
    if filters.insee_code is not None:
        stmt = stmt.where(Home.insee_code == filters.insee_code)
    if filters.min_bedrooms is not None:
        stmt = stmt.where(Home.bedrooms >= filters.min_bedrooms)
    if filters.min_occupants is not None:
        stmt = stmt.where(Home.max_occupants >= filters.min_occupants)
    if filters.step_free is not None:
        stmt = stmt.where(Home.step_free == filters.step_free)
    if filters.owner_user_id is not None:
        stmt = stmt.where(Home.owner_user_id == filters.owner_user_id)
    if filters.available_on is not None:
        stmt = stmt.where(
            Home.available_from <= filters.available_on,
            (Home.available_until.is_(None)) | (Home.available_until >= filters.available_on),
        )
    return paginate(db, stmt, page, SORTABLE, "-created_at", Home.id)


def view(principal: Principal, home: Home) -> dict[str, Any]:
    """The home as the principal may read it: the cadastral rental value is the owner's tax data and
    the notes are written for the coordinators, both for the owner and coordinators only
    (access.can_see_home_tax_data); the social worker and the association of a placement read the
    rest, during the placement and after it."""
    data = {name: getattr(home, name) for name in HomeOut.model_fields}
    if not access.can_see_home_tax_data(principal, home):
        data["cadastral_rental_value_eur"] = None
        data["notes"] = ""
    return data


def view_page(principal: Principal, found: Page[Home]) -> Page[dict[str, Any]]:
    """A page of homes, each as the principal may read it."""
    return Page([view(principal, home) for home in found.items], found.total, found.page, found.page_size)


def get_home(db: Session, principal: Principal, home_id: int, *, for_update: bool = False) -> Home:
    stmt = select(Home).where(Home.id == home_id, access.homes_visible_to(principal))
    if for_update:
        stmt = stmt.with_for_update()
    home = db.scalar(stmt)
    if home is None:
        raise NotFound(f"home {home_id} not found")
    return home


def create_home(
    db: Session, principal: Principal, data: HomeCreate, geocoder: Geocoder, settings: Settings
) -> Home:
    owner_user_id, owner_organisation_id = owner_for_new_home(
        db, principal, data.owner_user_id, data.owner_organisation_id
    )
    check_external_ref_free(db, owner_user_id, owner_organisation_id, data.external_ref)
    home = Home(
        owner_user_id=owner_user_id,
        owner_organisation_id=owner_organisation_id,
        **new_home_values(data, geocoder),
    )
    db.add(home)
    db.flush()
    audit.record(db, principal, "create", "home", home.id)
    if home.status == HomeStatus.AVAILABLE:  # the body's string until the row is read back
        requests.for_home(db, principal, home, settings)
    return home


#: Fields of HomeCreate that are not columns as they stand: the address is geocoded, the owner
#: checked against the caller's rights.
_NOT_COLUMNS = {
    "street",
    "postal_code",
    "commune",
    "latitude",
    "longitude",
    "owner_user_id",
    "owner_organisation_id",
}


def new_home_values(data: HomeCreate, geocoder: Geocoder) -> dict[str, Any]:
    """The column values of a home described by ``data`` (owner apart), its address geocoded:
    what the API and the spreadsheet import both store."""
    return {
        **data.model_dump(exclude=_NOT_COLUMNS),
        **located(data.street, data.postal_code, data.commune, data.latitude, data.longitude, geocoder),
    }


def check_external_ref_free(
    db: Session, owner_user_id: int | None, owner_organisation_id: int | None, ref: str | None
) -> None:
    """An owner's references name one home each (re-imports update by them)."""
    if ref is None:
        return
    same_owner = (
        Home.owner_user_id == owner_user_id
        if owner_user_id is not None
        else Home.owner_organisation_id == owner_organisation_id
    )
    if db.scalar(select(Home.id).where(same_owner, Home.external_ref == ref)) is not None:
        raise Conflict(f"the owner already has a home with external_ref {ref!r}")


#: Fields a home may have empty; any other field sent as null is refused.
_OPTIONAL_FIELDS = {
    "available_until",
    "vacant_since",
    "energy_class",
    "cadastral_rental_value_eur",
    "external_ref",
}


def update_home(
    db: Session, principal: Principal, home_id: int, data: HomeUpdate, geocoder: Geocoder, settings: Settings
) -> Home:
    home = get_home(db, principal, home_id, for_update=True)
    if not access.can_edit_home(principal, home):
        raise Forbidden("only the owner or a coordinator may change this home")
    changes = data.model_dump(exclude_unset=True)
    status = changes.pop("status", None)
    address = {key: changes.pop(key) for key in ("street", "postal_code", "commune") if key in changes}
    problems = [
        FieldProblem(name, "cannot be emptied")
        for name, value in {**changes, **address}.items()
        if value is None and name not in _OPTIONAL_FIELDS
    ]
    merged = {
        name: changes.get(name, getattr(home, name))
        for name in ("rooms", "bedrooms", "available_from", "available_until")
    }
    problems += home_problems(**merged)
    if status is None and "status" in data.model_fields_set:
        problems.append(FieldProblem("status", "cannot be emptied"))
    if problems:
        raise InvalidInput(problems)
    if status is not None:
        check_transition(home.status, HomeStatus(status))
    if changes.get("external_ref") not in (None, home.external_ref):
        check_external_ref_free(db, home.owner_user_id, home.owner_organisation_id, changes["external_ref"])
    changed = audit.changed_fields({name: getattr(home, name) for name in changes}, changes)
    for name, value in changes.items():
        setattr(home, name, value)
    if status is not None and home.status != status:
        home.status = HomeStatus(status)
        changed.append("status")
    if address:
        where = located(
            address.get("street", home.street),
            address.get("postal_code", home.postal_code),
            address.get("commune", home.commune),
            None,
            None,
            geocoder,
        )
        for name, value in where.items():
            setattr(home, name, value)
        changed += sorted(address)
    db.flush()
    audit.record(db, principal, "update", "home", home.id, fields=sorted(changed))
    if "status" in changed:
        _follow_status(db, principal, home, settings)
    return home


#: Statuses that take a home off the market.
OFF_THE_MARKET = (HomeStatus.WITHDRAWN, HomeStatus.DRAFT)


def _follow_status(db: Session, principal: Principal, home: Home, settings: Settings) -> None:
    """A home taken off the market ends its pending proposal; one put on it is offered at once."""
    if home.status in OFF_THE_MARKET:
        taken_off_the_market(db, principal, home.id)
    elif home.status is HomeStatus.AVAILABLE:
        requests.for_home(db, principal, home, settings)


def taken_off_the_market(db: Session, principal: Principal, home_id: int) -> None:
    """A home withdrawn or back to draft: its pending proposal ends."""
    lifecycle.close_pending(db, principal, CloseReason.HOME_WITHDRAWN, home_id=home_id)


def check_transition(current: HomeStatus, wanted: HomeStatus) -> None:
    """Refuse a status an owner may not set from the current one (the rest follows placements)."""
    if wanted != current and wanted not in _OWNER_TRANSITIONS[current]:
        raise Conflict(f"a home that is {current.value} cannot be set to {wanted.value}")


def owner_for_new_home(
    db: Session, principal: Principal, owner_user_id: int | None, owner_organisation_id: int | None
) -> tuple[int | None, int | None]:
    """Whose a new home is: landlords own what they list; coordinators list on behalf of a named
    owner (a landlord account or a landlord company)."""
    if principal.role is Role.LANDLORD:
        for field, value in (
            ("owner_user_id", owner_user_id),
            ("owner_organisation_id", owner_organisation_id),
        ):
            if value is not None:
                raise InvalidInput.field(field, "is set for you: homes you list are yours")
        return principal.user_id, None
    if not principal.oversees_all:
        raise Forbidden("only landlords and coordinators list homes")
    if (owner_user_id is None) == (owner_organisation_id is None):
        raise InvalidInput.field(
            "owner_user_id", "name exactly one owner: owner_user_id or owner_organisation_id"
        )
    if owner_user_id is not None:
        owner = db.get(User, owner_user_id)
        if owner is None or owner.role is not Role.LANDLORD:
            raise InvalidInput.field("owner_user_id", "must be the id of a landlord account")
    else:
        company = db.get(Organisation, owner_organisation_id)
        if company is None or company.kind is not OrganisationKind.LANDLORD_COMPANY:
            raise InvalidInput.field("owner_organisation_id", "must be the id of a landlord company")
    return owner_user_id, owner_organisation_id


def located(
    street: str,
    postal_code: str,
    commune: str,
    latitude: float | None,
    longitude: float | None,
    geocoder: Geocoder,
) -> dict[str, Any]:
    """A home's address columns with its coordinates; coordinates given by the caller count as exact."""
    location = geocoder.locate(street, postal_code, commune)
    values: dict[str, Any] = {
        "street": street,
        "postal_code": postal_code,
        "commune": location.commune,
        "insee_code": location.insee_code,
        "latitude": location.latitude,
        "longitude": location.longitude,
        "geocode_precision": location.precision,
    }
    if latitude is not None and longitude is not None:
        values.update(latitude=latitude, longitude=longitude, geocode_precision=GeocodePrecision.ADDRESS)
    return values
