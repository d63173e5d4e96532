"""Spreadsheets on the site: each role finds the imports it may make, downloads a template, sends a
file (checked only, or imported), follows it and reads every problem by row and column with the
annotated copy; a vacant-housing team lists the owners of a Zéro Logement Vacant export."""

from __future__ import annotations

import time
from collections.abc import Callable

from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from stirrup.imports.bench import fictional_homes
from stirrup.imports.headers import HOMES
from stirrup.models import Home, ImportJob, InvitationStatus, OrganisationKind, OwnerContact, Role
from tests.factories import Factory
from tests.imports import zlv_workbook as zlv
from tests.imports.files import csv, sheets
from tests.pages.html import csrf, error_of, links, soup, squash, text

SignIn = Callable[..., TestClient]
FRENCH = [column.fr for column in HOMES]
SURFACE = FRENCH.index("Surface (m²)")


def homes_in_db(db: Session) -> int:
    db.rollback()
    return db.scalar(select(func.count()).select_from(Home)) or 0


def send(client: TestClient, kind: str, content: bytes, filename: str, **fields: str) -> Response:
    """Upload from the kind's page, then follow the job's page until the import has ended."""
    page = client.get(f"/imports/{kind}")
    sent = client.post(
        f"/imports/{kind}", data={"csrf_token": csrf(page), **fields}, files={"file": (filename, content)}
    )
    assert sent.status_code == 200 and sent.url.path.startswith("/imports/jobs/"), text(sent)
    for _ in range(200):
        if not soup(sent).find(attrs={"hx-trigger": "every 2s"}):
            return sent
        time.sleep(0.05)
        sent = client.get(sent.url.path, headers={"HX-Request": "true"})
    raise AssertionError("the import did not end")


def test_a_landlord_checks_then_imports_homes_and_reads_every_problem(
    sign_in: SignIn, make: Factory, db: Session
) -> None:
    client = sign_in(make.user(Role.LANDLORD))
    offered = links(client.get("/imports"))
    assert "/imports/homes" in offered and "/imports/households" not in offered
    template = client.get("/imports/homes/template?headers=fr")
    assert template.headers["content-disposition"].startswith("attachment")
    assert next(iter(sheets(template.content).values()))[0][:2] == ("Référence", "Adresse")
    rows = list(fictional_homes(30))
    rows[7][SURFACE] = "grand"  # row 9 of the spreadsheet
    rows[12][SURFACE] = "-4"
    bad = send(client, "homes", csv(FRENCH, rows), "logements.csv", dry_run="1")
    shown = squash(text(bad))
    assert "Problems found: nothing written" in shown and "2 problems" in shown
    cells = [
        [td.get_text(" ", strip=True) for td in tr.find_all("td")] for tr in soup(bad).select("tbody tr")
    ]
    assert cells[0][:2] == ["9", "G (Surface (m²))"] and cells[1][:2] == ["14", "G (Surface (m²))"]
    annotated = client.get(f"{bad.url.path}/annotated")
    assert annotated.status_code == 200 and f"{bad.url.path}/annotated" in links(bad)
    rows[7][SURFACE], rows[12][SURFACE] = "45,5", "30"
    checked = send(client, "homes", csv(FRENCH, rows), "logements.csv", dry_run="1")
    assert "Importing it would create 30 and update 0 records." in squash(text(checked))
    assert homes_in_db(db) == 0
    done = send(client, "homes", csv(FRENCH, rows), "logements.csv")
    assert "Imported: 30 created, 0 updated." in squash(text(done))
    assert homes_in_db(db) == 30


def test_the_upload_form_says_what_is_missing_and_starts_nothing(
    sign_in: SignIn, make: Factory, db: Session
) -> None:
    company = make.organisation(OrganisationKind.LANDLORD_COMPANY, name="Foncière du Nord")
    client = sign_in(make.user(Role.COORDINATOR))
    page = client.get("/imports/homes")
    assert "Foncière du Nord" in text(page)
    no_file = client.post("/imports/homes", data={"csrf_token": csrf(page), "owner": "account"})
    assert no_file.status_code == 422 and error_of(no_file, "file") == "Error: choose a .csv or .xlsx file"
    nobody = client.post(
        "/imports/homes",
        data={"csrf_token": csrf(page), "owner": "account", "owner_email": "nobody@example.org"},
        files={"file": ("homes.csv", csv(FRENCH, fictional_homes(2)))},
    )
    assert nobody.status_code == 422 and error_of(nobody, "owner_email")
    db.rollback()
    assert db.scalar(select(func.count()).select_from(ImportJob)) == 0
    done = send(
        client,
        "homes",
        csv(FRENCH, fictional_homes(2)),
        "homes.csv",
        owner="company",
        owner_organisation_id=str(company.id),
    )
    assert "Imported: 2 created" in squash(text(done))


def test_imports_are_offered_by_role_and_seen_only_by_who_sent_them(sign_in: SignIn, make: Factory) -> None:
    worker = make.user(Role.SOCIAL_WORKER)
    client = sign_in(worker)
    assert "/imports/households" in links(client.get("/imports"))
    assert client.get("/imports/homes").status_code == 403
    assert client.get("/imports/zlv").status_code == 403
    staff = sign_in(make.user(Role.ASSOCIATION_STAFF))
    assert "/imports/associations" in links(staff.get("/imports"))
    landlord = make.user(Role.LANDLORD)
    job = send(sign_in(landlord), "homes", csv(FRENCH, fictional_homes(1)), "one.csv")
    assert sign_in(worker).get(job.url.path).status_code == 404


def test_a_vacant_housing_team_imports_an_export_and_invites_its_owners(
    sign_in: SignIn, make: Factory, db: Session
) -> None:
    team = make.user(Role.COORDINATOR)
    owners = zlv.owners(3)
    client = sign_in(team)
    done = send(client, "zlv", zlv.workbook(owners, zlv.homes(owners, 4)), "campagne.xlsx")
    assert "Imported: 7 created" in squash(text(done))
    listed = client.get("/owner-contacts")
    name = owners[0]["Propriétaire destinataire principal"]
    assert name in text(listed) and "3 owners" in text(listed)
    db.rollback()
    contact = db.scalar(select(OwnerContact).where(OwnerContact.full_name == name))
    assert contact is not None
    saved = client.post(
        f"/owner-contacts/{contact.id}",
        data={"csrf_token": csrf(listed), "invitation_status": "invited", "back": "/owner-contacts"},
    )
    assert "The invitation's status has been saved." in text(saved)
    db.rollback()
    db.refresh(contact)
    assert contact.invitation_status is InvitationStatus.INVITED
    assert sign_in(make.user(Role.COORDINATOR)).get("/owner-contacts").text.count(name) == 0  # another team
