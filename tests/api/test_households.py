"""Households through the API: registration with consent, the three tiers of what each role sees,
and the audit of every read of sensitive fields."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from stirrup.models import AuditEvent, Household, HouseholdContact, Outcome, PlacementStatus, Role
from tests.factories import Factory

VALID: dict[str, Any] = {
    "adults": 1,
    "children": 2,
    "anchor_kind": "school",
    "anchor_postal_code": "59100",
    "anchor_commune": "Roubaix",
    "max_distance_km": 8,
    "earliest_start": "2026-12-15",
    "support_needs": ["rights_paperwork", "budget"],
    "priority": 4,
    "priority_reason": "Shelter place ends soon.",
    "consent_given_on": "2026-11-20",
    "consent_purpose": "Placement in a lent home and its follow-up",
    "contact": {"full_name": "Camille Martin", "phone": "06 12 34 56 78"},
}


def counts(db: Session) -> tuple[int, int]:
    db.rollback()
    return (
        db.scalar(select(func.count()).select_from(Household)) or 0,
        db.scalar(select(func.count()).select_from(HouseholdContact)) or 0,
    )


def test_social_worker_registers_a_household(client: TestClient, make: Factory, db: Session) -> None:
    worker = make.user(Role.SOCIAL_WORKER)
    answer = client.post("/api/v1/households", json=VALID, headers=make.headers(worker))
    assert answer.status_code == 201, answer.text
    body = answer.json()
    assert body["visibility"] == "full"
    assert body["reference"].startswith("B-") and len(body["reference"]) == 8
    assert body["organisation_id"] == worker.organisation_id and body["referent_id"] == worker.id
    assert body["persons"] == 3 and body["bedrooms_needed"] == 2  # single parent + 2 children
    assert body["contact"]["full_name"] == "Camille Martin"
    assert body["status"] == "waiting"
    household = db.get(Household, body["id"])
    assert household is not None and household.consent_recorded_by_id == worker.id


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"adults": 0}, "adults", "greater than or equal to 1"),
        ({"children": -1}, "children", "greater than or equal to 0"),
        ({"priority": 6}, "priority", "less than or equal to 5"),
        ({"priority": 0}, "priority", "greater than or equal to 1"),
        ({"support_needs": ["budget", "astrology"]}, "support_needs", "valid: rights_paperwork"),
        ({"support_needs": ["diagnosis_schizophrenia"]}, "support_needs", "unknown kind"),
        ({"max_distance_km": 0}, "max_distance_km", "greater than 0"),
        ({"anchor_postal_code": "99999"}, "anchor_postal_code", "no French département"),
        ({"consent_given_on": "2099-01-01"}, "consent_given_on", "cannot be in the future"),
        ({"consent_purpose": ""}, "consent_purpose", "at least 1 character"),
        (
            {"preferred_communes": ["59512"], "excluded_communes": ["59512"]},
            "excluded_communes",
            "also listed",
        ),
        ({"preferred_communes": ["ROUBAIX"]}, "preferred_communes.0", "INSEE"),
        ({"contact": {"full_name": "A", "email": "not-an-email"}}, "contact.email", ""),
        ({"status": "placed"}, "status", "not a field you can set"),
        ({"organisation_id": 99}, "organisation_id", "not a field you can set"),
        ({"anchor_latitude": 50.7}, "anchor_latitude", "together"),
    ],
)
def test_invalid_household_is_refused_and_nothing_is_written(
    client: TestClient, make: Factory, db: Session, change: dict[str, Any], field: str, words: str
) -> None:
    answer = client.post(
        "/api/v1/households", json={**VALID, **change}, headers=make.headers(make.user(Role.SOCIAL_WORKER))
    )
    assert answer.status_code == 422, answer.text
    problems = {p["field"]: p["message"] for p in answer.json()["error"]["fields"]}
    assert field in problems, problems
    assert words in problems[field]
    assert counts(db) == (0, 0)


def test_referent_may_be_a_colleague_but_not_someone_elsewhere(client: TestClient, make: Factory) -> None:
    worker = make.user(Role.SOCIAL_WORKER)
    colleague = make.user(Role.SOCIAL_WORKER, organisation=db_org(make, worker))
    stranger = make.user(Role.SOCIAL_WORKER)
    headers = make.headers(worker)
    ok = client.post("/api/v1/households", json={**VALID, "referent_id": colleague.id}, headers=headers)
    assert ok.status_code == 201 and ok.json()["referent_id"] == colleague.id
    refused = client.post("/api/v1/households", json={**VALID, "referent_id": stranger.id}, headers=headers)
    assert refused.status_code == 422 and refused.json()["error"]["fields"][0]["field"] == "referent_id"


def db_org(make: Factory, user: Any) -> Any:
    from stirrup.models import Organisation

    return make.db.get(Organisation, user.organisation_id)


@pytest.mark.parametrize("role", [Role.LANDLORD, Role.ASSOCIATION_STAFF, Role.COORDINATOR, Role.ADMIN])
def test_only_social_workers_register_households(client: TestClient, make: Factory, role: Role) -> None:
    answer = client.post("/api/v1/households", json=VALID, headers=make.headers(make.user(role)))
    assert answer.status_code == 403


def test_each_role_sees_only_its_tier(client: TestClient, make: Factory, db: Session) -> None:
    worker = make.user(Role.SOCIAL_WORKER)
    household = make.household(
        referent=worker, support_needs=["addiction_support"], notes="sensitive-note", needs_step_free=True
    )
    association = make.association()
    staff = make.user(Role.ASSOCIATION_STAFF, organisation=db_org_by_id(make, association.organisation_id))
    make.placement(household, make.home(), association, status=PlacementStatus.ACTIVE)
    url = f"/api/v1/households/{household.id}"

    full = client.get(url, headers=make.headers(worker)).json()
    assert full["visibility"] == "full"
    assert full["contact"]["full_name"] == "Camille Martin"
    assert full["support_needs"] == ["addiction_support"] and full["notes"] == "sensitive-note"

    follow = client.get(url, headers=make.headers(staff)).json()
    assert follow["visibility"] == "follow"
    assert follow["contact"] is None
    assert follow["support_needs"] == ["addiction_support"] and follow["needs_step_free"] is True

    coordinator = client.get(url, headers=make.headers(make.user(Role.COORDINATOR))).json()
    assert coordinator["visibility"] == "pseudonymised"
    for hidden in (
        "contact",
        "support_needs",
        "notes",
        "needs_step_free",
        "priority_reason",
        "consent_purpose",
    ):
        assert coordinator[hidden] is None, hidden
    assert "Camille" not in str(coordinator) and "addiction" not in str(coordinator)

    for outsider in (
        make.user(Role.LANDLORD),
        make.user(Role.SOCIAL_WORKER),
        make.user(Role.ASSOCIATION_STAFF),
    ):
        assert client.get(url, headers=make.headers(outsider)).status_code == 404

    reads = db.scalars(select(AuditEvent).where(AuditEvent.action == "read_sensitive")).all()
    assert sorted((e.actor_id, e.details["tier"]) for e in reads) == sorted(
        [(worker.id, "full"), (staff.id, "follow")]
    )


def db_org_by_id(make: Factory, organisation_id: int) -> Any:
    from stirrup.models import Organisation

    return make.db.get(Organisation, organisation_id)


def test_lists_show_no_sensitive_field_and_only_the_organisations_households(
    client: TestClient, make: Factory
) -> None:
    worker = make.user(Role.SOCIAL_WORKER)
    mine = make.household(referent=worker, notes="secret")
    make.household()  # another organisation's
    listed = client.get("/api/v1/households", headers=make.headers(worker)).json()
    assert [h["id"] for h in listed["items"]] == [mine.id]
    assert set(listed["items"][0]) == {
        "id",
        "reference",
        "organisation_id",
        "referent_id",
        "status",
        "persons",
        "bedrooms_needed",
        "priority",
        "anchor_commune",
        "earliest_start",
        "waiting_since",
    }


def test_referent_updates_and_overrides_bedrooms(client: TestClient, make: Factory) -> None:
    worker = make.user(Role.SOCIAL_WORKER)
    household = make.household(referent=worker, adults=1, children=0)
    headers = make.headers(worker)
    url = f"/api/v1/households/{household.id}"
    assert client.get(url, headers=headers).json()["bedrooms_needed"] == 0
    changed = client.patch(
        url, json={"bedrooms_needed": 1, "priority": 5, "contact": {"full_name": "A. B."}}, headers=headers
    ).json()
    assert changed["bedrooms_needed"] == 1 and changed["priority"] == 5
    assert changed["contact"]["full_name"] == "A. B."
    back = client.patch(url, json={"bedrooms_needed": None}, headers=headers).json()
    assert back["bedrooms_needed"] == 0


def test_status_changes_follow_the_rules(client: TestClient, make: Factory) -> None:
    worker = make.user(Role.SOCIAL_WORKER)
    household = make.household(referent=worker)
    headers = make.headers(worker)
    url = f"/api/v1/households/{household.id}"
    assert client.patch(url, json={"status": "exited"}, headers=headers).json()["status"] == "exited"
    assert client.patch(url, json={"status": "waiting"}, headers=headers).json()["status"] == "waiting"
    assert client.patch(url, json={"status": "placed"}, headers=headers).status_code == 422


def test_only_the_referent_organisation_changes_a_household(client: TestClient, make: Factory) -> None:
    household = make.household()
    coordinator = make.user(Role.COORDINATOR)
    answer = client.patch(
        f"/api/v1/households/{household.id}", json={"priority": 1}, headers=make.headers(coordinator)
    )
    assert answer.status_code == 403


@pytest.mark.parametrize(
    ("adults", "children", "bedrooms"), [(1, 0, 0), (2, 0, 1), (1, 1, 2), (2, 3, 3), (3, 0, 2), (2, 4, 3)]
)
def test_derived_bedrooms(adults: int, children: int, bedrooms: int) -> None:
    from stirrup.models.households import required_bedrooms

    assert required_bedrooms(adults, children) == bedrooms


def test_a_household_registered_without_contact_details(client: TestClient, make: Factory) -> None:
    worker = make.user(Role.SOCIAL_WORKER)
    body = {k: v for k, v in VALID.items() if k != "contact"}
    answer = client.post("/api/v1/households", json=body, headers=make.headers(worker))
    assert answer.status_code == 201, answer.text  # was a 500: the empty contact was never loaded
    assert answer.json()["contact"] is None and answer.json()["visibility"] == "full"


def test_the_association_no_longer_sees_the_household_once_the_placement_has_ended(
    client: TestClient, make: Factory
) -> None:
    s = make.parties(start=date.today() - timedelta(days=200))
    staff = make.headers(s.staff)
    url = f"/api/v1/households/{s.household.id}"
    assert client.get(url, headers=staff).json()["support_needs"] == s.household.support_needs
    make.ended(s.placement, Outcome.SOCIAL_HOUSING)

    assert client.get(url, headers=staff).status_code == 404
    assert client.get("/api/v1/households", headers=staff).json()["items"] == []
    # The placement itself stays theirs: the checks 6, 12 and 24 months after the end are theirs.
    placement = client.get(f"/api/v1/placements/{s.placement.id}", headers=staff)
    assert placement.status_code == 200 and placement.json()["household_reference"] == s.household.reference
    assert "support_needs" not in placement.text
    # The referent social worker still does.
    assert client.get(url, headers=make.headers(s.worker)).status_code == 200
