"""Import jobs: starting one for an uploaded file, following it, and reading what it found.

A job is seen only by the account that started it (its file may name households). The uploaded
file is kept only while its annotated copy may be asked for: dropped as soon as the job is written
or checked, and ``import_keep_days`` after an invalid one.
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import IO, Any

from sqlalchemy import Engine, select, update
from sqlalchemy.orm import Session

from stirrup import clock
from stirrup.config import Settings
from stirrup.errors import Conflict, NotFound
from stirrup.imports import engine as runner
from stirrup.imports.annotate import write_annotated
from stirrup.imports.associations import AssociationsImport
from stirrup.imports.homes import HomesImport
from stirrup.imports.households import HouseholdsImport
from stirrup.imports.plan import Context, Handler
from stirrup.imports.zlv import ZlvImport
from stirrup.models import FINISHED_STATUSES, ImportJob, ImportKind, ImportProblem, ImportStatus
from stirrup.services import audit
from stirrup.services.access import Principal
from stirrup.services.geocoding import Geocoder
from stirrup.services.listing import Page, PageRequest, paginate
from stirrup.spreadsheets import file_format

HANDLERS: dict[ImportKind, type[Handler]] = {
    ImportKind.HOMES: HomesImport,
    ImportKind.HOUSEHOLDS: HouseholdsImport,
    ImportKind.ASSOCIATIONS: AssociationsImport,
    ImportKind.ZLV: ZlvImport,
}

#: A job still unfinished this long after its last progress was interrupted (its process ended).
_STALLED_AFTER = timedelta(hours=1)


def create_job(
    db: Session,
    principal: Principal,
    kind: ImportKind,
    filename: str,
    data: bytes,
    geocoder: Geocoder,
    settings: Settings,
    *,
    dry_run: bool = False,
    owner_user_id: int | None = None,
    owner_organisation_id: int | None = None,
) -> ImportJob:
    """A queued import of an uploaded file, once the importer is known to be allowed to import it."""
    job = ImportJob(
        kind=kind,
        status=ImportStatus.QUEUED,
        dry_run=dry_run,
        created_by_id=principal.user_id,
        owner_user_id=owner_user_id,
        owner_organisation_id=owner_organisation_id,
        filename=filename[-255:],
        file_format=file_format(filename),
        source=data,
    )
    HANDLERS[kind]().authorise(Context(db, principal, job, geocoder, settings))
    forget_old_files(db, settings)
    db.add(job)
    db.flush()
    audit.record(db, principal, "upload", "import_job", job.id, kind=kind.value, dry_run=dry_run)
    return job


def run_job(
    engine: Engine,
    job_id: int,
    kind: ImportKind,
    geocoder: Geocoder,
    settings: Settings,
    progress: runner.Progress | None = None,
) -> None:
    """Check and write a queued job's file (after the request that uploaded it has been answered)."""
    runner.run(engine, job_id, HANDLERS[kind](), geocoder, settings, progress)


def get_job(db: Session, principal: Principal, job_id: int) -> ImportJob:
    job = db.scalar(
        select(ImportJob).where(ImportJob.id == job_id, ImportJob.created_by_id == principal.user_id)
    )
    if job is None:
        raise NotFound(f"import {job_id} not found")
    return job


#: Problems an import's answer lists; all of them are under /problems and in the annotated copy.
FIRST_PROBLEMS = 100

_VIEW_FIELDS = (
    "id",
    "kind",
    "status",
    "dry_run",
    "filename",
    "rows_total",
    "rows_done",
    "created_count",
    "updated_count",
    "problem_count",
    "unknown_columns",
    "message",
    "created_at",
    "started_at",
    "finished_at",
)


def view(db: Session, job: ImportJob, problems: int = FIRST_PROBLEMS) -> dict[str, Any]:
    """The job as its answer shows it: progress, outcome, its first problems."""
    first = (
        list(
            db.scalars(
                select(ImportProblem)
                .where(ImportProblem.job_id == job.id)
                .order_by(ImportProblem.id)
                .limit(problems)
            )
        )
        if problems and job.problem_count
        else []
    )
    kept = db.scalar(select(ImportJob.source.is_not(None)).where(ImportJob.id == job.id))
    return {
        **{name: getattr(job, name) for name in _VIEW_FIELDS},
        "problems": first,
        "annotated_copy": bool(kept) and job.status is ImportStatus.INVALID,
    }


def list_jobs(db: Session, principal: Principal, page: PageRequest) -> Page[ImportJob]:
    stmt = select(ImportJob).where(ImportJob.created_by_id == principal.user_id)
    return paginate(
        db, stmt, page, {"id": ImportJob.id, "created_at": ImportJob.created_at}, "-id", ImportJob.id
    )


def list_problems(db: Session, principal: Principal, job_id: int, page: PageRequest) -> Page[ImportProblem]:
    get_job(db, principal, job_id)
    stmt = select(ImportProblem).where(ImportProblem.job_id == job_id)
    return paginate(db, stmt, page, {"row": ImportProblem.row}, "row", ImportProblem.id)


def write_annotated_copy(db: Session, principal: Principal, job_id: int, target: IO[bytes]) -> str:
    """Write the annotated copy of an invalid job's file to ``target``; its file name."""
    job = get_job(db, principal, job_id)
    if job.status is not ImportStatus.INVALID or job.source is None:
        raise Conflict("an annotated copy exists only for an invalid file, for import_keep_days days")
    problems = db.scalars(
        select(ImportProblem).where(ImportProblem.job_id == job_id).order_by(ImportProblem.id)
    )
    sheets = [sheet.name for sheet in HANDLERS[job.kind].sheets]
    write_annotated(target, job.source, job.file_format, sheets, problems)
    stem = re.sub(r"[^A-Za-z0-9._-]+", "_", job.filename.rsplit(".", 1)[0])  # safe in a header
    return f"{stem}-problems.xlsx"


def forget_old_files(db: Session, settings: Settings) -> None:
    """Drop the files no annotated copy will be asked for any more, and end jobs whose process died."""
    now = clock.now()
    db.execute(
        update(ImportJob)
        .where(ImportJob.finished_at < now - timedelta(days=settings.import_keep_days))
        .where(ImportJob.source.is_not(None))
        .values(source=None)
    )
    db.execute(
        update(ImportJob)
        .where(ImportJob.status.not_in(FINISHED_STATUSES), ImportJob.updated_at < now - _STALLED_AFTER)
        .values(
            status=ImportStatus.FAILED, message="interrupted before it finished", source=None, finished_at=now
        )
    )
