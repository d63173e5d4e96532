"""Organisations, users and associations through the API: who manages what."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from stirrup.models import OrganisationKind, PlacementStatus, Role, User
from tests.factories import Factory


def test_admin_creates_organisations_and_users(client: TestClient, make: Factory, db: Session) -> None:
    admin = make.headers(make.user(Role.ADMIN))
    org = client.post(
        "/api/v1/organisations", json={"kind": "social_service", "name": "CCAS de Croix"}, headers=admin
    )
    assert org.status_code == 201
    duplicate = client.post(
        "/api/v1/organisations", json={"kind": "social_service", "name": "CCAS de Croix"}, headers=admin
    )
    assert duplicate.status_code == 409
    user = client.post(
        "/api/v1/users",
        headers=admin,
        json={
            "email": "New.Worker@Example.org",
            "display_name": "New Worker",
            "role": "social_worker",
            "organisation_id": org.json()["id"],
            "password": "a-long-passphrase-1",
        },
    )
    assert user.status_code == 201, user.text
    assert user.json()["email"] == "new.worker@example.org"
    again = client.post(
        "/api/v1/users",
        headers=admin,
        json={
            "email": "NEW.worker@example.org",
            "display_name": "Twin",
            "role": "landlord",
            "password": "a-long-passphrase-1",
        },
    )
    assert again.status_code == 409


def test_user_rules(client: TestClient, make: Factory, db: Session) -> None:
    admin = make.headers(make.user(Role.ADMIN))
    company = make.organisation(OrganisationKind.LANDLORD_COMPANY)
    before = db.scalar(select(func.count()).select_from(User))
    for body, field in [
        ({"role": "social_worker"}, "organisation_id"),
        ({"role": "social_worker", "organisation_id": company.id}, "organisation_id"),
        ({"role": "landlord", "password": "short"}, "password"),
        ({"role": "landlord", "email": "not-an-email"}, "email"),
        ({"role": "superuser"}, "role"),
    ]:
        payload = {"email": "x@example.org", "display_name": "X", "password": "a-long-passphrase-1", **body}
        answer = client.post("/api/v1/users", json=payload, headers=admin)
        assert answer.status_code == 422, (body, answer.text)
        assert answer.json()["error"]["fields"][0]["field"] == field
    db.rollback()
    assert db.scalar(select(func.count()).select_from(User)) == before


def test_only_admins_manage_accounts_and_others_see_themselves(client: TestClient, make: Factory) -> None:
    worker = make.user(Role.SOCIAL_WORKER)
    other = make.user(Role.LANDLORD)
    headers = make.headers(worker)
    assert (
        client.post(
            "/api/v1/users",
            headers=headers,
            json={
                "email": "x@example.org",
                "display_name": "X",
                "role": "admin",
                "password": "a-long-passphrase-1",
            },
        ).status_code
        == 403
    )
    assert [u["id"] for u in client.get("/api/v1/users", headers=headers).json()["items"]] == [worker.id]
    assert client.get(f"/api/v1/users/{other.id}", headers=headers).status_code == 404
    # A user may rename themselves, not promote themselves.
    assert (
        client.patch(f"/api/v1/users/{worker.id}", json={"display_name": "K."}, headers=headers).status_code
        == 200
    )
    assert (
        client.patch(f"/api/v1/users/{worker.id}", json={"role": "admin"}, headers=headers).status_code == 403
    )


def test_organisations_are_visible_to_their_members_only(client: TestClient, make: Factory) -> None:
    worker = make.user(Role.SOCIAL_WORKER)
    other = make.organisation()
    headers = make.headers(worker)
    listed = client.get("/api/v1/organisations", headers=headers).json()
    assert [o["id"] for o in listed["items"]] == [worker.organisation_id]
    assert client.get(f"/api/v1/organisations/{other.id}", headers=headers).status_code == 404
    assert (
        client.post(
            "/api/v1/organisations", json={"kind": "social_service", "name": "Mine"}, headers=headers
        ).status_code
        == 403
    )


def test_association_profile_and_its_derived_load(client: TestClient, make: Factory) -> None:
    org = make.organisation(OrganisationKind.PARTNER_ASSOCIATION)
    staff = make.user(Role.ASSOCIATION_STAFF, organisation=org)
    body = {
        "organisation_id": org.id,
        "base_postal_code": "59100",
        "base_commune": "Roubaix",
        "radius_km": 12,
        "support_offered": ["budget", "employment"],
        "capacity": 5,
    }
    created = client.post("/api/v1/associations", json=body, headers=make.headers(staff))
    assert created.status_code == 201, created.text
    association_id = created.json()["id"]
    assert created.json()["name"] == org.name and created.json()["current_load"] == 0
    assert client.post("/api/v1/associations", json=body, headers=make.headers(staff)).status_code == 409

    from stirrup.models import Association

    association = make.db.get(Association, association_id)
    for status in (PlacementStatus.ACTIVE, PlacementStatus.ACTIVE, PlacementStatus.ENDED):
        make.placement(make.household(), make.home(), association, status=status)
    seen = client.get(
        f"/api/v1/associations/{association_id}", headers=make.headers(make.user(Role.LANDLORD))
    )
    assert seen.json()["current_load"] == 2

    other_staff = make.user(Role.ASSOCIATION_STAFF)
    assert (
        client.patch(
            f"/api/v1/associations/{association_id}", json={"capacity": 1}, headers=make.headers(other_staff)
        ).status_code
        == 403
    )
    bad = client.patch(
        f"/api/v1/associations/{association_id}",
        json={"support_offered": ["magic"]},
        headers=make.headers(staff),
    )
    assert bad.status_code == 422 and "valid:" in bad.json()["error"]["fields"][0]["message"]
    filtered = client.get("/api/v1/associations?support=employment", headers=make.headers(staff)).json()
    assert [a["id"] for a in filtered["items"]] == [association_id]


def test_placements_hide_the_household_from_the_owner(client: TestClient, make: Factory) -> None:
    landlord = make.user(Role.LANDLORD)
    worker = make.user(Role.SOCIAL_WORKER)
    household = make.household(referent=worker)
    placement = make.placement(household, make.home(owner=landlord), make.association())
    as_owner = client.get(f"/api/v1/placements/{placement.id}", headers=make.headers(landlord)).json()
    assert as_owner["household_id"] is None and as_owner["household_reference"] is None
    assert as_owner["explanation"] is None and as_owner["persons"] == 2
    as_worker = client.get(f"/api/v1/placements/{placement.id}", headers=make.headers(worker)).json()
    assert as_worker["household_reference"] == household.reference
    stranger = make.headers(make.user(Role.LANDLORD))
    assert client.get(f"/api/v1/placements/{placement.id}", headers=stranger).status_code == 404
