"""The demo data: the promised volumes, real communes, one account per role that can sign in."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from stirrup import demo
from stirrup.config import Settings
from stirrup.geography import gazetteer
from stirrup.models import (
    Association,
    Home,
    Household,
    MatchingRun,
    MatchingRunStatus,
    Placement,
    PlacementStatus,
    Role,
    User,
)


def test_demo_builds_the_promised_world(settings: Settings, db: Session, client: TestClient) -> None:
    accounts = demo.build(settings, seed=7)
    db.rollback()
    assert db.scalar(select(func.count()).select_from(Home)) == 60
    assert db.scalar(select(func.count()).select_from(Household)) == 80
    assert db.scalar(select(func.count()).select_from(Association)) == 6
    codes = set(db.scalars(select(Home.insee_code)))
    assert codes <= set(demo.DEMO_COMMUNES) and "59512" in codes
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


def test_the_demo_opens_with_a_round_s_proposals_waiting_for_answers(
    settings: Settings, db: Session, client: TestClient
) -> None:
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
