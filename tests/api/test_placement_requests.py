"""Placement requests between rounds: the social worker asks, a home is looked for at once among
those still free (holding back scarce homes for those who need them), or the household waits for
the next round where its territory works by rounds only. A newly available home is offered too."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from stirrup import clock
from stirrup.app import create_app
from stirrup.config import Settings
from stirrup.models import (
    Household,
    HouseholdStatus,
    Placement,
    PlacementRequest,
    PlacementStatus,
    RequestOutcome,
    Role,
    User,
)
from tests.factories import Factory

REQUEST = {"priority": 4, "reason": "Shelter place ends on Friday."}


def ask(client: TestClient, make: Factory, household: Household, lang: str = "en", **body: Any) -> Any:
    """The household's social worker requests a placement."""
    return client.post(
        f"/api/v1/households/{household.id}/placement-request?lang={lang}",
        headers=make.headers(make.db.get(User, household.referent_id)),
        json={**REQUEST, **body},
    )


def test_a_request_is_answered_at_once_with_a_proposal(
    client: TestClient, make: Factory, db: Session
) -> None:
    make.association()
    home = make.home()
    household = make.household(children=0, priority=2)
    answer = ask(client, make, household, lang="fr")
    assert answer.status_code == 201, answer.text
    body = answer.json()
    assert body["outcome"] == "proposed" and body["priority"] == 4 and body["reasons"] == []
    assert body["proposal"]["home"]["id"] == home.id and body["proposal"]["status"] == "proposed"
    assert body["proposal"]["explanation"]["why"][0]["code"] == "placement_fit"
    db.rollback()
    db.expire_all()
    saved = db.get(Household, household.id)
    assert (saved.status, saved.priority, saved.priority_reason) == (
        HouseholdStatus.PROPOSED,
        4,
        "Shelter place ends on Friday.",
    )
    landlord = make.db.get(User, home.owner_user_id)
    assert client.get("/api/v1/proposals?to_answer=true", headers=make.headers(landlord)).json()["total"] == 1


def test_no_home_now_leaves_the_reasons_and_the_household_waiting(
    client: TestClient, make: Factory, db: Session
) -> None:
    make.association()
    make.home()  # one bedroom: too small for two adults and three children
    family = make.household(adults=2, children=3)
    body = ask(client, make, family).json()
    assert body["outcome"] == "unmatched" and body["proposal"] is None
    assert [r["code"] for r in body["reasons"]] == ["homes_too_small"]
    reasons = client.get(
        f"/api/v1/households/{family.id}/unmatched-reasons?lang=en",
        headers=make.headers(make.db.get(User, family.referent_id)),
    ).json()
    assert reasons["matching_run_id"] == body["matching_run_id"] and reasons["household_status"] == "waiting"
    assert "too small" in reasons["reasons"][0]["text"]


def test_a_rounds_only_territory_waits_for_the_next_round(
    settings: Settings, engine: Any, make: Factory, db: Session
) -> None:
    make.association()
    make.home()
    household = make.household(children=0)
    rounds_only = settings.model_copy(update={"rounds_only_territories": ("59",)})
    with TestClient(create_app(rounds_only, engine)) as client:
        body = ask(client, make, household).json()
    assert body["outcome"] == "rounds_only" and body["proposal"] is None
    assert "next round" in body["reasons"][0]["text"]
    db.rollback()
    assert db.scalar(select(func.count()).select_from(Placement)) == 0
    assert db.scalar(select(PlacementRequest.outcome)) is RequestOutcome.ROUNDS_ONLY


def test_a_large_home_is_held_back_for_the_family_that_needs_it(
    client: TestClient, make: Factory, db: Session
) -> None:
    make.association()
    large = make.home(rooms=4, bedrooms=3, max_occupants=6, surface_m2=80)
    # Eight kilometres away: alone, the single adult would rather have the large home next door.
    studio = make.home(rooms=1, bedrooms=0, max_occupants=2, surface_m2=25, latitude=50.76)
    make.household(adults=2, children=4, priority=3)  # needs three bedrooms: waiting for the next round
    single = make.household(children=0, priority=3)
    body = ask(client, make, single, priority=3).json()
    assert body["outcome"] == "proposed" and body["proposal"]["home"]["id"] == studio.id
    [held] = body["proposal"]["explanation"]["held_back"]
    assert held["code"] == "held_back" and "3 bedroom(s)" in held["text"] and "a large home" in held["text"]
    assert body["reasons"] == body["proposal"]["explanation"]["held_back"]
    db.rollback()
    assert db.scalar(select(func.count()).select_from(Placement).where(Placement.home_id == large.id)) == 0


