"""Two-factor sign-in through the API: enrolment, the code at sign-in, replays and recovery codes,
who must have it, and what an admin may reset."""

from __future__ import annotations

from datetime import timedelta

import pyotp
import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from stirrup import clock
from stirrup.config import Settings
from stirrup.models import RecoveryCode, Role, User
from tests.factories import PASSWORD, Factory

TOKEN = "/api/v1/auth/token"


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def enrol(client: TestClient, headers: dict[str, str]) -> tuple[str, list[str]]:
    """Set up two-factor sign-in; returns the secret and the recovery codes."""
    secret = client.post("/api/v1/auth/two-factor", headers=headers).json()["secret"]
    code = pyotp.TOTP(secret).at(clock.now())
    answer = client.post("/api/v1/auth/two-factor/confirm", headers=headers, json={"code": code})
    assert answer.status_code == 200, answer.text
    return secret, answer.json()["recovery_codes"]


def sign_in(client: TestClient, email: str, code: str | None = None) -> tuple[int, dict]:
    answer = client.post(TOKEN, json={"email": email, "password": PASSWORD, "code": code})
    return answer.status_code, answer.json()


def test_staff_enrol_end_to_end_and_then_sign_in_with_a_code(
    client: TestClient, make: Factory, db: Session
) -> None:
    worker = make.user(Role.SOCIAL_WORKER)
    status, body = sign_in(client, worker.email)
    assert status == 200 and body["two_factor_enrolment_required"] is True
    limited = bearer(body["access_token"])
    refused = client.get("/api/v1/households", headers=limited)
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "two_factor_enrolment_required"

    start = client.post("/api/v1/auth/two-factor", headers=limited).json()
    assert start["otpauth_uri"].startswith("otpauth://totp/Stirrup:") and len(start["secret"]) >= 16
    wrong = client.post("/api/v1/auth/two-factor/confirm", headers=limited, json={"code": "000000"})
    assert wrong.status_code == 422 and wrong.json()["error"]["fields"][0]["field"] == "code"
    code = pyotp.TOTP(start["secret"]).at(clock.now())
    confirmed = client.post("/api/v1/auth/two-factor/confirm", headers=limited, json={"code": code})
    codes = confirmed.json()["recovery_codes"]
    assert len(codes) == 10 and len(set(codes)) == 10
    assert client.get("/api/v1/households", headers=limited).status_code == 200  # the same session

    db.rollback()
    stored = db.scalars(select(RecoveryCode.code_hash).where(RecoveryCode.user_id == worker.id)).all()
    assert len(stored) == 10 and all(h.startswith("$argon2id$") for h in stored)
    assert not set(codes) & set(stored)  # only hashes are kept

    with clock.travel(timedelta(seconds=30)):  # the enrolment spent the current step's code
        assert sign_in(client, worker.email)[1]["error"]["code"] == "two_factor_required"
        assert sign_in(client, worker.email, "123456")[0] == 401
        fresh = pyotp.TOTP(start["secret"]).at(clock.now())
        status, body = sign_in(client, worker.email, fresh)
        assert status == 200 and body["two_factor_enrolment_required"] is False
        replay = sign_in(client, worker.email, fresh)
        assert replay[0] == 401 and replay[1]["error"]["message"] == "invalid or already used code"


def test_a_recovery_code_works_once(client: TestClient, make: Factory) -> None:
    coordinator = make.user(Role.COORDINATOR)
    _, codes = enrol(client, make.headers(coordinator))
    assert sign_in(client, coordinator.email, codes[3].lower())[0] == 200  # case and dashes do not matter
    assert sign_in(client, coordinator.email, codes[3])[0] == 401
    assert sign_in(client, coordinator.email, codes[4].replace("-", " "))[0] == 200


def test_wrong_codes_count_towards_the_throttle(client: TestClient, make: Factory) -> None:
    admin = make.user(Role.ADMIN)
    enrol(client, make.headers(admin))
    for _ in range(10):
        assert sign_in(client, admin.email, "999999")[0] == 401
    assert client.post(TOKEN, json={"email": admin.email, "password": PASSWORD}).status_code == 429


