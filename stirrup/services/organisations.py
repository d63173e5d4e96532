"""Organisations: created and kept by admins; each member sees their own."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from stirrup.errors import Conflict, Forbidden, InvalidInput, NotFound
from stirrup.models import Organisation, OrganisationKind, Role
from stirrup.schemas.accounts import OrganisationCreate, OrganisationUpdate
from stirrup.services import access, audit
from stirrup.services.access import Principal
from stirrup.services.listing import Page, PageRequest, paginate

SORTABLE = {"id": Organisation.id, "name": Organisation.name, "kind": Organisation.kind}


def list_organisations(
    db: Session, principal: Principal, kind: OrganisationKind | None, page: PageRequest
) -> Page[Organisation]:
    stmt = select(Organisation).where(access.organisations_visible_to(principal))
    if kind is not None:
        stmt = stmt.where(Organisation.kind == kind)
    return paginate(db, stmt, page, SORTABLE, "name", Organisation.id)


def get_organisation(db: Session, principal: Principal, organisation_id: int) -> Organisation:
    organisation = db.scalar(
        select(Organisation).where(
            Organisation.id == organisation_id, access.organisations_visible_to(principal)
        )
    )
    if organisation is None:
        raise NotFound(f"organisation {organisation_id} not found")
    return organisation


def create_organisation(db: Session, principal: Principal, data: OrganisationCreate) -> Organisation:
    _require_admin(principal)
    organisation = Organisation(**data.model_dump())
    db.add(organisation)
    _flush_unique_name(db, data.name)
    audit.record(db, principal, "create", "organisation", organisation.id)
    return organisation


def update_organisation(
    db: Session, principal: Principal, organisation_id: int, data: OrganisationUpdate
) -> Organisation:
    organisation = get_organisation(db, principal, organisation_id)
    _require_admin(principal)
    changes = data.model_dump(exclude_unset=True)
    if changes.get("name", "") is None:
        raise InvalidInput.field("name", "cannot be emptied")
    changed = audit.changed_fields({name: getattr(organisation, name) for name in changes}, changes)
    for name, value in changes.items():
        setattr(organisation, name, value)
    _flush_unique_name(db, organisation.name)
    audit.record(db, principal, "update", "organisation", organisation.id, fields=changed)
    return organisation


def _flush_unique_name(db: Session, name: str) -> None:
    try:
        with db.begin_nested():
            db.flush()
    except IntegrityError:
        raise Conflict(f"an organisation named {name!r} already exists") from None


def _require_admin(principal: Principal) -> None:
    if principal.role is not Role.ADMIN:
        raise Forbidden("only admins manage organisations")
