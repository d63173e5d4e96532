"""Zéro Logement Vacant exports: owners to invite and their draft homes, for the vacant-housing team
that imported them and nobody else."""

from __future__ import annotations

import io
from typing import Any

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlalchemy import func, inspect, select
from sqlalchemy.orm import Session

from stirrup.models import AuditEvent, DraftHome, HousingKind, InvitationStatus, OwnerContact, Role
from tests.factories import Factory
from tests.imports import zlv_workbook as zlv
from tests.imports.files import upload


def counts(db: Session) -> tuple[int, int]:
    db.rollback()
    contacts = db.scalar(select(func.count()).select_from(OwnerContact)) or 0
    return contacts, db.scalar(select(func.count()).select_from(DraftHome)) or 0


def export(owner_count: int = 4, home_count: int = 6) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    owners = zlv.owners(owner_count)
    return owners, zlv.homes(owners, home_count)


def test_an_export_becomes_owner_contacts_and_draft_homes(
    client: TestClient, make: Factory, db: Session
) -> None:
    team = make.user(Role.COORDINATOR)
    owners, homes = export()
    job = upload(client, "zlv", make.headers(team), zlv.workbook(owners, homes), "campagne.xlsx")
    assert job["status"] == "done", job
    assert job["unknown_columns"] == []
    assert (job["created_count"], job["rows_total"]) == (10, 10)
    assert counts(db) == (4, 6)
    contacts = {c.full_name: c for c in db.scalars(select(OwnerContact))}
    first = contacts[owners[0]["Propriétaire destinataire principal"]]
    assert first.organisation_id == team.organisation_id
    assert first.invitation_status is InvitationStatus.TO_INVITE
    assert first.postal_address == owners[0]["Adresse BAN du propriétaire"]
    assert (first.street, first.postal_code) == (owners[0]["Voie"], owners[0]["Code postal"])
    assert len(first.identity_key) == 64
    assert "birth" not in " ".join(c.key for c in inspect(OwnerContact).columns)
    drafts = db.scalars(select(DraftHome).order_by(DraftHome.id)).all()
    assert [d.owner_contact_id for d in drafts[:5:4]] == [first.id, first.id]  # homes 1 and 5: owner 1
    home = drafts[0]
    assert (home.external_ref, home.insee_code, home.commune) == ("595120000001", "59512", "Roubaix")
    assert home.address == homes[0]["Adresse BAN du logement"]
    assert home.housing_kind in (HousingKind.APARTMENT, HousingKind.HOUSE)
    assert home.campaigns == "Campagne vacance 2026\nRelance juin"
    assert home.vacant_since_year == homes[0]["Année de début de vacance"]


def test_unknown_columns_are_listed_and_a_missing_required_one_is_an_error(
    client: TestClient, make: Factory, db: Session
) -> None:
    headers = make.headers(make.user(Role.COORDINATOR))
    owners, homes = export(2, 2)
    for home in homes:
        home["Nombre de chats"] = 3
    extra = upload(
        client,
        "zlv",
        headers,
        zlv.workbook(owners, homes, home_headers=[*zlv.HOME_HEADERS, "Nombre de chats"]),
    )
    assert extra["status"] == "done"
    assert extra["unknown_columns"] == ["Logements: Nombre de chats"]

    without = [h for h in zlv.HOME_HEADERS if h != "Identifiant fiscal national"]
    owner_headers = [h for h in zlv.OWNER_HEADERS if h != "Propriétaire destinataire principal"]
    failed = upload(client, "zlv", headers, zlv.workbook(owners, homes, owner_headers, without))
    assert failed["status"] == "failed"
    assert {(p["sheet"], p["message"]) for p in failed["problems"]} == {
        (
            "Logements",
            "required column missing: 'Identifiant fiscal national' (or 'Identifiant fiscal national')",
        ),
        (
            "Propriétaires",
            "required column missing: 'Propriétaire destinataire principal' "
            "(or 'Propriétaire destinataire principal')",
        ),
    }
    assert counts(db) == (2, 2)


def test_a_bad_row_writes_nothing_and_is_named_by_sheet_row_and_column(
    client: TestClient, make: Factory, db: Session
) -> None:
    owners, homes = export()
    homes[3]["Surface (m²)"] = -5
    owners[1]["Adresse LOVAC du propriétaire"] = owners[1]["Adresse BAN du propriétaire"] = None
    job = upload(client, "zlv", make.headers(make.user(Role.COORDINATOR)), zlv.workbook(owners, homes))
    assert job["status"] == "invalid"
    found = {(p["sheet"], p["row"], p["column"]) for p in job["problems"]}
    assert ("Logements", 5, "N") in found
    assert ("Propriétaires", 3, "C") in found
    assert counts(db) == (0, 0)


def test_reimporting_updates_the_same_owners_and_homes_and_keeps_the_invitation(
    client: TestClient, make: Factory, db: Session
) -> None:
    headers = make.headers(make.user(Role.COORDINATOR))
    owners, homes = export()
    upload(client, "zlv", headers, zlv.workbook(owners, homes))
    db.rollback()
    contact = db.scalars(select(OwnerContact).order_by(OwnerContact.id)).first()
    assert contact is not None
    answer = client.patch(
        f"/api/v1/owner-contacts/{contact.id}", json={"invitation_status": "invited"}, headers=headers
    )
    assert answer.status_code == 200 and answer.json()["invitation_status"] == "invited"

    owners[0]["Complément d'adresse du propriétaire"] = "Résidence Les Tilleuls"
    homes[0]["Surface (m²)"] = 77
    again = upload(client, "zlv", headers, zlv.workbook(owners, zlv.homes(owners, 6)[:1] + homes[1:]))
    assert (again["created_count"], again["updated_count"]) == (0, 10)
    assert counts(db) == (4, 6)
    db.refresh(contact)
    assert contact.invitation_status is InvitationStatus.INVITED
    assert contact.address_complement == "Résidence Les Tilleuls"


