"""Partner associations: their area, the support they give and their capacity.

Their current load is counted from active placements whenever it is asked for.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from stirrup.errors import Conflict, Forbidden, InvalidInput, NotFound
from stirrup.models import Association, Organisation, OrganisationKind, Placement, PlacementStatus
from stirrup.schemas.associations import AssociationCreate, AssociationUpdate
from stirrup.services import access, audit, support
from stirrup.services.access import Principal
from stirrup.services.geocoding import Geocoder, Point, place, placed
from stirrup.services.listing import Page, PageRequest, paginate

SORTABLE = {
    "id": Association.id,
    "capacity": Association.capacity,
    "radius_km": Association.radius_km,
    "base_commune": Association.base_commune,
}


@dataclass(frozen=True)
class AssociationFilters:
    support: str | None = None
    commune: str | None = None


def current_loads(db: Session, association_ids: Iterable[int]) -> dict[int, int]:
    """Households each association follows now: its active placements."""
    ids = list(association_ids)
    rows = db.execute(
        select(Placement.association_id, func.count())
        .where(Placement.association_id.in_(ids), Placement.status == PlacementStatus.ACTIVE)
        .group_by(Placement.association_id)
    )
    loads = dict.fromkeys(ids, 0)
    loads.update({association_id: count for association_id, count in rows})
    return loads


def list_associations(
    db: Session, principal: Principal, filters: AssociationFilters, page: PageRequest
) -> Page[Association]:
    stmt = (
        select(Association)
        .where(access.associations_visible_to(principal))
        .options(selectinload(Association.organisation))
    )
    if filters.commune is not None:
        stmt = stmt.where(Association.base_commune == filters.commune)
    result = paginate(db, stmt, page, SORTABLE, "id", Association.id)
    if filters.support is None:
        return result
    # Kinds of support are a JSON list: filtered here, the directory being small.
    items = [a for a in result.items if filters.support in a.support_offered]
    return Page(items=items, total=len(items), page=result.page, page_size=result.page_size)


def get_association(db: Session, principal: Principal, association_id: int) -> Association:
    association = db.scalar(
        select(Association)
        .where(Association.id == association_id, access.associations_visible_to(principal))
        .options(selectinload(Association.organisation))
    )
    if association is None:
        raise NotFound(f"association {association_id} not found")
    return association


def view(association: Association, load: int) -> dict[str, Any]:
    return {
        **{
            name: getattr(association, name)
            for name in (
                "id",
                "organisation_id",
                "external_ref",
                "base_commune",
                "base_latitude",
                "base_longitude",
                "radius_km",
                "communes",
                "support_offered",
                "capacity",
                "emergency_phone",
            )
        },
        "name": association.organisation.name,
        "current_load": load,
    }


def create_association(
    db: Session,
    principal: Principal,
    data: AssociationCreate,
    geocoder: Geocoder,
    vocabulary: tuple[str, ...],
) -> Association:
    organisation = organisation_for_new_profile(db, principal, data.organisation_id)
    support.check_kinds("support_offered", data.support_offered, vocabulary)
    check_external_ref_free(db, data.external_ref)
    association = Association(**new_association_values(data, geocoder))
    association.organisation = organisation
    db.add(association)
    db.flush()
    audit.record(db, principal, "create", "association", association.id)
    return association


def organisation_for_new_profile(db: Session, principal: Principal, organisation_id: int) -> Organisation:
    """The partner association a new profile describes, if the principal may create it and it has none."""
    if not access.can_create_association(principal, organisation_id):
        raise Forbidden("only coordinators, or the association's own staff, create its profile")
    organisation = db.get(Organisation, organisation_id)
    if organisation is None or organisation.kind is not OrganisationKind.PARTNER_ASSOCIATION:
        raise InvalidInput.field("organisation_id", "must be the id of a partner-association organisation")
    if db.scalar(select(Association.id).where(Association.organisation_id == organisation.id)) is not None:
        raise Conflict(f"{organisation.name} already has an association profile")
    return organisation


def new_association_values(data: AssociationCreate, geocoder: Geocoder) -> dict[str, Any]:
    """The columns of an association profile described by ``data``, its base geocoded: what the API
    and the spreadsheet import both store."""
    return {
        **data.model_dump(exclude={"base_postal_code", "base_latitude", "base_longitude"}),
        **placed(geocoder, data, "base"),
    }


def check_external_ref_free(db: Session, ref: str | None) -> None:
    """A directory reference names one association (re-imports update by it)."""
    if ref is not None and db.scalar(select(Association.id).where(Association.external_ref == ref)):
        raise Conflict(f"another association already has external_ref {ref!r}")


def update_association(
    db: Session,
    principal: Principal,
    association_id: int,
    data: AssociationUpdate,
    geocoder: Geocoder,
    vocabulary: tuple[str, ...],
) -> Association:
    association = get_association(db, principal, association_id)
    if not access.can_edit_association(principal, association):
        raise Forbidden("only the association's staff or a coordinator may change it")
    changes = data.model_dump(exclude_unset=True)
    for name, value in changes.items():
        if value is None and name not in ("emergency_phone", "external_ref"):
            raise InvalidInput.field(name, "cannot be emptied")
    if changes.get("external_ref") not in (None, association.external_ref):
        check_external_ref_free(db, changes["external_ref"])
    if "support_offered" in changes:
        support.check_kinds("support_offered", changes["support_offered"], vocabulary)
    base = {
        key: changes.pop(key)
        for key in ("base_postal_code", "base_commune", "base_latitude", "base_longitude")
        if key in changes
    }
    changed = audit.changed_fields({name: getattr(association, name) for name in changes}, changes)
    for name, value in changes.items():
        setattr(association, name, value)
    if base:
        if "base_postal_code" not in base and "base_latitude" not in base:
            raise InvalidInput.field("base_postal_code", "give it with base_commune")
        current = Point(association.base_commune, association.base_latitude, association.base_longitude)
        _set_base(
            association,
            place(
                geocoder,
                base.get("base_postal_code"),
                base.get("base_commune", association.base_commune),
                base.get("base_latitude"),
                base.get("base_longitude"),
                current,
            ),
        )
        changed += sorted(base)
    db.flush()
    audit.record(db, principal, "update", "association", association.id, fields=sorted(changed))
    return association


def _set_base(association: Association, point: Point) -> None:
    association.base_commune = point.commune
    association.base_latitude, association.base_longitude = point.latitude, point.longitude


def of_organisation(db: Session, principal: Principal, organisation_id: int) -> Association | None:
    """The profile of an organisation's association, or None while it has none yet."""
    return db.scalar(
        select(Association)
        .where(Association.organisation_id == organisation_id, access.associations_visible_to(principal))
        .options(selectinload(Association.organisation))
    )
