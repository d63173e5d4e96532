"""Who is notified of what: a new proposal (its three sides), an answer (the two other sides,
whether they had answered or not), a placement agreed (all three), reminders to the silent sides,
and alerts once each to those who see them — each written with the change it is about."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from stirrup import clock
from stirrup.config import Settings
from stirrup.db import transaction
from stirrup.models import (
    IncidentSeverity,
    InsuranceCertificate,
    InsuranceHolder,
    Notification,
    NotificationKind,
    Organisation,
    Party,
    PlacementStatus,
    Role,
    User,
)
from stirrup.services import notification_sources, reminders
from tests.factories import Factory, Parties

K = NotificationKind


def received(db: Session, kind: NotificationKind | None = None) -> dict[int, list[dict[str, Any]]]:
    """Each user's notifications (of ``kind``), as their facts, oldest first."""
    db.rollback()
    stmt = select(Notification).order_by(Notification.id)
    if kind is not None:
        stmt = stmt.where(Notification.kind == kind)
    found: dict[int, list[dict[str, Any]]] = {}
    for notification in db.scalars(stmt):
        found.setdefault(notification.user_id, []).append({"kind": notification.kind, **notification.params})
    return found


def answer(client: TestClient, make: Factory, user: User, pid: int, action: str, **body: Any) -> None:
    if action == "decline":
        body = {"reason_code": "other", "reason_text": "Not now", **body}
    done = client.post(f"/api/v1/proposals/{pid}/{action}", headers=make.headers(user), json=body)
    assert done.status_code == 200, done.text


def test_a_new_proposal_goes_to_its_three_sides_and_to_no_one_else(
    client: TestClient, make: Factory, db: Session
) -> None:
    association = make.association()
    staff = make.user(Role.ASSOCIATION_STAFF, organisation=db.get(Organisation, association.organisation_id))
    home = make.home()
    worker = make.user(Role.SOCIAL_WORKER)
    colleague = make.user(Role.SOCIAL_WORKER, organisation=db.get(Organisation, worker.organisation_id))
    household = make.household(referent=worker, children=0)
    make.user(Role.COORDINATOR)
    done = client.post(
        f"/api/v1/households/{household.id}/placement-request",
        headers=make.headers(worker),
        json={"priority": 3, "reason": "Shelter ends"},
    )
    assert done.status_code == 201 and done.json()["outcome"] == "proposed", done.text
    pid = done.json()["proposal"]["id"]
    got = received(db, K.PROPOSAL_TO_ANSWER)
    assert set(got) == {home.owner_user_id, worker.id, staff.id}  # not the colleague, not coordinators
    assert colleague.id not in got
    owner_facts = got[home.owner_user_id][0]
    assert owner_facts["owner"] is True and "reference" not in owner_facts
    assert owner_facts["placement_id"] == pid and owner_facts["commune"] == "Roubaix"
    assert owner_facts["start"] == clock.today().isoformat() and "expires_on" in owner_facts
    assert got[worker.id][0]["reference"] == household.reference == got[staff.id][0]["reference"]


def test_each_answer_goes_to_the_two_other_sides_even_after_their_acceptance(
    client: TestClient, make: Factory, db: Session
) -> None:
    p = make.proposal()
    pid = p.placement.id
    answer(client, make, p.owner, pid, "accept")
    got = received(db, K.PROPOSAL_ANSWERED)
    assert set(got) == {p.worker.id, p.staff.id}
    assert (got[p.staff.id][0]["party"], got[p.staff.id][0]["decision"], got[p.staff.id][0]["new_date"]) == (
        "landlord",
        "accepted",
        False,
    )
    later = (clock.today() + timedelta(days=10)).isoformat()
    answer(client, make, p.staff, pid, "accept", move_in_date=later)
    got = received(db, K.PROPOSAL_ANSWERED)
    assert got[p.owner.id] == [
        {
            **got[p.owner.id][0],
            "party": "association",
            "decision": "accepted",
            "new_date": True,
            "start": later,
        }
    ]
    answer(client, make, p.worker, pid, "decline")
    got = received(db, K.PROPOSAL_ANSWERED)
    # The owner and the association had accepted: they hear of the decline all the same.
    assert [f["decision"] for f in got[p.owner.id]] == ["accepted", "declined"]
    assert [f["decision"] for f in got[p.staff.id]] == ["accepted", "declined"]
    assert [f["party"] for f in got[p.worker.id]] == ["landlord", "association"]  # not their own decline


