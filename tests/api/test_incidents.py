"""Incidents: reported by the team, resolved with what was done; descriptions for the team only."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from stirrup import clock
from stirrup.models import Incident, Role
from tests.factories import Factory

DESCRIPTION = "SENTINEL-INCIDENT: taken to hospital after a fall"


def incident(**fields: Any) -> dict[str, Any]:
    return {
        "occurred_on": clock.today().isoformat(),
        "severity": "moderate",
        "category": "health",
        "description": DESCRIPTION,
        **fields,
    }


def test_an_incident_is_reported_then_resolved(client: TestClient, make: Factory, db: Session) -> None:
    s = make.parties(start=clock.today() - timedelta(days=30))
    url = f"/api/v1/placements/{s.placement.id}/incidents"
    headers = make.headers(s.staff)
    created = client.post(url, json=incident(), headers=headers)
    assert created.status_code == 201, created.text
    assert created.json()["status"] == "open"
    item = f"{url}/{created.json()['id']}"
    unexplained = client.patch(item, json={"status": "resolved"}, headers=headers)
    assert (
        unexplained.status_code == 422 and unexplained.json()["error"]["fields"][0]["field"] == "resolution"
    )
    resolved = client.patch(
        item, json={"status": "resolved", "resolution": "Back home, nurse visits."}, headers=headers
    )
    assert resolved.status_code == 200, resolved.text
    assert (resolved.json()["status"], resolved.json()["resolved_on"]) == (
        "resolved",
        clock.today().isoformat(),
    )
    reopened = client.patch(item, json={"status": "open"}, headers=make.headers(s.worker)).json()
    assert (reopened["status"], reopened["resolved_on"], reopened["resolution"]) == ("open", None, "")
    assert client.patch(item, json={"severity": None}, headers=headers).status_code == 422
    db.rollback()
    assert db.scalar(select(Incident.status)) == "open"


def test_coordinators_see_the_category_not_the_description_owners_see_no_list(
    client: TestClient, make: Factory
) -> None:
    s = make.parties(start=clock.today() - timedelta(days=30))
    url = f"/api/v1/placements/{s.placement.id}/incidents"
    client.post(url, json=incident(), headers=make.headers(s.staff))
    answer = client.get(url, headers=make.headers(make.user(Role.COORDINATOR)))
    [seen] = answer.json()
    assert (seen["category"], seen["severity"], seen["description"]) == ("health", "moderate", None)
    assert "SENTINEL" not in answer.text
    assert client.get(url, headers=make.headers(s.worker)).json()[0]["description"] == DESCRIPTION
    assert client.get(url, headers=make.headers(s.owner)).status_code == 404
    assert client.post(url, json=incident(), headers=make.headers(s.owner)).status_code == 404


def test_a_resolution_cannot_predate_the_incident(client: TestClient, make: Factory) -> None:
    s = make.parties(start=clock.today() - timedelta(days=30))
    url = f"/api/v1/placements/{s.placement.id}/incidents"
    headers = make.headers(s.staff)
    created = client.post(url, json=incident(), headers=headers).json()
    early = (clock.today() - timedelta(days=3)).isoformat()
    body = {"status": "resolved", "resolution": "done", "resolved_on": early}
    answer = client.patch(f"{url}/{created['id']}", json=body, headers=headers)
    assert answer.status_code == 422 and answer.json()["error"]["fields"][0]["field"] == "resolved_on"
    other = make.parties(start=clock.today() - timedelta(days=30))
    foreign = f"/api/v1/placements/{other.placement.id}/incidents/{created['id']}"
    assert (
        client.patch(foreign, json={"severity": "minor"}, headers=make.headers(other.staff)).status_code
        == 404
    )
