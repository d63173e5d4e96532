"""The time-driven steps: one reminder per silent party after 48 hours, expiry after N days, the
move-in day, and the command that runs them."""

from __future__ import annotations

import time
from datetime import datetime, timedelta

from fastapi.testclient import TestClient
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from stirrup import clock
from stirrup.app import create_app
from stirrup.cli import app
from stirrup.config import Settings
from stirrup.db import transaction
from stirrup.models import (
    HomeStatus,
    Household,
    HouseholdStatus,
    Party,
    Placement,
    PlacementStatus,
    ProposalReminder,
    User,
)
from stirrup.services import pools, reminders
from tests.factories import Factory


def reminded(db: Session) -> list[tuple[int, Party]]:
    db.rollback()
    return sorted(
        (pid, party)
        for pid, party in db.execute(select(ProposalReminder.placement_id, ProposalReminder.party))
    )


def test_a_reminder_goes_once_to_each_side_that_has_not_answered(
    engine: Engine, settings: Settings, make: Factory, db: Session
) -> None:
    parties = make.proposal()
    make.decision(parties.placement, Party.LANDLORD)
    with clock.travel(timedelta(hours=47)):
        assert reminders.run_housekeeping(engine, settings)["reminders"] == 0
    with clock.travel(timedelta(hours=49)):
        assert reminders.run_housekeeping(engine, settings)["reminders"] == 2
        assert reminders.run_housekeeping(engine, settings)["reminders"] == 0  # raised once
    pid = parties.placement.id
    assert reminded(db) == [(pid, Party.ASSOCIATION), (pid, Party.SOCIAL_WORKER)]
    with transaction(engine) as session:
        due = reminders.unsent(session)
        assert len(due) == 2
        reminders.mark_sent(session, due[0])
    with transaction(engine) as session:
        assert len(reminders.unsent(session)) == 1


def test_an_unanswered_proposal_expires_and_frees_home_and_household(
    engine: Engine, settings: Settings, make: Factory, db: Session
) -> None:
    parties = make.proposal()
    make.decision(parties.placement, Party.LANDLORD)
    with clock.travel(timedelta(days=6, hours=23)):
        assert reminders.run_housekeeping(engine, settings)["expired"] == 0
    with clock.travel(timedelta(days=7, minutes=1)):
        assert reminders.run_housekeeping(engine, settings)["expired"] == 1
    db.rollback()
    db.expire_all()
    placement = db.get(Placement, parties.placement.id)
    assert (placement.status, placement.closed_reason) == (PlacementStatus.CANCELLED, "expired")
    assert parties.home.id and db.get(type(parties.home), parties.home.id).status is HomeStatus.AVAILABLE
    assert db.get(Household, parties.household.id).status is HouseholdStatus.WAITING
    # Nobody said no: the pair may be proposed again.
    assert pools.declined(db, {parties.household.id: parties.household}) == set()


def test_the_expiry_delay_is_a_setting_fixed_when_the_proposal_is_made(
    engine: Engine, settings: Settings, make: Factory, db: Session
) -> None:
    make.association()
    make.home()
    household = make.household(children=0)
    quick = settings.model_copy(update={"proposal_expiry_days": 2})
    with TestClient(create_app(quick, engine)) as client:
        answer = client.post(
            f"/api/v1/households/{household.id}/placement-request",
            headers=make.headers(make.db.get(User, household.referent_id)),
            json={"priority": 3, "reason": "Hosted by a friend until Sunday."},
        )
    expires = datetime.fromisoformat(answer.json()["proposal"]["expires_at"])
    assert timedelta(days=2) - timedelta(minutes=1) < expires - clock.now() <= timedelta(days=2)
    with clock.travel(timedelta(days=2, minutes=1)):
        assert reminders.run_housekeeping(engine, settings)["expired"] == 1


def test_proposals_about_to_expire_are_listed(make: Factory, db: Session) -> None:
    early = make.proposal()
    with clock.travel(timedelta(days=3)):
        later = make.proposal()
    with clock.travel(timedelta(days=5, hours=12)):
        soon = reminders.expiring(db, within=timedelta(days=2))
    assert [p.id for p in soon] == [early.placement.id]
    assert later.placement.id not in [p.id for p in soon]


def test_the_command_runs_every_step_and_says_what_it_did(
    runner: CliRunner, engine: Engine, make: Factory
) -> None:
    make.proposal()
    with clock.travel(timedelta(days=8)):
        result = runner.invoke(app, ["proposals", "expire"])
    assert result.exit_code == 0, result.output
    assert "0 reminder(s) raised, 1 proposal(s) expired, 0 placement(s) started" in result.output


def test_the_server_s_housekeeper_runs_the_steps_in_the_background(
    engine: Engine, settings: Settings, make: Factory, db: Session
) -> None:
    parties = make.proposal(expires_at=clock.now() - timedelta(minutes=1))
    keeper = reminders.Housekeeper(engine, settings.model_copy(update={"housekeeping_interval_s": 1}))
    keeper.start()
    try:
        for _ in range(100):
            db.rollback()
            db.expire_all()
            if db.get(Placement, parties.placement.id).status is PlacementStatus.CANCELLED:
                break
            time.sleep(0.05)
    finally:
        keeper.stop()
    assert db.get(Placement, parties.placement.id).closed_reason == "expired"
