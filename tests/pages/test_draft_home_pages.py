"""Vacant homes from the state's data on the site: the vacant-housing team links a joined owner's
landlord account on the owner-contacts page; the owner sees their draft homes and turns one into a
home with the home form prefilled from the draft, once; nobody else sees or claims it."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from stirrup.models import DraftHome, Home, InvitationStatus, OwnerContact, Role, User
from tests.factories import Factory
from tests.pages.html import csrf, error_of, hidden_values, links, soup, text
from tests.pages.test_home_pages import homes_count, step

SignIn = Callable[[User], TestClient]


def link(client: TestClient, draft: DraftHome, email: str) -> Response:
    """The team marks the draft's owner as joined with ``email``, on the owner-contacts page."""
    listed = client.get("/owner-contacts")
    return client.post(
        f"/owner-contacts/{draft.owner_contact_id}",
        data={
            "csrf_token": csrf(listed),
            "invitation_status": "joined",
            "account_email": email,
            "back": "/owner-contacts",
        },
    )


def claim_through_the_form(client: TestClient, draft: DraftHome) -> Response:
    action = f"/draft-homes/{draft.id}/claim"
    page = client.get(action)
    assert page.status_code == 200, page.text
    page = step(client, page, action)  # the address, from the draft
    assert page.status_code == 200, text(page)
    page = step(client, page, action, bedrooms="1", max_occupants="2")
    page = step(client, page, action)  # accessibility
    page = step(client, page, action, available_from="2027-01-04")
    assert page.status_code == 200, text(page)
    return step(client, page, action, go="save")


def test_the_team_links_a_landlord_account_with_errors_beside_the_field(
    sign_in: SignIn, make: Factory, db: Session, team: User, draft: DraftHome
) -> None:
    owner = make.user(Role.LANDLORD)
    client = sign_in(team)
    unknown = link(client, draft, "nobody@example.org")
    assert unknown.status_code == 422
    account = f"account-{draft.owner_contact_id}"
    assert error_of(unknown, account) == "Error: no landlord account has this e-mail"
    assert 'value="nobody@example.org"' in unknown.text  # what was typed stays
    not_an_email = link(client, draft, "owner at example")
    assert not_an_email.status_code == 422 and error_of(not_an_email, account)
    db.rollback()
    contact = db.get(OwnerContact, draft.owner_contact_id, populate_existing=True)
    assert contact is not None and contact.user_id is None  # nothing written

    saved = link(client, draft, owner.email.upper())
    assert "The invitation's status has been saved." in text(saved)
    db.rollback()
    contact = db.get(OwnerContact, draft.owner_contact_id, populate_existing=True)
    assert contact is not None
    assert (contact.invitation_status, contact.user_id) == (InvitationStatus.JOINED, owner.id)
    assert f"Linked to {owner.email}: this owner may claim their vacant homes." in text(saved)
    assert f'value="{owner.email}"' in saved.text  # the field shows whom the team linked


def test_the_owner_sees_their_draft_and_claims_it_prefilled_once(
    sign_in: SignIn, make: Factory, db: Session, team: User, draft: DraftHome
) -> None:
    owner = make.user(Role.LANDLORD)
    assert "No vacant home here" in text(sign_in(owner).get("/draft-homes"))  # not linked yet
    assert link(sign_in(team), draft, owner.email).status_code == 200

    client = sign_in(owner)
    assert "/draft-homes" in links(client.get("/homes"))
    listed = client.get("/draft-homes")
    assert "12 Rue de la Paix 59100 Roubaix" in text(listed)
    assert f"/draft-homes/{draft.id}/claim" in links(listed)
    form = client.get(f"/draft-homes/{draft.id}/claim")
    assert soup(form).h1.get_text(strip=True) == "Offer your vacant home"  # type: ignore[union-attr]
    prefilled = hidden_values(form)
    assert (prefilled["street"], prefilled["postal_code"], prefilled["commune"]) == (
        ["12 Rue de la Paix"],
        ["59100"],
        ["Roubaix"],
    )
    assert (prefilled["surface_m2"], prefilled["rooms"], prefilled["energy_class"]) == (
        ["45"],
        ["2"],
        ["D"],
    )

    saved = claim_through_the_form(client, draft)
    assert "The home has been saved." in text(saved)
    db.rollback()
    home = db.scalar(select(Home))
    assert home is not None and home.owner_user_id == owner.id
    assert (home.bedrooms, home.max_occupants, float(home.surface_m2)) == (1, 2, 45.0)
    converted = db.get(DraftHome, draft.id, populate_existing=True)
    assert converted is not None and converted.home_id == home.id
    assert f"/homes/{home.id}" in links(client.get("/draft-homes"))  # shown as turned into a home

    again = client.get(f"/draft-homes/{draft.id}/claim")
    assert again.status_code == 409
    assert "already been turned into a home" in text(again)
    assert homes_count(db) == 1


@pytest.fixture
def owner(sign_in: SignIn, make: Factory, team: User, draft: DraftHome) -> User:
    """The draft's owner, whose landlord account the team linked."""
    landlord = make.user(Role.LANDLORD)
    assert link(sign_in(team), draft, landlord.email).status_code == 200
    return landlord


def test_a_claim_posted_after_the_draft_was_claimed_is_refused_with_a_message(
    sign_in: SignIn, db: Session, draft: DraftHome, owner: User
) -> None:
    client = sign_in(owner)
    action = f"/draft-homes/{draft.id}/claim"
    stale = client.get(action)  # a second tab, opened before the claim
    assert "The home has been saved." in text(claim_through_the_form(client, draft))
    refused = step(client, stale, action)
    assert refused.status_code == 409
    assert "already been turned into a home" in text(refused)
    assert homes_count(db) == 1


def test_another_landlord_neither_sees_nor_claims_the_draft(
    sign_in: SignIn, make: Factory, db: Session, draft: DraftHome, owner: User
) -> None:
    stranger = sign_in(make.user(Role.LANDLORD))
    assert "12 Rue de la Paix" not in text(stranger.get("/draft-homes"))
    action = f"/draft-homes/{draft.id}/claim"
    assert stranger.get(action).status_code == 404
    posted = stranger.post(
        action, data={"csrf_token": csrf(stranger.get("/homes")), "step": "review", "go": "save"}
    )
    assert posted.status_code == 404
    assert homes_count(db) == 0


def test_the_team_turns_a_linked_owners_draft_into_their_home(
    sign_in: SignIn, make: Factory, db: Session, team: User, draft: DraftHome, owner: User
) -> None:
    not_linked = make.draft_home(team)
    client = sign_in(team)
    refused = client.get(f"/draft-homes/{not_linked.id}/claim")
    assert refused.status_code == 409 and "not linked yet" in text(refused)
    assert "/draft-homes" in links(client.get("/owner-contacts"))
    assert f"/draft-homes/{draft.id}/claim" in links(client.get("/draft-homes"))
    assert "The home has been saved." in text(claim_through_the_form(client, draft))
    db.rollback()
    home = db.scalar(select(Home))
    assert home is not None and home.owner_user_id == owner.id
