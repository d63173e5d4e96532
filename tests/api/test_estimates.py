"""The tax estimate through the API: the public what-if and a home's own estimate."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from stirrup import clock
from stirrup.app import create_app
from stirrup.config import Settings
from stirrup.deps import SESSION_COOKIE
from stirrup.models import AuditEvent, PlacementStatus, Role
from stirrup.schemas.estimates import WORKED_EXAMPLE
from stirrup.services import estimates
from stirrup.tax import TaxDataError
from tests.factories import Factory


def totals(answer: dict[str, Any]) -> dict[str, float]:
    return {s["key"]: s["total_eur"] for s in answer["scenarios"]}


def problems(answer: Any) -> dict[str, str]:
    assert answer.status_code == 422, answer.text
    return {p["field"]: p["message"] for p in answer.json()["error"]["fields"]}


def test_the_worked_example_through_the_api_without_an_account(client: TestClient) -> None:
    answer = client.post("/api/v1/estimates", json=WORKED_EXAMPLE)
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert totals(body) == {
        "vacant": -680.0,
        "free_loan": 680.0,
        "association_donation": 1749.92,
        "long_term": 2512.0,
    }
    donation = next(s for s in body["scenarios"] if s["key"] == "association_donation")
    assert [line["amount_eur"] for line in donation["lines"]] == [680.0, -567.0, -325.08, 1962.0, 0.0]
    assert all(line["basis"] and line["legal_reference"] and line["confidence"] for line in donation["lines"])
    assert body["vacancy_tax_by_year"][0]["amount_eur"] == 741.2
    assert body["affected_tax_years"] == [2027]
    assert body["home"]["commune_name"] == "Roubaix"
    assert "not tax advice" in body["disclaimer"] and body["figures_date"] in body["disclaimer"]
    assert "set-cookie" not in answer.headers  # nothing about the caller is kept
    assert answer.headers["cache-control"] == "no-store"


def test_a_signed_in_browser_posting_json_needs_no_csrf_token(client: TestClient, make: Factory) -> None:
    """The endpoint never reads who is calling, so a cookie gives it nothing to protect."""
    client.cookies.set(SESSION_COOKIE, make.token(make.user(Role.LANDLORD)))
    assert client.post("/api/v1/estimates", json=WORKED_EXAMPLE).status_code == 200


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"surface_m2": -45}, "surface_m2", "greater than 0"),
        ({"cadastral_value_eur": -1}, "cadastral_value_eur", "greater than or equal to 0"),
        ({"market_rent_eur_month": -450}, "market_rent_eur_month", "greater than or equal to 0"),
        ({"end": "2026-02-01"}, "end", "before it starts"),
        ({"vacant_since": "2026-04-01"}, "vacant_since", "already be vacant"),
        ({"commune": "99999"}, "commune", ""),
        ({"commune": "Roubaix"}, "commune", "INSEE"),
        ({"marginal_rate_pct": 12}, "marginal_rate_pct", "must be one of"),
        ({"energy_class": "H"}, "energy_class", ""),
        ({"start": "2026-13-01"}, "start", ""),
        ({"owner_id": 3}, "owner_id", "not a field"),
    ],
)
def test_bad_inputs_are_422_naming_the_field(
    client: TestClient, change: dict[str, Any], field: str, words: str
) -> None:
    found = problems(client.post("/api/v1/estimates", json={**WORKED_EXAMPLE, **change}))
    assert field in found, found
    assert words in found[field]


def test_unknown_commune_says_so(client: TestClient) -> None:
    found = problems(client.post("/api/v1/estimates", json={**WORKED_EXAMPLE, "commune": "99999"}))
    assert "99999" in found["commune"] or "unknown" in found["commune"].lower()


def test_the_public_estimate_is_rate_limited_per_address(database_url: str, engine: Engine) -> None:
    settings = Settings(database_url=database_url, estimates_per_minute=2)
    with TestClient(create_app(settings, engine)) as client:
        for _ in range(2):
            assert client.post("/api/v1/estimates", json=WORKED_EXAMPLE).status_code == 200
        refused = client.post("/api/v1/estimates", json=WORKED_EXAMPLE)
        assert refused.status_code == 429
        assert refused.json()["error"]["code"] == "too_many_requests"
        assert 1 <= int(refused.headers["retry-after"]) <= 60
        with clock.travel(timedelta(minutes=1)):
            assert client.post("/api/v1/estimates", json=WORKED_EXAMPLE).status_code == 200


def test_broken_tax_data_is_a_500_with_a_reference(
    settings: Settings, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise TaxDataError("parameters.csv: vacancy_tax.rate_year1 has no row for 2026-01-01")

    monkeypatch.setattr(estimates, "estimate", broken)
    with TestClient(create_app(settings, engine), raise_server_exceptions=False) as client:
        answer = client.post("/api/v1/estimates", json=WORKED_EXAMPLE)
    assert answer.status_code == 500
    error = answer.json()["error"]
    assert error["code"] == "internal" and "reference" in error["message"]
    assert "parameters.csv" not in answer.text  # the detail goes to the log, not to the caller


# --- a home's own estimate -------------------------------------------------------------------


def roubaix_home(make: Factory, owner: Any, **fields: Any) -> Any:
    defaults: dict[str, Any] = dict(
        vacant_since=date(2023, 1, 1),
        cadastral_rental_value_eur=2000,
        available_from=date(2026, 3, 1),
    )
    return make.home(owner=owner, **{**defaults, **fields})


def test_owner_gets_the_estimate_of_their_home_with_a_what_if_start(
    client: TestClient, make: Factory, db: Session
) -> None:
    owner = make.user(Role.LANDLORD)
    home = roubaix_home(make, owner)
    answer = client.get(
        f"/api/v1/homes/{home.id}/estimate",
        params={"start": "2026-03-01", "marginal_rate_pct": 30, "market_rent_eur_month": 450},
        headers=make.headers(owner),
    )
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert totals(body)["association_donation"] == 1749.92
    assert (body["dates_from"], body["placement_id"]) == ("query", None)
    db.rollback()
    event = db.scalar(select(AuditEvent).where(AuditEvent.action == "read_estimate"))
    assert event is not None and event.entity_id == str(home.id) and event.actor_id == owner.id


def test_the_home_estimate_follows_its_live_placement(client: TestClient, make: Factory) -> None:
    owner = make.user(Role.LANDLORD)
    home = roubaix_home(make, owner)
    placement = make.placement(
        make.household(), home, make.association(), PlacementStatus.ACCEPTED, start=date(2026, 10, 2)
    )
    body = client.get(f"/api/v1/homes/{home.id}/estimate", headers=make.headers(owner)).json()
    assert (body["dates_from"], body["placement_id"]) == ("placement", placement.id)
    assert body["placement"]["start"] == "2026-10-02"
    assert body["affected_tax_years"] == [2027, 2028]


def test_without_placement_the_estimate_starts_on_the_first_available_day(
    client: TestClient, make: Factory
) -> None:
    owner = make.user(Role.LANDLORD)
    later = clock.today() + timedelta(days=40)
    home = roubaix_home(make, owner, available_from=later)
    body = client.get(f"/api/v1/homes/{home.id}/estimate", headers=make.headers(owner)).json()
    assert body["dates_from"] == "availability"
    assert body["placement"]["start"] == later.isoformat()


def test_a_home_without_vacancy_date_says_which_field_is_missing(client: TestClient, make: Factory) -> None:
    owner = make.user(Role.LANDLORD)
    home = roubaix_home(make, owner, vacant_since=None)
    found = problems(client.get(f"/api/v1/homes/{home.id}/estimate", headers=make.headers(owner)))
    assert "vacant_since" in found


def test_who_may_read_a_homes_estimate(client: TestClient, make: Factory) -> None:
    owner = make.user(Role.LANDLORD)
    home = roubaix_home(make, owner)
    url = f"/api/v1/homes/{home.id}/estimate"
    worker = make.user(Role.SOCIAL_WORKER)
    assert client.get(url, headers=make.headers(worker)).status_code == 404  # cannot see the home
    make.placement(make.household(referent=worker), home, make.association())
    assert client.get(url, headers=make.headers(worker)).status_code == 403  # sees it, not its figures
    assert client.get(url, headers=make.headers(make.user(Role.LANDLORD))).status_code == 404
    assert client.get(url, headers=make.headers(make.user(Role.COORDINATOR))).status_code == 200
    assert client.get(url).status_code == 401
    assert client.get(url, headers=make.headers(owner)).status_code == 200


def test_a_placement_of_another_home_is_not_found(client: TestClient, make: Factory) -> None:
    owner = make.user(Role.LANDLORD)
    home, other = roubaix_home(make, owner), roubaix_home(make, owner)
    placement = make.placement(make.household(), other, make.association())
    answer = client.get(
        f"/api/v1/homes/{home.id}/estimate",
        params={"placement_id": placement.id},
        headers=make.headers(owner),
    )
    assert answer.status_code == 404
