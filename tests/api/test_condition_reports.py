"""Condition reports: drawn up room by room, signed by both sides, the exit compared with the
entry, photos checked and served only to the parties."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from stirrup import clock
from stirrup.models import PlacementStatus, Role
from tests.factories import Factory, Parties

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64


def rooms(**conditions: str) -> list[dict[str, Any]]:
    return [{"name": name, "condition": c, "remarks": f"{name}: {c}"} for name, c in conditions.items()]


def report(kind: str, **conditions: str) -> dict[str, Any]:
    return {"kind": kind, "inspected_on": clock.today().isoformat(), "rooms": rooms(**conditions)}


def draw_up(client: TestClient, make: Factory, s: Parties, body: dict[str, Any]) -> dict[str, Any]:
    answer = client.post(
        f"/api/v1/placements/{s.placement.id}/condition-reports", json=body, headers=make.headers(s.staff)
    )
    assert answer.status_code == 201, answer.text
    created: dict[str, Any] = answer.json()
    return created


def sign(client: TestClient, make: Factory, user: Any, report_id: int, side: str) -> Any:
    body = {"side": side, "name": user.display_name, "signed_on": clock.today().isoformat()}
    return client.post(
        f"/api/v1/condition-reports/{report_id}/signatures", json=body, headers=make.headers(user)
    )


def test_the_exit_report_is_compared_with_the_entry_and_worse_rooms_stand_out(
    client: TestClient, make: Factory
) -> None:
    s = make.parties()
    draw_up(client, make, s, report("entry", Kitchen="good", Bedroom="new", Bathroom="worn"))
    draw_up(client, make, s, report("exit", kitchen="poor", Bedroom="good", Bathroom="worn", Cellar="poor"))
    answer = client.get(
        f"/api/v1/placements/{s.placement.id}/condition-reports/comparison", headers=make.headers(s.owner)
    )
    assert answer.status_code == 200, answer.text
    comparison = answer.json()
    assert comparison["worse_rooms"] == ["Kitchen", "Bedroom"]
    by_name = {room["name"]: room for room in comparison["rooms"]}
    assert (by_name["Kitchen"]["entry"], by_name["Kitchen"]["exit"]) == ("good", "poor")
    assert by_name["Bathroom"]["worse"] is False
    assert (by_name["Cellar"]["entry"], by_name["Cellar"]["worse"]) == (None, False)  # seen only at exit


def test_comparison_needs_both_reports(client: TestClient, make: Factory) -> None:
    s = make.parties()
    draw_up(client, make, s, report("entry", Kitchen="good"))
    url = f"/api/v1/placements/{s.placement.id}/condition-reports/comparison"
    answer = client.get(url, headers=make.headers(s.owner))
    assert answer.status_code == 404 and "exit" in answer.json()["error"]["message"]


def test_both_sides_sign_and_a_signed_report_no_longer_changes(client: TestClient, make: Factory) -> None:
    s = make.parties()
    created = draw_up(client, make, s, report("entry", Kitchen="good"))
    assert sign(client, make, s.owner, created["id"], "borrower").status_code == 403  # not their side
    assert sign(client, make, s.owner, created["id"], "lender").status_code == 200
    assert sign(client, make, s.owner, created["id"], "lender").status_code == 409
    signed = sign(client, make, s.staff, created["id"], "borrower").json()
    assert signed["signed"] is True
    assert signed["lender_signed_name"] == "Martine Lefebvre"
    edit = {"inspected_on": clock.today().isoformat(), "rooms": rooms(Kitchen="new")}
    changed = client.put(
        f"/api/v1/condition-reports/{created['id']}", json=edit, headers=make.headers(s.staff)
    )
    assert changed.status_code == 409


def test_an_unsigned_report_is_rewritten_keeping_photos_by_position(
    client: TestClient, make: Factory
) -> None:
    s = make.parties()
    created = draw_up(client, make, s, report("entry", Kitchen="good", Bedroom="good"))
    kitchen = created["rooms"][0]["id"]
    url = f"/api/v1/condition-reports/{created['id']}/rooms/{kitchen}/photos"
    client.post(url, files={"file": ("k.png", PNG, "image/png")}, headers=make.headers(s.staff))
    edit = {"inspected_on": clock.today().isoformat(), "rooms": rooms(Kitchen="worn")}
    answer = client.put(
        f"/api/v1/condition-reports/{created['id']}", json=edit, headers=make.headers(s.owner)
    )
    assert answer.status_code == 200, answer.text
    [room] = answer.json()["rooms"]
    assert (room["id"], room["condition"], len(room["photos"])) == (kitchen, "worn", 1)


def test_bad_reports_are_refused(client: TestClient, make: Factory) -> None:
    s = make.parties()
    url = f"/api/v1/placements/{s.placement.id}/condition-reports"
    headers = make.headers(s.staff)
    twice = report("entry", Kitchen="good")
    twice["rooms"].append({"name": "kitchen", "condition": "good"})
    assert client.post(url, json=twice, headers=headers).json()["error"]["fields"][0]["field"] == "rooms"
    scale = report("entry", Kitchen="excellent")
    assert client.post(url, json=scale, headers=headers).status_code == 422
    draw_up(client, make, s, report("entry", Kitchen="good"))
    assert client.post(url, json=report("entry", Kitchen="good"), headers=headers).status_code == 409
    proposed = make.parties(PlacementStatus.PROPOSED)
    early = f"/api/v1/placements/{proposed.placement.id}/condition-reports"
    assert (
        client.post(
            early, json=report("exit", Kitchen="good"), headers=make.headers(proposed.staff)
        ).status_code
        == 409
    )


def test_only_the_two_sides_and_coordinators_see_the_reports(client: TestClient, make: Factory) -> None:
    s = make.parties()
    url = f"/api/v1/placements/{s.placement.id}/condition-reports"
    draw_up(client, make, s, report("entry", Kitchen="good"))
    for user, expected in [
        (s.owner, 200),
        (s.staff, 200),
        (make.user(Role.COORDINATOR), 200),
        (s.worker, 404),
        (make.user(Role.LANDLORD), 404),
        (make.user(Role.ASSOCIATION_STAFF), 404),
    ]:
        assert client.get(url, headers=make.headers(user)).status_code == expected, user.role


def test_photos_are_checked_and_served_as_attachments_to_the_parties_only(
    client: TestClient, make: Factory
) -> None:
    s = make.parties()
    created = draw_up(client, make, s, report("entry", Kitchen="good"))
    url = f"/api/v1/condition-reports/{created['id']}/rooms/{created['rooms'][0]['id']}/photos"
    headers = make.headers(s.staff)
    refused = [
        ("k.png", JPEG, "image/png"),  # the bytes are not a PNG
        ("k.jpg", PNG, "image/png"),  # the extension does not match
        ("k.svg", b"<svg onload=alert(1)>", "image/svg+xml"),
        ("k.html", b"<html>", "text/html"),
        ("k.jpg", JPEG + b"\x00" * 900_000, "image/jpeg"),  # too large
        ("k.jpg", b"", "image/jpeg"),
    ]
    for name, content, kind in refused:
        answer = client.post(url, files={"file": (name, content, kind)}, headers=headers)
        assert answer.status_code == 422, name
        assert answer.json()["error"]["fields"][0]["field"] == "file"
    photo = client.post(url, files={"file": ("kitchen.jpg", JPEG, "image/jpeg")}, headers=headers).json()
    served = client.get(f"/api/v1/condition-report-photos/{photo['id']}", headers=make.headers(s.owner))
    assert served.status_code == 200 and served.content == JPEG
    assert served.headers["content-type"] == "image/jpeg"
    assert served.headers["content-disposition"] == f'attachment; filename="photo-{photo["id"]}.jpg"'
    assert served.headers["x-content-type-options"] == "nosniff"
    for outsider in (s.worker, make.user(Role.LANDLORD)):
        denied = client.get(f"/api/v1/condition-report-photos/{photo['id']}", headers=make.headers(outsider))
        assert denied.status_code == 404
