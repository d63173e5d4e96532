"""Insurance certificates of placements, and the alert when cover lapses during a placement."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from stirrup import clock
from stirrup.models import Role
from stirrup.services import insurance
from stirrup.services.access import Principal
from tests.factories import Factory, Parties


def certificate(days: int, **fields: Any) -> dict[str, Any]:
    start = clock.today()
    return {
        "holder": "occupant",
        "insurer": "MAIF",
        "policy_number": "HAB-2026-0042",
        "valid_from": start.isoformat(),
        "valid_until": (start + timedelta(days=days)).isoformat(),
        **fields,
    }


def setting(make: Factory) -> tuple[Parties, str]:
    """An active placement from today, and its insurance URL."""
    s = make.parties(contact_name="SENTINEL-NAME Dupont")
    return s, f"/api/v1/placements/{s.placement.id}/insurance"


def test_the_association_records_a_certificate_and_the_owner_sees_the_home_is_covered(
    client: TestClient, make: Factory
) -> None:
    s, url = setting(make)
    answer = client.post(url, json=certificate(400), headers=make.headers(s.staff))
    assert answer.status_code == 201, answer.text
    assert answer.json()["policy_number"] == "HAB-2026-0042"
    seen = client.get(url, headers=make.headers(s.owner)).json()
    assert seen["first_uncovered_day"] is None
    [shown] = seen["certificates"]
    assert shown["insurer"] == "MAIF"
    assert shown["policy_number"] is None  # the household's own contract
    client.post(url, json=certificate(400, holder="association"), headers=make.headers(s.worker))
    numbers = [
        c["policy_number"] for c in client.get(url, headers=make.headers(s.owner)).json()["certificates"]
    ]
    assert "HAB-2026-0042" in numbers


def test_who_may_record_and_read_insurance(client: TestClient, make: Factory) -> None:
    s, url = setting(make)
    assert client.post(url, json=certificate(30), headers=make.headers(s.owner)).status_code == 403
    stranger = make.user(Role.ASSOCIATION_STAFF)
    assert client.get(url, headers=make.headers(stranger)).status_code == 404
    assert client.get(url, headers=make.headers(make.user(Role.LANDLORD))).status_code == 404
    assert client.get(url, headers=make.headers(make.user(Role.COORDINATOR))).status_code == 200


def test_a_certificate_ending_before_it_starts_is_refused(client: TestClient, make: Factory) -> None:
    s, url = setting(make)
    answer = client.post(url, json=certificate(-1), headers=make.headers(s.staff))
    assert answer.status_code == 422
    assert answer.json()["error"]["fields"][0]["field"] == "valid_until"


def test_alerts_follow_the_clock_until_the_cover_is_renewed(client: TestClient, make: Factory) -> None:
    s, url = setting(make)
    client.post(url, json=certificate(59), headers=make.headers(s.staff))  # 60 days covered
    alerts_url = "/api/v1/insurance/alerts"
    assert client.get(alerts_url, headers=make.headers(s.staff)).json() == []
    with clock.travel(timedelta(days=35)):  # sessions end after 30 idle minutes: sign in again
        [soon] = client.get(alerts_url, headers=make.headers(s.staff)).json()
        assert soon["kind"] == "insurance_expiring"
    with clock.travel(timedelta(days=61)):
        headers = make.headers(s.staff)
        [lapsed] = client.get(alerts_url, headers=headers).json()
        assert lapsed["kind"] == "insurance_lapsed"
        assert lapsed["due_on"] == (s.placement.start_date + timedelta(days=60)).isoformat()
        assert lapsed["placement_id"] == s.placement.id
        owner_view = client.get(alerts_url, headers=make.headers(s.owner)).text
        assert "insurance_lapsed" in owner_view and "SENTINEL" not in owner_view
        renewal = certificate(400, valid_from=(clock.today() - timedelta(days=1)).isoformat())
        client.post(url, json=renewal, headers=headers)
        assert client.get(alerts_url, headers=headers).json() == []


def test_a_placement_without_any_certificate_is_flagged(make: Factory, db: Session) -> None:
    s = make.parties()
    principal = Principal(s.staff.id, Role.ASSOCIATION_STAFF, s.staff.organisation_id, "x", "x")
    [alert] = insurance.insurance_alerts(db, principal, clock.today())
    assert (alert.kind, alert.due_on) == ("insurance_missing", s.placement.start_date)
    # Once the placement is over, nothing is left to insure.
    assert insurance.insurance_alerts(db, principal, s.placement.planned_end + timedelta(days=1)) == []
