"""The admin's pages: accounts and organisations created and changed from forms, errors beside
the fields, and nobody else let in."""

from __future__ import annotations

from collections.abc import Callable

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from stirrup.models import Organisation, OrganisationKind, Role, User
from tests.factories import Factory
from tests.pages.html import csrf, error_of, hidden_values, squash, text

SignIn = Callable[[User], TestClient]


def test_an_admin_creates_an_account_and_disables_it(sign_in: SignIn, make: Factory, db: Session) -> None:
    service = make.organisation(OrganisationKind.SOCIAL_SERVICE, name="CCAS de Roubaix")
    client = sign_in(make.user(Role.ADMIN))
    page = client.get("/admin/users/new")
    created = client.post(
        "/admin/users/new",
        data={
            "csrf_token": csrf(page),
            "email": "C.Dupont@ccas.example",
            "display_name": "Claire Dupont",
            "role": "social_worker",
            "organisation_id": str(service.id),
            "locale": "fr",
            "password": "correct horse battery staple",
        },
    )
    assert "The account has been saved." in text(created)
    db.rollback()
    user = db.scalar(select(User).where(User.email == "c.dupont@ccas.example"))
    assert user is not None and user.role is Role.SOCIAL_WORKER and user.organisation_id == service.id
    values = hidden_values(created)
    values.pop("is_active")
    client.post(f"/admin/users/{user.id}", data=values)
    db.rollback()
    assert db.scalar(select(User.is_active).where(User.id == user.id)) is False
    listing = squash(text(client.get("/admin/users", params={"role": "social_worker"})))
    assert "Claire Dupont" in listing and "CCAS de Roubaix" in listing and "No (disabled)" in listing


def test_account_errors_beside_the_fields(sign_in: SignIn, make: Factory, db: Session) -> None:
    client = sign_in(make.user(Role.ADMIN))
    before = db.scalar(select(func.count()).select_from(User))
    page = client.get("/admin/users/new")
    wrong = client.post(
        "/admin/users/new",
        data={
            "csrf_token": csrf(page),
            "email": "not-an-email",
            "display_name": "",
            "role": "social_worker",
            "password": "short",
        },
    )
    assert wrong.status_code == 422
    assert error_of(wrong, "email") == "Error: Enter an e-mail address such as name@example.org."
    assert error_of(wrong, "display_name") == "Error: This field is required."
    refused = client.post(
        "/admin/users/new",
        data={
            "csrf_token": csrf(page),
            "email": "a@b.example",
            "display_name": "A",
            "role": "social_worker",
            "password": "long enough passphrase",
        },
    )
    assert "must belong to an organisation" in (error_of(refused, "organisation_id") or "")
    db.rollback()
    assert db.scalar(select(func.count()).select_from(User)) == before


def test_an_admin_keeps_organisations(sign_in: SignIn, make: Factory, db: Session) -> None:
    make.organisation(OrganisationKind.PARTNER_ASSOCIATION, name="Toit Partagé")
    client = sign_in(make.user(Role.ADMIN))
    page = client.get("/admin/organisations/new")
    twice = client.post(
        "/admin/organisations/new",
        data={"csrf_token": csrf(page), "kind": "partner_association", "name": "Toit Partagé"},
    )
    assert (
        twice.status_code == 422
        and error_of(twice, "name") == "Error: An organisation with this name already exists."
    )
    created = client.post(
        "/admin/organisations/new",
        data={
            "csrf_token": csrf(page),
            "kind": "social_service",
            "name": "CCAS de Tourcoing",
            "contact_phone": "03 20 00 00 00",
        },
    )
    assert "The organisation has been saved." in text(created)
    db.rollback()
    assert (
        db.scalar(select(Organisation.kind).where(Organisation.name == "CCAS de Tourcoing"))
        is OrganisationKind.SOCIAL_SERVICE
    )
    assert "CCAS de Tourcoing" in text(client.get("/admin/organisations"))


def test_nobody_but_admins(sign_in: SignIn, make: Factory) -> None:
    for role in (Role.LANDLORD, Role.COORDINATOR):
        client = sign_in(make.user(role))
        for path in ("/admin/users", "/admin/users/new", "/admin/organisations"):
            assert client.get(path).status_code == 403, (role, path)
