"""A social worker's households on the site: registering one with its needs as checkboxes, the
errors beside the fields with nothing written, the list with waiting time, and each reader seeing
only their tier (names and contact for the referent organisation alone)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from stirrup import clock
from stirrup.models import Household, HouseholdStatus, PlacementStatus, Role, User
from tests.factories import Factory
from tests.pages.html import csrf, error_of, hidden_values, soup, squash, text

SignIn = Callable[[User], TestClient]


def registration(page_csrf: str, **changes: str | list[str]) -> dict[str, str | list[str]]:
    values: dict[str, str | list[str]] = {
        "csrf_token": page_csrf,
        "adults": "1",
        "children": "2",
        "earliest_start": (clock.today() + timedelta(days=10)).isoformat(),
        "needs_step_free": "1",
        "anchor_kind": "school",
        "anchor_postal_code": "59100",
        "anchor_commune": "Roubaix",
        "max_distance_km": "8",
        "preferred_communes": "Roubaix, Tourcoing",
        "excluded_communes": "",
        "support_needs": ["rights_paperwork", "budget"],
        "priority": "4",
        "priority_reason": "Sleeping in a car since October.",
        "consent_given_on": clock.today().isoformat(),
        "consent_purpose": "Placement and follow-up",
        "contact.full_name": "Camille Martin",
        "contact.phone": "06 12 34 56 78",
        "go": "save",
    }
    values.update(changes)
    return values


def households_count(db: Session) -> int:
    db.rollback()
    return db.scalar(select(func.count()).select_from(Household)) or 0


def test_a_social_worker_registers_a_household(sign_in: SignIn, make: Factory, db: Session) -> None:
    worker = make.user(Role.SOCIAL_WORKER)
    client = sign_in(worker)
    page = client.get("/households/new")
    boxes = soup(page).find_all("input", attrs={"name": "support_needs", "type": "checkbox"})
    assert [b["value"] for b in boxes][:2] == ["rights_paperwork", "employment"]
    assert "Rights and paperwork" in text(page)
    saved = client.post("/households/new", data=registration(csrf(page)))
    assert saved.status_code == 200, text(saved)
    assert "The household has been saved." in text(saved)
    db.rollback()
    household = db.scalar(select(Household).options(selectinload(Household.contact)))
    assert household is not None and household.organisation_id == worker.organisation_id
    assert household.preferred_communes == ["59512", "59599"]
    assert sorted(household.support_needs) == ["budget", "rights_paperwork"] and household.needs_step_free
    assert household.contact is not None and household.contact.full_name == "Camille Martin"
    shown = squash(text(saved))
    assert household.reference in shown and "Camille Martin" in shown and "Roubaix 59100" in shown


def test_invalid_registration_shows_every_error_beside_its_field_and_writes_nothing(
    sign_in: SignIn, make: Factory, db: Session
) -> None:
    client = sign_in(make.user(Role.SOCIAL_WORKER))
    page = client.get("/households/new")
    wrong = client.post(
        "/households/new",
        data=registration(
            csrf(page),
            adults="0",
            max_distance_km="far",
            priority_reason="",
            preferred_communes="Atlantis",
            consent_given_on=(clock.today() + timedelta(days=3)).isoformat(),
        ),
    )
    assert wrong.status_code == 422
    assert error_of(wrong, "adults") == "Error: Enter 1 or more."
    assert error_of(wrong, "max_distance_km") == "Error: Enter a number, such as 45 or 45.5."
    assert error_of(wrong, "priority_reason") == "Error: This field is required."
    assert "Atlantis" in (error_of(wrong, "preferred_communes") or "")
    kept = hidden_values(wrong)
    assert kept["max_distance_km"] == ["far"] and kept["support_needs"] == ["rights_paperwork", "budget"]
    assert kept["contact.full_name"] == ["Camille Martin"]
    assert households_count(db) == 0


def test_the_future_consent_and_the_contact_name_are_checked(
    sign_in: SignIn, make: Factory, db: Session
) -> None:
    client = sign_in(make.user(Role.SOCIAL_WORKER))
    page = client.get("/households/new")
    future = client.post(
        "/households/new",
        data=registration(csrf(page), consent_given_on=(clock.today() + timedelta(days=3)).isoformat()),
    )
    assert error_of(future, "consent_given_on") == "Error: cannot be in the future"
    nameless = client.post("/households/new", data=registration(csrf(page), **{"contact.full_name": ""}))
    assert error_of(nameless, "contact.full_name") == "Error: This field is required."
    assert households_count(db) == 0


def test_the_list_shows_priority_status_and_waiting_time(sign_in: SignIn, make: Factory) -> None:
    worker = make.user(Role.SOCIAL_WORKER)
    make.household(referent=worker, priority=5, waiting_since=clock.now() - timedelta(days=65))
    make.household(referent=worker, priority=2, status=HouseholdStatus.EXITED)
    other = make.household()  # another organisation's
    page = sign_in(worker).get("/households")
    rows = soup(page).select("tbody tr")
    assert len(rows) == 2 and other.reference not in page.text
    first = squash(rows[0].get_text(" "))
    assert "5 / 5" in first and "Waiting" in first and "2 months" in first


def test_each_reader_sees_their_tier(sign_in: SignIn, make: Factory) -> None:
    parties = make.parties(PlacementStatus.ACTIVE, contact_name="Camille Martin")
    path = f"/households/{parties.household.id}"
    referent = squash(text(sign_in(parties.worker).get(path)))
    assert "Camille Martin" in referent and "Budget" in referent
    follower = squash(text(sign_in(parties.staff).get(path)))
    assert "Camille" not in follower and "Budget" in follower
    coordinator = squash(text(sign_in(make.user(Role.COORDINATOR)).get(path)))
    assert "Camille" not in coordinator and "Budget" not in coordinator and "pseudonymised" in coordinator
    assert sign_in(parties.owner).get(path).status_code == 404
    assert sign_in(make.user(Role.SOCIAL_WORKER)).get(path).status_code == 404


def test_editing_keeps_the_values_and_saves_changes(sign_in: SignIn, make: Factory, db: Session) -> None:
    worker = make.user(Role.SOCIAL_WORKER)
    household = make.household(referent=worker, preferred_communes=["59512"], priority=3)
    client = sign_in(worker)
    page = client.get(f"/households/{household.id}/edit")
    values = hidden_values(page)
    assert values["anchor_postal_code"] == ["59100"] and values["preferred_communes"] == ["Roubaix 59100"]
    assert values["contact.full_name"] == ["Camille Martin"]
    values.update(priority=["5"], go=["save"])
    saved = client.post(f"/households/{household.id}/edit", data=values)
    assert "The household has been saved." in text(saved)
    db.rollback()
    assert db.scalar(select(Household.priority).where(Household.id == household.id)) == 5
    assert sign_in(make.user(Role.COORDINATOR)).get(f"/households/{household.id}/edit").status_code == 403
