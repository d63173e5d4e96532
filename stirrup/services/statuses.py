"""A home's and a household's status follow from their placements: the one place that moves
them when a placement changes state."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.orm import Session

from stirrup.models import Home, HomeStatus, Household, HouseholdStatus, Placement


def after_end(db: Session, placement: Placement, home_withdrawn: bool) -> None:
    """The household has left (exited); the home is available again from the next day — or
    withdrawn, when its owner takes it back or its availability runs out with the placement."""
    assert placement.actual_end is not None
    household = db.get_one(Household, placement.household_id, with_for_update=True)
    home = db.get_one(Home, placement.home_id, with_for_update=True)
    household.status = HouseholdStatus.EXITED
    next_day = placement.actual_end + timedelta(days=1)
    if home_withdrawn or (home.available_until is not None and home.available_until <= next_day):
        home.status = HomeStatus.WITHDRAWN
    else:
        home.status = HomeStatus.AVAILABLE
        home.available_from = max(home.available_from, next_day)
