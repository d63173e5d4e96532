"""Milestones of regained rights: one per kind, dated, the application's number for the team."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from stirrup import clock
from stirrup.models import Milestone, MilestoneKind, Role
from tests.factories import Factory

NUMBER = "059 0426 00123 AB"


def test_one_milestone_per_kind_corrected_by_recording_it_again(
    client: TestClient, make: Factory, db: Session
) -> None:
    s = make.parties(start=clock.today() - timedelta(days=60))
    url = f"/api/v1/placements/{s.placement.id}/milestones"
    headers = make.headers(s.staff)
    first_day = (clock.today() - timedelta(days=30)).isoformat()
    assert (
        client.put(f"{url}/health_cover", json={"reached_on": first_day}, headers=headers).status_code == 200
    )
    corrected = (clock.today() - timedelta(days=20)).isoformat()
    answer = client.put(f"{url}/health_cover", json={"reached_on": corrected}, headers=make.headers(s.worker))
    assert answer.status_code == 200 and answer.json()["reached_on"] == corrected
    assert (
        client.put(
            f"{url}/housing_application", json={"reached_on": first_day, "reference": NUMBER}, headers=headers
        ).json()["reference"]
        == NUMBER
    )
    kinds = [(m["kind"], m["reached_on"]) for m in client.get(url, headers=headers).json()]
    assert kinds == [("housing_application", first_day), ("health_cover", corrected)]
    db.rollback()
    assert db.scalar(select(func.count()).select_from(Milestone)) == 2


def test_the_application_number_is_for_the_team_and_owners_see_no_milestone(
    client: TestClient, make: Factory
) -> None:
    s = make.parties(start=clock.today() - timedelta(days=60))
    make.milestone(s.placement, MilestoneKind.HOUSING_APPLICATION)
    url = f"/api/v1/placements/{s.placement.id}/milestones"
    assert client.get(url, headers=make.headers(s.worker)).json()[0]["reference"] == NUMBER
    answer = client.get(url, headers=make.headers(make.user(Role.COORDINATOR)))
    assert answer.json()[0]["kind"] == "housing_application" and NUMBER not in answer.text
    assert client.get(url, headers=make.headers(s.owner)).status_code == 404


def test_the_number_goes_with_a_housing_application_only(
    client: TestClient, make: Factory, db: Session
) -> None:
    s = make.parties(start=clock.today() - timedelta(days=10))
    url = f"/api/v1/placements/{s.placement.id}/milestones"
    headers = make.headers(s.staff)
    today = clock.today().isoformat()
    missing = client.put(f"{url}/housing_application", json={"reached_on": today}, headers=headers)
    assert missing.status_code == 422 and missing.json()["error"]["fields"][0]["field"] == "reference"
    extra = client.put(
        f"{url}/bank_account", json={"reached_on": today, "reference": NUMBER}, headers=headers
    )
    assert extra.status_code == 422 and "only a housing application" in extra.text
    unknown = client.put(f"{url}/lottery_win", json={"reached_on": today}, headers=headers)
    assert unknown.status_code == 422 and unknown.json()["error"]["fields"][0]["field"] == "kind"
    early = client.put(f"{url}/bank_account", json={"reached_on": "2020-05-01"}, headers=headers)
    assert early.status_code == 422 and early.json()["error"]["fields"][0]["field"] == "reached_on"
    db.rollback()
    assert db.scalar(select(func.count()).select_from(Milestone)) == 0
