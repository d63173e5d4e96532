"""The six-month follow-up from start to statistics, through the API, as the issue checks it:
check-ins and milestones recorded, an alert 25 days before the end, the end with an outcome that
the coordinator's statistics show — and the owner never reads anything sensitive on the way."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient

from stirrup import clock
from stirrup.models import Role
from tests.factories import Factory

SENTINELS = ("SENTINEL-NOTE", "SENTINEL-INCIDENT", "SENTINEL-PLAN", "SENTINEL-END", "SENTINEL-NAME")


def test_a_placement_followed_to_its_outcome(client: TestClient, make: Factory) -> None:
    s = make.parties(contact_name="SENTINEL-NAME Dupont")
    placement = f"/api/v1/placements/{s.placement.id}"
    coordinator = make.user(Role.COORDINATOR)
    owner_saw: list[str] = []

    def as_owner(path: str) -> None:
        owner_saw.append(client.get(path, headers=make.headers(s.owner)).text)

    def post(path: str, body: dict[str, object]) -> None:
        answer = client.post(path, json=body, headers=make.headers(s.staff))
        assert answer.status_code in (200, 201), answer.text

    with clock.travel(timedelta(days=10)):
        post(
            f"{placement}/visits",
            {
                "visited_on": str(clock.today()),
                "kind": "home_visit",
                "wellbeing": 3,
                "housing_condition": 4,
                "notes": "SENTINEL-NOTE anxious about papers",
            },
        )
        answer = client.put(
            f"{placement}/milestones/postal_address",
            json={"reached_on": str(clock.today())},
            headers=make.headers(s.staff),
        )
        assert answer.status_code == 200, answer.text
        post(
            f"{placement}/incidents",
            {
                "occurred_on": str(clock.today()),
                "severity": "severe",
                "category": "health",
                "description": "SENTINEL-INCIDENT",
            },
        )
        as_owner("/api/v1/alerts")
        as_owner(placement)
    days_before_end = (s.placement.planned_end - timedelta(days=25)) - clock.today()
    with clock.travel(days_before_end):
        kinds = {a["kind"] for a in client.get("/api/v1/alerts", headers=make.headers(s.staff)).json()}
        assert {"ending_without_exit_plan", "no_recent_check_in", "severe_incident"} <= kinds
        as_owner("/api/v1/alerts")
        answer = client.put(
            f"{placement}/exit-plan",
            json={"kind": "social_housing", "details": "SENTINEL-PLAN"},
            headers=make.headers(s.worker),
        )
        assert answer.status_code == 200, answer.text
        kinds = {a["kind"] for a in client.get("/api/v1/alerts", headers=make.headers(s.staff)).json()}
        assert "ending_without_exit_plan" not in kinds
    with clock.travel(s.placement.planned_end - clock.today()):
        post(f"{placement}/end", {"outcome": "social_housing", "details": "SENTINEL-END"})
        as_owner(placement)
        as_owner(f"/api/v1/homes/{s.home.id}")
        board = client.get("/api/v1/dashboards/coordinator", headers=make.headers(coordinator))
        assert not any(sentinel in board.text for sentinel in SENTINELS)
        rates = {o["outcome"]: o["count"] for o in board.json()["outcomes"]["outcomes"]}
        assert board.json()["outcomes"]["ended"] == 1 and rates["social_housing"] == 1
        at_end = board.json()["street_or_shelter"][0]
        assert (at_end["months"], at_end["known"], at_end["share"]) == (0, 1, 0.0)
    for path in ("visits", "milestones", "incidents", "exit-plan", "outcome"):
        assert client.get(f"{placement}/{path}", headers=make.headers(s.owner)).status_code == 404
    for seen in owner_saw:
        assert not any(sentinel in seen for sentinel in SENTINELS) and "health" not in seen
        assert s.household.reference not in seen
