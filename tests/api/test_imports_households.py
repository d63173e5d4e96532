"""Importing households and associations: the same rules as the API, for who the API allows."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from stirrup import clock
from stirrup.imports.headers import ASSOCIATIONS, HOUSEHOLDS
from stirrup.models import (
    Association,
    AuditEvent,
    Household,
    HouseholdContact,
    Organisation,
    OrganisationKind,
    Role,
)
from tests.factories import Factory
from tests.imports.files import upload, xlsx

HOUSEHOLD_FR = [column.fr for column in HOUSEHOLDS]
HOUSEHOLD_EN = [column.en for column in HOUSEHOLDS]


def household_row(**values: Any) -> list[Any]:
    defaults = {
        "external_ref": "DOS-1",
        "adults": 1,
        "children": 2,
        "needs_step_free": "oui",
        "anchor_kind": "school",
        "anchor_postal_code": "59100",
        "anchor_commune": "Roubaix",
        "max_distance_km": "8",
        "preferred_communes": "59512; 59650",
        "earliest_start": clock.today() + timedelta(days=10),
        "support_needs": "rights_paperwork, budget",
        "priority": 4,
        "priority_reason": "Sleeping in a car",
        "consent_given_on": clock.today() - timedelta(days=2),
        "consent_purpose": "Placement and follow-up",
        "contact.full_name": "Camille Martin",
        "contact.phone": "06 12 34 56 78",
    }
    defaults.update(values)
    return [defaults.get(column.field) for column in HOUSEHOLDS]


def test_a_social_worker_imports_households_for_their_organisation(
    client: TestClient, make: Factory, db: Session
) -> None:
    worker = make.user(Role.SOCIAL_WORKER)
    colleague = make.user(Role.SOCIAL_WORKER, organisation=db.get(Organisation, worker.organisation_id))
    rows = [household_row(), household_row(external_ref="DOS-2", referent_id=colleague.email.upper())]
    job = upload(client, "households", make.headers(worker), xlsx(HOUSEHOLD_FR, rows))
    assert job["status"] == "done", job
    db.rollback()
    first, second = db.scalars(select(Household).order_by(Household.external_ref)).all()
    assert first.organisation_id == worker.organisation_id and first.referent_id == worker.id
    assert second.referent_id == colleague.id
    assert first.consent_recorded_by_id == worker.id and first.reference.startswith("B-")
    assert first.support_needs == ["budget", "rights_paperwork"]
    assert first.preferred_communes == ["59512", "59650"] and first.needs_step_free
    assert db.scalar(select(HouseholdContact.full_name).where(HouseholdContact.household_id == first.id)) == (
        "Camille Martin"
    )
    events = db.scalars(select(AuditEvent).where(AuditEvent.entity_type == "household")).all()
    assert {e.details["reference"] for e in events} == {first.reference, second.reference}
    assert all("Camille" not in str(e.details) for e in events)


def test_households_reimported_update_by_reference_and_keep_their_consent(
    client: TestClient, make: Factory, db: Session
) -> None:
    worker = make.user(Role.SOCIAL_WORKER)
    headers = make.headers(worker)
    upload(client, "households", headers, xlsx(HOUSEHOLD_EN, [household_row()]))
    db.rollback()
    before = db.scalars(select(Household)).one()
    changed = household_row(
        priority=5, consent_purpose="Something else", **{"contact.full_name": "Camille Martin-Durand"}
    )
    again = upload(client, "households", headers, xlsx(HOUSEHOLD_EN, [changed]))
    assert (again["created_count"], again["updated_count"]) == (0, 1)
    db.rollback()
    after = db.scalars(select(Household)).one()
    assert (after.id, after.reference, after.priority) == (before.id, before.reference, 5)
    assert after.consent_purpose == "Placement and follow-up"
    assert db.scalar(select(HouseholdContact.full_name)) == "Camille Martin-Durand"


@pytest.mark.parametrize(
    ("change", "column", "words"),
    [
        ({"support_needs": "budget; astrology"}, "R", "unknown kind(s) of support: astrology"),
        ({"consent_given_on": clock.today() + timedelta(days=3)}, "U", "cannot be in the future"),
        ({"referent_id": "nobody@example.org"}, "B", "no account has this e-mail"),
        ({"priority": 7}, "S", "less than or equal to 5"),
        ({"anchor_kind": "mosque"}, "I", "'school'"),
        ({"contact.email": "not-an-email"}, "Z", "email"),
        ({"excluded_communes": "59512"}, "P", "also listed as preferred: 59512"),
    ],
)
def test_household_rows_break_the_api_rules_by_name(
    client: TestClient, make: Factory, db: Session, change: dict[str, Any], column: str, words: str
) -> None:
    job = upload(
        client,
        "households",
        make.headers(make.user(Role.SOCIAL_WORKER)),
        xlsx(HOUSEHOLD_FR, [household_row(**change)]),
    )
    assert job["status"] == "invalid"
    problem = job["problems"][0]
    assert problem["row"] == 2 and problem["column"] == column, problem
    assert words in problem["message"]
    db.rollback()
    assert db.scalar(select(func.count()).select_from(Household)) == 0


def test_a_referent_of_another_organisation_is_refused(client: TestClient, make: Factory) -> None:
    outsider = make.user(Role.SOCIAL_WORKER)
    job = upload(
        client,
        "households",
        make.headers(make.user(Role.SOCIAL_WORKER)),
        xlsx(HOUSEHOLD_FR, [household_row(referent_id=outsider.email)]),
    )
    assert job["problems"][0]["message"] == "must be an active social worker of your organisation"


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.LANDLORD, Role.ASSOCIATION_STAFF, Role.ADMIN])
def test_only_social_workers_import_households(client: TestClient, make: Factory, role: Role) -> None:
    answer = client.post(
        "/api/v1/imports/households",
        files={"file": ("m.xlsx", xlsx(HOUSEHOLD_FR, [household_row()]))},
        headers=make.headers(make.user(role)),
    )
    assert answer.status_code == 403
    assert answer.json()["error"]["message"] == "only social workers register households"


ASSOCIATION_FR = [column.fr for column in ASSOCIATIONS]


def association_row(organisation: str, **values: Any) -> list[Any]:
    defaults = {
        "external_ref": "ASSO-1",
        "organisation_id": organisation,
        "base_postal_code": "59100",
        "base_commune": "Roubaix",
        "radius_km": 12,
        "communes": "59650",
        "support_offered": "budget; employment",
        "capacity": 20,
    }
    defaults.update(values)
    return [defaults.get(column.field) for column in ASSOCIATIONS]


def test_a_coordinator_imports_the_association_directory_by_organisation_name(
    client: TestClient, make: Factory, db: Session
) -> None:
    toit = make.organisation(OrganisationKind.PARTNER_ASSOCIATION, name="Toit Partagé")
    abri = make.organisation(OrganisationKind.PARTNER_ASSOCIATION, name="L'Abri")
    headers = make.headers(make.user(Role.COORDINATOR))
    rows = [association_row("toit partage"), association_row(str(abri.id), external_ref="ASSO-2", capacity=5)]
    job = upload(client, "associations", headers, xlsx(ASSOCIATION_FR, rows))
    assert job["created_count"] == 2, job
    rows[0][ASSOCIATION_FR.index("Capacité (ménages)")] = 30
    again = upload(client, "associations", headers, xlsx(ASSOCIATION_FR, rows))
    assert (again["created_count"], again["updated_count"]) == (0, 2)
    db.rollback()
    capacities = {
        org: capacity
        for org, capacity in db.execute(select(Association.organisation_id, Association.capacity))
    }
    assert capacities == {toit.id: 30, abri.id: 5}


def test_association_rows_follow_the_api_rules(client: TestClient, make: Factory, db: Session) -> None:
    make.association(make.organisation(OrganisationKind.PARTNER_ASSOCIATION, name="Déjà Là"))
    service = make.organisation(OrganisationKind.SOCIAL_SERVICE, name="CCAS")
    make.organisation(OrganisationKind.PARTNER_ASSOCIATION, name="Nouvelle")
    rows = [
        association_row("Déjà Là", external_ref="A1"),
        association_row("CCAS", external_ref="A2"),
        association_row("Inconnue", external_ref="A3"),
        association_row("Nouvelle", external_ref="A4"),
        association_row("Nouvelle", external_ref="A5"),
    ]
    job = upload(
        client, "associations", make.headers(make.user(Role.COORDINATOR)), xlsx(ASSOCIATION_FR, rows)
    )
    messages = {p["row"]: (p["column"], p["message"]) for p in job["problems"]}
    assert messages[2] == (None, "Déjà Là already has an association profile")
    assert messages[3] == ("B", "must be the id of a partner-association organisation")
    assert messages[4] == ("B", "no organisation is named 'Inconnue'")
    assert messages[6] == (None, "row 5 already gives this organisation a profile")
    assert job["problem_count"] == 4 and service.id
    db.rollback()
    assert db.scalar(select(func.count()).select_from(Association)) == 1


def test_association_staff_import_only_their_own_profile(client: TestClient, make: Factory) -> None:
    mine = make.organisation(OrganisationKind.PARTNER_ASSOCIATION, name="Mienne")
    make.organisation(OrganisationKind.PARTNER_ASSOCIATION, name="Autre")
    staff = make.user(Role.ASSOCIATION_STAFF, organisation=mine)
    rows = [association_row("Mienne"), association_row("Autre", external_ref="ASSO-2")]
    job = upload(client, "associations", make.headers(staff), xlsx(ASSOCIATION_FR, rows))
    assert [(p["row"], p["message"]) for p in job["problems"]] == [
        (3, "only coordinators, or the association's own staff, create its profile")
    ]
    refused = client.post(
        "/api/v1/imports/associations",
        files={"file": ("a.xlsx", xlsx(ASSOCIATION_FR, rows))},
        headers=make.headers(make.user(Role.LANDLORD)),
    )
    assert refused.status_code == 403
