"""A landlord's homes on the site: the list with "occupied until …", the step-by-step form without
JavaScript (each step validated, the draft carried), the address checked against the gazetteer,
editing, and no way into another landlord's home."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from stirrup import clock
from stirrup.models import Home, HomeStatus, PlacementStatus, Role, User
from tests.factories import Factory
from tests.pages.html import error_of, hidden_values, links, soup, squash, text

SignIn = Callable[[User], TestClient]

ADDRESS = {"street": "12 rue de l'Épeule", "postal_code": "59100", "commune": "Roubaix"}
CHARACTERISTICS = {
    "surface_m2": "45,5",
    "rooms": "2",
    "bedrooms": "1",
    "max_occupants": "3",
    "furnished": "1",
}
ACCESSIBILITY = {"floor": "0", "step_free": "1"}
AVAILABILITY = {
    "available_from": "2026-12-01",
    "vacant_since": "2023-01-01",
    "cadastral_rental_value_eur": "2 000",
}


def step(client: TestClient, page: Response, action: str, go: str = "next", **changes: str) -> Response:
    """Press a button of the form on ``page`` after typing ``changes``, as a browser posts it."""
    values = hidden_values(page)
    values.update({name: [value] for name, value in changes.items()})
    values["go"] = [go]
    return client.post(action, data=values)


def homes_count(db: Session) -> int:
    db.rollback()
    return db.scalar(select(func.count()).select_from(Home)) or 0


def test_a_landlord_lists_a_home_step_by_step_without_javascript(
    sign_in: SignIn, make: Factory, db: Session
) -> None:
    owner = make.user(Role.LANDLORD)
    client = sign_in(owner)
    page = client.get("/homes/new")
    assert page.status_code == 200 and "Step 1 of 5: Address" in text(page)
    page = step(client, page, "/homes/new", **ADDRESS)
    assert "Step 2 of 5: Characteristics" in text(page), text(page)
    page = step(client, page, "/homes/new", **CHARACTERISTICS)
    page = step(client, page, "/homes/new", **ACCESSIBILITY)
    page = step(client, page, "/homes/new", **AVAILABILITY)
    assert "Step 5 of 5: Review" in text(page)
    shown = squash(text(page))
    for words in ("12 rue de l'Épeule", "Roubaix", "45,5", "Step-free access Yes", "Lift No"):
        assert words in shown, words
    assert homes_count(db) == 0  # nothing written before the owner saves
    saved = step(client, page, "/homes/new", go="save")
    assert saved.status_code == 200 and "The home has been saved." in text(saved)
    db.rollback()
    home = db.scalar(select(Home))
    assert home is not None and home.owner_user_id == owner.id
    assert (home.surface_m2, home.furnished, home.step_free, home.insee_code) == (45.5, True, True, "59512")
    assert home.cadastral_rental_value_eur == 2000 and home.status is HomeStatus.AVAILABLE
    assert saved.url.path == f"/homes/{home.id}"


def test_each_step_shows_its_errors_beside_the_fields_and_keeps_what_was_typed(
    sign_in: SignIn, make: Factory, db: Session
) -> None:
    client = sign_in(make.user(Role.LANDLORD))
    page = step(client, client.get("/homes/new"), "/homes/new", **ADDRESS)
    wrong = step(client, page, "/homes/new", surface_m2="-3", rooms="two", bedrooms="1", max_occupants="")
    assert wrong.status_code == 422
    assert error_of(wrong, "surface_m2") == "Error: Enter a number greater than 0."
    assert error_of(wrong, "rooms") == "Error: Enter a whole number."
    assert error_of(wrong, "max_occupants") == "Error: This field is required."
    assert soup(wrong).find(id="f-rooms")["value"] == "two"  # what was typed stays
    assert soup(wrong).find(class_="error-summary") is not None
    crossed = step(client, wrong, "/homes/new", surface_m2="40", rooms="1", bedrooms="2", max_occupants="2")
    assert error_of(crossed, "bedrooms") == "Error: cannot exceed the number of rooms"
    assert homes_count(db) == 0


def test_the_address_step_offers_the_communes_of_the_postal_code(sign_in: SignIn, make: Factory) -> None:
    client = sign_in(make.user(Role.LANDLORD))
    page = client.get("/homes/new")
    wrong = step(
        client, page, "/homes/new", street="3 rue Pierre Motte", postal_code="59100", commune="Roubai"
    )
    assert wrong.status_code == 422
    assert "choose one of its communes" in (error_of(wrong, "commune") or "")
    button = soup(wrong).find("button", attrs={"name": "pick"})
    assert button is not None and button.get_text(strip=True) == "Roubaix (59100)"
    picked = step(client, wrong, "/homes/new", go="next", pick=str(button["value"]))
    assert picked.status_code == 200 and "Step 1 of 5" in text(picked)  # the same step, filled
    assert soup(picked).find(id="f-commune")["value"] == "Roubaix"
    assert "Roubaix, INSEE code 59512" in text(picked)


def test_the_address_check_as_one_types(client: TestClient) -> None:
    client.cookies.set("stirrup_lang", "en")
    typed = client.get("/places/check", params={"prefix": "", "postal_code": "59100", "commune": "roub"})
    assert "Roubaix (59100)" in typed.text and "<html" not in typed.text
    found = client.get(
        "/places/check",
        params={"prefix": "anchor_", "anchor_postal_code": "59000", "anchor_commune": "Lille"},
    )
    assert "Lille, INSEE code 59350" in found.text
    picked = client.get(
        "/places/pick", params={"prefix": "anchor_", "insee": "59512", "postal_code": "59100"}
    )
    assert 'name="anchor_commune"' in picked.text and 'value="Roubaix"' in picked.text
    assert client.get("/places/check", params={"prefix": "evil_"}).status_code == 404


def test_the_list_says_until_when_a_home_is_occupied_and_names_no_one(sign_in: SignIn, make: Factory) -> None:
    parties = make.parties(PlacementStatus.ACTIVE, start=date(2026, 12, 1), contact_name="Camille Martin")
    make.home(owner=parties.owner, street="8 rue Nain", status=HomeStatus.DRAFT)
    client = sign_in(parties.owner)
    page = client.get("/homes")
    shown = squash(text(page))
    assert "Occupied until Jun 1, 2027" in shown or "Occupied until May 31, 2027" in shown, shown
    assert "8 rue Nain" in shown and "Draft" in shown
    assert "Camille" not in shown and parties.household.reference not in shown
    assert f"/homes/{parties.home.id}/estimate" in links(page)
    only_drafts = client.get("/homes", params={"status": "draft"}, headers={"HX-Request": "true"})
    assert "8 rue Nain" in only_drafts.text and "rue de l'Épeule" not in only_drafts.text
    assert "<html" not in only_drafts.text  # htmx gets the list alone


def test_a_home_page_shows_the_estimate_and_the_occupancy(sign_in: SignIn, make: Factory) -> None:
    owner = make.user(Role.LANDLORD)
    home = make.home(owner=owner, vacant_since=date(2023, 1, 1), cadastral_rental_value_eur=2000)
    page = sign_in(owner).get(f"/homes/{home.id}")
    shown = squash(text(page))
    assert "What lending this home is worth" in shown and "The home is not lent at the moment." in shown
    assert f"/homes/{home.id}/estimate" in links(page) and f"/homes/{home.id}/edit" in links(page)
    bare = make.home(owner=owner, vacant_since=None)
    missing = sign_in(owner).get(f"/homes/{bare.id}")
    assert "record on the home the day it became vacant" in text(missing)


def test_editing_a_home_starts_from_its_values_and_saves_changes(
    sign_in: SignIn, make: Factory, db: Session
) -> None:
    owner = make.user(Role.LANDLORD)
    home = make.home(owner=owner, surface_m2=45.0, available_from=clock.today())
    client = sign_in(owner)
    page = client.get(f"/homes/{home.id}/edit")
    assert soup(page).find(id="f-street")["value"] == "12 rue de l'Épeule"
    action = f"/homes/{home.id}/edit"
    for _ in range(4):
        page = step(client, page, action)
    assert "Step 5 of 5" in text(page)
    page = step(client, page, action, go="characteristics")
    assert soup(page).find(id="f-surface_m2")["value"] == "45"
    page = step(client, page, action, surface_m2="52")
    for _ in range(2):
        page = step(client, page, action)
    assert "Step 5 of 5" in text(page), text(page)
    saved = step(client, page, action, go="save")
    assert "The home has been saved." in text(saved), text(saved)
    db.rollback()
    assert db.scalar(select(Home.surface_m2).where(Home.id == home.id)) == 52.0


def test_a_landlord_cannot_open_another_landlords_home(sign_in: SignIn, make: Factory) -> None:
    home = make.home(owner=make.user(Role.LANDLORD))
    client = sign_in(make.user(Role.LANDLORD))
    for path in (f"/homes/{home.id}", f"/homes/{home.id}/edit", f"/homes/{home.id}/estimate"):
        assert client.get(path).status_code == 404, path
    page = client.get("/homes")
    assert "rue de l'Épeule" not in page.text


def test_only_landlords_add_homes(sign_in: SignIn, make: Factory) -> None:
    assert sign_in(make.user(Role.SOCIAL_WORKER)).get("/homes/new").status_code == 403
