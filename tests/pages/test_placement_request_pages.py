"""A social worker asks for a home from the household's page: the on-demand solve answers at once
with a proposal, or with the reasons no home fits, in plain words and in the reader's language."""

from __future__ import annotations

from collections.abc import Callable

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from stirrup.models import PlacementRequest, Role
from tests.factories import Factory
from tests.pages.html import csrf, error_of, links, soup, squash, text

SignIn = Callable[..., TestClient]


def requests_count(db: Session) -> int:
    db.rollback()
    return db.scalar(select(func.count()).select_from(PlacementRequest)) or 0


def test_a_home_is_found_at_once(sign_in: SignIn, make: Factory) -> None:
    make.association()
    make.home(rooms=3, bedrooms=2)
    worker = make.user(Role.SOCIAL_WORKER)
    household = make.household(referent=worker)
    client = sign_in(worker)
    page = client.get(f"/households/{household.id}")
    assert "Ask for a home now" in text(page)
    asked = client.post(
        f"/households/{household.id}/placement-request",
        data={"csrf_token": csrf(page), "priority": "5", "reason": "Shelter place ends on Friday."},
    )
    assert "A home was found" in text(asked)
    assert any(link.startswith("/proposals/") for link in links(asked))
    assert "Ask for a home now" not in text(asked)  # a household with a proposal cannot ask again
    assert "priority 5 / 5" in text(asked)


def test_the_reasons_in_plain_words_when_no_home_fits(sign_in: SignIn, make: Factory, db: Session) -> None:
    make.association()
    make.home(rooms=2, bedrooms=1)  # too small for a parent and a child
    worker = make.user(Role.SOCIAL_WORKER)
    household = make.household(referent=worker)
    client = sign_in(worker)
    page = client.get(f"/households/{household.id}")
    asked = client.post(
        f"/households/{household.id}/placement-request",
        data={"csrf_token": csrf(page), "priority": "4", "reason": "Sleeping in a car."},
    )
    shown = squash(text(asked))
    assert "No home fits yet" in shown and "Why no home was found" in shown
    assert "1 home(s) within 10 km are too small: the household needs 2 bedroom(s)" in shown
    french = squash(text(sign_in(worker, lang="fr").get(f"/households/{household.id}")))
    assert "Pourquoi aucun logement n'a été trouvé" in french
    assert "1 logement(s) à moins de 10 km sont trop petits" in french
    coordinator = sign_in(make.user(Role.COORDINATOR)).get(f"/households/{household.id}")
    assert "trop petits" not in text(coordinator) and "too small" in text(coordinator)
    assert soup(coordinator).find("form", action=f"/households/{household.id}/placement-request") is None
    assert requests_count(db) == 1


def test_a_request_without_its_reason_writes_nothing(sign_in: SignIn, make: Factory, db: Session) -> None:
    worker = make.user(Role.SOCIAL_WORKER)
    household = make.household(referent=worker)
    client = sign_in(worker)
    page = client.get(f"/households/{household.id}")
    refused = client.post(
        f"/households/{household.id}/placement-request",
        data={"csrf_token": csrf(page), "priority": "9", "reason": " "},
    )
    assert refused.status_code == 422
    assert error_of(refused, "reason") == "Error: This field is required."
    assert error_of(refused, "priority") == "Error: Enter 5 or less."
    assert requests_count(db) == 0


def test_another_service_s_household_is_not_found(sign_in: SignIn, make: Factory, db: Session) -> None:
    household = make.household()
    client = sign_in(make.user(Role.SOCIAL_WORKER))
    page = client.get("/households")
    refused = client.post(
        f"/households/{household.id}/placement-request",
        data={"csrf_token": csrf(page), "priority": "3", "reason": "Test."},
    )
    assert refused.status_code == 404 and requests_count(db) == 0
