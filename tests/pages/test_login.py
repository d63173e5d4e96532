"""Signing in and out of the site: CSRF on every form, a new session at login, a copied cookie
that stops working at logout, and no redirect to another site."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from stirrup.deps import SESSION_COOKIE
from stirrup.models import Role
from tests.factories import PASSWORD, Factory


def csrf_of(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "the form carries no CSRF token"
    return match.group(1)


def login(client: TestClient, email: str, password: str = PASSWORD, next_: str = "/") -> tuple[int, str]:
    page = client.get("/login")
    answer = client.post(
        "/login",
        data={"email": email, "password": password, "next": next_, "csrf_token": csrf_of(page.text)},
        follow_redirects=False,
    )
    return answer.status_code, answer.headers.get("location", "")


def test_sign_in_rotates_the_session_and_lands_on_the_dashboard(client: TestClient, make: Factory) -> None:
    user = make.user(Role.LANDLORD, display_name="Martine")
    client.get("/login")
    anonymous = client.cookies[SESSION_COOKIE]
    status, location = login(client, user.email)
    assert (status, location) == (303, "/")
    assert client.cookies[SESSION_COOKIE] != anonymous  # no session fixation
    page = client.get("/")
    assert page.status_code == 200 and "Martine" in page.text


def test_session_cookie_flags(client: TestClient, make: Factory) -> None:
    user = make.user(Role.LANDLORD)
    page = client.get("/login")
    answer = client.post(
        "/login",
        data={"email": user.email, "password": PASSWORD, "next": "/", "csrf_token": csrf_of(page.text)},
        follow_redirects=False,
    )
    cookie = answer.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie and "path=/" in cookie


def test_wrong_password_shows_the_form_again_with_one_message(client: TestClient, make: Factory) -> None:
    user = make.user(Role.LANDLORD)
    page = client.get("/login")
    answer = client.post(
        "/login",
        data={
            "email": user.email,
            "password": "wrong-password-x",
            "next": "/",
            "csrf_token": csrf_of(page.text),
        },
    )
    assert answer.status_code == 401
    assert "adresse e-mail ou mot de passe incorrect" in answer.text  # French unless asked otherwise
    assert 'aria-invalid="true"' in answer.text


def test_login_without_csrf_token_is_refused(client: TestClient, make: Factory) -> None:
    user = make.user(Role.LANDLORD)
    client.get("/login")
    answer = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert answer.status_code == 403


def test_form_from_another_site_is_refused(client: TestClient, make: Factory) -> None:
    user = make.user(Role.LANDLORD)
    page = client.get("/login")
    answer = client.post(
        "/login",
        data={"email": user.email, "password": PASSWORD, "csrf_token": csrf_of(page.text)},
        headers={"Origin": "https://evil.example"},
    )
    assert answer.status_code == 403


def test_copied_cookie_stops_working_at_logout(client: TestClient, make: Factory) -> None:
    user = make.user(Role.LANDLORD)
    login(client, user.email)
    stolen = client.cookies[SESSION_COOKIE]
    dashboard = client.get("/")
    answer = client.post("/logout", data={"csrf_token": csrf_of(dashboard.text)}, follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"] == "/login"
    client.cookies.set(SESSION_COOKIE, stolen)
    replay = client.get("/", follow_redirects=False)
    assert replay.status_code == 303 and replay.headers["location"].startswith("/login")


def test_pages_redirect_to_login_and_back(client: TestClient, make: Factory) -> None:
    answer = client.get("/account/password", follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"] == "/login?next=%2Faccount%2Fpassword"


def test_no_redirect_to_another_site_after_login(client: TestClient, make: Factory) -> None:
    user = make.user(Role.LANDLORD)
    for target in ("https://evil.example", "//evil.example", "/\\evil.example"):
        client.cookies.clear()
        assert login(client, user.email, next_=target) == (303, "/")


def test_password_change_page(client: TestClient, make: Factory) -> None:
    user = make.user(Role.LANDLORD)
    login(client, user.email)
    page = client.get("/account/password")
    short = client.post(
        "/account/password",
        data={"csrf_token": csrf_of(page.text), "current_password": PASSWORD, "new_password": "short"},
    )
    assert short.status_code == 422
    assert 'id="e-new_password"' in short.text and "au moins 12 caractères" in short.text
    done = client.post(
        "/account/password",
        data={
            "csrf_token": csrf_of(page.text),
            "current_password": PASSWORD,
            "new_password": "another-long-passphrase",
        },
    )
    assert done.status_code == 200 and "Votre mot de passe a été changé" in done.text


def test_unknown_page_is_a_friendly_404(client: TestClient) -> None:
    answer = client.get("/no/such/page")
    assert answer.status_code == 404
    assert "Page introuvable" in answer.text and "<html" in answer.text


def test_security_headers_on_every_answer(client: TestClient) -> None:
    for path in ("/login", "/health", "/api/v1/homes", "/no/such/page"):
        headers = client.get(path).headers
        assert "default-src 'self'" in headers["content-security-policy"]
        assert "frame-ancestors 'none'" in headers["content-security-policy"]
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "same-origin"
        assert headers["cache-control"] == "no-store"


def test_oversized_body_is_refused_before_reading(client: TestClient) -> None:
    answer = client.post(
        "/api/v1/auth/token", content=b"x" * 2_000_000, headers={"content-type": "application/json"}
    )
    assert answer.status_code == 413
