"""No personal data in logs: a flow run with a known fake name leaves no trace of it in any log
line; lines are JSON in UTC; errors are logged without their message; engines hide parameters."""

from __future__ import annotations

import json
import logging

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError

from stirrup.logs import JsonLines, PathsWithoutQuery
from stirrup.models import PlacementStatus
from tests.factories import Factory

SENTINEL_NAME = "Zébulon Sentinelle-Loggée"
SENTINEL_NOTE = "SENTINEL-NOTE-4417"


def test_a_household_flow_logs_no_personal_data(
    client: TestClient, make: Factory, caplog: pytest.LogCaptureFixture
) -> None:
    parties = make.parties(status=PlacementStatus.ENDED, contact_name=SENTINEL_NAME)
    worker = make.headers(parties.worker)
    body = {
        "adults": 2,
        "children": 1,
        "anchor_kind": "school",
        "anchor_postal_code": "59100",
        "anchor_commune": "Roubaix",
        "max_distance_km": 5,
        "earliest_start": "2026-12-01",
        "support_needs": ["budget"],
        "priority": 3,
        "priority_reason": SENTINEL_NOTE,
        "consent_given_on": "2026-11-20",
        "consent_purpose": "Placement",
        "notes": SENTINEL_NOTE,
        "contact": {"full_name": SENTINEL_NAME, "phone": "06 12 34 56 78"},
    }
    caplog.set_level(logging.DEBUG)
    created = client.post("/api/v1/households", json=body, headers=worker)
    assert created.status_code == 201, created.text
    url = f"/api/v1/households/{created.json()['id']}"
    client.get(url, headers=worker)
    client.get(url, headers=make.headers(parties.staff))
    client.patch(url, json={"notes": SENTINEL_NOTE + " again"}, headers=worker)
    client.patch(
        url, json={"contact": {"full_name": SENTINEL_NAME * 30}}, headers=worker
    )  # refused: too long
    client.post("/api/v1/households", json={**body, "adults": -1}, headers=worker)  # refused
    client.get(f"/api/v1/households/{parties.household.id}/export", headers=worker)
    client.post(
        f"/api/v1/households/{parties.household.id}/erasure",
        json={"confirm_reference": parties.household.reference},
        headers=worker,
    )
    client.post("/api/v1/auth/token", json={"email": SENTINEL_NAME, "password": SENTINEL_NOTE})
    assert caplog.records, "the flow should log something (requests, sign-in failures)"
    formatter = JsonLines()
    for record in caplog.records:
        line = formatter.format(record)
        for sentinel in (SENTINEL_NAME, SENTINEL_NOTE, "Zébulon", "06 12 34 56 78"):
            assert sentinel not in line and sentinel not in record.getMessage(), line


def record(
    message: str, *args: object, name: str = "stirrup", exc: BaseException | None = None
) -> logging.LogRecord:
    exc_info = (type(exc), exc, exc.__traceback__) if exc else None
    return logging.LogRecord(name, logging.ERROR, __file__, 1, message, args, exc_info)


def test_lines_are_json_in_utc_and_cannot_be_forged() -> None:
    line = JsonLines().format(record("user %s signed in", "x\n2026-01-01 INFO admin logged in"))
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["at"].endswith("+00:00") and entry["level"] == "ERROR"
    assert entry["message"] == "user x\n2026-01-01 INFO admin logged in signed in"  # data, one line


def test_errors_are_logged_without_their_message() -> None:
    try:
        raise ValueError(f"bad value for {SENTINEL_NAME}")
    except ValueError as error:
        line = JsonLines().format(record("unexpected error, reference %s", "ab12", exc=error))
    entry = json.loads(line)
    assert entry["error"] == "ValueError" and entry["stack"][0].endswith(
        "test_errors_are_logged_without_their_message"
    )
    assert SENTINEL_NAME not in line


def test_request_lines_lose_their_query_string() -> None:
    access = record(
        '%s - "%s %s HTTP/%s" %d',
        "127.0.0.1",
        "GET",
        "/login?next=/households/3",
        "1.1",
        200,
        name="uvicorn.access",
    )
    PathsWithoutQuery().filter(access)
    assert access.getMessage() == '127.0.0.1 - "GET /login HTTP/1.1" 200'


def test_database_errors_do_not_quote_parameters(engine: Engine) -> None:
    with pytest.raises(DBAPIError) as failed, engine.connect() as connection:
        connection.execute(text("INSERT INTO no_such_table VALUES (:name)"), {"name": SENTINEL_NAME})
    assert SENTINEL_NAME not in str(failed.value)
