"""The import engine: progress reported batch by batch, and jobs that end with a reason."""

from __future__ import annotations

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from stirrup.config import Settings
from stirrup.db import transaction
from stirrup.imports import jobs
from stirrup.imports.bench import fictional_homes
from stirrup.imports.engine import principal_of
from stirrup.imports.headers import HOMES
from stirrup.models import ImportJob, ImportKind, ImportStatus, Role
from stirrup.services.geocoding import GazetteerGeocoder
from tests.factories import Factory
from tests.imports.files import csv


def run(engine: Engine, settings: Settings, user_id: int, content: bytes, name: str = "h.csv") -> list[tuple]:
    geocoder = GazetteerGeocoder()
    with transaction(engine) as db:
        job = jobs.create_job(
            db, principal_of(db, user_id), ImportKind.HOMES, name, content, geocoder, settings
        )
    seen: list[tuple] = []
    jobs.run_job(engine, job.id, ImportKind.HOMES, geocoder, settings, progress=lambda *p: seen.append(p))
    return seen


def test_progress_is_reported_after_every_batch(
    engine: Engine, settings: Settings, make: Factory, db: Session
) -> None:
    landlord = make.user(Role.LANDLORD)
    seen = run(engine, settings, landlord.id, csv([c.fr for c in HOMES], fictional_homes(2500)))
    assert seen == [(1000, 2500), (2000, 2500), (2500, 2500)]
    db.rollback()
    job = db.scalars(select(ImportJob)).one()
    assert (job.status, job.rows_done, job.rows_total) == (ImportStatus.DONE, 2500, 2500)
    assert job.source is None and job.started_at <= job.finished_at


def test_an_empty_or_unreadable_file_fails_with_its_reason(
    engine: Engine, settings: Settings, make: Factory, db: Session
) -> None:
    landlord = make.user(Role.LANDLORD)
    run(engine, settings, landlord.id, csv([c.fr for c in HOMES], []))
    run(engine, settings, landlord.id, b"PK\x03\x04 not really", "h.xlsx")
    db.rollback()
    empty, unreadable = db.scalars(select(ImportJob).order_by(ImportJob.id)).all()
    assert (empty.status, empty.message) == (ImportStatus.FAILED, "the file has no rows to import")
    assert unreadable.status is ImportStatus.FAILED and "not a readable .xlsx workbook" in unreadable.message