def test_landlords_may_choose_and_only_they_may_turn_it_off(client: TestClient, make: Factory) -> None:
    landlord = make.user(Role.LANDLORD)
    status, body = sign_in(client, landlord.email)
    assert status == 200 and body["two_factor_enrolment_required"] is False
    headers = bearer(body["access_token"])
    enrol(client, headers)
    assert sign_in(client, landlord.email)[0] == 401  # now asked for the code
    wrong = client.post(
        "/api/v1/auth/two-factor/disable", headers=headers, json={"password": "not-mine-at-all"}
    )
    assert wrong.status_code == 422
    off = client.post("/api/v1/auth/two-factor/disable", headers=headers, json={"password": PASSWORD})
    assert off.status_code == 204 and sign_in(client, landlord.email)[0] == 200

    staff = make.user(Role.ASSOCIATION_STAFF)
    staff_headers = make.headers(staff)
    enrol(client, staff_headers)
    refused = client.post(
        "/api/v1/auth/two-factor/disable", headers=staff_headers, json={"password": PASSWORD}
    )
    assert refused.status_code == 403


def test_recovery_codes_can_be_renewed_with_the_password(client: TestClient, make: Factory) -> None:
    user = make.user(Role.COORDINATOR)
    headers = make.headers(user)
    _, old = enrol(client, headers)
    renewed = client.post(
        "/api/v1/auth/two-factor/recovery-codes", headers=headers, json={"password": PASSWORD}
    )
    new = renewed.json()["recovery_codes"]
    assert len(new) == 10 and not set(new) & set(old)
    assert sign_in(client, user.email, old[0])[0] == 401
    assert sign_in(client, user.email, new[0])[0] == 200


def test_admins_reset_two_factor_and_passwords_and_sessions_end(
    client: TestClient, make: Factory, db: Session
) -> None:
    worker = make.user(Role.SOCIAL_WORKER)
    worker_headers = make.headers(worker)
    enrol(client, worker_headers)
    admin = make.headers(make.user(Role.ADMIN))
    assert client.delete(f"/api/v1/users/{worker.id}/two-factor", headers=worker_headers).status_code == 403
    assert client.delete(f"/api/v1/users/{worker.id}/two-factor", headers=admin).status_code == 204
    assert client.get("/api/v1/users/me", headers=worker_headers).status_code == 401
    status, body = sign_in(client, worker.email)
    assert status == 200 and body["two_factor_enrolment_required"] is True
    db.rollback()
    assert db.scalars(select(RecoveryCode).where(RecoveryCode.user_id == worker.id)).all() == []

    reset = f"/api/v1/users/{worker.id}/password"
    weak = client.post(reset, headers=admin, json={"new_password": "password1234"})
    assert weak.status_code == 422 and weak.json()["error"]["fields"][0]["field"] == "new_password"
    assert (
        client.post(reset, headers=make.headers(worker), json={"new_password": "x" * 20}).status_code == 403
    )
    assert (
        client.post(reset, headers=admin, json={"new_password": "a fresh start for Claire"}).status_code
        == 204
    )
    assert client.post(TOKEN, json={"email": worker.email, "password": PASSWORD}).status_code == 401
    assert (
        client.post(TOKEN, json={"email": worker.email, "password": "a fresh start for Claire"}).status_code
        == 200
    )


def test_enrolment_cannot_be_restarted_once_on(client: TestClient, make: Factory, db: Session) -> None:
    user = make.user(Role.COORDINATOR)
    headers = make.headers(user)
    secret, _ = enrol(client, headers)
    assert client.post("/api/v1/auth/two-factor", headers=headers).status_code == 409
    db.rollback()
    assert db.scalar(select(User.totp_secret).where(User.id == user.id)) == secret


def test_switching_the_requirement_off_is_refused_outside_the_demo() -> None:
    with pytest.raises(ValidationError, match="refused outside the demo"):
        Settings(require_two_factor=False)
    assert Settings(require_two_factor=False, demo_mode=True).require_two_factor is False


def test_the_demo_setting_lets_staff_in_with_a_password(settings: Settings, engine, make: Factory) -> None:
    from stirrup.app import create_app

    demo = settings.model_copy(update={"demo_mode": True, "require_two_factor": False})
    worker = make.user(Role.SOCIAL_WORKER)
    with TestClient(create_app(demo, engine)) as client:
        status, body = sign_in(client, worker.email)
        assert status == 200 and body["two_factor_enrolment_required"] is False
        assert client.get("/api/v1/households", headers=bearer(body["access_token"])).status_code == 200
