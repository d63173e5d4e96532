"""Proposals through the API: each side answers for itself, the third acceptance makes the placement
live on the agreed move-in date, a decline ends it for good, and what each side may read."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from dateutil.relativedelta import relativedelta
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from stirrup import clock
from stirrup.config import Settings
from stirrup.models import (
    AuditEvent,
    Decision,
    Home,
    HomeStatus,
    Household,
    HouseholdStatus,
    Party,
    Placement,
    PlacementDecision,
    PlacementStatus,
    Role,
)
from stirrup.services import reminders
from tests.factories import Factory, Parties


def headers_of(make: Factory, parties: Parties) -> dict[Party, dict[str, str]]:
    return {
        Party.LANDLORD: make.headers(parties.owner),
        Party.SOCIAL_WORKER: make.headers(parties.worker),
        Party.ASSOCIATION: make.headers(parties.staff),
    }


def accept(client: TestClient, proposal_id: int, headers: dict[str, str], **body: object) -> object:
    return client.post(f"/api/v1/proposals/{proposal_id}/accept", headers=headers, json=body)


def decisions(db: Session, placement_id: int) -> int:
    db.rollback()
    db.expire_all()  # read what the app committed
    return (
        db.scalar(
            select(func.count())
            .select_from(PlacementDecision)
            .where(PlacementDecision.placement_id == placement_id)
        )
        or 0
    )


def test_three_acceptances_make_the_placement_active(client: TestClient, make: Factory, db: Session) -> None:
    parties = make.proposal()
    who = headers_of(make, parties)
    pid = parties.placement.id
    for party in (Party.ASSOCIATION, Party.LANDLORD):
        answer = accept(client, pid, who[party])
        assert answer.status_code == 200, answer.text
        assert answer.json()["status"] == "proposed"
    answers = {a["party"]: a["decision"] for a in answer.json()["answers"]}
    assert answers == {"landlord": "accepted", "social_worker": None, "association": "accepted"}
    done = accept(client, pid, who[Party.SOCIAL_WORKER])
    assert done.status_code == 200, done.text
    assert done.json()["status"] == "active"
    assert done.json()["planned_end"] == (clock.today() + relativedelta(months=6)).isoformat()
    db.rollback()
    db.expire_all()  # read what the app committed
    assert db.get(Home, parties.home.id).status is HomeStatus.OCCUPIED
    assert db.get(Household, parties.household.id).status is HouseholdStatus.PLACED
    actions = set(db.scalars(select(AuditEvent.action).where(AuditEvent.entity_id == str(pid))))
    assert {"accept_proposal", "accept_placement"} <= actions


def test_a_move_in_date_in_the_future_waits_for_that_day(
    client: TestClient, make: Factory, db: Session, engine: Engine, settings: Settings
) -> None:
    parties = make.proposal()
    who = headers_of(make, parties)
    # The next 31 August: six calendar months later is the end of February, 28th or 29th.
    today = clock.today()
    august = date(today.year if today < date(today.year, 8, 31) else today.year + 1, 8, 31)
    first = accept(client, parties.placement.id, who[Party.LANDLORD], move_in_date=august.isoformat())
    assert first.status_code == 200, first.text
    end = date(august.year + 1, 2, 29) if (august.year + 1) % 4 == 0 else date(august.year + 1, 2, 28)
    assert (
        first.json()["move_in_date"] == august.isoformat() and first.json()["planned_end"] == end.isoformat()
    )
    for party in (Party.SOCIAL_WORKER, Party.ASSOCIATION):
        last = accept(client, parties.placement.id, who[party])
    assert last.status_code == 200 and last.json()["status"] == "accepted"
    with clock.travel(august - today):
        reminders.run_housekeeping(engine, settings)
    db.rollback()
    db.expire_all()  # read what the app committed
    assert db.get(Placement, parties.placement.id).status is PlacementStatus.ACTIVE


def test_another_date_asks_the_others_again(client: TestClient, make: Factory) -> None:
    parties = make.proposal()
    who = headers_of(make, parties)
    pid = parties.placement.id
    assert accept(client, pid, who[Party.LANDLORD]).status_code == 200
    assert accept(client, pid, who[Party.ASSOCIATION]).status_code == 200
    later = clock.today() + timedelta(days=10)
    moved = accept(client, pid, who[Party.SOCIAL_WORKER], move_in_date=later.isoformat())
    assert moved.status_code == 200 and moved.json()["status"] == "proposed"
    assert moved.json()["move_in_date"] == later.isoformat()
    pending = client.get("/api/v1/proposals?to_answer=true", headers=who[Party.LANDLORD]).json()["items"]
    assert [p["id"] for p in pending] == [pid]
    assert accept(client, pid, who[Party.LANDLORD]).status_code == 200
    final = accept(client, pid, who[Party.ASSOCIATION])
    assert final.json()["status"] == "accepted" and final.json()["move_in_date"] == later.isoformat()


@pytest.mark.parametrize(
    ("shift", "words"),
    [
        (timedelta(days=-1), "the first possible date is"),
        (relativedelta(months=7), "only if the move-in is by"),
    ],
)
def test_a_date_outside_the_home_availability_is_refused(
    client: TestClient, make: Factory, db: Session, shift: object, words: str
) -> None:
    parties = make.proposal()
    home = db.get(Home, parties.home.id)
    home.available_until = clock.today() + relativedelta(months=12)
    db.commit()
    answer = accept(
        client,
        parties.placement.id,
        make.headers(parties.owner),
        move_in_date=(clock.today() + shift).isoformat(),  # type: ignore[operator]
    )
    assert answer.status_code == 422, answer.text
    assert answer.json()["error"]["fields"][0]["field"] == "move_in_date"
    assert words in answer.json()["error"]["fields"][0]["message"]
    assert decisions(db, parties.placement.id) == 0


def test_accepting_twice_is_a_conflict(client: TestClient, make: Factory) -> None:
    parties = make.proposal()
    headers = make.headers(parties.owner)
    assert accept(client, parties.placement.id, headers).status_code == 200
    again = accept(client, parties.placement.id, headers)
    assert again.status_code == 409 and "already accepted" in again.json()["error"]["message"]


@pytest.mark.parametrize(
    ("party", "code"),
    [
        (Party.LANDLORD, "household_size"),
        (Party.SOCIAL_WORKER, "too_far_from_school_or_work"),
        (Party.ASSOCIATION, "no_capacity"),
    ],
)
def test_a_decline_ends_the_proposal_and_frees_both(
    client: TestClient, make: Factory, db: Session, party: Party, code: str
) -> None:
    parties = make.proposal()
    before = db.get(Household, parties.household.id)
    priority, waiting_since = before.priority, before.waiting_since
    answer = client.post(
        f"/api/v1/proposals/{parties.placement.id}/decline",
        headers=headers_of(make, parties)[party],
        json={"reason_code": code},
    )
    assert answer.status_code == 200, answer.text
    assert answer.json()["status"] == "declined" and answer.json()["closed_reason"] == "declined"
    db.rollback()
    db.expire_all()  # read what the app committed
    household = db.get(Household, parties.household.id)
    assert household.status is HouseholdStatus.WAITING
    assert (household.priority, household.waiting_since) == (priority, waiting_since)  # never lowered
    assert db.get(Home, parties.home.id).status is HomeStatus.AVAILABLE
    late = accept(client, parties.placement.id, make.headers(parties.owner))
    assert late.status_code in (404, 409)


@pytest.mark.parametrize(
    ("party", "body", "field", "words"),
    [
        (Party.LANDLORD, {"reason_code": "safety"}, "reason_code", "dates, household_size"),
        (Party.SOCIAL_WORKER, {"reason_code": "dates"}, "reason_code", "too_far_from_school_or_work"),
        (Party.ASSOCIATION, {"reason_code": "other", "reason_text": "  "}, "reason_text", "a few words"),
        (Party.LANDLORD, {"reason_code": "because"}, "reason_code", ""),
        (Party.LANDLORD, {}, "reason_code", "required"),
    ],
)
def test_a_decline_needs_a_reason_of_its_side(
    client: TestClient, make: Factory, db: Session, party: Party, body: dict[str, str], field: str, words: str
) -> None:
    parties = make.proposal()
    answer = client.post(
        f"/api/v1/proposals/{parties.placement.id}/decline",
        headers=headers_of(make, parties)[party],
        json=body,
    )
    assert answer.status_code == 422, answer.text
    problem = answer.json()["error"]["fields"][0]
    assert problem["field"] == field and words in problem["message"]
    assert decisions(db, parties.placement.id) == 0
    assert db.get(Placement, parties.placement.id).status is PlacementStatus.PROPOSED


def test_the_landlord_reads_the_decline_code_but_not_the_social_worker_words(
    client: TestClient, make: Factory
) -> None:
    parties = make.proposal()
    client.post(
        f"/api/v1/proposals/{parties.placement.id}/decline",
        headers=make.headers(parties.worker),
        json={"reason_code": "safety", "reason_text": "sentinel: the former partner lives two streets away"},
    )
    seen = client.get("/api/v1/proposals?status=declined", headers=make.headers(parties.owner)).json()[
        "items"
    ][0]
    worker_answer = next(a for a in seen["answers"] if a["party"] == "social_worker")
    assert worker_answer["reason_code"] == "safety" and worker_answer["reason_text"] is None
    assert "sentinel" not in str(seen)
    own = client.get(f"/api/v1/proposals/{parties.placement.id}", headers=make.headers(parties.worker)).json()
    assert "sentinel" in next(a for a in own["answers"] if a["party"] == "social_worker")["reason_text"]


def test_a_withdrawn_home_or_an_exited_household_is_a_clear_conflict(
    client: TestClient, make: Factory, db: Session
) -> None:
    withdrawn = make.proposal()
    client.patch(
        f"/api/v1/homes/{withdrawn.home.id}",
        headers=make.headers(withdrawn.owner),
        json={"status": "withdrawn"},
    )
    answer = accept(client, withdrawn.placement.id, make.headers(withdrawn.worker))
    assert answer.status_code == 409 and "withdrawn by its owner" in answer.json()["error"]["message"]
    exited = make.proposal()
    client.patch(
        f"/api/v1/households/{exited.household.id}",
        headers=make.headers(exited.worker),
        json={"status": "exited"},
    )
    answer = accept(client, exited.placement.id, make.headers(exited.owner))
    assert answer.status_code == 409 and "left the programme" in answer.json()["error"]["message"]
    db.rollback()
    db.expire_all()  # read what the app committed
    assert db.get(Placement, exited.placement.id).closed_reason == "household_exited"
    assert db.get(Home, exited.home.id).status is HomeStatus.AVAILABLE


def test_only_the_three_sides_answer_and_others_see_nothing(client: TestClient, make: Factory) -> None:
    parties = make.proposal()
    pid = parties.placement.id
    coordinator = make.headers(make.user(Role.COORDINATOR))
    assert client.get(f"/api/v1/proposals/{pid}", headers=coordinator).status_code == 200
    assert accept(client, pid, coordinator).status_code == 403
    for stranger in (Role.LANDLORD, Role.SOCIAL_WORKER, Role.ASSOCIATION_STAFF):
        headers = make.headers(make.user(stranger))
        assert client.get(f"/api/v1/proposals/{pid}", headers=headers).status_code == 404
        assert accept(client, pid, headers).status_code == 404
        assert client.get("/api/v1/proposals", headers=headers).json()["total"] == 0


def test_each_side_lists_what_it_has_to_answer(client: TestClient, make: Factory) -> None:
    parties = make.proposal()
    owner = make.headers(parties.owner)
    listed = client.get("/api/v1/proposals?to_answer=true", headers=owner).json()
    assert listed["total"] == 1 and listed["items"][0]["my_party"] == "landlord"
    assert listed["items"][0]["household"]["reference"] is None
    accept(client, parties.placement.id, owner)
    assert client.get("/api/v1/proposals?to_answer=true", headers=owner).json()["total"] == 0
    staff = client.get("/api/v1/proposals?to_answer=true", headers=make.headers(parties.staff)).json()
    assert staff["items"][0]["household"]["reference"] == parties.household.reference


def test_a_decision_row_records_who_answered(client: TestClient, make: Factory, db: Session) -> None:
    parties = make.proposal()
    accept(client, parties.placement.id, make.headers(parties.staff))
    db.rollback()
    db.expire_all()  # read what the app committed
    row = db.scalar(select(PlacementDecision).where(PlacementDecision.placement_id == parties.placement.id))
    assert (row.party, row.decision, row.user_id) == (Party.ASSOCIATION, Decision.ACCEPTED, parties.staff.id)
    assert row.move_in_date == parties.placement.start_date
