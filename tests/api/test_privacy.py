"""A household's rights: its full export (JSON and a readable page) and its erasure by its referent
social worker, audited; and the retention purge that anonymises files after two years."""

from __future__ import annotations

from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from stirrup import clock
from stirrup.models import (
    AuditEvent,
    Decision,
    Household,
    HouseholdContact,
    HouseholdStatus,
    Incident,
    IncidentCategory,
    IncidentSeverity,
    IncidentStatus,
    InsuranceCertificate,
    InsuranceHolder,
    Party,
    Placement,
    PlacementDecision,
    PlacementStatus,
    Role,
    Visit,
    VisitKind,
)
from tests.factories import Factory, Parties
from tests.pages.test_documents import sign_in
from tests.pages.test_login import csrf_of

NAME = "Zébulon Quintessence"


def fresh(db: Session) -> None:
    """See what the app committed: end the snapshot and forget the objects the factory loaded."""
    db.rollback()
    db.expire_all()


def placed(make: Factory, status: PlacementStatus = PlacementStatus.ENDED) -> Parties:
    """A household with a full file: contact, needs, notes, a decision and its own insurance."""
    parties = make.parties(status=status, contact_name=NAME)
    household = make.db.get(Household, parties.household.id)
    household.notes, household.support_needs, household.needs_step_free = "Note-7731", ["budget"], True
    make.db.add_all(
        [
            PlacementDecision(
                placement_id=parties.placement.id,
                party=Party.SOCIAL_WORKER,
                decision=Decision.ACCEPTED,
                user_id=parties.worker.id,
                reason_text="Close to the school",
            ),
            Visit(
                placement_id=parties.placement.id,
                visited_on=parties.placement.start_date,
                kind=VisitKind.HOME_VISIT,
                wellbeing=4,
                notes="Visit-note-55",
            ),
            Incident(
                placement_id=parties.placement.id,
                occurred_on=parties.placement.start_date,
                severity=IncidentSeverity.MINOR,
                category=IncidentCategory.OTHER,
                description="Incident-66",
                status=IncidentStatus.OPEN,
            ),
            InsuranceCertificate(
                placement_id=parties.placement.id,
                holder=InsuranceHolder.OCCUPANT,
                insurer="MAIF",
                policy_number="POL-123456",
                valid_from=parties.placement.start_date,
                valid_until=parties.placement.planned_end,
            ),
        ]
    )
    make.db.commit()
    return parties


def test_the_export_holds_the_whole_file_and_nobody_elses(
    client: TestClient, make: Factory, db: Session
) -> None:
    parties = placed(make, PlacementStatus.ACTIVE)  # the association reads the file while it follows it
    other = make.household(referent=parties.worker, contact_name="Someone Else", notes="Other-note")
    client.get(f"/api/v1/households/{parties.household.id}", headers=make.headers(parties.staff))
    answer = client.get(
        f"/api/v1/households/{parties.household.id}/export", headers=make.headers(parties.worker)
    )
    assert answer.status_code == 200, answer.text
    export = answer.json()
    assert export["household"]["contact"]["full_name"] == NAME
    assert export["household"]["notes"] == "Note-7731" and export["household"]["consent_purpose"]
    (placement,) = export["placements"]
    assert (
        placement["address"].startswith("12 rue de l'Épeule") and "Toit Partagé" in placement["association"]
    )
    assert placement["decisions"][0]["reason_text"] == "Close to the school"
    assert placement["insurance"][0]["policy_number"] == "POL-123456"
    assert placement["follow_up"]["visits"][0]["notes"] == "Visit-note-55"
    assert placement["follow_up"]["incidents"][0]["description"] == "Incident-66"
    recipients = {(a["action"], a["actor_role"]) for a in export["access_log"]}
    assert ("read_sensitive", "association_staff") in recipients  # who else read the file
    assert "Someone Else" not in answer.text and "Other-note" not in answer.text
    assert other.reference not in answer.text
    fresh(db)
    event = db.scalar(select(AuditEvent).where(AuditEvent.action == "export"))
    assert event.actor_id == parties.worker.id and event.details == {"format": "json"}


def test_only_the_referent_organisation_exports_or_erases(client: TestClient, make: Factory) -> None:
    parties = placed(make, PlacementStatus.ACTIVE)
    url = f"/api/v1/households/{parties.household.id}"
    for user, expected in (
        (parties.staff, 403),  # follows the household, but does not handle its requests
        (make.user(Role.COORDINATOR), 403),
        (make.user(Role.SOCIAL_WORKER), 404),  # another organisation: not even its existence
        (parties.owner, 404),
    ):
        headers = make.headers(user)
        assert client.get(f"{url}/export", headers=headers).status_code == expected
        body = {"confirm_reference": parties.household.reference}
        assert client.post(f"{url}/erasure", json=body, headers=headers).status_code == expected


def test_the_readable_export_page(client: TestClient, make: Factory) -> None:
    parties = placed(make)
    sign_in(client, make, parties.worker)
    client.headers["accept-language"] = "en"
    page = client.get(f"/households/{parties.household.id}/export")
    assert page.status_code == 200
    assert NAME in page.text and "Who read or changed this file" in page.text and "POL-123456" in page.text


