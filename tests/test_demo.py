"""The demo data: the promised volumes, real communes, one account per role that can sign in,
placements at every stage and alerts to act on."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from stirrup import clock, demo
from stirrup.app import create_app
from stirrup.config import Settings
from stirrup.geography import gazetteer
from stirrup.models import (
    AfterEndCheck,
    Association,
    Home,
    Household,
    HouseholdStatus,
    MatchingRun,
    MatchingRunStatus,
    Milestone,
    Placement,
    PlacementEnding,
    PlacementStatus,
    Role,
    User,
    Visit,
)
from tests.pages.html import soup
from tests.pages.test_login import login


@pytest.fixture
def demo_client(settings: Settings, engine: Engine) -> Iterator[TestClient]:
    """The site as `stirrup demo` serves it: demo mode, two-factor sign-in switched off."""
    demo_settings = settings.model_copy(update={"demo_mode": True, "require_two_factor": False})
    with TestClient(create_app(demo_settings, engine)) as client:
        yield client


def test_demo_builds_the_promised_world(settings: Settings, db: Session, demo_client: TestClient) -> None:
    client = demo_client
    accounts = demo.build(settings, seed=7)
    db.rollback()
    assert db.scalar(select(func.count()).select_from(Home)) == 60
    assert db.scalar(select(func.count()).select_from(Household)) == 80
    assert db.scalar(select(func.count()).select_from(Association)) == 6
    codes = set(db.scalars(select(Home.insee_code)))
    assert codes <= {*demo.DEMO_COMMUNES, demo.PEVELE} and "59512" in codes
    for home in db.scalars(select(Home)):
        commune = gazetteer().by_insee(home.insee_code or "")
        assert commune is not None and abs(home.latitude - commune.latitude) < 0.05
    assert {a.role for a in accounts} == {r.value for r in Role}
    for account in accounts:
        answer = client.post(
            "/api/v1/auth/token", json={"email": account.email, "password": account.password}
        )
        assert answer.status_code == 200, account.email
    assert db.scalar(select(func.count()).select_from(User).where(User.role == Role.SOCIAL_WORKER)) >= 5
    placements_at_every_stage_with_alerts_to_act_on({a.role: a for a in accounts}, db, client)


def placements_at_every_stage_with_alerts_to_act_on(
    accounts: dict[str, demo.DemoAccount], db: Session, client: TestClient
) -> None:
    today = clock.today()
    active = db.scalars(select(Placement).where(Placement.status == PlacementStatus.ACTIVE)).all()
    assert any((today - p.start_date).days < 14 for p in active)  # just started
    assert any((p.planned_end - today).days <= 30 for p in active)  # ending within a month
    visited = set(db.scalars(select(Visit.placement_id)))
    with_milestones = set(db.scalars(select(Milestone.placement_id)))
    assert any(p.id in visited and p.id in with_milestones for p in active)  # mid-way
    assert db.scalar(select(func.count()).select_from(PlacementEnding)) >= 5
    assert db.scalar(select(func.count()).select_from(AfterEndCheck)) >= 3
    assert db.scalar(
        select(func.count()).select_from(Household).where(Household.status == HouseholdStatus.PLACED)
    ) == len(active)

    def alert_kinds(role: str) -> set[str]:
        account = accounts[role]
        token = client.post("/api/v1/auth/token", json={"email": account.email, "password": account.password})
        headers = {"Authorization": f"Bearer {token.json()['access_token']}"}
        return {alert["kind"] for alert in client.get("/api/v1/alerts", headers=headers).json()}

    assert {"ending_without_exit_plan", "no_recent_check_in", "after_end_check_due"} <= alert_kinds(
        "association_staff"
    )
    assert "severe_incident" in alert_kinds("landlord")
    assert {"ending_without_exit_plan", "severe_incident"} <= alert_kinds("coordinator")


def test_the_demo_opens_with_a_round_s_proposals_waiting_for_answers(
    settings: Settings, db: Session, demo_client: TestClient
) -> None:
    client = demo_client
    demo.build(settings, seed=7)
    db.rollback()
    run = db.scalar(select(MatchingRun))
    assert run is not None and run.status is MatchingRunStatus.DONE and run.solver_status == "optimal"
    waiting = db.scalar(
        select(func.count()).select_from(Placement).where(Placement.status == PlacementStatus.PROPOSED)
    )
    assert waiting and waiting == run.result["counts"]["proposals"] > 10
    coordinator = next(a for a in demo.DEMO_ACCOUNTS if a.role == "coordinator")
    token = client.post(
        "/api/v1/auth/token", json={"email": coordinator.email, "password": coordinator.password}
    )
    headers = {"Authorization": f"Bearer {token.json()['access_token']}"}
    assert client.get("/api/v1/proposals", headers=headers).json()["total"] == waiting


#: What each demo account finds on its overview (GET /): sections by heading, each with a link
#: that shows it is not empty.
OVERVIEW = {
    "landlord": {"Proposals waiting for your answer": "/proposals/", "My homes": "/homes/"},
    "social_worker": {
        "Proposals waiting for your answer": "/proposals/",
        "Households waiting, most urgent first": "/households/",
        "Placements": "/placements/",
    },
    "association_staff": {
        "Proposals waiting for your answer": "/proposals/",
        "Placements followed": "/check-in",
    },
    "coordinator": {
        "Latest matching rounds": "/rounds/",
        "Latest homes": "/homes/",
        "Households waiting, most urgent first": "/households/",
    },
    "admin": {"Latest matching rounds": "/rounds/", "Latest homes": "/homes/"},
}


def _sections(page: Response) -> dict[str, list[str]]:
    """The overview's sections: each heading with the links under it."""
    found = {}
    for section in soup(page).find_all("section"):
        heading = section.find("h2")
        if heading is not None:
            found[heading.get_text(" ", strip=True)] = [
                str(a["href"]) for a in section.find_all("a", href=True)
            ]
    return found


def test_every_demo_account_finds_something_on_its_overview(
    settings: Settings, db: Session, demo_client: TestClient
) -> None:
    client = demo_client
    demo.build(settings, seed=7)
    assert set(OVERVIEW) == {r.value for r in Role}
    for account in demo.DEMO_ACCOUNTS:
        client.cookies.clear()
        client.cookies.set("stirrup_lang", "en")
        assert login(client, account.email, account.password) == (303, "/"), account.role
        page = client.get("/")
        assert page.status_code == 200, account.role
        sections = _sections(page)
        for heading, link in OVERVIEW[account.role].items():
            assert heading in sections, f"{account.role}: no '{heading}' on the overview"
            assert any(link in href for href in sections[heading]), f"{account.role}: '{heading}' is empty"
