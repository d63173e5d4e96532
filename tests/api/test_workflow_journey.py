"""The whole workflow through the API, as its users live it: homes and households registered, a
round run in the background and polled, the proposal accepted by its three parties, the placement
active for six calendar months. The landlord never sees who the household is, at any step."""

from __future__ import annotations

from datetime import date
from typing import Any

from dateutil.relativedelta import relativedelta
from fastapi.testclient import TestClient

from stirrup import clock
from stirrup.models import OrganisationKind, Role
from tests.factories import Factory
from tests.workflow import wait_for_round

#: Words only the household's social service may ever read.
SECRETS = ("Camille Sentinelle", "06 99 88 77 66", "sentinel-note", "sentinel-reason", "addiction_support")


def assert_nothing_sensitive(answer: Any) -> None:
    text = answer.text
    for secret in SECRETS:
        assert secret not in text, secret


def test_round_to_active_placement_through_the_api(client: TestClient, make: Factory) -> None:
    today = clock.today()
    landlord, coordinator = make.user(Role.LANDLORD), make.user(Role.COORDINATOR)
    worker = make.user(Role.SOCIAL_WORKER)
    organisation = make.organisation(OrganisationKind.PARTNER_ASSOCIATION, name="Toit Partagé")
    association = make.association(organisation, support_offered=["addiction_support", "budget"])
    staff = make.user(Role.ASSOCIATION_STAFF, organisation=organisation)
    as_landlord, as_worker = make.headers(landlord), make.headers(worker)
    as_staff, as_coordinator = make.headers(staff), make.headers(coordinator)

    home = client.post(
        "/api/v1/homes",
        headers=as_landlord,
        json={
            "street": "12 rue de l'Épeule",
            "postal_code": "59100",
            "commune": "Roubaix",
            "surface_m2": 52,
            "rooms": 3,
            "bedrooms": 2,
            "max_occupants": 4,
            "available_from": today.isoformat(),
            "status": "available",
        },
    )
    assert home.status_code == 201, home.text
    household = client.post(
        "/api/v1/households",
        headers=as_worker,
        json={
            "adults": 1,
            "children": 2,
            "anchor_kind": "school",
            "anchor_postal_code": "59100",
            "anchor_commune": "Roubaix",
            "max_distance_km": 5,
            "earliest_start": today.isoformat(),
            "support_needs": ["addiction_support"],
            "priority": 4,
            "priority_reason": "sentinel-reason",
            "consent_given_on": today.isoformat(),
            "consent_purpose": "Placement and follow-up",
            "notes": "sentinel-note",
            "contact": {"full_name": "Camille Sentinelle", "phone": "06 99 88 77 66"},
        },
    )
    assert household.status_code == 201, household.text
    home_id, household_id = home.json()["id"], household.json()["id"]

    started = client.post(
        "/api/v1/rounds",
        headers=as_coordinator,
        json={"territory": {"kind": "departement", "departement": "59"}, "time_limit_s": 5},
    )
    assert started.status_code == 202, started.text
    finished = wait_for_round(client, started.json()["id"], as_coordinator)
    assert finished["status"] == "done" and finished["stage"] == "done", finished
    assert finished["progress"] == 1
    assert finished["solver_status"] == "optimal" and finished["gap"] == 0
    assert finished["counts"]["proposals"] == 1 and finished["counts"]["households"] == 1
    assert "total" in finished["timings_s"]

    mine = client.get("/api/v1/proposals?to_answer=true", headers=as_landlord)
    assert_nothing_sensitive(mine)
    [proposal] = mine.json()["items"]
    assert proposal["home"]["id"] == home_id and proposal["household"] == {
        "id": None,
        "reference": None,
        "persons": 3,
        "bedrooms_needed": None,
    }
    assert proposal["explanation"] is None and proposal["move_in_date"] == today.isoformat()
    assert proposal["association_name"] == "Toit Partagé"
    proposal_id = proposal["id"]

    seen_by_worker = client.get(f"/api/v1/proposals/{proposal_id}", headers=as_worker).json()
    assert seen_by_worker["household"]["id"] == household_id
    assert seen_by_worker["explanation"]["why"][0]["code"] == "placement_fit"

    for headers in (as_landlord, as_worker):
        answer = client.post(f"/api/v1/proposals/{proposal_id}/accept", headers=headers, json={})
        assert answer.status_code == 200, answer.text
        assert answer.json()["status"] == "proposed"
        if headers is as_landlord:
            assert_nothing_sensitive(answer)
    last = client.post(f"/api/v1/proposals/{proposal_id}/accept", headers=as_staff, json={})
    assert last.status_code == 200, last.text
    assert last.json()["status"] == "active"
    assert last.json()["planned_end"] == (today + relativedelta(months=6)).isoformat()

    placement = client.get(f"/api/v1/placements/{proposal_id}", headers=as_landlord)
    assert_nothing_sensitive(placement)
    assert placement.json()["status"] == "active" and placement.json()["association_id"] == association.id
    assert date.fromisoformat(placement.json()["planned_end"]) == today + relativedelta(months=6)
    assert client.get(f"/api/v1/homes/{home_id}", headers=as_landlord).json()["status"] == "occupied"
    assert client.get(f"/api/v1/households/{household_id}", headers=as_worker).json()["status"] == "placed"
    assert client.get(f"/api/v1/households/{household_id}", headers=as_landlord).status_code == 404
