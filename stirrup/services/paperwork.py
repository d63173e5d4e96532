"""What the paperwork of a placement (documents, insurance, condition reports) shares: finding
the placement for someone who takes part in that piece of paperwork, and its last day."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from stirrup.errors import NotFound
from stirrup.models import Association, Home, Placement, Role
from stirrup.services import access
from stirrup.services.access import Principal


def placement_for(db: Session, principal: Principal, placement_id: int, roles: tuple[Role, ...]) -> Placement:
    """The placement with its home and association, when ``principal`` may see it and takes part
    in this paperwork (``roles``); otherwise not found, as if it did not exist."""
    placement = db.scalar(
        select(Placement)
        .options(
            selectinload(Placement.home).selectinload(Home.owner_user),
            selectinload(Placement.home).selectinload(Home.owner_organisation),
            selectinload(Placement.association).selectinload(Association.organisation),
        )
        .where(Placement.id == placement_id, access.placements_visible_to(principal))
    )
    if placement is None or not access.takes_part(principal, roles):
        raise NotFound(f"placement {placement_id} not found")
    return placement


def last_day(placement: Placement) -> date:
    """The placement's last day: when it actually ended, else when it is planned to."""
    return placement.actual_end or placement.planned_end
