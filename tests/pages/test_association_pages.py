"""An association's staff keep its profile: area, support offered, capacity; errors beside the
fields with nothing written; other roles have no such page."""

from __future__ import annotations

from collections.abc import Callable

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from stirrup.models import Association, OrganisationKind, PlacementStatus, Role, User
from tests.factories import Factory
from tests.pages.html import csrf, error_of, hidden_values, squash, text

SignIn = Callable[[User], TestClient]


def test_staff_create_then_change_their_profile(sign_in: SignIn, make: Factory, db: Session) -> None:
    organisation = make.organisation(OrganisationKind.PARTNER_ASSOCIATION, name="Toit Partagé")
    client = sign_in(make.user(Role.ASSOCIATION_STAFF, organisation=organisation))
    page = client.get("/association")  # no profile yet: straight to the form
    assert page.url.path == "/association/edit"
    values = {
        "csrf_token": csrf(page),
        "base_postal_code": "59100",
        "base_commune": "Roubaix",
        "radius_km": "12",
        "communes": "Wattrelos",
        "support_offered": ["budget", "employment"],
        "capacity": "20",
        "emergency_phone": "06 11 22 33 44",
        "go": "save",
    }
    saved = client.post("/association/edit", data=values)
    shown = squash(text(saved))
    assert "The association's profile has been saved." in shown and "Toit Partagé" in shown
    assert "0 of 20" in shown and "Wattrelos 59150" in shown and "Budget" in shown
    edit = client.get("/association/edit")
    kept = hidden_values(edit)
    assert kept["base_postal_code"] == ["59100"] and sorted(kept["support_offered"]) == [
        "budget",
        "employment",
    ]
    kept.update(capacity=["25"], go=["save"])
    client.post("/association/edit", data=kept)
    db.rollback()
    assert db.scalar(select(Association.capacity)) == 25


def test_invalid_profile_shows_errors_and_writes_nothing(sign_in: SignIn, make: Factory, db: Session) -> None:
    organisation = make.organisation(OrganisationKind.PARTNER_ASSOCIATION)
    client = sign_in(make.user(Role.ASSOCIATION_STAFF, organisation=organisation))
    page = client.get("/association/edit")
    wrong = client.post(
        "/association/edit",
        data={
            "csrf_token": csrf(page),
            "base_postal_code": "5910",
            "base_commune": "Roubaix",
            "radius_km": "-1",
            "capacity": "x",
        },
    )
    assert wrong.status_code == 422
    assert error_of(wrong, "radius_km") == "Error: Enter 0 or more."
    assert error_of(wrong, "capacity") == "Error: Enter a whole number."
    assert error_of(wrong, "support_offered") == "Error: Choose at least 1."
    assert error_of(wrong, "base_postal_code") == "Error: must be 5 digits, e.g. 59100"
    db.rollback()
    assert db.scalar(select(func.count()).select_from(Association)) == 0


def test_the_load_counts_placements_under_way(sign_in: SignIn, make: Factory) -> None:
    parties = make.parties(PlacementStatus.ACTIVE)
    page = sign_in(parties.staff).get("/association")
    assert "1 of 10" in squash(text(page))


def test_only_association_staff_have_the_page(sign_in: SignIn, make: Factory) -> None:
    for role in (Role.LANDLORD, Role.SOCIAL_WORKER, Role.COORDINATOR):
        assert sign_in(make.user(role)).get("/association").status_code == 403
