"""Extensions: with the owner's consent a placement runs longer, by whole months.

The follow-up team (or a coordinator) asks, with a reason written for the owner; the owner
consents or declines. On consent the planned end moves by calendar months — the home must be
available until then. One request at a time per placement, enforced by the database.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from dateutil.relativedelta import relativedelta
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from stirrup import clock
from stirrup.errors import Conflict, Forbidden, NotFound
from stirrup.models import Extension, ExtensionStatus, Placement, Role, User
from stirrup.schemas.extensions import ExtensionCreate
from stirrup.services import access, audit
from stirrup.services.access import FOLLOW_UP_TEAM, Principal
from stirrup.services.followup import check_active
from stirrup.services.paperwork import placement_for

#: Who sees the requests: the team that asks, the owner who answers (and coordinators).
PARTIES = (*FOLLOW_UP_TEAM, Role.LANDLORD)


def view(extension: Extension) -> dict[str, Any]:
    """An extension with the name of whoever answered it, for every party."""
    answered_by = extension.answered_by
    return {
        **{
            name: getattr(extension, name)
            for name in (
                "id",
                "placement_id",
                "months",
                "reason",
                "status",
                "requested_on",
                "answered_on",
                "decline_reason",
                "previous_end",
                "new_end",
            )
        },
        "answered_by": answered_by.display_name if answered_by else None,
    }


def list_extensions(db: Session, principal: Principal, placement_id: int) -> list[Extension]:
    """The extensions asked for on a placement, oldest first."""
    placement = placement_for(db, principal, placement_id, PARTIES)
    return list(
        db.scalars(
            select(Extension)
            .options(selectinload(Extension.answered_by))
            .where(Extension.placement_id == placement.id)
            .order_by(Extension.id)
        )
    )


def _check_home_free_until(placement: Placement, new_end: date) -> None:
    until = placement.home.available_until
    if until is not None and until < new_end:
        raise Conflict(
            f"the home is available until {until}, before the new end {new_end}: "
            "its owner must first extend the home's availability"
        )


def request_extension(
    db: Session, principal: Principal, placement_id: int, data: ExtensionCreate
) -> Extension:
    """Ask the owner for more months, the home being available until then."""
    placement = placement_for(db, principal, placement_id, PARTIES)
    if principal.role is Role.LANDLORD:
        raise Forbidden("the follow-up team asks for an extension; the owner answers it")
    check_active(placement, "be extended")
    _check_home_free_until(placement, placement.planned_end + relativedelta(months=data.months))
    extension = Extension(
        placement_id=placement.id,
        status=ExtensionStatus.REQUESTED,
        requested_by_id=principal.user_id,
        requested_on=clock.today(),
        answered_by=None,
        **data.model_dump(),
    )
    try:
        with db.begin_nested():
            db.add(extension)
            db.flush()
    except IntegrityError:
        raise Conflict(f"placement {placement.id} already has an extension waiting for the owner") from None
    audit.record(
        db, principal, "create", "extension", extension.id, placement_id=placement.id, months=data.months
    )
    return extension


def answer_extension(
    db: Session, principal: Principal, placement_id: int, extension_id: int, consent: bool, reason: str = ""
) -> Extension:
    """The owner's answer; a consent moves the planned end by the months asked for."""
    placement = placement_for(db, principal, placement_id, PARTIES)
    if not (principal.role is Role.LANDLORD and access.can_edit_home(principal, placement.home)):
        raise Forbidden("only the home's owner consents to an extension")
    extension = db.scalar(
        select(Extension)
        .options(selectinload(Extension.answered_by))
        .where(Extension.id == extension_id, Extension.placement_id == placement.id)
        .with_for_update()
    )
    if extension is None:
        raise NotFound(f"extension {extension_id} not found on placement {placement.id}")
    if extension.status is not ExtensionStatus.REQUESTED:
        raise Conflict(f"this extension was already {extension.status.value}")
    db.refresh(placement, attribute_names=["status", "planned_end"], with_for_update=True)
    check_active(placement, "be extended")
    extension.answered_by = db.get(User, principal.user_id)
    extension.answered_on = clock.today()
    if consent:
        new_end = placement.planned_end + relativedelta(months=extension.months)
        _check_home_free_until(placement, new_end)
        extension.status = ExtensionStatus.CONSENTED
        extension.previous_end, extension.new_end = placement.planned_end, new_end
        placement.planned_end = new_end
    else:
        extension.status = ExtensionStatus.DECLINED
        extension.decline_reason = reason
    db.flush()
    audit.record(db, principal, extension.status.value, "extension", extension.id, placement_id=placement.id)
    return extension
