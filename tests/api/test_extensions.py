"""Extensions: the team asks, the owner consents or declines; the planned end moves by months."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from stirrup import clock
from stirrup.models import Placement, Role
from tests.factories import Factory, Parties

ASK = {"months": 1, "reason": "A social housing offer is expected next month."}


@pytest.fixture(autouse=True)
def mid_january() -> Iterator[None]:
    with clock.travel(date(2027, 1, 10) - clock.today()):
        yield


def arranged(make: Factory) -> tuple[Parties, str]:
    """An active placement from 31 July, so its planned end is 31 January: month ends matter."""
    s = make.parties(start=date(2026, 7, 31))
    return s, f"/api/v1/placements/{s.placement.id}/extensions"


def test_the_owner_consents_and_the_end_moves_by_a_calendar_month(
    client: TestClient, make: Factory, db: Session
) -> None:
    s, url = arranged(make)
    assert s.placement.planned_end == date(2027, 1, 31)
    asked = client.post(url, json=ASK, headers=make.headers(s.staff))
    assert asked.status_code == 201, asked.text
    again = client.post(url, json=ASK, headers=make.headers(s.worker))
    assert again.status_code == 409 and "already has an extension waiting" in again.text
    answer = client.post(f"{url}/{asked.json()['id']}/consent", headers=make.headers(s.owner))
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert (body["status"], body["previous_end"], body["new_end"]) == (
        "consented",
        "2027-01-31",
        "2027-02-28",
    )
    assert body["answered_by"] == "Martine Lefebvre"
    db.rollback()
    assert db.scalar(select(Placement.planned_end)) == date(2027, 2, 28)
    twice = client.post(f"{url}/{asked.json()['id']}/consent", headers=make.headers(s.owner))
    assert twice.status_code == 409


def test_only_the_owner_answers_and_only_the_team_asks(client: TestClient, make: Factory) -> None:
    s, url = arranged(make)
    assert client.post(url, json=ASK, headers=make.headers(s.owner)).status_code == 403
    extension = client.post(url, json=ASK, headers=make.headers(make.user(Role.COORDINATOR))).json()
    consent = f"{url}/{extension['id']}/consent"
    assert client.post(consent, headers=make.headers(s.staff)).status_code == 403
    assert client.post(consent, headers=make.headers(make.user(Role.COORDINATOR))).status_code == 403
    assert client.post(consent, headers=make.headers(make.user(Role.LANDLORD))).status_code == 404
    declined = client.post(
        f"{url}/{extension['id']}/decline", json={"reason": "I sell in March."}, headers=make.headers(s.owner)
    ).json()
    assert (declined["status"], declined["decline_reason"]) == ("declined", "I sell in March.")
    listed = client.get(url, headers=make.headers(s.owner)).json()
    assert [e["status"] for e in listed] == ["declined"]


def test_the_home_must_be_available_until_the_new_end(client: TestClient, make: Factory, db: Session) -> None:
    s, url = arranged(make)
    s.home.available_until = date(2027, 2, 15)
    make.db.commit()
    answer = client.post(url, json=ASK, headers=make.headers(s.staff))
    assert answer.status_code == 409 and "available until 2027-02-15" in answer.text
    too_long = client.post(url, json={**ASK, "months": 7}, headers=make.headers(s.staff))
    assert too_long.status_code == 422 and too_long.json()["error"]["fields"][0]["field"] == "months"
    no_reason = client.post(url, json={"months": 1, "reason": "  "}, headers=make.headers(s.staff))
    assert no_reason.status_code == 422 and no_reason.json()["error"]["fields"][0]["field"] == "reason"
    db.rollback()
    assert db.scalar(select(Placement.planned_end)) == date(2027, 1, 31)
