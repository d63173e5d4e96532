"""Importing homes from spreadsheets through the API: all or nothing, errors by row and column,
re-imports that update, dry runs, and the owner's rights."""

from __future__ import annotations

import re
from datetime import date

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from stirrup.imports.bench import fictional_homes
from stirrup.imports.headers import HOMES
from stirrup.models import AuditEvent, Home, HomeStatus, OrganisationKind, Placement, PlacementStatus, Role
from tests.factories import Factory
from tests.imports.files import csv, sheets, upload, xlsx

FRENCH = [column.fr for column in HOMES]
ENGLISH = [column.en for column in HOMES]
SURFACE = FRENCH.index("Surface (m²)")


def homes_in_db(db: Session) -> int:
    db.rollback()
    return db.scalar(select(func.count()).select_from(Home)) or 0


def test_ten_thousand_rows_one_bad_cell_nothing_written_then_fixed_and_imported(
    client: TestClient, make: Factory, db: Session
) -> None:
    headers = make.headers(make.user(Role.LANDLORD))
    rows = list(fictional_homes(10_000))
    rows[7345 - 2][SURFACE] = "grand"  # spreadsheet row 7,345: the header is row 1

    job = upload(client, "homes", headers, csv(FRENCH, rows), "logements.csv")

    assert job["status"] == "invalid"
    assert homes_in_db(db) == 0
    assert job["problem_count"] == 1
    problem = job["problems"][0]
    assert (problem["row"], problem["column"], problem["header"]) == (7345, "G", "Surface (m²)")
    assert problem["field"] == "surface_m2" and "number" in problem["message"]
    annotated = client.get(f"/api/v1/imports/{job['id']}/annotated", headers=headers)
    assert annotated.status_code == 200
    copy = sheets(annotated.content)["CSV"]
    problems_column = len(FRENCH)
    assert copy[0][problems_column] == "Problèmes / Problems"
    assert copy[7344][6] == "grand" and copy[7344][problems_column].startswith("G (Surface (m²)): ")
    assert copy[7343][problems_column:] in ((), (None,))

    rows[7345 - 2][SURFACE] = "45,5"
    fixed = upload(client, "homes", headers, csv(FRENCH, rows), "logements.csv")
    assert (fixed["status"], fixed["created_count"], fixed["rows_total"]) == ("done", 10_000, 10_000)
    assert homes_in_db(db) == 10_000
    assert db.scalar(select(Home.surface_m2).where(Home.external_ref == "LGT-007344")) == 45.5


def test_importing_the_same_file_again_updates_by_reference(
    client: TestClient, make: Factory, db: Session
) -> None:
    headers = make.headers(make.user(Role.LANDLORD))
    rows = list(fictional_homes(30))
    assert upload(client, "homes", headers, xlsx(FRENCH, rows))["created_count"] == 30
    rows[0][SURFACE] = 99
    rows[1][FRENCH.index("Disponible jusqu'au")] = date(2030, 1, 1)
    again = upload(client, "homes", headers, xlsx(FRENCH, rows))
    assert (again["created_count"], again["updated_count"]) == (0, 30)
    assert homes_in_db(db) == 30
    assert db.scalar(select(Home.surface_m2).where(Home.external_ref == "LGT-000001")) == 99
    assert db.scalar(select(Home.available_until).where(Home.external_ref == "LGT-000002")) == date(
        2030, 1, 1
    )
    rows[1][FRENCH.index("Disponible jusqu'au")] = None  # an emptied cell empties the field
    upload(client, "homes", headers, xlsx(FRENCH, rows))
    db.rollback()
    assert db.scalar(select(Home.available_until).where(Home.external_ref == "LGT-000002")) is None
    audited = db.scalars(select(AuditEvent.action).where(AuditEvent.entity_type == "home")).all()
    assert sorted(set(audited)) == ["create", "update"] and len(audited) == 90


def test_a_status_column_follows_the_owner_rules_and_an_empty_one_keeps_the_status(
    client: TestClient, make: Factory, db: Session
) -> None:
    landlord = make.user(Role.LANDLORD)
    make.home(owner=landlord, external_ref="LGT-000001", status=HomeStatus.OCCUPIED)
    rows = list(fictional_homes(1))
    kept = upload(client, "homes", make.headers(landlord), xlsx(FRENCH, rows))
    assert kept["updated_count"] == 1
    db.rollback()
    assert db.scalar(select(Home.status)) is HomeStatus.OCCUPIED
    rows[0][FRENCH.index("Statut")] = "available"
    refused = upload(client, "homes", make.headers(landlord), xlsx(FRENCH, rows))
    assert refused["status"] == "invalid"
    assert refused["problems"][0]["message"] == "a home that is occupied cannot be set to available"


