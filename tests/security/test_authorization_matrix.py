"""The authorization matrix, generated from the application's route table: every route, called as
every role on its own organisation's objects and on another's, answers as
``authorization_matrix.ROUTES`` says — and a route missing from the table fails the test."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.routing import iter_route_contexts
from fastapi.testclient import TestClient

from stirrup.app import create_app
from stirrup.config import Settings
from stirrup.deps import SESSION_COOKIE
from stirrup.models import SessionKind
from stirrup.services import sessions
from tests.factories import Factory
from tests.security import world as worlds
from tests.security.authorization_matrix import NOT_ROUTES, PHOTO, ROUTES, Rule


def application_routes() -> set[tuple[str, str]]:
    """(method, path) of every endpoint the application serves, HEAD aside."""
    app = create_app(Settings(database_url="sqlite://"))
    found = set()
    for route in iter_route_contexts(app.routes):
        if route.path in NOT_ROUTES:
            continue
        for method in route.methods or ():
            if method != "HEAD":
                found.add((method, route.path))
    return found


def test_every_route_has_an_entry_in_the_matrix() -> None:
    missing = sorted(application_routes() - set(ROUTES))
    assert not missing, "routes without an entry in tests/security/authorization_matrix.py: " + ", ".join(
        f"{method} {path}" for method, path in missing
    )
    gone = sorted(set(ROUTES) - application_routes())
    assert not gone, f"the matrix names routes the application no longer has: {gone}"


def outcome(status: int, location: str) -> str:
    if status == 401 or (status in (302, 303) and location.startswith("/login?")):
        return "L"
    if status == 403:
        return "D"
    if status == 404:
        return "H"
    if 200 <= status < 400:
        return "O"
    return str(status)


def call(
    client: TestClient,
    make: Factory,
    world: worlds.World,
    method: str,
    path: str,
    rule: Rule,
    role: str,
    scope: str,
) -> tuple[int, str]:
    url = path.format(**{**world.path_values(scope, role), **rule.values})
    user = world.user(role)
    page = not path.startswith("/api/")
    client.cookies.clear()
    headers: dict[str, str] = {}
    kwargs: dict[str, Any] = {}
    if page:  # a browser: a session cookie (anonymous or not) and its form token
        token, session = sessions.start(make.db, SessionKind.WEB, user)
        make.db.commit()
        client.cookies.set(SESSION_COOKIE, token)
        if method != "GET":
            kwargs["data"] = {
                "csrf_token": session.csrf_token,
                **(rule.form(world, role) if rule.form else {}),
            }
    else:
        if user is not None:
            headers["Authorization"] = f"Bearer {make.token(user)}"
        if rule.json is not None:
            kwargs["json"] = rule.json(world, role)
    if rule.photo:
        kwargs["files"] = {"file": PHOTO}
    answer = client.request(method, url, headers=headers, follow_redirects=False, **kwargs)
    return answer.status_code, answer.headers.get("location", "")


@pytest.mark.parametrize(("method", "path"), sorted(ROUTES), ids=lambda value: str(value))
def test_each_role_gets_what_the_matrix_says(
    client: TestClient, make: Factory, method: str, path: str
) -> None:
    rule = ROUTES[(method, path)]
    world = worlds.build(make)
    wrong = []
    # Other organisations' objects first (nothing may change there), then the caller's own.
    for scope, cells in (("other", rule.other), ("own", rule.own)):
        for role, expected in zip(worlds.ROLES, cells, strict=True):
            status, location = call(client, make, world, method, path, rule, role, scope)
            got = "O" if expected == "O" and status in rule.also_allowed else outcome(status, location)
            if got != expected:
                wrong.append(f"{role} on {scope}: expected {expected}, got {status} {location}")
    assert not wrong, f"{method} {path}:\n  " + "\n  ".join(wrong)
