"""Crash safety: the server, a real uvicorn process, is killed with SIGKILL in the middle of many
concurrent creations; restarted, it finds the database consistent — each household whole (its
contact and its audit entry with it) or absent, no orphan rows — and goes on working. A process
running a matching round is killed while it stores the round's proposals: none is kept, the round
is marked failed with its reason, and restarted it completes."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select, text
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from stirrup import cli
from stirrup.models import (
    AuditEvent,
    Household,
    HouseholdContact,
    MatchingRun,
    MatchingRunStatus,
    Placement,
    Role,
    RoundStage,
)
from tests.api.test_households import VALID as HOUSEHOLD
from tests.factories import Factory
from tests.workflow import wait_for_round


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def server(database_url: str, **settings: str) -> Iterator[tuple[subprocess.Popen[bytes], str]]:
    """uvicorn serving Stirrup on the test database, on a free loopback port (``settings``: more
    environment, e.g. STIRRUP_ESTIMATES_PER_MINUTE="3")."""
    port = free_port()
    env = {**os.environ, "STIRRUP_DATABASE_URL": database_url, "STIRRUP_LOG_LEVEL": "WARNING", **settings}
    process = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "stirrup.asgi:app", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                if httpx.get(f"{base}/health", timeout=10).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert process.poll() is None and time.monotonic() < deadline, "the server did not start"
            time.sleep(0.2)
        yield process, base
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=30)


def hammer(base: str, token: str, stop: threading.Event, created: list[int]) -> None:
    """Create households one after another until told to stop or the server dies."""
    with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {token}"}, timeout=60) as client:
        while not stop.is_set():
            try:
                answer = client.post("/api/v1/households", json=HOUSEHOLD)
            except httpx.TransportError:
                return
            if answer.status_code == 201:
                created.append(answer.json()["id"])


def assert_consistent(engine: Engine) -> None:
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            assert connection.execute(text("PRAGMA integrity_check")).scalar_one() == "ok"
            assert connection.execute(text("PRAGMA foreign_key_check")).all() == []
        households = set(connection.scalars(select(Household.id)))
        contacts = set(connection.scalars(select(HouseholdContact.household_id)))
        audited = [
            int(entity)
            for entity in connection.scalars(
                select(AuditEvent.entity_id).where(
                    AuditEvent.entity_type == "household", AuditEvent.action == "create"
                )
            )
        ]
    assert contacts == households, "a household without its contact, or the reverse"
    assert sorted(audited) == sorted(households), "a household without its audit entry, or the reverse"


def test_a_killed_server_leaves_whole_transactions_and_restarts(
    database_url: str, engine: Engine, make: Factory
) -> None:
    worker = make.user(Role.SOCIAL_WORKER)
    token = make.token(worker)
    created: list[int] = []
    with server(database_url) as (process, base):
        warm = httpx.post(  # the first creation loads the gazetteer: not a moment to measure
            f"{base}/api/v1/households",
            json=HOUSEHOLD,
            headers={"Authorization": f"Bearer {token}"},
            timeout=120,
        )
        assert warm.status_code == 201, warm.text
        stop = threading.Event()
        writers = [threading.Thread(target=hammer, args=(base, token, stop, created)) for _ in range(6)]
        for writer in writers:
            writer.start()
        deadline = time.monotonic() + 60
        while len(created) < 30 and time.monotonic() < deadline:
            time.sleep(0.05)
        os.kill(process.pid, signal.SIGKILL)  # in the middle of the writes
        process.wait(timeout=30)
        stop.set()
        for writer in writers:
            writer.join(timeout=30)
    assert len(created) >= 30, "too few writes before the kill to prove anything"
    engine.dispose()  # connections of the dead server's era
    assert_consistent(engine)
    with engine.connect() as connection:
        stored = connection.execute(select(func.count()).select_from(Household)).scalar_one()
    assert stored >= len(created)  # every acknowledged write survived; more may have committed unanswered

    with server(database_url) as (_, base):  # restarted, it works again
        again = httpx.post(
            f"{base}/api/v1/households",
            json=HOUSEHOLD,
            headers={"Authorization": f"Bearer {token}"},
            timeout=120,
        )
        assert again.status_code == 201, again.text
    assert_consistent(engine)


def test_a_round_killed_while_storing_leaves_no_proposal_and_is_failed_then_restarted(
    database_url: str, db: Session, make: Factory, client: TestClient, runner: CliRunner
) -> None:
    make.association()
    make.home()
    make.household(children=0)
    with subprocess.Popen(
        [sys.executable, "-m", "tests.security.round_worker", database_url],
        cwd=Path(__file__).resolve().parents[2],  # where the tests package is importable
        stdout=subprocess.PIPE,
        text=True,
    ) as worker:
        try:
            assert worker.stdout is not None
            run_id = int(worker.stdout.readline().split()[1])
            assert worker.stdout.readline().strip() == "stored"  # proposals written, not committed
            db.rollback()
            run = db.get(MatchingRun, run_id)
            assert run is not None and run.status is MatchingRunStatus.RUNNING
            assert run.stage is RoundStage.STORING
            assert run.worker is not None and run.worker.startswith(f"{socket.gethostname()}:{worker.pid}:")
            os.kill(worker.pid, signal.SIGKILL)  # in the middle of the round's storing transaction
        finally:
            worker.kill()  # already dead unless a check above failed
    db.rollback()
    assert db.scalar(select(func.count()).select_from(Placement)) == 0, "a partial round was written"
    assert db.get(MatchingRun, run_id, populate_existing=True).status is MatchingRunStatus.RUNNING

    # The next housekeeping turn (the first thing `stirrup serve` does) sees the worker gone at
    # once: no need to wait for the heartbeat to grow old.
    answer = runner.invoke(cli.app, ["proposals", "expire"])
    assert answer.exit_code == 0, answer.output
    assert "1 crashed round(s) marked failed" in answer.output
    db.rollback()
    failed = db.get(MatchingRun, run_id, populate_existing=True)
    assert failed.status is MatchingRunStatus.FAILED and failed.stage is RoundStage.FAILED
    assert failed.error == "the process running this round stopped; restart it"
    assert db.scalar(select(func.count()).select_from(Placement)) == 0

    coordinator = make.headers(make.user(Role.COORDINATOR))
    restarted = client.post(f"/api/v1/rounds/{run_id}/restart", headers=coordinator)
    assert restarted.status_code == 202, restarted.text
    done = wait_for_round(client, restarted.json()["id"], coordinator)
    assert done["status"] == "done" and done["counts"]["proposals"] == 1
    db.rollback()
    assert db.scalar(select(func.count()).select_from(Placement)) == 1
