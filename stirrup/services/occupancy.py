"""What an owner sees of the placement in their home: is it occupied, until when, and whom to call
about a problem. Never who the household is."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from stirrup.errors import Forbidden
from stirrup.models import LIVE_STATUSES, Association, Household, Placement
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
