"""The association and coordinator dashboards, their statistics, and their cost in queries."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, time, timedelta
from typing import Any

from dateutil.relativedelta import relativedelta
from fastapi.testclient import TestClient
from sqlalchemy import Engine, event

from stirrup import clock
from stirrup.models import Association, HomeStatus, MilestoneKind, Outcome, Placement, PlacementStatus, Role
from tests.factories import Factory

COORDINATOR_URL = "/api/v1/dashboards/coordinator"
ASSOCIATION_URL = "/api/v1/dashboards/association"


def placed(
    make: Factory,
    association: Association,
    *,
    ended_days_ago: int,
    outcome: Outcome,
    commune: tuple[str, str] = ("Roubaix", "59512"),
    waited_days: int = 30,
) -> Placement:
    """A six-month placement that ended ``ended_days_ago`` with ``outcome``."""
    end = clock.today() - timedelta(days=ended_days_ago)
    start = end - relativedelta(months=6)
    entered = datetime.combine(start - timedelta(days=waited_days), time(12), tzinfo=UTC)
    household = make.household(waiting_since=entered, contact_name="SENTINEL-NAME Dupont")
    home = make.home(commune=commune[0], insee_code=commune[1])
    placement = make.placement(household, home, association, PlacementStatus.ACTIVE, start=start)
    return make.ended(placement, outcome, ended_on=end)


@contextmanager
def counted(engine: Engine) -> Iterator[list[str]]:
    statements: list[str] = []

    def count(*args: Any) -> None:
        statements.append(args[2])

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)


def test_the_coordinator_sees_outcomes_rates_and_the_street_share_with_its_denominator(
    client: TestClient, make: Factory
) -> None:
    a, b = make.association(), make.association()
    tourcoing = ("Tourcoing", "59599")
    p1 = placed(make, a, ended_days_ago=400, outcome=Outcome.SOCIAL_HOUSING)
    p2 = placed(make, a, ended_days_ago=200, outcome=Outcome.STREET_OR_EMERGENCY_SHELTER, commune=tourcoing)
    placed(make, a, ended_days_ago=300, outcome=Outcome.OTHER_SUPPORTED_HOUSING, waited_days=90)
    placed(make, b, ended_days_ago=10, outcome=Outcome.FAMILY_OR_FRIENDS)
    placed(make, b, ended_days_ago=10, outcome=Outcome.UNKNOWN)
    make.after_end_check(p1, 6, Outcome.SOCIAL_HOUSING)
    make.after_end_check(p1, 12, Outcome.STREET_OR_EMERGENCY_SHELTER)
    make.after_end_check(p2, 6, Outcome.UNKNOWN)
    make.household(priority=5)
    make.household(priority=5)
    make.home(status=HomeStatus.DRAFT)
    answer = client.get(COORDINATOR_URL, headers=make.headers(make.user(Role.COORDINATOR)))
    assert answer.status_code == 200, answer.text
    board = answer.json()
    assert "SENTINEL" not in answer.text
    outcomes = board["outcomes"]
    assert outcomes["ended"] == 5
    assert {o["outcome"]: (o["count"], o["rate"]) for o in outcomes["outcomes"]}["social_housing"] == (1, 0.2)
    communes = {c["commune"]: c["ended"] for c in outcomes["by_commune"]}
    assert communes == {"Roubaix": 4, "Tourcoing": 1}
    assert sorted(x["ended"] for x in outcomes["by_association"]) == [2, 3]
    shares = {row["months"]: row for row in board["street_or_shelter"]}
    assert shares[0] == {
        "months": 0,
        "due": 5,
        "known": 4,
        "street_or_shelter": 1,
        "share": 0.25,
        "unknown": 1,
        "not_recorded": 0,
    }
    assert (shares[6]["due"], shares[6]["known"], shares[6]["share"]) == (3, 1, 0.0)
    assert (shares[6]["unknown"], shares[6]["not_recorded"]) == (1, 1)
    assert (shares[12]["due"], shares[12]["known"], shares[12]["share"]) == (1, 1, 1.0)
    assert (shares[24]["due"], shares[24]["share"]) == (0, None)
    assert board["average_days_waiting"] == 42.0
    assert board["households_waiting_by_priority"]["5"] == 2
    assert board["homes_by_status"]["draft"] == 1
    months = board["placements_per_month"]
    assert sum(m["started"] for m in months) == 5 and sum(m["ended"] for m in months) == 5
    assert months[0]["month"] == (clock.today() - timedelta(days=400) - relativedelta(months=6)).strftime(
        "%Y-%m"
    )


def test_the_coordinator_dashboard_is_for_coordinators(client: TestClient, make: Factory) -> None:
    for role in (Role.LANDLORD, Role.SOCIAL_WORKER, Role.ASSOCIATION_STAFF):
        assert client.get(COORDINATOR_URL, headers=make.headers(make.user(role))).status_code == 403


def test_the_association_sees_what_it_follows_and_nothing_else(client: TestClient, make: Factory) -> None:
    s = make.parties(start=clock.today() - timedelta(days=100))
    make.visit(s.placement, clock.today() - timedelta(days=5))
    make.milestone(s.placement, MilestoneKind.BANK_ACCOUNT, clock.today() - timedelta(days=40))
    ending = make.placement(
        make.household(),
        make.home(),
        s.association,
        PlacementStatus.ACTIVE,
        start=clock.today() - timedelta(days=170),
    )
    make.parties(start=clock.today() - timedelta(days=100))  # another association's
    answer = client.get(ASSOCIATION_URL, headers=make.headers(s.staff))
    assert answer.status_code == 200, answer.text
    board = answer.json()
    assert (board["association_id"], board["load"], board["capacity"]) == (s.association.id, 2, 10)
    first, second = board["placements"]
    assert (
        first["placement_id"] == ending.id and first["days_left"] == (ending.planned_end - clock.today()).days
    )
    assert "ending_without_exit_plan" in first["alerts"] and first["last_visit"] is None
    assert second["last_visit"] == (clock.today() - timedelta(days=5)).isoformat()
    assert (
        second["milestones_reached"] == ["bank_account"]
        and second["household_reference"] == s.household.reference
    )
    assert board["milestones_reached"] == {"bank_account": 1}
    assert {a["placement_id"] for a in board["alerts"]} <= {s.placement.id, ending.id}
    coordinator = make.headers(make.user(Role.COORDINATOR))
    assert client.get(ASSOCIATION_URL, headers=coordinator).status_code == 422
    as_coordinator = client.get(
        ASSOCIATION_URL, params={"association_id": s.association.id}, headers=coordinator
    )
    assert len(as_coordinator.json()["placements"]) == 2
    assert client.get(ASSOCIATION_URL, headers=make.headers(s.owner)).status_code == 403
    assert client.get(ASSOCIATION_URL, headers=make.headers(s.worker)).status_code == 403


def test_dashboards_cost_the_same_queries_for_two_placements_or_six(
    client: TestClient, make: Factory, engine: Engine
) -> None:
    s = make.parties(start=clock.today() - timedelta(days=100))
    coordinator = make.user(Role.COORDINATOR)

    def queries(url: str, user: Any) -> int:
        headers = make.headers(user)
        with counted(engine) as statements:
            assert client.get(url, headers=headers).status_code == 200
        return len(statements)

    def grow() -> None:
        placement = make.placement(
            make.household(),
            make.home(),
            s.association,
            PlacementStatus.ACTIVE,
            start=clock.today() - timedelta(days=60),
        )
        make.visit(placement, clock.today() - timedelta(days=3))
        make.milestone(placement, MilestoneKind.HEALTH_COVER, clock.today() - timedelta(days=3))
        placed(make, s.association, ended_days_ago=200, outcome=Outcome.SOCIAL_HOUSING)

    grow()
    before = (queries(ASSOCIATION_URL, s.staff), queries(COORDINATOR_URL, coordinator))
    for _ in range(4):
        grow()
    assert (queries(ASSOCIATION_URL, s.staff), queries(COORDINATOR_URL, coordinator)) == before
