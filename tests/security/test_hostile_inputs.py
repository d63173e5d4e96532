"""A catalogue of hostile and clumsy inputs sent to the API's write endpoints: each is answered
with a clear 4xx naming the problem, and nothing at all is written. A few legitimate but unusual
texts (accents, emoji, injection-looking strings) are stored exactly as sent and shown escaped."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.testclient import TestClient
from markupsafe import escape
from sqlalchemy import Engine, select

from stirrup.db import Base
from stirrup.deps import SESSION_COOKIE
from stirrup.models import SessionKind
from tests.api.test_homes import VALID as HOME
from tests.api.test_households import VALID as HOUSEHOLD
from tests.factories import Factory
from tests.security import world as worlds

#: Tables whose rows a refused request must leave untouched (sessions are touched by signing in).
WATCHED = [t for t in Base.metadata.sorted_tables if t.name not in ("auth_sessions", "sign_in_failures")]


def snapshot(engine: Engine) -> dict[str, list[str]]:
    with engine.connect() as connection:
        return {
            table.name: sorted(repr(tuple(row)) for row in connection.execute(select(table)))
            for table in WATCHED
        }


@dataclass(frozen=True)
class Case:
    name: str
    method: str
    path: str  # formatted with the world's own ids, or other=True for another organisation's
    role: str
    send: Callable[[worlds.World], dict[str, Any]]
    status: int = 422
    field: str | None = None  # the field the error must name
    other: bool = False


def home(**change: Any) -> Callable[[worlds.World], dict[str, Any]]:
    return lambda w: {"json": {**HOME, **change}}


def household(**change: Any) -> Callable[[worlds.World], dict[str, Any]]:
    return lambda w: {"json": {**HOUSEHOLD, **change}}


def raw(
    content: bytes | str, content_type: str = "application/json"
) -> Callable[[worlds.World], dict[str, Any]]:
    return lambda w: {"content": content, "headers": {"content-type": content_type}}


CASES = [
    # numbers
    Case("negative surface", "POST", "/api/v1/homes", "landlord", home(surface_m2=-12), field="surface_m2"),
    Case("zero surface", "POST", "/api/v1/homes", "landlord", home(surface_m2=0), field="surface_m2"),
    Case("huge surface", "POST", "/api/v1/homes", "landlord", home(surface_m2=1e9), field="surface_m2"),
    Case("NaN surface", "POST", "/api/v1/homes", "landlord", home(surface_m2="NaN"), field="surface_m2"),
    Case(
        "infinite surface",
        "POST",
        "/api/v1/homes",
        "landlord",
        home(surface_m2="Infinity"),
        field="surface_m2",
    ),
    Case(
        "French decimal comma",
        "POST",
        "/api/v1/homes",
        "landlord",
        home(surface_m2="12,5"),
        field="surface_m2",
    ),
    Case("a 31-digit integer", "POST", "/api/v1/homes", "landlord", home(rooms=10**30), field="rooms"),
    Case("negative rooms", "POST", "/api/v1/homes", "landlord", home(rooms=-1), field="rooms"),
    Case("words for a number", "POST", "/api/v1/homes", "landlord", home(rooms="two"), field="rooms"),
    Case("no adult", "POST", "/api/v1/households", "social_worker", household(adults=0), field="adults"),
    Case(
        "negative children",
        "POST",
        "/api/v1/households",
        "social_worker",
        household(children=-1),
        field="children",
    ),
    Case(
        "priority 6", "POST", "/api/v1/households", "social_worker", household(priority=6), field="priority"
    ),
    Case(
        "latitude 91", "POST", "/api/v1/homes", "landlord", home(latitude=91, longitude=3.1), field="latitude"
    ),
    # strings
    Case("empty street", "POST", "/api/v1/homes", "landlord", home(street=""), field="street"),
    Case("blank street", "POST", "/api/v1/homes", "landlord", home(street="   "), field="street"),
    Case(
        "10,000-character street",
        "POST",
        "/api/v1/homes",
        "landlord",
        home(street="x" * 10_000),
        field="street",
    ),
    Case(
        "10,000-character notes",
        "PATCH",
        "/api/v1/homes/{home_id}",
        "landlord",
        lambda w: {"json": {"notes": "n" * 10_000}},
        field="notes",
    ),
    Case(
        "NUL byte in a name",
        "POST",
        "/api/v1/homes",
        "landlord",
        home(street="12 rue\x00 Nul"),
        field="street",
    ),
    Case(
        "escape sequence in a name",
        "POST",
        "/api/v1/homes",
        "landlord",
        home(street="12 rue \x1b[31m"),
        field="street",
    ),
    Case(
        "unknown postal code",
        "POST",
        "/api/v1/homes",
        "landlord",
        home(postal_code="00100"),
        field="postal_code",
    ),
    Case(
        "script as a phone number",
        "POST",
        "/api/v1/households",
        "social_worker",
        household(contact={"full_name": "A", "phone": "<script>"}),
        field="contact.phone",
    ),
    Case(
        "invalid e-mail",
        "POST",
        "/api/v1/users",
        "admin",
        lambda w: {
            "json": {
                "email": "not-an-email",
                "display_name": "X",
                "role": "landlord",
                "password": "a-long-new-passphrase",
            }
        },
        field="email",
    ),
    Case(
        "a diagnosis as a support need",
        "POST",
        "/api/v1/households",
        "social_worker",
        household(support_needs=["schizophrenia"]),
        field="support_needs",
    ),
    # injection
    Case(
        "SQL in an enum",
        "PATCH",
        "/api/v1/homes/{home_id}",
        "landlord",
        lambda w: {"json": {"status": "available'; DROP TABLE homes;--"}},
        field="status",
    ),
    Case(
        "SQL in a path id",
        "PATCH",
        "/api/v1/homes/1;DROP TABLE homes",
        "landlord",
        lambda w: {"json": {"notes": "x"}},
        field="home_id",
    ),
    Case(
        "an id past 64 bits",
        "PATCH",
        "/api/v1/homes/99999999999999999999999",
        "landlord",
        lambda w: {"json": {"notes": "x"}},
        field="request",
    ),
    Case(
        "a negative id",
        "PATCH",
        "/api/v1/homes/-1",
        "landlord",
        lambda w: {"json": {"notes": "x"}},
        status=404,
    ),
    # dates
    Case(
        "dates out of order",
        "POST",
        "/api/v1/homes",
        "landlord",
        home(available_from="2027-01-10", available_until="2027-01-01"),
        field="available_until",
    ),
    Case(
        "29 February 2023",
        "POST",
        "/api/v1/households",
        "social_worker",
        household(earliest_start="2023-02-29"),
        field="earliest_start",
    ),
    Case(
        "consent in the future",
        "POST",
        "/api/v1/households",
        "social_worker",
        household(consent_given_on="2999-01-01"),
        field="consent_given_on",
    ),
    Case(
        "year 10000",
        "POST",
        "/api/v1/homes",
        "landlord",
        home(available_from="10000-01-01"),
        field="available_from",
    ),
    Case(
        "a number for a date",
        "POST",
        "/api/v1/homes",
        "landlord",
        home(available_from=0),
        field="available_from",
    ),
    # other organisations' objects
    Case(
        "another owner's home",
        "PATCH",
        "/api/v1/homes/{home_id}",
        "landlord",
        lambda w: {"json": {"notes": "x"}},
        status=404,
        other=True,
    ),
    Case(
        "another service's household",
        "PATCH",
        "/api/v1/households/{household_id}",
        "social_worker",
        lambda w: {"json": {"notes": "x"}},
        status=404,
        other=True,
    ),
    Case(
        "a referent of another service",
        "POST",
        "/api/v1/households",
        "social_worker",
        lambda w: {"json": {**HOUSEHOLD, "referent_id": w.other.parties.worker.id}},
        field="referent_id",
    ),
    Case(
        "insurance on another placement",
        "POST",
        "/api/v1/placements/{placement_id}/insurance",
        "association_staff",
        lambda w: {
            "json": {
                "holder": "association",
                "insurer": "MAIF",
                "policy_number": "1",
                "valid_from": "2026-01-01",
                "valid_until": "2026-12-31",
            }
        },
        status=404,
        other=True,
    ),
    Case(
        "a home owned by a social worker",
        "POST",
        "/api/v1/homes",
        "coordinator",
        lambda w: {"json": {**HOME, "owner_user_id": w.own.parties.worker.id}},
        field="owner_user_id",
    ),
    # malformed requests
    Case("malformed JSON", "POST", "/api/v1/homes", "landlord", raw('{"street": '), field="body"),
    Case("JSON array for an object", "POST", "/api/v1/homes", "landlord", raw("[1, 2, 3]")),
    Case(
        "JSON nested 100,000 deep",
        "POST",
        "/api/v1/homes",
        "landlord",
        raw("[" * 100_000 + "]" * 100_000),
        status=400,
    ),
    Case("not UTF-8", "POST", "/api/v1/homes", "landlord", raw(b'{"street": "\xff\xfe"}'), status=400),
    Case(
        "a form for a JSON endpoint",
        "POST",
        "/api/v1/homes",
        "landlord",
        raw("street=x&rooms=2", "application/x-www-form-urlencoded"),
    ),
    Case("JSON as plain text", "POST", "/api/v1/homes", "landlord", raw(json.dumps(HOME), "text/plain")),
    Case("a 10 MB body", "POST", "/api/v1/homes", "landlord", home(notes="x" * 10_000_000), status=413),
    Case(
        "a 5 MB photo",
        "POST",
        "/api/v1/condition-reports/{report_id}/rooms/{room_id}/photos",
        "landlord",
        lambda w: {"files": {"file": ("big.png", worlds.PNG + b"\0" * 5_000_000, "image/png")}},
        status=413,
    ),
    Case(
        "a photo that is not one",
        "POST",
        "/api/v1/condition-reports/{report_id}/rooms/{room_id}/photos",
        "landlord",
        lambda w: {"files": {"file": ("x.png", b"<html>", "image/png")}},
        field="file",
    ),
    Case("a field nobody may set", "POST", "/api/v1/homes", "landlord", home(id=1), field="id"),
]


def test_the_catalogue_is_large_enough() -> None:
    assert len(CASES) > 30 and len({case.name for case in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_hostile_input_is_refused_clearly_and_writes_nothing(
    client: TestClient, make: Factory, engine: Engine, case: Case
) -> None:
    world = worlds.build(make)
    user = world.user(case.role)
    assert user is not None
    headers = {"Authorization": f"Bearer {make.token(user)}"}
    url = case.path.format(**world.path_values("other" if case.other else "own", case.role))
    request = case.send(world)
    headers.update(request.pop("headers", {}))
    before = snapshot(engine)
    answer = client.request(case.method, url, headers=headers, **request)
    assert answer.status_code == case.status, answer.text[:500]
    error = answer.json()["error"]
    assert error["message"] and error["code"] != "internal"
    if case.field is not None:
        assert case.field in [problem["field"] for problem in error["fields"]], error
    assert snapshot(engine) == before, "a refused request wrote something"


@pytest.mark.parametrize(
    "text",
    [
        "Éloïse N'Diaye-Müller",
        "Nguyễn Thị Minh Khai",
        "👩‍👧 Famille Ben Saïd",
        "' OR 1=1 --",
        "Robert'); DROP TABLE households;--",
        "<script>alert(1)</script>",
        '"><img src=x onerror=alert(1)>',
        "{{ 7*7 }} {% for x in y %}",
    ],
)
def test_unusual_but_legitimate_text_is_stored_exactly_and_shown_escaped(
    client: TestClient, make: Factory, text: str
) -> None:
    world = worlds.build(make)
    headers = {"Authorization": f"Bearer {make.token(world.own.parties.worker)}"}
    created = client.post(
        "/api/v1/households", json={**HOUSEHOLD, "contact": {"full_name": text}}, headers=headers
    )
    assert created.status_code == 201, created.text
    household_id = created.json()["id"]
    assert (
        client.get(f"/api/v1/households/{household_id}", headers=headers).json()["contact"]["full_name"]
        == text
    )
    client.cookies.set(SESSION_COOKIE, make.token(world.own.parties.worker, SessionKind.WEB))
    page = client.get(f"/households/{household_id}/export")
    assert page.status_code == 200
    assert str(escape(text)) in page.text  # shown as text: escaped, never evaluated as a template
    if "<" in text:
        assert text not in page.text
