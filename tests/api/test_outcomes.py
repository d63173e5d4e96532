"""The end of a placement with its outcome, and the checks 6, 12 and 24 months later."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from stirrup import clock
from stirrup.models import (
    Home,
    HomeStatus,
    Household,
    HouseholdStatus,
    MilestoneKind,
    Outcome,
    Placement,
    PlacementEnding,
    Role,
)
from tests.factories import Factory, Parties


def ending(**fields: Any) -> dict[str, Any]:
    return {"outcome": "social_housing", "details": "SENTINEL-END lease signed", **fields}


def six_months_in(make: Factory) -> tuple[Parties, str]:
    """A placement that reaches its planned end today."""
    s = make.parties(start=clock.today() - timedelta(days=400))
    s.placement.planned_end = clock.today()
    make.db.commit()
    return s, f"/api/v1/placements/{s.placement.id}"


def test_the_end_records_the_outcome_frees_the_home_and_closes_the_stay(
    client: TestClient, make: Factory, db: Session
) -> None:
    s, url = six_months_in(make)
    make.milestone(s.placement, MilestoneKind.BANK_ACCOUNT, clock.today() - timedelta(days=50))
    answer = client.post(f"{url}/end", json=ending(), headers=make.headers(s.staff))
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert (body["outcome"], body["ended_on"], body["ended_early"]) == (
        "social_housing",
        str(clock.today()),
        False,
    )
    assert [m["kind"] for m in body["milestones_reached"]] == ["bank_account"]
    assert [(c["months"], c["situation"]) for c in body["after_end"]] == [(6, None), (12, None), (24, None)]
    db.rollback()
    assert db.execute(select(Placement.status, Placement.actual_end)).one() == ("ended", clock.today())
    assert db.scalar(select(Household.status)) == HouseholdStatus.EXITED
    home = db.execute(select(Home.status, Home.available_from)).one()
    assert home == (HomeStatus.AVAILABLE, clock.today() + timedelta(days=1))
    again = client.post(f"{url}/end", json=ending(), headers=make.headers(s.staff))
    assert again.status_code == 409


def test_an_early_end_needs_its_reason_and_the_owner_may_take_the_home_back(
    client: TestClient, make: Factory, db: Session
) -> None:
    s = make.parties(start=clock.today() - timedelta(days=60))
    url = f"/api/v1/placements/{s.placement.id}"
    headers = make.headers(s.staff)
    missing = client.post(f"{url}/end", json=ending(), headers=headers)
    assert missing.status_code == 422 and missing.json()["error"]["fields"][0]["field"] == "early_end_reason"
    future = client.post(
        f"{url}/end", json=ending(ended_on=str(clock.today() + timedelta(days=1))), headers=headers
    )
    assert future.status_code == 422 and future.json()["error"]["fields"][0]["field"] == "ended_on"
    db.rollback()
    assert db.scalar(select(PlacementEnding)) is None and db.scalar(select(Placement.status)) == "active"
    body = ending(
        outcome="street_or_emergency_shelter", early_end_reason="household_left", home_withdrawn=True
    )
    assert client.post(f"{url}/end", json=body, headers=headers).status_code == 200
    db.rollback()
    assert db.scalar(select(Home.status)) is HomeStatus.WITHDRAWN


def test_who_ends_and_who_reads_the_outcome(client: TestClient, make: Factory) -> None:
    s, url = six_months_in(make)
    assert client.post(f"{url}/end", json=ending(), headers=make.headers(s.owner)).status_code == 404
    coordinator = make.user(Role.COORDINATOR)
    assert client.post(f"{url}/end", json=ending(), headers=make.headers(coordinator)).status_code == 200
    seen = client.get(f"{url}/outcome", headers=make.headers(coordinator))
    assert seen.json()["outcome"] == "social_housing" and seen.json()["details"] is None
    assert "SENTINEL" not in seen.text
    assert (
        client.get(f"{url}/outcome", headers=make.headers(s.worker)).json()["details"].startswith("SENTINEL")
    )
    assert client.get(f"{url}/outcome", headers=make.headers(s.owner)).status_code == 404


def test_the_later_checks_open_a_month_before_they_are_due(client: TestClient, make: Factory) -> None:
    s = make.parties(start=date(2025, 1, 31))
    make.ended(s.placement, Outcome.FAMILY_OR_FRIENDS, ended_on=date(2025, 7, 31))
    url = f"/api/v1/placements/{s.placement.id}/outcome/months-later"
    body = {"situation": "social_housing"}
    with clock.travel(date(2025, 12, 30) - clock.today()):
        early = client.put(f"{url}/6", json=body, headers=make.headers(s.staff))
        assert early.status_code == 409 and "due on 2026-01-31" in early.text
    with clock.travel(date(2026, 1, 5) - clock.today()):
        headers = make.headers(s.staff)
        wrong = client.put(f"{url}/7", json=body, headers=headers)
        assert wrong.status_code == 422 and wrong.json()["error"]["fields"][0]["field"] == "months"
        recorded = client.put(f"{url}/6", json=body, headers=headers)
        assert recorded.status_code == 200, recorded.text
        six = recorded.json()["after_end"][0]
        assert (six["due_on"], six["situation"], six["checked_on"]) == (
            "2026-01-31",
            "social_housing",
            "2026-01-05",
        )
        corrected = client.put(f"{url}/6", json={"situation": "unknown"}, headers=make.headers(s.worker))
        assert corrected.json()["after_end"][0]["situation"] == "unknown"
        assert (
            client.put(f"{url}/6", json=body, headers=make.headers(make.user(Role.COORDINATOR))).status_code
            == 403
        )


def test_no_outcome_before_the_end(client: TestClient, make: Factory) -> None:
    s = make.parties()
    answer = client.get(f"/api/v1/placements/{s.placement.id}/outcome", headers=make.headers(s.staff))
    assert answer.status_code == 409 and "has not ended" in answer.text
