"""A placement's paperwork on the site, and what its owner can never see."""

from __future__ import annotations

import html
from datetime import timedelta

from fastapi.testclient import TestClient

from stirrup import clock
from stirrup.deps import SESSION_COOKIE
from stirrup.models import Household, Role, SessionKind
from tests.factories import Factory, Parties
from tests.pages.test_login import csrf_of

SENTINELS = ("SENTINEL-NAME", "SENTINEL-NOTES", "SENTINEL-PRIORITY", "0699999999")


def as_user(client: TestClient, make: Factory, user: object) -> None:
    client.cookies.set(SESSION_COOKIE, make.token(user, SessionKind.WEB))  # type: ignore[arg-type]


def report_form(kind: str, rooms: dict[str, str], csrf: str) -> dict[str, object]:
    return {
        "kind": kind,
        "inspected_on": clock.today().isoformat(),
        "room_name": [*rooms, "", ""],
        "room_condition": [*rooms.values(), "good", "good"],
        "room_remarks": ["" for _ in range(len(rooms) + 2)],
        "csrf_token": csrf,
    }


def test_the_association_and_the_owner_do_the_paperwork_on_the_site(
    client: TestClient, make: Factory
) -> None:
    s = make.parties()
    hub = f"/placements/{s.placement.id}/paperwork?lang=en"
    as_user(client, make, s.staff)
    page = client.get(hub)
    assert page.status_code == 200 and "Documents to print and sign" in page.text
    assert "Not covered from" in page.text
    insurance = {
        "holder": "association",
        "insurer": "MAIF",
        "policy_number": "HAB-1",
        "valid_from": s.placement.start_date.isoformat(),
        "valid_until": s.placement.planned_end.isoformat(),
        "csrf_token": csrf_of(page.text),
    }
    assert (
        client.post(
            f"/placements/{s.placement.id}/insurance", data=insurance, follow_redirects=False
        ).status_code
        == 303
    )
    page = client.get(hub)
    assert "Covered for the whole placement" in page.text
    created = client.post(
        f"/placements/{s.placement.id}/condition-reports",
        data=report_form("entry", {"Kitchen": "good", "Bedroom": "new"}, csrf_of(page.text)),
        follow_redirects=False,
    )
    assert created.status_code == 303, created.text
    report_url = created.headers["location"]
    report = client.get(report_url)
    assert "Kitchen" in report.text and "not signed yet" in report.text

    as_user(client, make, s.owner)
    report = client.get(report_url + "?lang=en")
    signed = client.post(
        report_url + "/signatures",
        data={
            "side": "lender",
            "name": "Martine Lefebvre",
            "signed_on": clock.today().isoformat(),
            "csrf_token": csrf_of(report.text),
        },
        follow_redirects=False,
    )
    assert signed.status_code == 303
    assert "Martine Lefebvre" in client.get(report_url).text

    as_user(client, make, s.staff)
    page = client.get(hub)
    client.post(
        f"/placements/{s.placement.id}/condition-reports",
        data=report_form("exit", {"Kitchen": "poor", "Bedroom": "new"}, csrf_of(page.text)),
    )
    comparison = client.get(f"/placements/{s.placement.id}/condition-reports/comparison?lang=en")
    assert "Worse at exit: Kitchen" in comparison.text
    assert 'class="worse"' in comparison.text


def test_a_bad_form_is_shown_again_with_the_problem(client: TestClient, make: Factory) -> None:
    s = make.parties()
    as_user(client, make, s.staff)
    page = client.get(f"/placements/{s.placement.id}/paperwork")
    answer = client.post(
        f"/placements/{s.placement.id}/insurance",
        data={
            "holder": "association",
            "insurer": "MAIF",
            "policy_number": "X",
            "valid_from": "2026-05-01",
            "valid_until": "2026-04-01",
            "csrf_token": csrf_of(page.text),
        },
    )
    assert answer.status_code == 422 and "valid_until" in answer.text
    empty = client.post(
        f"/placements/{s.placement.id}/condition-reports", data=report_form("entry", {}, csrf_of(page.text))
    )
    assert empty.status_code == 422 and "rooms" in empty.text


def plant_sentinels(make: Factory, s: Parties) -> None:
    household = make.db.get(Household, s.household.id)
    assert household is not None
    household.notes = "SENTINEL-NOTES"
    household.priority_reason = "SENTINEL-PRIORITY"
    make.db.commit()


def test_the_owner_never_sees_the_households_personal_data(client: TestClient, make: Factory) -> None:
    s = make.parties(contact_name="SENTINEL-NAME Dupont")
    plant_sentinels(make, s)
    headers = make.headers(s.staff)
    start = s.placement.start_date.isoformat()
    client.post(
        f"/api/v1/placements/{s.placement.id}/insurance",
        json={
            "holder": "occupant",
            "insurer": "MAIF",
            "policy_number": "0699999999",
            "valid_from": start,
            "valid_until": start,
        },
        headers=headers,
    )
    rooms = [{"name": "Kitchen", "condition": "good"}]
    for kind in ("entry", "exit"):
        client.post(
            f"/api/v1/placements/{s.placement.id}/condition-reports",
            json={"kind": kind, "inspected_on": start, "rooms": rooms},
            headers=headers,
        )
    p, h = s.placement.id, s.home.id
    api = [
        f"/api/v1/homes/{h}/occupancy",
        f"/api/v1/homes/{h}/estimate",
        f"/api/v1/placements/{p}/insurance",
        f"/api/v1/placements/{p}/condition-reports",
        f"/api/v1/placements/{p}/condition-reports/comparison",
        "/api/v1/insurance/alerts",
    ]
    with clock.travel(timedelta(days=2)):
        owner_headers = make.headers(s.owner)
        for url in api:
            answer = client.get(url, headers=owner_headers)
            assert answer.status_code == 200, (url, answer.text)
            assert not [word for word in SENTINELS if word in answer.text], url
        as_user(client, make, s.owner)
        pages = [
            f"/homes/{h}/estimate",
            f"/homes/{h}/estimate/print",
            f"/placements/{p}/paperwork",
            f"/placements/{p}/condition-reports/comparison",
            *(
                f"/placements/{p}/documents/{kind}?lang={lang}"
                for kind in ("loan-agreement", "commitment")
                for lang in ("fr", "en")
            ),
        ]
        for url in pages:
            answer = client.get(url)
            assert answer.status_code == 200, url
            text = html.unescape(answer.text)
            assert not [word for word in SENTINELS if word in text], url


def test_a_social_worker_sees_documents_but_not_condition_reports(client: TestClient, make: Factory) -> None:
    s = make.parties()
    as_user(client, make, s.worker)
    page = client.get(f"/placements/{s.placement.id}/paperwork?lang=en")
    assert page.status_code == 200
    assert "Occupant&#39;s undertaking" in page.text or "Occupant's undertaking" in page.text
    assert "Condition reports" not in page.text
    as_user(client, make, make.user(Role.LANDLORD))
    assert client.get(f"/placements/{s.placement.id}/paperwork").status_code == 404