def test_held_back_with_no_other_home_is_explained(client: TestClient, make: Factory) -> None:
    make.association()
    make.home(rooms=3, bedrooms=2, max_occupants=4, surface_m2=60, step_free=True)
    make.household(adults=1, children=2, needs_step_free=True, priority=4)
    single = make.household(children=0, priority=4)
    body = ask(client, make, single, lang="fr").json()
    assert body["outcome"] == "unmatched"
    assert [r["code"] for r in body["reasons"]] == ["held_back"]
    assert "réservé à un ménage en attente" in body["reasons"][0]["text"]
    assert "d'un logement accessible" in body["reasons"][0]["text"]


def test_an_urgent_household_is_not_held_back_for_a_less_urgent_one(
    client: TestClient, make: Factory
) -> None:
    make.association()
    large = make.home(rooms=4, bedrooms=3, max_occupants=6, surface_m2=80)
    make.household(adults=2, children=4, priority=2)
    urgent = make.household(children=0)
    body = ask(client, make, urgent, priority=5).json()
    assert body["outcome"] == "proposed" and body["proposal"]["home"]["id"] == large.id
    assert body["proposal"]["explanation"]["held_back"] == []


def test_a_newly_available_home_is_offered_to_the_most_urgent_waiting_household(
    client: TestClient, make: Factory, db: Session
) -> None:
    make.association()
    landlord = make.user(Role.LANDLORD)
    make.household(children=0, priority=2)
    urgent = make.household(children=0, priority=5)
    home = make.home(owner=landlord, status="draft")
    answer = client.patch(
        f"/api/v1/homes/{home.id}", headers=make.headers(landlord), json={"status": "available"}
    )
    assert answer.status_code == 200, answer.text
    assert answer.json()["status"] == "proposed"
    db.rollback()
    proposal = db.scalar(select(Placement).where(Placement.home_id == home.id))
    assert proposal.household_id == urgent.id and proposal.status is PlacementStatus.PROPOSED
    listed = client.post(
        "/api/v1/homes",
        headers=make.headers(landlord),
        json={
            "street": "3 rue Pierre de Roubaix",
            "postal_code": "59100",
            "commune": "Roubaix",
            "surface_m2": 30,
            "rooms": 1,
            "bedrooms": 0,
            "max_occupants": 2,
            "available_from": clock.today().isoformat(),
            "status": "available",
        },
    )
    assert listed.status_code == 201 and listed.json()["status"] == "proposed"  # to the one still waiting


@pytest.mark.parametrize("status", ["proposed", "placed"])
def test_a_household_with_a_proposal_or_a_home_cannot_ask_again(
    client: TestClient, make: Factory, status: str
) -> None:
    household = make.household(status=status)
    answer = ask(client, make, household)
    assert answer.status_code == 409 and status in answer.json()["error"]["message"]


def test_only_the_referent_organisation_asks(client: TestClient, make: Factory, db: Session) -> None:
    household = make.household()
    path = f"/api/v1/households/{household.id}/placement-request"
    for role in (Role.LANDLORD, Role.SOCIAL_WORKER, Role.ASSOCIATION_STAFF):
        assert client.post(path, headers=make.headers(make.user(role)), json=REQUEST).status_code == 404
    assert (
        client.post(path, headers=make.headers(make.user(Role.COORDINATOR)), json=REQUEST).status_code == 403
    )
    db.rollback()
    assert db.scalar(select(func.count()).select_from(PlacementRequest)) == 0


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"priority": 6}, "priority"),
        ({"priority": 0}, "priority"),
        ({"reason": ""}, "reason"),
        ({"x": 1}, "x"),
    ],
)
def test_a_bad_request_is_refused_and_nothing_written(
    client: TestClient, make: Factory, db: Session, body: dict[str, Any], field: str
) -> None:
    household = make.household()
    answer = ask(client, make, household, **body)
    assert answer.status_code == 422 and answer.json()["error"]["fields"][0]["field"] == field
    db.rollback()
    db.expire_all()
    assert db.scalar(select(func.count()).select_from(PlacementRequest)) == 0
    assert db.get(Household, household.id).priority == 3


def test_an_exited_household_asking_again_waits_from_now(
    client: TestClient, make: Factory, db: Session
) -> None:
    household = make.household(status=HouseholdStatus.EXITED)
    before = household.waiting_since
    assert ask(client, make, household).json()["outcome"] == "unmatched"  # no home listed
    db.rollback()
    db.expire_all()
    saved = db.get(Household, household.id)
    assert saved.status is HouseholdStatus.WAITING and saved.waiting_since > before