def test_the_third_acceptance_tells_all_three_the_placement_is_agreed(
    client: TestClient, make: Factory, db: Session
) -> None:
    p = make.proposal()
    for user in (p.owner, p.staff):
        answer(client, make, user, p.placement.id, "accept")
    before = received(db, K.PROPOSAL_ANSWERED)
    answer(client, make, p.worker, p.placement.id, "accept")
    assert received(db, K.PROPOSAL_ANSWERED) == before  # the last acceptance is the agreement itself
    got = received(db, K.PLACEMENT_STARTING)
    assert set(got) == {p.owner.id, p.worker.id, p.staff.id}
    assert got[p.worker.id][0]["end"] == p.placement.planned_end.isoformat()


def test_a_company_home_tells_its_landlords_and_a_departed_referent_their_colleagues(
    client: TestClient, make: Factory, db: Session
) -> None:
    p = make.proposal()
    company = make.organisation()
    landlords = [make.user(Role.LANDLORD, organisation=company) for _ in range(2)]
    p.home.owner_user_id, p.home.owner_organisation_id = None, company.id
    service = db.get(Organisation, p.worker.organisation_id)
    colleagues = [make.user(Role.SOCIAL_WORKER, organisation=service) for _ in range(2)]
    db.get(User, p.worker.id).is_active = False
    db.commit()
    answer(client, make, p.staff, p.placement.id, "decline")
    assert set(received(db, K.PROPOSAL_ANSWERED)) == {u.id for u in landlords + colleagues}


def test_reminders_reach_the_silent_sides_once(
    engine: Engine, settings: Settings, make: Factory, db: Session
) -> None:
    p = make.proposal()
    make.decision(p.placement, Party.LANDLORD, user=p.owner)
    closed = make.proposal()
    with clock.travel(timedelta(hours=49)):
        reminders.run_housekeeping(engine, settings)
    with transaction(engine) as session:
        closed_now = session.get(type(closed.placement), closed.placement.id)
        closed_now.status = PlacementStatus.CANCELLED
    with transaction(engine) as session:
        assert notification_sources.from_reminders(session) == 2
    with transaction(engine) as session:
        assert notification_sources.from_reminders(session) == 0
        assert reminders.unsent(session) == []  # those of the closed proposal too, without a word
    got = received(db, K.PROPOSAL_REMINDER)
    assert set(got) == {p.worker.id, p.staff.id}
    assert got[p.worker.id][0]["placement_id"] == p.placement.id


def _active(make: Factory, days_ago: int) -> Parties:
    return make.parties(PlacementStatus.ACTIVE, start=clock.today() - timedelta(days=days_ago))


def test_alerts_are_notified_once_each_to_those_who_see_them(
    engine: Engine, make: Factory, db: Session
) -> None:
    p = _active(make, days_ago=22)  # no visit since the start: a check-in is overdue
    coordinator, admin = make.user(Role.COORDINATOR), make.user(Role.ADMIN)
    make.incident(p.placement, IncidentSeverity.SEVERE, description="Fight on the landing")
    make._save(
        InsuranceCertificate(
            placement_id=p.placement.id,
            holder=InsuranceHolder.ASSOCIATION,
            insurer="MAIF",
            policy_number="X-1",
            valid_from=p.placement.start_date,
            valid_until=clock.today() - timedelta(days=2),
        )
    )
    with transaction(engine) as session:
        written = notification_sources.from_alerts(session)
    got = {user: sorted(f["kind"] for f in facts) for user, facts in received(db).items()}
    assert got == {
        p.owner.id: [K.INSURANCE_LAPSED, K.SEVERE_INCIDENT],
        p.staff.id: [K.INSURANCE_LAPSED, K.NO_RECENT_CHECK_IN, K.SEVERE_INCIDENT],
        p.worker.id: [K.INSURANCE_LAPSED, K.NO_RECENT_CHECK_IN, K.SEVERE_INCIDENT],
        coordinator.id: [K.INSURANCE_LAPSED, K.NO_RECENT_CHECK_IN, K.SEVERE_INCIDENT],
    }
    assert admin.id not in got and written == 11
    with transaction(engine) as session:
        assert notification_sources.from_alerts(session) == 0  # computed again: nothing new
    incident = {
        user: facts for user, all_facts in received(db, K.SEVERE_INCIDENT).items() for facts in all_facts
    }
    assert incident[p.owner.id]["owner"] is True and "reference" not in incident[p.owner.id]
    assert "reference" not in incident[coordinator.id]
    assert incident[p.staff.id]["reference"] == p.household.reference
    assert incident[p.staff.id]["date"] == clock.today().isoformat()
    with clock.travel(timedelta(days=1)), transaction(engine) as session:
        # The same overdue check-in, a day later, is the same alert.
        assert notification_sources.from_alerts(session) == 0