def test_erasure_deletes_the_personal_data_and_keeps_statistics(
    client: TestClient, make: Factory, db: Session
) -> None:
    parties = placed(make)
    url = f"/api/v1/households/{parties.household.id}/erasure"
    headers = make.headers(parties.worker)
    wrong = client.post(url, json={"confirm_reference": "B-NOTIT"}, headers=headers)
    assert wrong.status_code == 422 and wrong.json()["error"]["fields"][0]["field"] == "confirm_reference"
    fresh(db)
    assert db.get(HouseholdContact, parties.household.id) is not None  # nothing written

    done = client.post(url, json={"confirm_reference": parties.household.reference.lower()}, headers=headers)
    assert done.status_code == 200, done.text
    assert done.json()["reference"] == parties.household.reference
    fresh(db)
    household = db.get(Household, parties.household.id)
    assert household.anonymised_at is not None and household.status is HouseholdStatus.EXITED
    assert db.get(HouseholdContact, household.id) is None
    assert (household.notes, household.support_needs, household.needs_step_free) == ("", [], False)
    assert (household.adults, household.children, household.anchor_commune) == (1, 1, "Roubaix")
    assert db.scalar(select(func.count()).select_from(Placement)) == 1  # statistics stay
    assert db.scalar(select(PlacementDecision.reason_text)) is None
    assert db.scalar(select(InsuranceCertificate.policy_number)) == ""
    event = db.scalar(select(AuditEvent).where(AuditEvent.action == "erase"))
    assert event.actor_id == parties.worker.id and NAME not in str(event.details)
    again = client.get(f"/api/v1/households/{household.id}/export", headers=headers)
    for gone in (NAME, "Note-7731", "POL-123456", "Visit-note-55", "Incident-66"):
        assert gone not in again.text
    body = {"confirm_reference": household.reference}
    assert client.post(url, json=body, headers=headers).status_code == 409


def test_erasure_waits_for_the_placement_to_end(client: TestClient, make: Factory, db: Session) -> None:
    parties = placed(make, PlacementStatus.ACTIVE)
    answer = client.post(
        f"/api/v1/households/{parties.household.id}/erasure",
        json={"confirm_reference": parties.household.reference},
        headers=make.headers(parties.worker),
    )
    assert answer.status_code == 409 and "art. 17(3)" in answer.json()["error"]["message"]
    fresh(db)
    assert db.get(Household, parties.household.id).anonymised_at is None


def test_the_erasure_page(client: TestClient, make: Factory, db: Session) -> None:
    parties = placed(make)
    sign_in(client, make, parties.worker)
    client.headers["accept-language"] = "en"
    form = client.get(f"/households/{parties.household.id}/erasure")
    url = f"/households/{parties.household.id}/erasure"
    wrong = client.post(url, data={"csrf_token": csrf_of(form.text), "confirm_reference": "nope"})
    assert wrong.status_code == 422 and 'id="confirm_reference-error"' in wrong.text
    reference = parties.household.reference
    done = client.post(url, data={"csrf_token": csrf_of(form.text), "confirm_reference": reference})
    assert done.status_code == 200 and "has been erased" in done.text
    fresh(db)
    assert db.get(HouseholdContact, parties.household.id) is None


def ended_on(make: Factory, end: date, status: HouseholdStatus = HouseholdStatus.EXITED) -> Household:
    household = make.household(status=status)
    make.placement(
        household,
        make.home(),
        make.association(),
        PlacementStatus.ENDED,
        start=end - relativedelta(months=6),
        actual_end=end,
    )
    return household


def test_retention_anonymises_after_two_years_and_only_then(make: Factory, db: Session) -> None:
    from stirrup.config import Settings
    from stirrup.db import transaction
    from stirrup.services import retention

    later = timedelta(days=3 * 365)  # the purge runs three years from now
    with clock.travel(later):
        then = clock.today()
    old = ended_on(make, then - relativedelta(years=2) - timedelta(days=1))
    recent = ended_on(make, then - relativedelta(years=2) + timedelta(days=1))
    waiting = make.household()  # untouched for three years, but still waiting for a home
    settings = Settings(database_url="sqlite://")
    engine = db.get_bind()
    with clock.travel(later):
        with transaction(engine) as session:
            dry = retention.purge(session, settings, dry_run=True)
        assert [h.reference for h in dry.households] == [old.reference]
        fresh(db)
        assert db.get(Household, old.id).anonymised_at is None  # a dry run changes nothing
        with transaction(engine) as session:
            done = retention.purge(session, settings)
        with transaction(engine) as session:
            assert retention.purge(session, settings).households == []  # idempotent
    assert [h.reference for h in done.households] == [old.reference]
    fresh(db)
    assert db.get(Household, old.id).anonymised_at is not None
    assert db.get(HouseholdContact, old.id) is None
    assert db.get(Household, recent.id).anonymised_at is None
    assert db.get(Household, waiting.id).anonymised_at is None
    event = db.scalar(select(AuditEvent).where(AuditEvent.action == "anonymise"))
    assert event.entity_id == str(old.id) and event.details["reason"] == "retention"
