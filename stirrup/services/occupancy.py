"""What an owner sees of the placement in their home: is it occupied, until when, and whom to call
about a problem. Never who the household is."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from stirrup.errors import Forbidden
from stirrup.models import LIVE_STATUSES, Association, Household, Placement, PlacementStatus
from stirrup.services import access, homes
from stirrup.services.access import Principal
from stirrup.services.paperwork import last_day


def for_owner(db: Session, principal: Principal, home_id: int) -> dict[str, Any]:
    """The home's live placement as its owner sees it: dates, size of the household and the
    association's contact; ``placement`` is None while the home is not lent."""
    home = homes.get_home(db, principal, home_id)
    if not access.can_see_home_tax_data(principal, home):
        raise Forbidden("the occupancy summary is for the home's owner and coordinators")
    placement = db.scalar(
        select(Placement)
        .options(selectinload(Placement.association).selectinload(Association.organisation))
        .where(Placement.home_id == home.id, Placement.status.in_(LIVE_STATUSES))
    )
    if placement is None:
        return {"home_id": home.id, "placement": None}
    persons = db.scalar(
        select(Household.adults + Household.children).where(Household.id == placement.household_id)
    )
    organisation = placement.association.organisation
    return {
        "home_id": home.id,
        "placement": {
            "id": placement.id,
            "status": placement.status,
            "start": placement.start_date,
            "occupied_until": last_day(placement),
            "persons": persons,
            "association": {
                "name": organisation.name,
                "phone": organisation.contact_phone,
                "email": organisation.contact_email,
                "emergency_phone": placement.association.emergency_phone,
            },
        },
    }


@dataclass(frozen=True)
class Lent:
    """A home's live placement in a list of homes: its dates, and no one named."""

    status: PlacementStatus
    start: date
    until: date


def lent_homes(db: Session, principal: Principal, home_ids: Iterable[int]) -> dict[int, Lent]:
    """The live placement of each listed home the principal may see, for "occupied until …"."""
    rows = db.execute(
        select(
            Placement.home_id,
            Placement.status,
            Placement.start_date,
            Placement.planned_end,
            Placement.actual_end,
        ).where(
            Placement.home_id.in_(list(home_ids)),
            Placement.status.in_(LIVE_STATUSES),
            access.placements_visible_to(principal),
        )
    )
    return {
        home_id: Lent(status, start, actual or planned) for home_id, status, start, planned, actual in rows
    }
