"""Visits and check-ins, and the exit plan: the team records them; only the team reads notes."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from stirrup import clock
from stirrup.models import AuditEvent, PlacementStatus, Role, Visit
from tests.factories import Factory, Parties

NOTE = "SENTINEL-NOTE: worried about the eldest's school"


def visit(**fields: Any) -> dict[str, Any]:
    return {
        "visited_on": (clock.today() - timedelta(days=1)).isoformat(),
        "kind": "home_visit",
        "wellbeing": 4,
        "housing_condition": 5,
        "notes": NOTE,
        **fields,
    }


def started(make: Factory, days_ago: int = 40) -> tuple[Parties, str]:
    s = make.parties(start=clock.today() - timedelta(days=days_ago))
    return s, f"/api/v1/placements/{s.placement.id}"


def sensitive_reads(db: Session, user_id: int) -> int:
    db.rollback()
    return (
        db.scalar(
            select(func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.action == "read_sensitive", AuditEvent.actor_id == user_id)
        )
        or 0
    )


def test_the_team_reads_notes_coordinators_only_dates_and_owners_nothing(
    client: TestClient, make: Factory, db: Session
) -> None:
    s, url = started(make)
    created = client.post(f"{url}/visits", json=visit(), headers=make.headers(s.staff))
    assert created.status_code == 201, created.text
    assert created.json()["notes"] == NOTE
    [seen] = client.get(f"{url}/visits", headers=make.headers(s.worker)).json()
    assert (seen["notes"], seen["wellbeing"]) == (NOTE, 4)
    assert sensitive_reads(db, s.worker.id) == 1
    coordinator = make.user(Role.COORDINATOR)
    answer = client.get(f"{url}/visits", headers=make.headers(coordinator))
    [shown] = answer.json()
    assert (shown["kind"], shown["housing_condition"]) == ("home_visit", 5)
    assert shown["notes"] is None and shown["wellbeing"] is None and "SENTINEL" not in answer.text
    assert sensitive_reads(db, coordinator.id) == 0
    assert client.get(f"{url}/visits", headers=make.headers(s.owner)).status_code == 404
    assert (
        client.get(f"{url}/visits", headers=make.headers(make.user(Role.ASSOCIATION_STAFF))).status_code
        == 404
    )
    assert client.get(f"{url}/visits", headers=make.headers(make.user(Role.SOCIAL_WORKER))).status_code == 404


def test_the_social_worker_records_a_check_in_but_coordinators_do_not(
    client: TestClient, make: Factory
) -> None:
    s, url = started(make)
    body = visit(kind="office", housing_condition=None)
    assert client.post(f"{url}/visits", json=body, headers=make.headers(s.worker)).status_code == 201
    coordinator = make.user(Role.COORDINATOR)
    assert client.post(f"{url}/visits", json=body, headers=make.headers(coordinator)).status_code == 403
    assert client.post(f"{url}/visits", json=body, headers=make.headers(s.owner)).status_code == 404


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"visited_on": "2020-01-01"}, "visited_on", "before the placement started"),
        ({"visited_on": (clock.today() + timedelta(days=1)).isoformat()}, "visited_on", "future"),
        ({"wellbeing": 6}, "wellbeing", "less than or equal to 5"),
        ({"wellbeing": 0}, "wellbeing", "greater than or equal to 1"),
        ({"kind": "phone"}, "housing_condition", "phone call"),
        ({"kind": "visio"}, "kind", "home_visit"),
        ({"mood": "fine"}, "mood", ""),
    ],
)
def test_a_wrong_visit_is_refused_and_nothing_written(
    client: TestClient, make: Factory, db: Session, change: dict[str, Any], field: str, words: str
) -> None:
    s, url = started(make)
    answer = client.post(f"{url}/visits", json=visit(**change), headers=make.headers(s.staff))
    assert answer.status_code == 422, answer.text
    [problem] = answer.json()["error"]["fields"]
    assert problem["field"] == field and words in problem["message"]
    db.rollback()
    assert db.scalar(select(func.count()).select_from(Visit)) == 0


def test_no_visit_before_the_placement_starts(client: TestClient, make: Factory) -> None:
    s = make.parties(status=PlacementStatus.ACCEPTED)
    answer = client.post(
        f"/api/v1/placements/{s.placement.id}/visits",
        json=visit(visited_on=clock.today().isoformat()),
        headers=make.headers(s.staff),
    )
    assert answer.status_code == 409 and "has not started" in answer.json()["error"]["message"]


def test_the_exit_plan_is_recorded_revised_and_its_details_kept_to_the_team(
    client: TestClient, make: Factory, db: Session
) -> None:
    s, url = started(make)
    headers = make.headers(s.staff)
    assert client.get(f"{url}/exit-plan", headers=headers).json() is None
    plan = {"kind": "social_housing", "expected_on": None, "details": "SENTINEL-PLAN with Vilogia"}
    first = client.put(f"{url}/exit-plan", json=plan, headers=headers)
    assert first.status_code == 200, first.text
    assert first.json()["recorded_on"] == clock.today().isoformat()
    revised = {**plan, "kind": "family_or_friends", "expected_on": s.placement.planned_end.isoformat()}
    assert client.put(f"{url}/exit-plan", json=revised, headers=make.headers(s.worker)).status_code == 200
    assert client.get(f"{url}/exit-plan", headers=headers).json()["kind"] == "family_or_friends"
    seen = client.get(f"{url}/exit-plan", headers=make.headers(make.user(Role.COORDINATOR))).json()
    assert seen["kind"] == "family_or_friends" and seen["details"] is None
    assert client.get(f"{url}/exit-plan", headers=make.headers(s.owner)).status_code == 404
    db.rollback()
    actions = db.scalars(select(AuditEvent.action).where(AuditEvent.entity_type == "exit_plan")).all()
    assert sorted(actions) == ["create", "update"]


def test_an_exit_plan_cannot_be_expected_before_the_start(client: TestClient, make: Factory) -> None:
    s, url = started(make)
    plan = {"kind": "other", "expected_on": "2020-01-01"}
    answer = client.put(f"{url}/exit-plan", json=plan, headers=make.headers(s.staff))
    assert answer.status_code == 422 and answer.json()["error"]["fields"][0]["field"] == "expected_on"
