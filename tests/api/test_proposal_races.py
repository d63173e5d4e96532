"""Many people accepting at the same moment, each with their own HTTP client and so their own
database connection: one home or one household never ends up in two live placements. Exactly
one acceptance wins; every other gets a 409 saying why."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from stirrup.models import LIVE_STATUSES, Home, Household, Party, Placement, PlacementStatus, Role
from tests.factories import Factory

RACERS = 6


def race(calls: list[Callable[[], object]]) -> list[object]:
    """Run the calls in threads released together; their answers in order."""
    barrier = threading.Barrier(len(calls))
    answers: list[object] = [None] * len(calls)

    def run(k: int) -> None:
        barrier.wait()
        answers[k] = calls[k]()

    threads = [threading.Thread(target=run, args=(k,)) for k in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


def acceptance(app: FastAPI, placement_id: int, headers: dict[str, str]) -> Callable[[object], object]:
    client = TestClient(app)  # its own client: its own requests, sessions and connections
    return lambda: client.post(f"/api/v1/proposals/{placement_id}/accept", headers=headers, json={})


def live(db: Session, **where: int) -> int:
    db.rollback()
    stmt = select(func.count()).select_from(Placement).where(Placement.status.in_(LIVE_STATUSES))
    for name, value in where.items():
        stmt = stmt.where(getattr(Placement, name) == value)
    return db.scalar(stmt) or 0


@pytest.mark.parametrize("attempt", range(2))
def test_many_households_racing_for_one_home_leave_one_winner(
    client: TestClient, make: Factory, db: Session, attempt: int
) -> None:
    landlord = make.user(Role.LANDLORD)
    home = make.home(owner=landlord)
    association = make.association()
    calls = []
    for _ in range(RACERS):
        household = make.household()
        placement = make.placement(household, home, association)
        make.decision(placement, Party.SOCIAL_WORKER)
        make.decision(placement, Party.ASSOCIATION)
        calls.append(acceptance(client.app, placement.id, make.headers(landlord)))  # type: ignore[arg-type]
    answers = race(calls)
    codes = sorted(a.status_code for a in answers)  # type: ignore[attr-defined]
    assert codes == [200] + [409] * (RACERS - 1), [a.text for a in answers]  # type: ignore[attr-defined]
    for answer in answers:
        if answer.status_code == 409:  # type: ignore[attr-defined]
            assert "promised to another household" in answer.json()["error"]["message"]  # type: ignore[attr-defined]
    assert live(db, home_id=home.id) == 1
    db.expire_all()
    assert db.get(Home, home.id).status.value == "occupied"


def test_many_homes_racing_for_one_household_leave_one_winner(
    client: TestClient, make: Factory, db: Session
) -> None:
    worker = make.user(Role.SOCIAL_WORKER)
    household = make.household(referent=worker)
    association = make.association()
    calls = []
    for _ in range(RACERS):
        placement = make.placement(household, make.home(), association)
        make.decision(placement, Party.LANDLORD)
        make.decision(placement, Party.ASSOCIATION)
        calls.append(acceptance(client.app, placement.id, make.headers(worker)))  # type: ignore[arg-type]
    answers = race(calls)
    codes = sorted(a.status_code for a in answers)  # type: ignore[attr-defined]
    assert codes == [200] + [409] * (RACERS - 1), [a.text for a in answers]  # type: ignore[attr-defined]
    assert all(
        "accepted another home" in a.json()["error"]["message"]  # type: ignore[attr-defined]
        for a in answers
        if a.status_code == 409  # type: ignore[attr-defined]
    )
    assert live(db, household_id=household.id) == 1
    db.expire_all()
    assert db.get(Household, household.id).status.value == "placed"


def test_three_sides_accepting_at_once_make_one_placement(
    client: TestClient, make: Factory, db: Session
) -> None:
    parties = make.proposal()
    calls = [
        acceptance(client.app, parties.placement.id, make.headers(user))  # type: ignore[arg-type]
        for user in (parties.owner, parties.worker, parties.staff)
    ]
    answers = race(calls)
    assert [a.status_code for a in answers] == [200, 200, 200], [a.text for a in answers]  # type: ignore[attr-defined]
    db.rollback()
    db.expire_all()
    assert db.get(Placement, parties.placement.id).status is PlacementStatus.ACTIVE
