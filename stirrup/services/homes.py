"""Homes: listing, creating, changing — with the owner's and the coordinator's rights."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from stirrup.config import Settings
from stirrup.errors import Conflict, FieldProblem, Forbidden, InvalidInput, NotFound
from stirrup.models import GeocodePrecision, Home, HomeStatus, Organisation, OrganisationKind, Role, User
from stirrup.schemas.homes import HomeCreate, HomeUpdate, home_problems
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
    owner_user_id, owner_organisation_id = _owner_for_new_home(db, principal, data)
    fields = data.model_dump(
        exclude={
            "street",
            "postal_code",
            "commune",
            "latitude",
            "longitude",
            "owner_user_id",
            "owner_organisation_id",
        }
    )
    home = Home(owner_user_id=owner_user_id, owner_organisation_id=owner_organisation_id, **fields)
    _locate(home, data.street, data.postal_code, data.commune, data.latitude, data.longitude, geocoder)
    db.add(home)
    db.flush()
    audit.record(db, principal, "create", "home", home.id)
    if home.status == HomeStatus.AVAILABLE:  # the body's string until the row is read back
        requests.for_home(db, principal, home, settings)
    return home


#: Fields a home may have empty; any other field sent as null is refused.
_OPTIONAL_FIELDS = {"available_until", "vacant_since", "energy_class", "cadastral_rental_value_eur"}


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
        _check_transition(home.status, HomeStatus(status))
    changed = audit.changed_fields({name: getattr(home, name) for name in changes}, changes)
    for name, value in changes.items():
        setattr(home, name, value)
    if status is not None and home.status != status:
        home.status = HomeStatus(status)
        changed.append("status")
    if address:
        _locate(
            home,
            address.get("street", home.street),
            address.get("postal_code", home.postal_code),
            address.get("commune", home.commune),
            None,
            None,
            geocoder,
        )
        changed += sorted(address)
    db.flush()
    audit.record(db, principal, "update", "home", home.id, fields=sorted(changed))
    if "status" in changed:
        _follow_status(db, principal, home, settings)
    return home


def _follow_status(db: Session, principal: Principal, home: Home, settings: Settings) -> None:
    """A home taken off the market ends its pending proposal; one put on it is offered at once."""
    if home.status in (HomeStatus.WITHDRAWN, HomeStatus.DRAFT):
        lifecycle.close_pending(db, principal, CloseReason.HOME_WITHDRAWN, home_id=home.id)
    elif home.status is HomeStatus.AVAILABLE:
        requests.for_home(db, principal, home, settings)


def _check_transition(current: HomeStatus, wanted: HomeStatus) -> None:
    if wanted != current and wanted not in _OWNER_TRANSITIONS[current]:
        raise Conflict(f"a home that is {current.value} cannot be set to {wanted.value}")


def _owner_for_new_home(db: Session, principal: Principal, data: HomeCreate) -> tuple[int | None, int | None]:
    """Landlords own what they list; coordinators list on behalf of a named owner."""
    if principal.role is Role.LANDLORD:
        for field in ("owner_user_id", "owner_organisation_id"):
            if getattr(data, field) is not None:
                raise InvalidInput.field(field, "is set for you: homes you list are yours")
        return principal.user_id, None
    if not principal.oversees_all:
        raise Forbidden("only landlords and coordinators list homes")
    if (data.owner_user_id is None) == (data.owner_organisation_id is None):
        raise InvalidInput.field(
            "owner_user_id", "name exactly one owner: owner_user_id or owner_organisation_id"
        )
    if data.owner_user_id is not None:
        owner = db.get(User, data.owner_user_id)
        if owner is None or owner.role is not Role.LANDLORD:
            raise InvalidInput.field("owner_user_id", "must be the id of a landlord account")
    else:
        company = db.get(Organisation, data.owner_organisation_id)
        if company is None or company.kind is not OrganisationKind.LANDLORD_COMPANY:
            raise InvalidInput.field("owner_organisation_id", "must be the id of a landlord company")
    return data.owner_user_id, data.owner_organisation_id


def _locate(
    home: Home,
    street: str,
    postal_code: str,
    commune: str,
    latitude: float | None,
    longitude: float | None,
    geocoder: Geocoder,
) -> None:
    """Set the address and its coordinates; coordinates given by the caller count as exact."""
    location = geocoder.locate(street, postal_code, commune)
    home.street, home.postal_code = street, postal_code
    home.commune, home.insee_code = location.commune, location.insee_code
    if latitude is not None and longitude is not None:
        home.latitude, home.longitude = latitude, longitude
        home.geocode_precision = GeocodePrecision.ADDRESS
    else:
        home.latitude, home.longitude = location.latitude, location.longitude
        home.geocode_precision = location.precision