def test_dry_run_counts_what_would_change_and_writes_nothing(
    client: TestClient, make: Factory, db: Session
) -> None:
    landlord = make.user(Role.LANDLORD)
    make.home(owner=landlord, external_ref="LGT-000001")
    job = upload(client, "homes", make.headers(landlord), xlsx(ENGLISH, fictional_homes(5)), dry_run=True)
    assert (job["status"], job["dry_run"]) == ("checked", True)
    assert (job["created_count"], job["updated_count"]) == (4, 1)
    assert homes_in_db(db) == 1


def test_french_and_english_headers_in_any_case_and_spelling(
    client: TestClient, make: Factory, db: Session
) -> None:
    landlord = make.user(Role.LANDLORD)
    headers = ["REFERENCE", "adresse", "Code Postal", "commune", "surface (m2)", "Rooms", "chambres"]
    headers += ["Occupants maximum", "Disponible a partir du", "Ascenseur", "pets allowed"]
    row = ["A1", "3 rue Pierre Motte", 59100, "roubaix", "38,5", 2, 1, 2, "01/03/2027", "oui", "no"]
    job = upload(client, "homes", make.headers(landlord), xlsx(headers, [row]))
    assert job["status"] == "done", job
    db.rollback()
    home = db.scalars(select(Home)).one()
    assert (home.external_ref, home.commune, home.insee_code) == ("A1", "Roubaix", "59512")
    assert (home.surface_m2, home.available_from, home.has_lift, home.pets_allowed) == (
        38.5,
        date(2027, 3, 1),
        True,
        False,
    )
    assert (home.owner_user_id, home.status) == (landlord.id, HomeStatus.DRAFT)


def test_every_problem_is_reported_at_once_with_the_api_rules(client: TestClient, make: Factory) -> None:
    rows = list(fictional_homes(4))
    rows[0][FRENCH.index("Code postal")] = "5910"
    rows[1][FRENCH.index("Commune")] = "Atlantis"
    rows[2][FRENCH.index("Pièces")] = 1
    rows[2][FRENCH.index("Chambres")] = 2
    rows[3][0] = rows[0][0]  # the reference of row 2 again
    job = upload(client, "homes", make.headers(make.user(Role.LANDLORD)), xlsx(FRENCH, rows))
    found = {(p["row"], p["column"], p["field"]): p["message"] for p in job["problems"]}
    assert "5 digits" in found[(2, "C", "postal_code")]
    assert "unknown commune 'Atlantis'" in found[(3, "D", "commune")]
    assert "cannot exceed the number of rooms" in found[(4, "I", "bedrooms")]
    assert "repeats the reference of row 2" in found[(5, "A", "external_ref")]
    assert job["status"] == "invalid" and job["problem_count"] == 4


def test_unknown_columns_are_listed_and_missing_required_ones_fail_clearly(
    client: TestClient, make: Factory, db: Session
) -> None:
    headers = make.headers(make.user(Role.LANDLORD))
    job = upload(
        client,
        "homes",
        headers,
        xlsx([*FRENCH, "Couleur des volets"], [[*r, "bleu"] for r in fictional_homes(2)]),
    )
    assert job["status"] == "done" and job["unknown_columns"] == ["Couleur des volets"]

    without = [h for h in FRENCH if h != "Surface (m²)"]
    failed = upload(client, "homes", headers, xlsx(without, [["x"] * len(without)]))
    assert failed["status"] == "failed"
    assert "required column missing: 'Surface (m²)'" in failed["message"]
    assert failed["problems"][0]["row"] == 1
    assert homes_in_db(db) == 2


def test_a_landlord_imports_only_their_own_homes(client: TestClient, make: Factory, db: Session) -> None:
    landlord, other = make.user(Role.LANDLORD), make.user(Role.LANDLORD)
    make.home(owner=other, external_ref="LGT-000001", surface_m2=20)
    answer = client.post(
        "/api/v1/imports/homes",
        files={"file": ("h.xlsx", xlsx(FRENCH, fictional_homes(1)))},
        data={"owner_user_id": str(other.id)},
        headers=make.headers(landlord),
    )
    assert answer.status_code == 422
    assert answer.json()["error"]["fields"][0] == {
        "field": "owner_user_id",
        "message": "is set for you: homes you list are yours",
    }
    job = upload(client, "homes", make.headers(landlord), xlsx(FRENCH, fictional_homes(1)))
    assert job["created_count"] == 1  # the other landlord's LGT-000001 is not theirs to update
    db.rollback()
    assert db.scalar(select(Home.surface_m2).where(Home.owner_user_id == other.id)) == 20


@pytest.mark.parametrize("role", [Role.SOCIAL_WORKER, Role.ASSOCIATION_STAFF])
def test_only_landlords_and_coordinators_import_homes(client: TestClient, make: Factory, role: Role) -> None:
    answer = client.post(
        "/api/v1/imports/homes",
        files={"file": ("h.csv", csv(FRENCH, fictional_homes(1)))},
        headers=make.headers(make.user(role)),
    )
    assert answer.status_code == 403


