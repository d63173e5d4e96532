"""What e-mails say: every kind of message renders in French and in English, as single e-mails
and in a digest, with a link to the page in Stirrup; and a whole placement's story, told through
the real services with sentinel values in every sensitive field, leaves none of them in any
e-mail (nor the household's reference in an owner's or a coordinator's)."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from stirrup import clock
from stirrup.config import Settings
from stirrup.db import transaction
from stirrup.models import (
    Email,
    IncidentCategory,
    IncidentSeverity,
    InsuranceCertificate,
    InsuranceHolder,
    Notification,
    NotificationKind,
    Organisation,
    Placement,
    Role,
    User,
)
from stirrup.services import notification_sources, notification_texts, outbox, reminders
from tests.factories import Factory

FACTS = {
    "placement_id": 12,
    "commune": "Tourcoing",
    "start": "2027-03-01",
    "end": "2027-09-01",
    "expires_on": "2027-02-20",
    "date": "2027-02-01",
    "party": "association",
    "decision": "accepted",
    "new_date": True,
}
READERS = {"owner": {"owner": True}, "team": {"reference": "B-7Q4K2M"}, "coordinator": {}}


@pytest.mark.parametrize("kind", list(NotificationKind))
def test_every_kind_renders_in_both_languages_with_its_link(kind: NotificationKind) -> None:
    rendered: dict[str, list[notification_texts.Rendered]] = {}
    for locale in ("fr", "en"):
        for reader in READERS.values():
            single = notification_texts.single(kind, {**FACTS, **reader}, locale, "https://s.example.org")
            digest = notification_texts.digest(
                [(kind, {**FACTS, **reader})], date(2027, 2, 2), locale, "https://s.example.org"
            )
            rendered.setdefault(locale, []).extend([single, digest])
    for locale, messages in rendered.items():
        for message in messages:
            assert message.subject and "%(" not in message.subject + message.text + message.html
            assert re.search(r"https://s\.example\.org/(proposals|placements)/12\b", message.text)
            assert 'href="https://s.example.org/account/notifications"' in message.html
            assert f'<html lang="{locale}">' in message.html
    assert rendered["fr"][0].subject != rendered["en"][0].subject  # French is French
    assert "Tourcoing" in rendered["en"][0].text and "B-7Q4K2M" in rendered["en"][2].text
    assert "B-7Q4K2M" not in rendered["en"][0].text + rendered["en"][4].text


def test_the_html_escapes_what_it_is_given() -> None:
    message = notification_texts.single(
        NotificationKind.SEVERE_INCIDENT, {**FACTS, "commune": "<b>Lille</b>"}, "en", "https://s.example.org"
    )
    assert "&lt;b&gt;Lille&lt;/b&gt;" in message.html and "<b>Lille" not in message.html
    assert "<b>Lille</b>" in message.text  # plain text is plain


#: Values written in every field that must never reach an e-mail.
SENTINELS = {
    "name": "Zoé Sentinelle",
    "phone": "06 99 88 77 66",
    "notes": "SENTINEL-HOUSEHOLD-NOTES",
    "priority": "SENTINEL-PRIORITY-REASON",
    "decline": "SENTINEL-DECLINE-TEXT",
    "incident": "SENTINEL-INCIDENT-DESCRIPTION",
    "visit": "SENTINEL-VISIT-NOTES",
    "need": "mental_health_support",
    "need_words": "mental health",
    "need_mots": "santé mentale",
    "category": "health",
    "catégorie": "santé",
    "worker": "Sophie Sentinel-Worker",
}


def _ask(client: TestClient, make: Factory, worker: User, household_id: int) -> int:
    done = client.post(
        f"/api/v1/households/{household_id}/placement-request",
        headers=make.headers(worker),
        json={"priority": 5, "reason": SENTINELS["priority"]},
    )
    assert done.status_code == 201 and done.json()["outcome"] == "proposed", done.text
    return int(done.json()["proposal"]["id"])


def _answer(client: TestClient, make: Factory, user: User, pid: int, action: str, **body: Any) -> None:
    done = client.post(f"/api/v1/proposals/{pid}/{action}", headers=make.headers(user), json=body)
    assert done.status_code == 200, done.text


def test_no_email_of_a_whole_story_carries_sensitive_data(
    client: TestClient, engine: Engine, settings: Settings, make: Factory, db: Session
) -> None:
    association = make.association(support_offered=["mental_health_support", "budget"])
    staff = make.user(Role.ASSOCIATION_STAFF, organisation=db.get(Organisation, association.organisation_id))
    owner = make.user(Role.LANDLORD, locale="en")
    coordinator = make.user(Role.COORDINATOR, locale="en")
    worker = make.user(Role.SOCIAL_WORKER, display_name=SENTINELS["worker"])
    household = make.household(
        referent=worker,
        contact_name=SENTINELS["name"],
        children=0,
        notes=SENTINELS["notes"],
        support_needs=[SENTINELS["need"]],
    )
    household.contact.phone = SENTINELS["phone"]
    make.db.commit()
    make.home(owner=owner)
    pid = _ask(client, make, worker, household.id)  # a proposal to answer, for all three
    _answer(client, make, owner, pid, "accept")  # answered: the two others are told
    later = (clock.today() + timedelta(days=3)).isoformat()
    _answer(client, make, staff, pid, "accept", move_in_date=later)
    _answer(client, make, worker, pid, "decline", reason_code="other", reason_text=SENTINELS["decline"])
    make.home(owner=owner)
    pid = _ask(client, make, worker, household.id)  # the declined home is not proposed again: this one
    second = db.get(Placement, pid)
    for user in (owner, staff, worker):
        _answer(client, make, user, pid, "accept")  # agreed: all three are told
    make.incident(second, IncidentSeverity.SEVERE, IncidentCategory.HEALTH, description=SENTINELS["incident"])
    make.visit(second, clock.today(), notes=SENTINELS["visit"])
    make._save(
        InsuranceCertificate(
            placement_id=second.id,
            holder=InsuranceHolder.OCCUPANT,
            insurer="MAIF",
            policy_number="P-1",
            valid_from=second.start_date,
            valid_until=clock.today(),
        )
    )
    waiting = make.proposal()  # another household's proposal, left unanswered: reminders
    with clock.travel(timedelta(hours=49)):
        reminders.run_housekeeping(engine, settings)
    ends_soon = second.planned_end - clock.today() - timedelta(days=20)
    with clock.travel(ends_soon), transaction(engine) as session:  # no check-in, no exit plan, cover lapsed
        notification_sources.from_alerts(session)
    outbox.run(engine, settings)
    db.rollback()
    kinds = set(db.scalars(select(Notification.kind)))
    assert kinds == set(NotificationKind)
    sent = list(db.scalars(select(Email)))
    assert len(sent) >= 15
    texts = [(email.user_id, email.subject + email.body_text + email.body_html) for email in sent]
    for notification in db.scalars(select(Notification)):
        for locale in ("fr", "en"):
            words = notification_texts.single(
                notification.kind, notification.params, locale, settings.public_url
            )
            texts.append((notification.user_id, words.subject + words.text + words.html))
    for user_id, text in texts:
        lowered = text.lower()
        for what, value in SENTINELS.items():
            assert value.lower() not in lowered, f"{what} in an e-mail to user {user_id}"
        if user_id in (owner.id, coordinator.id, waiting.owner.id):
            assert household.reference not in text and waiting.household.reference not in text
    assert any(household.reference in text for user_id, text in texts if user_id == worker.id)
