"""Alerts: one test per rule, each seen by those it concerns and by no one else."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import delete

from stirrup import clock
from stirrup.models import (
    AfterEndCheck,
    IncidentCategory,
    IncidentSeverity,
    IncidentStatus,
    Outcome,
    PlacementStatus,
    Role,
    User,
)
from stirrup.services import alerts
from stirrup.services.access import Principal
from tests.factories import Factory

URL = "/api/v1/alerts"


def raised(client: TestClient, make: Factory, user: User, kind: str) -> list[dict[str, object]]:
    """The ``kind`` alerts ``user`` gets now (signed in afresh: the clock may have moved)."""
    answer = client.get(URL, headers=make.headers(user))
    assert answer.status_code == 200, answer.text
    return [alert for alert in answer.json() if alert["kind"] == kind]


def test_an_ending_placement_without_exit_plan_is_flagged_25_days_before_its_end(
    client: TestClient, make: Factory
) -> None:
    s = make.parties(start=clock.today() - timedelta(days=30))
    coordinator = make.user(Role.COORDINATOR)
    assert raised(client, make, s.staff, "ending_without_exit_plan") == []
    with clock.travel(s.placement.planned_end - timedelta(days=25) - clock.today()):
        for user in (s.staff, s.worker, coordinator):
            [alert] = raised(client, make, user, "ending_without_exit_plan")
            assert alert["placement_id"] == s.placement.id
            assert alert["due_on"] == s.placement.planned_end.isoformat()
        assert raised(client, make, s.owner, "ending_without_exit_plan") == []
        make.exit_plan(s.placement)
        assert raised(client, make, s.staff, "ending_without_exit_plan") == []


def test_three_weeks_without_a_visit_raise_an_alert(client: TestClient, make: Factory) -> None:
    s = make.parties(start=clock.today() - timedelta(days=60))
    make.visit(s.placement, clock.today() - timedelta(days=20))
    assert raised(client, make, s.staff, "no_recent_check_in") == []
    with clock.travel(timedelta(days=1)):
        [alert] = raised(client, make, s.staff, "no_recent_check_in")
        assert alert["due_on"] == clock.today().isoformat()
        assert raised(client, make, s.owner, "no_recent_check_in") == []
    fresh = make.parties(start=clock.today() - timedelta(days=20))
    assert raised(client, make, fresh.staff, "no_recent_check_in") == []  # 20 days in, none yet


def test_a_severe_incident_alerts_the_owner_without_any_detail(client: TestClient, make: Factory) -> None:
    s = make.parties(start=clock.today() - timedelta(days=30))
    make.incident(s.placement, IncidentSeverity.MODERATE)
    assert raised(client, make, s.owner, "severe_incident") == []
    incident = make.incident(
        s.placement, IncidentSeverity.SEVERE, IncidentCategory.HEALTH, description="SENTINEL-HEALTH"
    )
    [owners] = raised(client, make, s.owner, "severe_incident")
    message = str(owners["message"])
    assert "needs attention" in message and s.organisation.name in message and "06 11 22 33 44" in message
    for secret in ("health", "SENTINEL", s.household.reference):
        assert secret not in message
    [coordinators] = raised(client, make, make.user(Role.COORDINATOR), "severe_incident")
    assert "health" in str(coordinators["message"]) and s.household.reference in str(coordinators["message"])
    assert len(raised(client, make, s.staff, "severe_incident")) == 1
    assert raised(client, make, make.user(Role.LANDLORD), "severe_incident") == []
    incident.status, incident.resolved_on, incident.resolution = IncidentStatus.RESOLVED, clock.today(), "ok"
    make.db.commit()
    assert raised(client, make, s.owner, "severe_incident") == []


def test_an_association_over_capacity_is_told_and_so_are_coordinators(
    client: TestClient, make: Factory
) -> None:
    s = make.parties()
    s.association.capacity = 1
    make.db.commit()
    assert raised(client, make, s.staff, "association_over_capacity") == []
    make.placement(make.household(), make.home(), s.association, PlacementStatus.ACTIVE)
    [alert] = raised(client, make, s.staff, "association_over_capacity")
    assert alert["association_id"] == s.association.id and "2 households for a capacity of 1" in str(
        alert["message"]
    )
    assert len(raised(client, make, make.user(Role.COORDINATOR), "association_over_capacity")) == 1
    assert raised(client, make, make.user(Role.ASSOCIATION_STAFF), "association_over_capacity") == []
    assert raised(client, make, s.owner, "association_over_capacity") == []


def test_each_after_end_check_is_reminded_until_recorded_or_the_next_is_due(
    client: TestClient, make: Factory
) -> None:
    s = make.parties(start=date(2026, 1, 31))
    make.ended(s.placement, Outcome.SOCIAL_HOUSING, ended_on=date(2026, 7, 31))
    with clock.travel(date(2027, 1, 30) - clock.today()):
        assert raised(client, make, s.staff, "after_end_check_due") == []
    with clock.travel(date(2027, 1, 31) - clock.today()):
        [six] = raised(client, make, s.staff, "after_end_check_due")
        assert six["due_on"] == "2027-01-31" and "6 months" in str(six["message"])
        assert raised(client, make, make.user(Role.COORDINATOR), "after_end_check_due") == []
        make.after_end_check(s.placement, 6, Outcome.SOCIAL_HOUSING)
        assert raised(client, make, s.staff, "after_end_check_due") == []
    make.db.execute(delete(AfterEndCheck))  # the six-month check was never recorded after all
    make.db.commit()
    with clock.travel(date(2027, 8, 1) - clock.today()):
        [twelve] = raised(client, make, s.staff, "after_end_check_due")
        assert twelve["due_on"] == "2027-07-31"  # the six-month reminder has given way


def test_every_rule_is_listed_and_alerts_come_longest_overdue_first(make: Factory) -> None:
    assert len(alerts.RULES) == len(set(alerts.RULES)) >= 6
    s = make.parties(start=clock.today() - timedelta(days=160))  # ends in about 3 weeks
    staff = Principal(s.staff.id, Role.ASSOCIATION_STAFF, s.staff.organisation_id, "x", "x")
    found = alerts.alerts_for(make.db, staff)
    assert [a.kind for a in found] == ["insurance_missing", "no_recent_check_in", "ending_without_exit_plan"]
    assert [a.due_on for a in found] == sorted(a.due_on for a in found)


def test_every_rule_and_outcome_is_documented() -> None:
    text = (Path(__file__).resolve().parents[2] / "docs" / "followup.md").read_text()
    for rule in alerts.RULES:
        assert f"`{rule.__name__}`" in text, rule.__name__
    for outcome in Outcome:
        assert f"`{outcome.value}`" in text, outcome
