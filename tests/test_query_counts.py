"""No list issues more queries for more rows (no N+1): each main list page and API list is asked
for with 3 rows, then with 30, and must issue the same, small, number of SQL statements."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, event

from stirrup.deps import SESSION_COOKIE
from stirrup.models import MatchingRun, MatchingRunKind, MatchingRunStatus, Role, RoundStage, SessionKind
from tests.factories import Factory

#: The most statements a list may take (session, access, count, rows, eager loads…), at any size.
MOST = 15
API = ["/api/v1/homes", "/api/v1/households", "/api/v1/proposals", "/api/v1/placements", "/api/v1/rounds"]
PAGES = ["/homes", "/households", "/proposals", "/rounds"]


@contextmanager
def counting(engine: Engine) -> Iterator[list[str]]:
    statements: list[str] = []

    def count(_conn: object, _cursor: object, statement: str, *_: object) -> None:
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)


def add_rows(make: Factory, n: int) -> None:
    """``n`` proposals (each with its home, household, association and people) and ``n`` rounds."""
    for _ in range(n):
        make.proposal()
        make.db.add(
            MatchingRun(
                kind=MatchingRunKind.ROUND,
                status=MatchingRunStatus.DONE,
                stage=RoundStage.DONE,
                territory={"kind": "all"},
                territory_key="all",
                parameters={"time_limit_s": 5},
                result={"counts": {"proposals": 1}},
            )
        )
    make.db.commit()


def statements_per_list(client: TestClient, engine: Engine, make: Factory) -> dict[str, int]:
    admin = make.user(Role.ADMIN)
    api = make.headers(admin)
    client.cookies.set(SESSION_COOKIE, make.token(admin, SessionKind.WEB))
    client.cookies.set("stirrup_lang", "en")
    found = {}
    for path in API + PAGES:
        headers = api if path.startswith("/api") else {}
        params = {"page_size": 50} if path.startswith("/api") else {}
        with counting(engine) as statements:
            answer = client.get(path, headers=headers, params=params)
        assert answer.status_code == 200, (path, answer.text[:300])
        found[path] = len(statements)
    return found


def test_lists_issue_as_many_queries_for_30_rows_as_for_3(
    client: TestClient, engine: Engine, make: Factory, database_url: str
) -> None:
    add_rows(make, 3)
    few = statements_per_list(client, engine, make)
    add_rows(make, 27)
    many = statements_per_list(client, engine, make)
    assert many == few
    assert max(many.values()) <= MOST, many


@pytest.mark.parametrize("path", API)
def test_an_api_list_shows_every_row_it_counts(client: TestClient, make: Factory, path: str) -> None:
    add_rows(make, 3)
    body = client.get(path, headers=make.headers(make.user(Role.ADMIN)), params={"page_size": 50}).json()
    assert body["total"] == len(body["items"]) == 3
