"""Two-factor sign-in on the site: the code asked after the password, enrolment for staff, and the
message shown when sign-in is paused after too many failures."""

from __future__ import annotations

import re
from datetime import timedelta

import httpx
import pyotp
import pytest
from fastapi.testclient import TestClient

from stirrup import clock
from stirrup.deps import SESSION_COOKIE
from stirrup.models import Role
from tests.factories import PASSWORD, Factory
from tests.pages.test_login import csrf_of


@pytest.fixture(autouse=True)
def in_english(client: TestClient) -> None:
    """The messages checked below are read in English (the French ones are in the catalogue)."""
    client.headers["accept-language"] = "en"


def post_password(
    client: TestClient, email: str, password: str = PASSWORD, next_: str = "/"
) -> httpx.Response:
    page = client.get("/login")
    form = {"email": email, "password": password, "next": next_, "csrf_token": csrf_of(page.text)}
    return client.post("/login", data=form, follow_redirects=False)


def post_code(client: TestClient, page_html: str, code: str, next_: str = "/") -> httpx.Response:
    form = {"code": code, "next": next_, "csrf_token": csrf_of(page_html)}
    return client.post("/login/code", data=form, follow_redirects=False)


def enrol_on_the_site(client: TestClient) -> str:
    """Walk the enrolment pages; returns the secret."""
    page = client.get("/account/two-factor")
    started = client.post("/account/two-factor", data={"csrf_token": csrf_of(page.text)})
    secret = re.search(r'id="totp-secret">([A-Z2-7]+)<', started.text)
    assert secret, started.text
    wrong = client.post(
        "/account/two-factor/confirm", data={"csrf_token": csrf_of(started.text), "code": "000000"}
    )
    assert wrong.status_code == 422 and 'id="code-error"' in wrong.text
    done = client.post(
        "/account/two-factor/confirm",
        data={"csrf_token": csrf_of(wrong.text), "code": pyotp.TOTP(secret.group(1)).at(clock.now())},
    )
    assert done.status_code == 200 and done.text.count("<li><code>") == 10
    return secret.group(1)


def test_staff_are_sent_to_enrol_then_asked_for_a_code(client: TestClient, make: Factory) -> None:
    worker = make.user(Role.SOCIAL_WORKER, display_name="Sophie")
    answer = post_password(client, worker.email)
    assert (answer.status_code, answer.headers["location"]) == (303, "/account/two-factor")
    dashboard = client.get("/", follow_redirects=False)
    assert dashboard.headers["location"] == "/account/two-factor"  # nothing else until enrolled
    secret = enrol_on_the_site(client)
    assert client.get("/").status_code == 200

    client.cookies.clear()
    with clock.travel(timedelta(seconds=30)):
        asked = post_password(client, worker.email, next_="/account/password")
        assert asked.status_code == 200 and 'action="/login/code"' in asked.text
        anonymous = client.cookies[SESSION_COOKIE]
        wrong = post_code(client, asked.text, "123456", "/account/password")
        assert wrong.status_code == 401 and "invalid or already used code" in wrong.text
        code = pyotp.TOTP(secret).at(clock.now())
        signed_in = post_code(client, wrong.text, code, "/account/password")
        assert (signed_in.status_code, signed_in.headers["location"]) == (303, "/account/password")
        assert client.cookies[SESSION_COOKIE] != anonymous  # rotated at the code step too
        assert "Sophie" in client.get("/").text

        client.cookies.clear()
        again = post_password(client, worker.email)
        assert post_code(client, again.text, code).status_code == 401  # a code is never used twice


def test_the_code_page_expires(client: TestClient, make: Factory) -> None:
    user_secret = pyotp.random_base32()
    user = make.user(Role.LANDLORD, totp_secret=user_secret, totp_confirmed_at=clock.now())
    asked = post_password(client, user.email)
    with clock.travel(timedelta(minutes=6)):
        late = post_code(client, asked.text, pyotp.TOTP(user_secret).at(clock.now()))
    assert late.status_code == 200 and "took too long" in late.text
    assert client.get("/", follow_redirects=False).status_code == 303  # still signed out


def test_sign_in_is_paused_with_a_clear_message_after_ten_failures(client: TestClient, make: Factory) -> None:
    user = make.user(Role.LANDLORD)
    for _ in range(10):
        assert post_password(client, user.email, "wrong-password-x").status_code == 401
    paused = post_password(client, user.email)
    assert paused.status_code == 429 and 0 < int(paused.headers["retry-after"]) <= 900
    assert "try again in 15 minutes" in paused.text
    assert 'role="alert"' in paused.text
