"""Draft homes from the state's vacant-housing data claimed: once the team linked a joined owner's
landlord account, the owner (or the team for them) turns a draft into a home, prefilled from the
draft; a draft is claimed once, and only by its owner or its team."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from stirrup.models import (
    AuditEvent,
    DraftHome,
    Home,
    OwnerContact,
    Role,
    User,
)
from tests.factories import Factory

COMPLETION = {"bedrooms": 1, "max_occupants": 2, "available_from": "2027-01-04"}


def link(client: TestClient, make: Factory, team: User, draft: DraftHome, landlord: User) -> None:
    answer = client.patch(
        f"/api/v1/owner-contacts/{draft.owner_contact_id}",
        headers=make.headers(team),
        json={"invitation_status": "joined", "account_email": landlord.email.upper()},
    )
    assert answer.status_code == 200, answer.text
    assert answer.json()["user_id"] == landlord.id
    assert answer.json()["account_email"] == landlord.email


def homes_count(db: Session) -> int:
    db.rollback()
    return db.scalar(select(func.count()).select_from(Home)) or 0


def test_a_joined_owner_claims_their_draft_home_prefilled_and_only_once(
    client: TestClient, make: Factory, db: Session, team: User, draft: DraftHome
) -> None:
    owner = make.user(Role.LANDLORD)
    headers = make.headers(owner)
    claim = f"/api/v1/draft-homes/{draft.id}/claim"
    assert client.get("/api/v1/draft-homes", headers=headers).json()["items"] == []
    assert client.post(claim, headers=headers, json=COMPLETION).status_code == 404  # not linked yet

    link(client, make, team, draft, owner)
    [listed] = client.get("/api/v1/draft-homes", headers=headers).json()["items"]
    assert listed["id"] == draft.id and listed["converted_at"] is None

    incomplete = client.post(claim, headers=headers, json={"bedrooms": 1})
    assert incomplete.status_code == 422, incomplete.text
    fields = {p["field"] for p in incomplete.json()["error"]["fields"]}
    assert fields == {"max_occupants", "available_from"}
    assert homes_count(db) == 0

    answer = client.post(claim, headers=headers, json=COMPLETION)
    assert answer.status_code == 201, answer.text
    home = answer.json()
    assert home["owner_user_id"] == owner.id and home["status"] == "draft"
    assert (home["street"], home["postal_code"], home["commune"]) == ("12 Rue de la Paix", "59100", "Roubaix")
    assert (home["surface_m2"], home["rooms"], home["energy_class"]) == (45.0, 2, "D")
    assert (home["bedrooms"], home["max_occupants"], home["available_from"]) == (1, 2, "2027-01-04")
    assert (home["latitude"], home["longitude"]) == (50.6942, 3.1746)
    db.rollback()
    converted = db.get(DraftHome, draft.id, populate_existing=True)
    assert converted is not None and converted.home_id == home["id"] and converted.converted_at is not None
    event = db.scalar(select(AuditEvent).where(AuditEvent.action == "claim"))
    assert event is not None and (event.actor_id, event.details) == (owner.id, {"home_id": home["id"]})

    again = client.post(claim, headers=headers, json=COMPLETION)
    assert again.status_code == 409 and f"home {home['id']}" in again.json()["error"]["message"]
    assert homes_count(db) == 1
    [listed] = client.get("/api/v1/draft-homes", headers=headers).json()["items"]
    assert listed["home_id"] == home["id"]


def test_the_team_claims_for_a_joined_owner_and_nobody_else_may(
    client: TestClient, make: Factory, db: Session, team: User, draft: DraftHome
) -> None:
    claim = f"/api/v1/draft-homes/{draft.id}/claim"
    waiting = client.post(claim, headers=make.headers(team), json=COMPLETION)
    assert waiting.status_code == 409 and "no account linked yet" in waiting.json()["error"]["message"]
    owner = make.user(Role.LANDLORD)
    link(client, make, team, draft, owner)
    for stranger, status in [
        (make.user(Role.LANDLORD), 404),  # another owner
        (make.user(Role.COORDINATOR), 404),  # another team
        (make.user(Role.ADMIN), 403),
        (make.user(Role.SOCIAL_WORKER), 403),
        (make.user(Role.ASSOCIATION_STAFF), 403),
    ]:
        answer = client.post(claim, headers=make.headers(stranger), json=COMPLETION)
        assert answer.status_code == status, (stranger.role, answer.text)
    assert homes_count(db) == 0

    smuggled = client.post(claim, headers=make.headers(team), json={**COMPLETION, "owner_user_id": team.id})
    assert smuggled.status_code == 422  # the owner is the linked account, never the body's
    on_behalf = client.post(
        claim, headers=make.headers(team), json={**COMPLETION, "street": "3 rue Pierre de Roubaix"}
    )
    assert on_behalf.status_code == 201, on_behalf.text
    assert on_behalf.json()["owner_user_id"] == owner.id
    assert on_behalf.json()["street"] == "3 rue Pierre de Roubaix"
    assert client.post(claim, headers=make.headers(owner), json=COMPLETION).status_code == 409
    assert homes_count(db) == 1


def test_an_account_is_linked_to_a_joined_owner_only_and_must_be_a_landlord(
    client: TestClient, make: Factory, db: Session, team: User, draft: DraftHome
) -> None:
    url = f"/api/v1/owner-contacts/{draft.owner_contact_id}"
    headers = make.headers(team)
    owner = make.user(Role.LANDLORD)
    early = client.patch(
        url, headers=headers, json={"invitation_status": "invited", "account_email": owner.email}
    )
    assert early.status_code == 422
    assert early.json()["error"]["fields"][0]["field"] == "account_email"
    worker = make.user(Role.SOCIAL_WORKER)
    wrong = client.patch(
        url, headers=headers, json={"invitation_status": "joined", "account_email": worker.email}
    )
    assert wrong.status_code == 422 and "no landlord account" in wrong.json()["error"]["fields"][0]["message"]
    link(client, make, team, draft, owner)
    declined = client.patch(url, headers=headers, json={"invitation_status": "declined"})
    assert declined.status_code == 200 and declined.json()["user_id"] is None  # the link goes with it
    db.rollback()
    assert db.get(OwnerContact, draft.owner_contact_id, populate_existing=True).user_id is None