def test_a_coordinator_imports_on_behalf_of_a_named_owner(
    client: TestClient, make: Factory, db: Session
) -> None:
    coordinator = make.user(Role.COORDINATOR)
    company = make.organisation(OrganisationKind.LANDLORD_COMPANY)
    refused = client.post(
        "/api/v1/imports/homes",
        files={"file": ("h.csv", csv(FRENCH, fictional_homes(1)))},
        headers=make.headers(coordinator),
    )
    assert refused.status_code == 422 and "name exactly one owner" in refused.text
    job = upload(
        client,
        "homes",
        make.headers(coordinator),
        csv(FRENCH, fictional_homes(3)),
        "h.csv",
        owner_organisation_id=company.id,
    )
    assert job["created_count"] == 3
    db.rollback()
    assert set(db.scalars(select(Home.owner_organisation_id))) == {company.id}


def test_an_import_is_seen_only_by_who_started_it(client: TestClient, make: Factory) -> None:
    landlord = make.user(Role.LANDLORD)
    job = upload(client, "homes", make.headers(landlord), xlsx(FRENCH, fictional_homes(1)))
    for someone in (make.user(Role.LANDLORD), make.user(Role.COORDINATOR), make.user(Role.ADMIN)):
        for path in ("", "/problems", "/annotated"):
            answer = client.get(f"/api/v1/imports/{job['id']}{path}", headers=make.headers(someone))
            assert answer.status_code == 404, path
    mine = client.get("/api/v1/imports", headers=make.headers(landlord)).json()
    assert [item["id"] for item in mine["items"]] == [job["id"]]


def test_templates_round_trip_in_both_languages(client: TestClient, make: Factory, db: Session) -> None:
    landlord = make.user(Role.LANDLORD)
    headers = make.headers(landlord)
    for lang, names in (("fr", FRENCH), ("en", ENGLISH)):
        template = client.get(f"/api/v1/imports/templates/homes?lang={lang}", headers=headers)
        assert template.status_code == 200
        content = sheets(template.content)
        data_sheet, help_sheet = content.values()
        assert list(data_sheet[0]) == names
        example = {row[2]: row[5] for row in help_sheet[1:]}
        row = [example[column.field] for column in HOMES]
        row[0] = f"T-{lang}"
        job = upload(client, "homes", headers, xlsx(names, [row]))
        assert job["status"] == "done", job
    db.rollback()
    imported = db.scalars(select(Home).order_by(Home.id)).all()
    assert [h.external_ref for h in imported] == ["T-fr", "T-en"]
    assert {(h.street, h.surface_m2, h.energy_class.value, h.furnished) for h in imported} == {
        ("12 rue de l'Épeule", 45.0, "D", True)
    }


def test_uploads_may_be_larger_than_other_requests(client: TestClient, make: Factory) -> None:
    content = csv(["Remarques"], [["x" * 100]] * 11_000)  # fails on its headers, without a row read
    assert len(content) > 1_000_000
    headers = make.headers(make.user(Role.LANDLORD))
    job = upload(client, "homes", headers, content, "big.csv")
    assert job["status"] == "failed" and "required column missing" in job["message"]


def test_the_annotated_copy_is_named_safely_after_the_file(client: TestClient, make: Factory) -> None:
    headers = make.headers(make.user(Role.LANDLORD))
    rows = list(fictional_homes(1))
    rows[0][SURFACE] = "grand"
    job = upload(client, "homes", headers, csv(FRENCH, rows), 'mes "logements"\r\nX: 1 été.csv')
    answer = client.get(f"/api/v1/imports/{job['id']}/annotated", headers=headers)
    disposition = answer.headers["content-disposition"]
    assert re.fullmatch(r'attachment; filename="mes_[A-Za-z0-9._-]+-problems\.xlsx"', disposition), (
        disposition
    )


def test_a_home_withdrawn_by_a_reimport_ends_its_pending_proposal(
    client: TestClient, make: Factory, db: Session
) -> None:
    parties = make.parties(PlacementStatus.PROPOSED)
    with db.begin_nested():
        home = db.get(Home, parties.home.id)
        home.external_ref, home.status = "LGT-000001", HomeStatus.PROPOSED
    db.commit()
    rows = list(fictional_homes(1))
    rows[0][FRENCH.index("Statut")] = "withdrawn"
    job = upload(client, "homes", make.headers(parties.owner), xlsx(FRENCH, rows))
    assert (job["status"], job["updated_count"]) == ("done", 1), job
    db.expire_all()
    placement = db.get_one(Placement, parties.placement.id)
    assert (placement.status, placement.closed_reason) == (PlacementStatus.CANCELLED, "home_withdrawn")
    assert db.get_one(Home, parties.home.id).status is HomeStatus.WITHDRAWN
