"""The import engine: progress reported batch by batch, and jobs that end with a reason."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from stirrup import clock
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


def test_uploaded_files_are_forgotten_once_no_annotated_copy_can_be_asked_for(
    engine: Engine, settings: Settings, make: Factory, db: Session
) -> None:
    landlord = make.user(Role.LANDLORD)
    rows = list(fictional_homes(2))
    rows[0][6] = "grand"
    run(engine, settings, landlord.id, csv([c.fr for c in HOMES], rows))
    db.rollback()
    invalid = db.scalars(select(ImportJob)).one()
    assert invalid.status is ImportStatus.INVALID and invalid.source is not None
    with clock.travel(timedelta(days=settings.import_keep_days, hours=1)), transaction(engine) as session:
        jobs.forget_old_files(session, settings)
    db.rollback()
    assert db.get(ImportJob, invalid.id).source is None


def test_a_job_left_unfinished_by_a_process_that_died_is_marked_failed(
    engine: Engine, settings: Settings, make: Factory, db: Session
) -> None:
    landlord = make.user(Role.LANDLORD)
    with transaction(engine) as session:
        job = jobs.create_job(
            session,
            principal_of(session, landlord.id),
            ImportKind.HOMES,
            "h.csv",
            b"x",
            GazetteerGeocoder(),
            settings,
        )
    with clock.travel(timedelta(hours=2)), transaction(engine) as session:
        jobs.forget_old_files(session, settings)
    db.rollback()
    stalled = db.get(ImportJob, job.id)
    assert (stalled.status, stalled.message) == (ImportStatus.FAILED, "interrupted before it finished")
