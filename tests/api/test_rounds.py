"""Matching rounds through the API: who may run them, one running round per territory, crashed
rounds failed and restarted, placements kept, declined pairs never proposed again, unanswered
proposals superseded, and every unmatched household's reasons stored for its social worker."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from stirrup import clock
from stirrup.models import (
    Decision,
    MatchingRun,
    MatchingRunKind,
    MatchingRunStatus,
    Party,
    Placement,
    PlacementStatus,
    Role,
    RoundStage,
)
from stirrup.services import rounds
from tests.factories import Factory
from tests.workflow import run_round, wait_for_round


@pytest.fixture
def coordinator(make: Factory) -> dict[str, str]:
    return make.headers(make.user(Role.COORDINATOR))


def running_round(
    db: Session, key: str, territory: dict[str, Any], age: timedelta = timedelta(0)
) -> MatchingRun:
    """A round some worker is running (or was running, ``age`` ago, before it crashed)."""
    at = clock.now() - age
    run = MatchingRun(
        kind=MatchingRunKind.ROUND,
        status=MatchingRunStatus.RUNNING,
        stage=RoundStage.SOLVING,
        territory=territory,
        territory_key=key,
        parameters={"time_limit_s": 3},
        heartbeat_at=at,
        started_at=at,
        stage_changed_at=at,
    )
    db.add(run)
    db.commit()
    return run


def count_runs(db: Session) -> int:
    db.rollback()
    return db.scalar(select(func.count()).select_from(MatchingRun)) or 0


@pytest.mark.parametrize("role", [Role.LANDLORD, Role.SOCIAL_WORKER, Role.ASSOCIATION_STAFF])
def test_rounds_are_for_coordinators(client: TestClient, make: Factory, db: Session, role: Role) -> None:
    headers = make.headers(make.user(role))
    assert client.post("/api/v1/rounds", headers=headers, json={}).status_code == 403
    assert client.get("/api/v1/rounds", headers=headers).status_code == 403
    assert count_runs(db) == 0


def test_an_admin_runs_a_round_over_everything(client: TestClient, make: Factory) -> None:
    done = run_round(client, make.headers(make.user(Role.ADMIN)))
    assert done["status"] == "done" and done["territory"] == {"kind": "all"}
    assert done["counts"]["households"] == 0


@pytest.mark.parametrize(
    ("body", "field", "words"),
    [
        ({"territory": {"kind": "departement"}}, "territory.departement", "département code"),
        ({"territory": {"kind": "departement", "departement": "99"}}, "territory.departement", "such as 59"),
        ({"territory": {"kind": "communes", "communes": []}}, "territory.communes", "at least one"),
        ({"territory": {"kind": "communes", "communes": ["ROUBAIX"]}}, "territory.communes.0", "INSEE"),
        ({"territory": {"kind": "all", "communes": ["59512"]}}, "territory.communes", "only with kind"),
        ({"time_limit_s": 0}, "time_limit_s", "greater than 0"),
        ({"max_radius_km": 500}, "max_radius_km", "less than or equal to 200"),
        ({"weights": {"distance": -1}}, "weights.distance", "greater than or equal to 0"),
        ({"weights": {"distance": False}}, "weights.distance", "must be a number"),
        ({"started_by_id": 1}, "started_by_id", "not a field you can set"),
    ],
)
def test_a_bad_round_is_refused_and_nothing_written(
    client: TestClient, coordinator: dict[str, str], db: Session, body: dict[str, Any], field: str, words: str
) -> None:
    answer = client.post("/api/v1/rounds", headers=coordinator, json=body)
    assert answer.status_code == 422, answer.text
    problems = {p["field"]: p["message"] for p in answer.json()["error"]["fields"]}
    assert field in problems and words in problems[field], problems
    assert count_runs(db) == 0


def test_an_overlapping_territory_waits_for_the_running_round(
    client: TestClient, coordinator: dict[str, str], db: Session
) -> None:
    busy = running_round(db, "departement:59", {"kind": "departement", "departement": "59"})
    for territory in (
        {"kind": "communes", "communes": ["59512", "62041"]},
        {"kind": "departement", "departement": "59"},
        {"kind": "all"},
    ):
        answer = client.post("/api/v1/rounds", headers=coordinator, json={"territory": territory})
        assert answer.status_code == 409, answer.text
        assert f"round {busy.id} is running on département 59" in answer.json()["error"]["message"]
    elsewhere = run_round(client, coordinator, territory={"kind": "departement", "departement": "62"})
    assert elsewhere["status"] == "done"
    assert count_runs(db) == 2


def test_the_database_itself_refuses_two_running_rounds_on_one_territory(db: Session) -> None:
    running_round(db, "departement:59", {"kind": "departement", "departement": "59"})
    with pytest.raises(IntegrityError):
        running_round(db, "departement:59", {"kind": "departement", "departement": "59"})
    db.rollback()


def test_a_crashed_round_is_failed_and_can_be_restarted(
    client: TestClient, coordinator: dict[str, str], make: Factory, db: Session
) -> None:
    make.home()
    make.household(children=0)
    make.association()
    crashed = running_round(db, "all", {"kind": "all"}, age=timedelta(minutes=10))
    restarted = client.post(f"/api/v1/rounds/{crashed.id}/restart", headers=coordinator)
    assert restarted.status_code == 202, restarted.text
    done = wait_for_round(client, restarted.json()["id"], coordinator)
    assert done["status"] == "done" and done["counts"]["proposals"] == 1
    assert done["parameters"]["time_limit_s"] == 3  # the crashed round's options
    old = client.get(f"/api/v1/rounds/{crashed.id}", headers=coordinator).json()
    assert old["status"] == "failed" and old["stage"] == "failed" and "stopped" in old["error"]
    again = client.post(f"/api/v1/rounds/{done['id']}/restart", headers=coordinator)
    assert again.status_code == 409 and "only a failed round" in again.json()["error"]["message"]


def test_a_failing_solve_fails_the_round_with_its_reason(
    client: TestClient, coordinator: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_: object) -> None:
        raise RuntimeError("solver exploded")

    monkeypatch.setattr(rounds, "solve", broken)
    done = run_round(client, coordinator)
    assert done["status"] == "failed" and done["stage"] == "failed"
    assert done["error"] == "RuntimeError: solver exploded"


def test_live_placements_are_kept_and_declined_pairs_never_proposed_again(
    client: TestClient, coordinator: dict[str, str], make: Factory, db: Session
) -> None:
    association = make.association()
    placed = make.parties(PlacementStatus.ACTIVE)  # its own association, one household followed
    worker = make.user(Role.SOCIAL_WORKER)
    household = make.household(referent=worker, children=0)
    declined_home, other_home = make.home(), make.home(latitude=50.70)
    earlier = make.placement(household, declined_home, association, PlacementStatus.DECLINED)
    make.decision(earlier, Party.LANDLORD, Decision.DECLINED, reason_code="dates")
    done = run_round(client, coordinator)
    assert done["counts"]["locked"] == 1 and done["counts"]["forbidden"] == 1
    proposals = client.get(f"/api/v1/rounds/{done['id']}/proposals", headers=coordinator).json()["items"]
    assert [(p["household"]["id"], p["home"]["id"]) for p in proposals] == [(household.id, other_home.id)]
    db.rollback()
    kept = db.get(Placement, placed.placement.id)
    assert kept.status is PlacementStatus.ACTIVE and kept.home_id == placed.home.id


def test_an_association_decline_does_not_rule_the_pair_out(
    client: TestClient, coordinator: dict[str, str], make: Factory
) -> None:
    first, second = make.association(), make.association()
    household, home = make.household(children=0), make.home()
    earlier = make.placement(household, home, first, PlacementStatus.DECLINED)
    make.decision(earlier, Party.ASSOCIATION, Decision.DECLINED, reason_code="no_capacity")
    done = run_round(client, coordinator)
    assert done["counts"]["forbidden"] == 0 and done["counts"]["proposals"] == 1
    assert second.id  # another association may follow the same pair


def test_a_new_round_supersedes_unanswered_proposals_and_keeps_answered_ones(
    client: TestClient, coordinator: dict[str, str], make: Factory, db: Session
) -> None:
    make.association()
    home = make.home()
    waiting = make.household(priority=2, children=0)
    first = run_round(client, coordinator)
    [proposal] = client.get(f"/api/v1/rounds/{first['id']}/proposals", headers=coordinator).json()["items"]
    same = run_round(client, coordinator)
    assert same["counts"]["confirmed"] == 1 and same["counts"]["proposals"] == 0
    urgent = make.household(priority=5, children=0)
    replaced = run_round(client, coordinator)
    assert replaced["counts"]["superseded"] == 1 and replaced["counts"]["proposals"] == 1
    db.rollback()
    old = db.get(Placement, proposal["id"])
    assert (old.status, old.closed_reason) == (PlacementStatus.CANCELLED, "superseded")
    new = db.scalar(select(Placement).where(Placement.status == PlacementStatus.PROPOSED))
    assert (new.household_id, new.home_id) == (urgent.id, home.id)
    reasons = client.get(f"/api/v1/households/{waiting.id}/unmatched-reasons?lang=en", headers=coordinator)
    assert [r["code"] for r in reasons.json()["reasons"]] == ["homes_taken_by_higher_priority"]
    make.decision(new, Party.LANDLORD)
    make.household(priority=5, children=0)
    answered = run_round(client, coordinator)
    assert answered["counts"]["superseded"] == 0 and answered["counts"]["proposals"] == 0
    db.expire_all()
    assert db.get(Placement, new.id).status is PlacementStatus.PROPOSED


def test_keep_unanswered_matches_only_what_is_free(
    client: TestClient, coordinator: dict[str, str], make: Factory
) -> None:
    make.association()
    make.home()
    make.household(priority=2, children=0)
    run_round(client, coordinator)
    make.household(priority=5, children=0)
    kept = run_round(client, coordinator, replace_unanswered=False)
    assert kept["counts"]["superseded"] == 0 and kept["counts"]["households"] == 1


def test_unmatched_reasons_are_plain_words_for_the_social_worker(
    client: TestClient, coordinator: dict[str, str], make: Factory
) -> None:
    make.association()
    make.home(bedrooms=0, rooms=1, surface_m2=18, max_occupants=1)
    worker = make.user(Role.SOCIAL_WORKER)
    family = make.household(referent=worker, adults=2, children=3)
    done = run_round(client, coordinator)
    assert done["counts"]["unmatched"] == 1
    path = f"/api/v1/households/{family.id}/unmatched-reasons"
    french = client.get(path + "?lang=fr", headers=make.headers(worker)).json()
    assert french["matching_run_id"] == done["id"] and french["household_status"] == "waiting"
    assert french["reasons"][0]["code"] == "homes_too_small"
    assert "trop petits" in french["reasons"][0]["text"] and "3 chambre(s)" in french["reasons"][0]["text"]
    english = client.get(path + "?lang=en", headers=make.headers(worker)).json()
    assert "too small: the household needs 3 bedroom(s), room for 5 people" in english["reasons"][0]["text"]
    listed = client.get(f"/api/v1/rounds/{done['id']}/unmatched", headers=coordinator).json()["items"]
    assert listed[0]["household_reference"] == family.reference and "contact" not in str(listed)
    for stranger in (make.user(Role.LANDLORD), make.user(Role.SOCIAL_WORKER)):
        assert client.get(path, headers=make.headers(stranger)).status_code == 404


def test_the_proposals_of_a_round_explain_why_this_home(
    client: TestClient, coordinator: dict[str, str], make: Factory
) -> None:
    make.association()
    make.home(latitude=50.689, longitude=3.185)
    make.home(latitude=50.72, longitude=3.16)
    make.household(children=0)
    done = run_round(client, coordinator)
    [proposal] = client.get(f"/api/v1/rounds/{done['id']}/proposals?lang=en", headers=coordinator).json()[
        "items"
    ]
    why = proposal["explanation"]["why"][0]
    assert why["code"] == "placement_fit" and "km from where the household must stay" in why["text"]
    [alternative] = proposal["explanation"]["alternatives"]
    assert alternative["home_id"] is not None and alternative["taken"] is False