def test_homes_find_their_owner_by_name_when_the_export_gives_only_names(
    client: TestClient, make: Factory, db: Session
) -> None:
    owners, homes = export(3, 3)
    named_only = [h for h in zlv.HOME_HEADERS if h not in zlv.OWNER_HEADERS[1:-1]]
    job = upload(
        client,
        "zlv",
        make.headers(make.user(Role.COORDINATOR)),
        zlv.workbook(owners, homes, home_headers=named_only),
    )
    assert job["status"] == "done", job
    db.rollback()
    assert db.scalar(select(func.count()).where(DraftHome.owner_contact_id.is_(None))) == 0

    owners[1]["Propriétaire destinataire principal"] = owners[0]["Propriétaire destinataire principal"]
    owners[1]["Date de naissance du propriétaire"] = None
    homes = zlv.homes(owners, 3)
    ambiguous = upload(
        client,
        "zlv",
        make.headers(make.user(Role.COORDINATOR)),
        zlv.workbook(owners, homes, home_headers=named_only),
    )
    problem = ambiguous["problems"][0]
    assert (problem["sheet"], problem["row"], problem["header"]) == (
        "Logements",
        2,
        "Propriétaire destinataire principal",
    )
    assert "2 owners bear this name" in problem["message"]


def test_an_owner_missing_from_the_owner_sheet_is_taken_from_the_home_row(
    client: TestClient, make: Factory, db: Session
) -> None:
    owners, homes = export(3, 3)
    job = upload(client, "zlv", make.headers(make.user(Role.COORDINATOR)), zlv.workbook(owners[:2], homes))
    assert job["status"] == "done"
    assert counts(db) == (3, 3)


@pytest.mark.parametrize("role", [Role.LANDLORD, Role.SOCIAL_WORKER, Role.ASSOCIATION_STAFF, Role.ADMIN])
def test_only_a_teams_coordinators_import_and_read_owners(
    client: TestClient, make: Factory, db: Session, role: Role
) -> None:
    owners, homes = export(2, 2)
    refused = client.post(
        "/api/v1/imports/zlv",
        files={"file": ("z.xlsx", zlv.workbook(owners, homes))},
        headers=make.headers(make.user(role)),
    )
    assert refused.status_code == 403
    upload(client, "zlv", make.headers(make.user(Role.COORDINATOR)), zlv.workbook(owners, homes))
    db.rollback()
    contact_id = db.scalars(select(OwnerContact.id)).first()
    reader = make.headers(make.user(role))
    for path in ("/owner-contacts", f"/owner-contacts/{contact_id}"):
        assert client.get(f"/api/v1{path}", headers=reader).status_code == 403
    drafts = client.get("/api/v1/draft-homes", headers=reader)
    if role is Role.LANDLORD:  # only the drafts of an owner contact linked to them: none here
        assert drafts.status_code == 200 and drafts.json()["items"] == []
    else:
        assert drafts.status_code == 403


def test_another_teams_coordinator_sees_none_of_them_and_reads_are_audited(
    client: TestClient, make: Factory, db: Session
) -> None:
    team, other = make.user(Role.COORDINATOR), make.user(Role.COORDINATOR)
    owners, homes = export(3, 4)
    upload(client, "zlv", make.headers(team), zlv.workbook(owners, homes))
    db.rollback()
    contact_id = db.scalars(select(OwnerContact.id).order_by(OwnerContact.id)).first()
    assert client.get("/api/v1/owner-contacts", headers=make.headers(other)).json()["total"] == 0
    assert client.get(f"/api/v1/owner-contacts/{contact_id}", headers=make.headers(other)).status_code == 404
    assert client.get("/api/v1/draft-homes", headers=make.headers(other)).json()["total"] == 0

    mine = client.get("/api/v1/owner-contacts", headers=make.headers(team)).json()
    assert mine["total"] == 3 and {c["draft_homes"] for c in mine["items"]} == {1, 2}
    one = client.get(f"/api/v1/owner-contacts/{contact_id}", headers=make.headers(team)).json()
    drafts = client.get(
        f"/api/v1/draft-homes?owner_contact_id={contact_id}", headers=make.headers(team)
    ).json()
    assert drafts["total"] == one["draft_homes"] == 2
    db.rollback()
    reads = db.scalars(select(AuditEvent).where(AuditEvent.action == "read_personal")).all()
    assert [(r.actor_id, r.entity_id) for r in reads] == [(team.id, None), (team.id, str(contact_id))]
    assert sorted(reads[0].details["ids"]) == sorted(c["id"] for c in mine["items"])
    assert all(owners[0]["Propriétaire destinataire principal"] not in str(r.details) for r in reads)


def test_a_zlv_export_must_be_a_workbook_with_both_sheets(client: TestClient, make: Factory) -> None:
    headers = make.headers(make.user(Role.COORDINATOR))
    as_csv = upload(client, "zlv", headers, b"Identifiant fiscal national\n1\n", "export.csv")
    assert "must be an .xlsx workbook with the sheets 'Propriétaires', 'Logements'" in as_csv["message"]
    owners, homes = export(1, 1)
    book = load_workbook(io.BytesIO(zlv.workbook(owners, homes)))
    book.remove(book["Propriétaires"])
    target = io.BytesIO()
    book.save(target)
    one_sheet = upload(client, "zlv", headers, target.getvalue())
    assert one_sheet["status"] == "failed"
    assert "has no sheet named 'Propriétaires' (its sheets: Logements)" in one_sheet["message"]
