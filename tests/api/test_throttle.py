"""Sign-in throttling: ten failures in fifteen minutes lock the e-mail and the address for fifteen
minutes (429 with Retry-After), the same for unknown and real accounts, shared by every process."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from stirrup import clock
from stirrup.app import create_app
from stirrup.config import Settings
from stirrup.models import Role, SignInFailure
from tests.factories import PASSWORD, Factory

TOKEN = "/api/v1/auth/token"


@pytest.fixture
def strict_settings(database_url: str) -> Settings:
    """Three failures lock, where the exact number does not matter: fewer slow password checks."""
    return Settings(database_url=database_url, sign_in_max_failures=3)


@pytest.fixture
def strict(strict_settings: Settings, engine: Engine) -> Iterator[TestClient]:
    with TestClient(create_app(strict_settings, engine)) as test_client:
        yield test_client


def attempt(client: TestClient, email: str, password: str = "wrong-password-x") -> int:
    return client.post(TOKEN, json={"email": email, "password": password}).status_code


def test_ten_failures_lock_the_account_for_fifteen_minutes(client: TestClient, make: Factory) -> None:
    user = make.user(Role.LANDLORD)
    assert [attempt(client, user.email) for _ in range(10)] == [401] * 10
    locked = client.post(TOKEN, json={"email": user.email, "password": PASSWORD})
    assert locked.status_code == 429  # even the right password waits
    assert 890 <= int(locked.headers["retry-after"]) <= 900
    assert "too many failed sign-ins" in locked.json()["error"]["message"]
    with clock.travel(timedelta(minutes=14)):
        assert attempt(client, user.email, PASSWORD) == 429
    with clock.travel(timedelta(minutes=15, seconds=1)):
        assert attempt(client, user.email, PASSWORD) == 200


def test_unknown_and_real_accounts_are_locked_alike(strict: TestClient, make: Factory) -> None:
    user = make.user(Role.LANDLORD)

    def locked(email: str) -> tuple[int, object]:
        for _ in range(3):
            attempt(strict, email)
        answer = strict.post(TOKEN, json={"email": email, "password": "wrong-password-x"})
        return answer.status_code, answer.json()

    real = locked(user.email)
    with clock.travel(timedelta(minutes=31)):  # the address's lock has lapsed as well
        unknown = locked("nobody@example.org")
    assert real == unknown and real[0] == 429


def test_one_address_failing_on_many_accounts_is_locked(strict: TestClient, make: Factory) -> None:
    user = make.user(Role.LANDLORD)
    for n in range(3):
        assert attempt(strict, f"guess{n}@example.org") == 401
    answer = strict.post(TOKEN, json={"email": user.email, "password": PASSWORD})
    assert answer.status_code == 429 and "retry-after" in answer.headers


def test_a_success_clears_the_accounts_count(strict: TestClient, make: Factory) -> None:
    user = make.user(Role.LANDLORD)
    for _ in range(2):
        attempt(strict, user.email)
    assert attempt(strict, user.email, PASSWORD) == 200
    with clock.travel(timedelta(minutes=16)):  # the address's two failures have aged out too
        for _ in range(2):
            assert attempt(strict, user.email) == 401
        assert attempt(strict, user.email, PASSWORD) == 200


def test_server_processes_share_the_counts(
    strict_settings: Settings, engine: Engine, make: Factory, db: Session
) -> None:
    user = make.user(Role.LANDLORD)
    with (
        TestClient(create_app(strict_settings, engine)) as first,
        TestClient(create_app(strict_settings, engine)) as second,
    ):
        for n in range(3):
            attempt(first if n % 2 else second, user.email)
        assert attempt(first, user.email, PASSWORD) == 429
        assert attempt(second, user.email, PASSWORD) == 429
    db.rollback()
    stored = db.scalars(select(SignInFailure.key)).all()
    assert user.email not in " ".join(stored)  # keys are digests: the table names nobody
    assert db.scalar(select(func.count()).select_from(SignInFailure)) == 6  # account + address


def test_wrong_current_password_on_change_counts_as_a_failure(strict: TestClient, make: Factory) -> None:
    user = make.user(Role.LANDLORD)
    headers = make.headers(user)
    body = {"current_password": "not-my-password", "new_password": "a-brand-new-passphrase"}
    for _ in range(3):
        assert strict.post("/api/v1/auth/password", json=body, headers=headers).status_code == 422
    assert strict.post("/api/v1/auth/password", json=body, headers=headers).status_code == 429
