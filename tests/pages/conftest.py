"""Page tests sign in with a server-side session cookie, as a browser would after /login."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from stirrup.deps import SESSION_COOKIE
from stirrup.models import SessionKind, User
from tests.factories import Factory


@pytest.fixture
def sign_in(client: TestClient, make: Factory) -> Callable[[User], TestClient]:
    """Make ``client`` the browser of ``user`` (pages in English unless a test asks otherwise)."""

    def signed_in(user: User, lang: str = "en") -> TestClient:
        client.cookies.clear()
        client.cookies.set(SESSION_COOKIE, make.token(user, SessionKind.WEB))
        client.cookies.set("stirrup_lang", lang)
        return client

    return signed_in
