"""Bearer tokens: sign-in, the same answer for unknown e-mail and wrong password, and sessions that
end at once on logout, account disabling and password change."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from stirrup import clock
from stirrup.models import AuditEvent, AuthSession, Role
from tests.factories import PASSWORD, Factory


def sign_in(client: TestClient, email: str, password: str = PASSWORD) -> str:
    answer = client.post("/api/v1/auth/token", json={"email": email, "password": password})
    assert answer.status_code == 200, answer.text
    return str(answer.json()["access_token"])


def test_token_works_and_is_stored_only_as_a_digest(client: TestClient, make: Factory, db: Session) -> None:
    user = make.user(Role.LANDLORD, email="owner@example.org")
    token = sign_in(client, "Owner@Example.org")  # e-mails are case-insensitive
    me = client.get("/api/v1/users/me", headers={"Authorization": f"Bearer {token}"})
    assert me.status_code == 200 and me.json()["id"] == user.id
    stored = db.scalars(select(AuthSession.id)).all()
    assert token not in stored and len(stored[0]) == 64
    assert len(token) >= 43  # 256 random bits


def test_unknown_email_and_wrong_password_get_the_same_answer(client: TestClient, make: Factory) -> None:
    make.user(Role.LANDLORD, email="owner@example.org")
    wrong = client.post(
        "/api/v1/auth/token", json={"email": "owner@example.org", "password": "nope-nope-nope"}
    )
    unknown = client.post(
        "/api/v1/auth/token", json={"email": "ghost@example.org", "password": "nope-nope-nope"}
    )
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json() == unknown.json()


def test_failed_sign_in_is_audited(client: TestClient, make: Factory, db: Session) -> None:
    user = make.user(Role.LANDLORD, email="owner@example.org")
    client.post("/api/v1/auth/token", json={"email": "owner@example.org", "password": "wrong-password!"})
    event = db.scalar(select(AuditEvent).where(AuditEvent.action == "login_failed"))
    assert event is not None and event.entity_id == str(user.id)


def test_logout_ends_the_token(client: TestClient, make: Factory) -> None:
    user = make.user(Role.LANDLORD)
    headers = {"Authorization": f"Bearer {sign_in(client, user.email)}"}
    assert client.post("/api/v1/auth/logout", headers=headers).status_code == 204
    assert client.get("/api/v1/users/me", headers=headers).status_code == 401


def test_disabling_an_account_ends_its_sessions_at_once(client: TestClient, make: Factory) -> None:
    user = make.user(Role.LANDLORD)
    headers = make.headers(user)
    admin = make.headers(make.user(Role.ADMIN))
    assert (
        client.patch(f"/api/v1/users/{user.id}", json={"is_active": False}, headers=admin).status_code == 200
    )
    assert client.get("/api/v1/users/me", headers=headers).status_code == 401
    refused = client.post("/api/v1/auth/token", json={"email": user.email, "password": PASSWORD})
    assert refused.status_code == 401


def test_password_change_ends_the_other_sessions(client: TestClient, make: Factory) -> None:
    user = make.user(Role.LANDLORD)
    this, other = make.headers(user), make.headers(user)
    answer = client.post(
        "/api/v1/auth/password",
        headers=this,
        json={"current_password": PASSWORD, "new_password": "another-long-passphrase"},
    )
    assert answer.status_code == 204
    assert client.get("/api/v1/users/me", headers=this).status_code == 200
    assert client.get("/api/v1/users/me", headers=other).status_code == 401
    sign_in(client, user.email, "another-long-passphrase")


def test_password_change_checks_the_current_password_and_the_policy(
    client: TestClient, make: Factory
) -> None:
    user = make.user(Role.LANDLORD)
    headers = make.headers(user)
    wrong = client.post(
        "/api/v1/auth/password",
        headers=headers,
        json={"current_password": "not-it-at-all", "new_password": "another-long-passphrase"},
    )
    assert wrong.json()["error"]["fields"][0]["field"] == "current_password"
    short = client.post(
        "/api/v1/auth/password", headers=headers, json={"current_password": PASSWORD, "new_password": "short"}
    )
    assert short.status_code == 422
    assert short.json()["error"]["fields"][0] == {
        "field": "new_password",
        "message": "must be at least 12 characters long",
    }


def test_idle_and_absolute_timeouts(client: TestClient, make: Factory) -> None:
    user = make.user(Role.LANDLORD)
    headers = make.headers(user)
    with clock.travel(timedelta(minutes=29)):
        assert client.get("/api/v1/users/me", headers=headers).status_code == 200
    with clock.travel(timedelta(minutes=29 + 31)):
        assert client.get("/api/v1/users/me", headers=headers).status_code == 401
    busy = make.headers(user)
    for minutes in range(25, 12 * 60, 25):  # active every 25 minutes, yet at most 12 hours in all
        with clock.travel(timedelta(minutes=minutes)):
            assert client.get("/api/v1/users/me", headers=busy).status_code == 200
    with clock.travel(timedelta(hours=12, minutes=5)):
        assert client.get("/api/v1/users/me", headers=busy).status_code == 401


def test_cookie_authenticated_api_writes_need_the_csrf_header(client: TestClient, make: Factory) -> None:
    from stirrup.deps import SESSION_COOKIE
    from stirrup.models import SessionKind

    user = make.user(Role.LANDLORD)
    token = make.token(user, SessionKind.WEB)
    client.cookies.set(SESSION_COOKIE, token)
    assert client.get("/api/v1/users/me").status_code == 200
    answer = client.patch(f"/api/v1/users/{user.id}", json={"display_name": "New name"})
    assert answer.status_code == 403
