"""Homes through the API: what owners and coordinators may do, validation, isolation."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from stirrup.models import AuditEvent, Home, OrganisationKind, Role
from tests.factories import Factory

VALID: dict[str, Any] = {
    "street": "12 rue de l'Épeule",
    "postal_code": "59100",
    "commune": "Roubaix",
    "surface_m2": 45,
    "rooms": 2,
    "bedrooms": 1,
    "max_occupants": 3,
    "available_from": "2026-12-01",
}


def count_homes(db: Session) -> int:
    db.rollback()
    return db.scalar(select(func.count()).select_from(Home)) or 0


def test_landlord_lists_a_home_geocoded_offline_and_audited(
    client: TestClient, make: Factory, db: Session
) -> None:
    landlord = make.user(Role.LANDLORD)
    answer = client.post("/api/v1/homes", json=VALID, headers=make.headers(landlord))
    assert answer.status_code == 201, answer.text
    home = answer.json()
    assert home["owner_user_id"] == landlord.id
    assert home["insee_code"] == "59512"
    assert home["geocode_precision"] == "commune"
    assert 50.6 < home["latitude"] < 50.8
    assert home["status"] == "draft"
    event = db.scalar(select(AuditEvent).where(AuditEvent.entity_type == "home"))
    assert event is not None and event.action == "create" and event.actor_id == landlord.id


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"surface_m2": 0}, "surface_m2", "greater than 0"),
        ({"surface_m2": -12}, "surface_m2", "greater than 0"),
        ({"surface_m2": 1000}, "surface_m2", "less than 1000"),
        ({"surface_m2": "NaN"}, "surface_m2", ""),
        ({"max_occupants": 0}, "max_occupants", "greater than or equal to 1"),
        ({"rooms": 1, "bedrooms": 2}, "bedrooms", "cannot exceed the number of rooms"),
        ({"available_until": "2026-11-30"}, "available_until", "must be after available_from"),
        ({"available_until": "2026-12-01"}, "available_until", "must be after available_from"),
        ({"postal_code": "5910"}, "postal_code", "5 digits"),
        ({"postal_code": "00100"}, "postal_code", "no French département starts with 00"),
        ({"postal_code": "96100"}, "postal_code", "no French département starts with 96"),
        ({"commune": "Atlantis"}, "commune", "unknown commune"),
        ({"latitude": 95, "longitude": 3.1}, "latitude", "less than or equal to 90"),
        ({"latitude": 50.7}, "latitude", "give both latitude and longitude, or neither"),
        ({"street": ""}, "street", "at least 1 character"),
        ({"status": "occupied"}, "status", ""),
        ({"owner_user_id": 1}, "owner_user_id", "homes you list are yours"),
        ({"owner": 1}, "owner", "not a field you can set"),
        ({"available_from": "not a date"}, "available_from", ""),
    ],
)
def test_invalid_home_is_refused_naming_the_field_and_nothing_is_written(
    client: TestClient, make: Factory, db: Session, change: dict[str, Any], field: str, words: str
) -> None:
    headers = make.headers(make.user(Role.LANDLORD))
    answer = client.post("/api/v1/homes", json={**VALID, **change}, headers=headers)
    assert answer.status_code == 422, answer.text
    problems = {p["field"]: p["message"] for p in answer.json()["error"]["fields"]}
    assert field in problems, problems
    assert words in problems[field]
    assert count_homes(db) == 0


def test_malformed_json_is_a_clear_422(client: TestClient, make: Factory, db: Session) -> None:
    headers = {**make.headers(make.user(Role.LANDLORD)), "content-type": "application/json"}
    answer = client.post("/api/v1/homes", content=b"{not json", headers=headers)
    assert answer.status_code == 422
    assert "JSON" in answer.json()["error"]["message"]
    assert count_homes(db) == 0


def test_a_landlord_never_sees_another_landlords_homes(client: TestClient, make: Factory) -> None:
    a, b = make.user(Role.LANDLORD), make.user(Role.LANDLORD)
    mine = make.home(owner=a)
    theirs = make.home(owner=b)
    headers = make.headers(a)
    listed = client.get("/api/v1/homes", headers=headers).json()
    assert [h["id"] for h in listed["items"]] == [mine.id]
    assert listed["total"] == 1
    assert client.get(f"/api/v1/homes/{theirs.id}", headers=headers).status_code == 404
    assert client.patch(f"/api/v1/homes/{theirs.id}", json={"notes": "x"}, headers=headers).status_code == 404
    assert client.get(f"/api/v1/homes?owner_user_id={b.id}", headers=headers).json()["total"] == 0
    # The answer for someone else's home is the same as for a home that does not exist.
    missing = client.get("/api/v1/homes/999999", headers=headers)
    assert missing.status_code == 404
    assert missing.json()["error"]["code"] == "not_found"


def test_landlord_company_staff_share_the_company_homes(client: TestClient, make: Factory) -> None:
    company = make.organisation(OrganisationKind.LANDLORD_COMPANY)
    colleague = make.user(Role.LANDLORD, organisation=company)
    home = make.home(owner_organisation_id=company.id)
    assert client.get(f"/api/v1/homes/{home.id}", headers=make.headers(colleague)).status_code == 200


def test_owner_updates_a_home_and_the_audit_names_the_fields(
    client: TestClient, make: Factory, db: Session
) -> None:
    landlord = make.user(Role.LANDLORD)
    home = make.home(owner=landlord)
    answer = client.patch(
        f"/api/v1/homes/{home.id}",
        json={"surface_m2": 47.5, "status": "withdrawn"},
        headers=make.headers(landlord),
    )
    assert answer.status_code == 200, answer.text
    assert answer.json()["surface_m2"] == 47.5 and answer.json()["status"] == "withdrawn"
    event = db.scalar(select(AuditEvent).where(AuditEvent.action == "update"))
    assert event is not None and event.details["fields"] == ["status", "surface_m2"]


def test_update_checks_cross_field_rules_against_stored_values(
    client: TestClient, make: Factory, db: Session
) -> None:
    landlord = make.user(Role.LANDLORD)
    home = make.home(owner=landlord, rooms=2, bedrooms=1)
    answer = client.patch(f"/api/v1/homes/{home.id}", json={"bedrooms": 3}, headers=make.headers(landlord))
    assert answer.status_code == 422
    assert answer.json()["error"]["fields"][0]["field"] == "bedrooms"
    db.rollback()
    assert db.get(Home, home.id).bedrooms == 1


def test_occupied_home_cannot_be_put_back_to_draft(client: TestClient, make: Factory) -> None:
    from stirrup.models import HomeStatus

    landlord = make.user(Role.LANDLORD)
    home = make.home(owner=landlord, status=HomeStatus.OCCUPIED)
    answer = client.patch(
        f"/api/v1/homes/{home.id}", json={"status": "draft"}, headers=make.headers(landlord)
    )
    assert answer.status_code == 409


def test_required_field_cannot_be_emptied(client: TestClient, make: Factory) -> None:
    landlord = make.user(Role.LANDLORD)
    home = make.home(owner=landlord)
    answer = client.patch(
        f"/api/v1/homes/{home.id}", json={"surface_m2": None}, headers=make.headers(landlord)
    )
    assert answer.status_code == 422
    assert answer.json()["error"]["fields"][0] == {"field": "surface_m2", "message": "cannot be emptied"}


def test_coordinator_lists_a_home_on_behalf_of_a_named_owner(client: TestClient, make: Factory) -> None:
    coordinator, landlord = make.user(Role.COORDINATOR), make.user(Role.LANDLORD)
    headers = make.headers(coordinator)
    assert client.post("/api/v1/homes", json=VALID, headers=headers).status_code == 422
    answer = client.post("/api/v1/homes", json={**VALID, "owner_user_id": landlord.id}, headers=headers)
    assert answer.status_code == 201 and answer.json()["owner_user_id"] == landlord.id
    not_a_landlord = client.post(
        "/api/v1/homes", json={**VALID, "owner_user_id": coordinator.id}, headers=headers
    )
    assert not_a_landlord.status_code == 422


def test_social_worker_cannot_list_homes(client: TestClient, make: Factory) -> None:
    answer = client.post("/api/v1/homes", json=VALID, headers=make.headers(make.user(Role.SOCIAL_WORKER)))
    assert answer.status_code == 403


def test_list_is_paginated_filtered_and_sorted(client: TestClient, make: Factory) -> None:
    landlord = make.user(Role.LANDLORD)
    for surface, bedrooms in ((20, 0), (45, 1), (65, 2), (80, 3)):
        make.home(owner=landlord, surface_m2=surface, bedrooms=bedrooms, rooms=bedrooms + 1)
    headers = make.headers(landlord)
    page = client.get("/api/v1/homes?sort=-surface_m2&page_size=2&page=1", headers=headers).json()
    assert [h["surface_m2"] for h in page["items"]] == [80, 65]
    assert page["total"] == 4
    page2 = client.get("/api/v1/homes?sort=-surface_m2&page_size=2&page=2", headers=headers).json()
    assert [h["surface_m2"] for h in page2["items"]] == [45, 20]
    filtered = client.get("/api/v1/homes?min_bedrooms=2", headers=headers).json()
    assert sorted(h["bedrooms"] for h in filtered["items"]) == [2, 3]


@pytest.mark.parametrize("sort", ["password_hash", "surface_m2;DELETE FROM homes", "-owner_user_id"])
def test_sorting_outside_the_allow_list_is_refused(client: TestClient, make: Factory, sort: str) -> None:
    landlord = make.user(Role.LANDLORD)
    make.home(owner=landlord)
    answer = client.get("/api/v1/homes", params={"sort": sort}, headers=make.headers(landlord))
    assert answer.status_code == 422
    assert answer.json()["error"]["fields"][0]["field"] == "sort"


@pytest.mark.parametrize("query", ["page=0", "page=-1", "page_size=0", "min_bedrooms=-1", "postal_code=abc"])
def test_bad_list_parameters_are_422(client: TestClient, make: Factory, query: str) -> None:
    answer = client.get(f"/api/v1/homes?{query}", headers=make.headers(make.user(Role.LANDLORD)))
    assert answer.status_code == 422


def test_page_size_is_capped(client: TestClient, make: Factory) -> None:
    answer = client.get("/api/v1/homes?page_size=1000", headers=make.headers(make.user(Role.LANDLORD)))
    assert answer.status_code == 200 and answer.json()["page_size"] == 100


def test_anonymous_callers_get_401(client: TestClient) -> None:
    answer = client.get("/api/v1/homes")
    assert answer.status_code == 401
    assert answer.headers["www-authenticate"] == "Bearer"


def test_the_cadastral_value_and_the_notes_are_for_the_owner_and_coordinators_only(
    client: TestClient, make: Factory
) -> None:
    s = make.parties()
    home = make.db.get(Home, s.home.id)
    assert home is not None
    home.cadastral_rental_value_eur = Decimal("2400")
    home.notes = "Keys with the neighbour at number 14."
    make.db.commit()
    url = f"/api/v1/homes/{s.home.id}"
    for reader in (s.owner, make.user(Role.COORDINATOR), make.user(Role.ADMIN)):
        answer = client.get(url, headers=make.headers(reader))
        assert answer.status_code == 200 and answer.json()["cadastral_rental_value_eur"] == "2400.00", (
            reader.role
        )
        assert answer.json()["notes"] == "Keys with the neighbour at number 14.", reader.role
        listed = client.get("/api/v1/homes", headers=make.headers(reader)).json()["items"]
        assert [h["cadastral_rental_value_eur"] for h in listed] == ["2400.00"], reader.role
    for reader in (s.staff, s.worker):  # they see the home through the placement, not its tax data
        answer = client.get(url, headers=make.headers(reader))
        assert answer.status_code == 200 and answer.json()["cadastral_rental_value_eur"] is None, reader.role
        assert answer.json()["notes"] == "", reader.role
        listed = client.get("/api/v1/homes", headers=make.headers(reader)).text
        assert "2400" not in listed and "neighbour" not in listed, reader.role
