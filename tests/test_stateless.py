"""Several server processes share one PostgreSQL database and nothing else: two real uvicorn
processes, driven alternately, see the same sessions, two-factor enrolment, rounds and rate
limits (docs/scaling.md)."""

from __future__ import annotations

import time

import httpx
import pyotp
import pytest
from sqlalchemy import Engine, text

from stirrup.models import Role
from tests.api.test_estimates import WORKED_EXAMPLE
from tests.factories import PASSWORD, Factory
from tests.security.test_crash_safety import server


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_two_servers_on_one_postgresql_share_sessions_rounds_and_rate_limits(
    database_url: str, engine: Engine, make: Factory
) -> None:
    if not database_url.startswith("postgresql"):
        pytest.skip("several server processes need PostgreSQL (SQLite suits one process)")
    coordinator = make.user(Role.COORDINATOR)
    limits = {"STIRRUP_ESTIMATES_PER_MINUTE": "3"}
    with server(database_url, **limits) as (_, a), server(database_url, **limits) as (_, b):
        # Sign in on A; enrol two-factor sign-in on B, confirm it on A; the session works on B.
        signed = httpx.post(f"{a}/api/v1/auth/token", json={"email": coordinator.email, "password": PASSWORD})
        assert signed.status_code == 200 and signed.json()["two_factor_enrolment_required"] is True
        headers = bearer(signed.json()["access_token"])
        secret = httpx.post(f"{b}/api/v1/auth/two-factor", headers=headers).json()["secret"]
        code = pyotp.TOTP(secret).now()
        confirmed = httpx.post(f"{a}/api/v1/auth/two-factor/confirm", headers=headers, json={"code": code})
        assert confirmed.status_code == 200, confirmed.text
        assert httpx.get(f"{b}/api/v1/households", headers=headers).status_code == 200

        # A round started on A is running for B, which refuses another one over the same ground.
        with engine.connect() as holder:
            holder.execute(text("LOCK TABLE homes IN ACCESS EXCLUSIVE MODE"))  # the round waits on it
            started = httpx.post(f"{a}/api/v1/rounds", headers=headers, json={"time_limit_s": 5})
            assert started.status_code == 202, started.text
            round_id = started.json()["id"]
            assert httpx.get(f"{b}/api/v1/rounds/{round_id}", headers=headers).json()["status"] == "running"
            refused = httpx.post(f"{b}/api/v1/rounds", headers=headers, json={"time_limit_s": 5})
            assert refused.status_code == 409
            assert f"round {round_id} is running" in refused.json()["error"]["message"]
            holder.rollback()
        deadline = time.monotonic() + 60
        while (
            status := httpx.get(f"{b}/api/v1/rounds/{round_id}", headers=headers).json()["status"]
        ) == "running":
            assert time.monotonic() < deadline, "the round did not finish"
            time.sleep(0.2)
        assert status == "done"

        # Three estimates a minute from one address, counted across both servers.
        for base in (a, b, a):
            assert httpx.post(f"{base}/api/v1/estimates", json=WORKED_EXAMPLE, timeout=60).status_code == 200
        refused = httpx.post(f"{b}/api/v1/estimates", json=WORKED_EXAMPLE, timeout=60)
        assert refused.status_code == 429 and int(refused.headers["retry-after"]) >= 1
