"""The state machine's rules that need no HTTP: six calendar months, and the statuses of homes and
households that follow their placements."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.orm import Session

from stirrup.models import HomeStatus, HouseholdStatus, PlacementStatus
from stirrup.services import lifecycle
from tests.factories import Factory


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (date(2026, 8, 31), date(2027, 2, 28)),
        (date(2027, 8, 31), date(2028, 2, 29)),  # leap year
        (date(2026, 3, 31), date(2026, 9, 30)),
        (date(2026, 12, 31), date(2027, 6, 30)),
        (date(2028, 2, 29), date(2028, 8, 29)),
        (date(2026, 1, 15), date(2026, 7, 15)),
    ],
)
def test_six_calendar_months(start: date, end: date) -> None:
    assert lifecycle.six_months_after(start) == end


@pytest.mark.parametrize(
    ("statuses", "home", "household"),
    [
        ([], HomeStatus.AVAILABLE, HouseholdStatus.WAITING),
        ([PlacementStatus.PROPOSED], HomeStatus.PROPOSED, HouseholdStatus.PROPOSED),
        ([PlacementStatus.DECLINED], HomeStatus.AVAILABLE, HouseholdStatus.WAITING),
        ([PlacementStatus.ACCEPTED], HomeStatus.OCCUPIED, HouseholdStatus.PLACED),
        ([PlacementStatus.CANCELLED, PlacementStatus.ACTIVE], HomeStatus.OCCUPIED, HouseholdStatus.PLACED),
        ([PlacementStatus.ENDED], HomeStatus.AVAILABLE, HouseholdStatus.EXITED),
    ],
)
def test_statuses_follow_the_placements(
    make: Factory, db: Session, statuses: list[PlacementStatus], home: HomeStatus, household: HouseholdStatus
) -> None:
    parties = make.parties(PlacementStatus.CANCELLED)  # a home and a household once proposed
    parties.home.status, parties.household.status = HomeStatus.PROPOSED, HouseholdStatus.PLACED
    for status in statuses:
        make.placement(parties.household, parties.home, parties.association, status)
    lifecycle.refresh_statuses(db, home_ids=[parties.home.id], household_ids=[parties.household.id])
    assert (parties.home.status, parties.household.status) == (home, household)


def test_the_owner_s_and_the_social_worker_s_choices_stay(make: Factory, db: Session) -> None:
    parties = make.parties(PlacementStatus.DECLINED)
    parties.home.status, parties.household.status = HomeStatus.WITHDRAWN, HouseholdStatus.EXITED
    lifecycle.refresh_statuses(db, home_ids=[parties.home.id], household_ids=[parties.household.id])
    assert (parties.home.status, parties.household.status) == (HomeStatus.WITHDRAWN, HouseholdStatus.EXITED)
