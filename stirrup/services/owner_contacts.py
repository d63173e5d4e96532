"""Owner contacts and draft homes from the state's vacant-housing data: who the team may write to,
which homes they own, and where the team is with inviting them. Every read of an owner's name and
address is audited (``read_personal``)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from stirrup import clock
from stirrup.errors import Forbidden, InvalidInput, NotFound
from stirrup.geography import normalise_name
from stirrup.models import DraftHome, InvitationStatus, OwnerContact, Role, User
from stirrup.schemas.owner_contacts import InvitationUpdate, ZlvOwnerRef
from stirrup.services import access, audit
from stirrup.services.access import Principal
from stirrup.services.listing import Page, PageRequest, paginate

SORTABLE = {"id": OwnerContact.id, "full_name": OwnerContact.full_name, "commune": OwnerContact.commune}
DRAFT_SORTABLE = {"id": DraftHome.id, "insee_code": DraftHome.insee_code, "surface_m2": DraftHome.surface_m2}


@dataclass(frozen=True)
class ContactFilters:
    invitation_status: InvitationStatus | None = None


def identity_key(owner: ZlvOwnerRef) -> str:
    """Who counts as the same owner from one import to the next: the same folded name, birth date
    and tax address. Hashed, so that the birth date is used without being kept."""
    address = owner.lovac_address or owner.ban_address or ""
    parts = (normalise_name(owner.full_name), str(owner.birth_date or ""), normalise_name(address))
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


def check_may_invite(principal: Principal) -> None:
    if not access.may_invite_owners(principal):
        raise Forbidden("only a vacant-housing team's coordinators handle owners to invite")


def list_contacts(
    db: Session, principal: Principal, filters: ContactFilters, page: PageRequest
) -> Page[dict[str, Any]]:
    check_may_invite(principal)
    stmt = select(OwnerContact).where(access.owner_contacts_visible_to(principal))
    if filters.invitation_status is not None:
        stmt = stmt.where(OwnerContact.invitation_status == filters.invitation_status)
    found = paginate(db, stmt, page, SORTABLE, "full_name", OwnerContact.id)
    ids = [contact.id for contact in found.items]
    if ids:
        audit.record(db, principal, "read_personal", "owner_contact", None, ids=ids)
    counts = _draft_counts(db, ids)
    emails = _account_emails(db, [contact.user_id for contact in found.items if contact.user_id])
    items = [
        view(contact, counts.get(contact.id, 0), emails.get(contact.user_id or 0)) for contact in found.items
    ]
    return Page(items=items, total=found.total, page=found.page, page_size=found.page_size)


def get_contact(db: Session, principal: Principal, contact_id: int) -> dict[str, Any]:
    contact = _contact(db, principal, contact_id)
    audit.record(db, principal, "read_personal", "owner_contact", contact.id)
    return _view_one(db, contact)


def update_invitation(
    db: Session, principal: Principal, contact_id: int, data: InvitationUpdate
) -> dict[str, Any]:
    contact = _contact(db, principal, contact_id)
    # The owner's account once they joined; an owner no longer "joined" loses its link (and with
    # it the right to claim their draft homes).
    user_id = contact.user_id if data.invitation_status is InvitationStatus.JOINED else None
    if data.account_email is not None:
        user_id = _landlord_id(db, data.account_email)
    if contact.invitation_status != data.invitation_status or contact.user_id != user_id:
        contact.invitation_status = data.invitation_status
        contact.invitation_updated_at = clock.now()
        contact.user_id = user_id
        db.flush()
        audit.record(
            db,
            principal,
            "update",
            "owner_contact",
            contact.id,
            invitation_status=data.invitation_status.value,
            user_id=user_id,
        )
    return _view_one(db, contact)


def list_draft_homes(
    db: Session, principal: Principal, owner_contact_id: int | None, page: PageRequest
) -> Page[DraftHome]:
    """The team's draft homes for its coordinators; a landlord's own (once the team linked their
    account to the owner contact), to claim them."""
    if principal.role is not Role.LANDLORD:
        check_may_invite(principal)
    stmt = select(DraftHome).where(access.draft_homes_visible_to(principal))
    if owner_contact_id is not None:
        stmt = stmt.where(DraftHome.owner_contact_id == owner_contact_id)
    return paginate(db, stmt, page, DRAFT_SORTABLE, "id", DraftHome.id)


def view(contact: OwnerContact, draft_homes: int, account_email: str | None) -> dict[str, Any]:
    return {
        **{name: getattr(contact, name) for name in _VIEW_FIELDS},
        "draft_homes": draft_homes,
        "account_email": account_email,
    }


def _view_one(db: Session, contact: OwnerContact) -> dict[str, Any]:
    emails = _account_emails(db, [contact.user_id] if contact.user_id else [])
    return view(contact, _draft_counts(db, [contact.id]).get(contact.id, 0), emails.get(contact.user_id or 0))


def _account_emails(db: Session, user_ids: list[int]) -> dict[int, str]:
    """The e-mails of the linked landlord accounts, so that the team sees whom it linked."""
    if not user_ids:
        return {}
    return {
        user_id: email
        for user_id, email in db.execute(select(User.id, User.email).where(User.id.in_(user_ids)))
    }


_VIEW_FIELDS = (
    "id",
    "full_name",
    "postal_address",
    "street_number",
    "street",
    "postal_code",
    "commune",
    "address_complement",
    "relative_location",
    "invitation_status",
    "invitation_updated_at",
    "user_id",
)


def _contact(db: Session, principal: Principal, contact_id: int) -> OwnerContact:
    check_may_invite(principal)
    contact = db.scalar(
        select(OwnerContact).where(OwnerContact.id == contact_id, access.owner_contacts_visible_to(principal))
    )
    if contact is None:
        raise NotFound(f"owner contact {contact_id} not found")
    return contact


def _landlord_id(db: Session, email: str) -> int:
    found = db.scalar(select(User.id).where(User.email == email.strip().lower(), User.role == Role.LANDLORD))
    if found is None:
        raise InvalidInput.field("account_email", "no landlord account has this e-mail")
    return found


def _draft_counts(db: Session, contact_ids: list[int]) -> dict[int, int]:
    rows = db.execute(
        select(DraftHome.owner_contact_id, func.count())
        .where(DraftHome.owner_contact_id.in_(contact_ids))
        .group_by(DraftHome.owner_contact_id)
    )
    return {contact_id: count for contact_id, count in rows if contact_id is not None}
