"""Running an import: check every row, then write them all in one transaction — or nothing.

Checking streams the file, has the kind's handler validate each row with the API's own schema and
service rules, records progress and problems in short transactions of their own (so that a page
can follow the job while it runs) and spools the planned writes to a temporary file. Writing
happens only when every row is valid and the job is not a dry run: one transaction writes every
planned row in batches (executemany), with an audit event per record and the job's result.
"""

from __future__ import annotations

import logging
import pickle
import secrets
import tempfile
import traceback
from collections import Counter
from collections.abc import Callable, Sequence
from contextlib import ExitStack
from typing import IO, Any

from sqlalchemy import Engine, insert, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from stirrup import clock
from stirrup.config import Settings
from stirrup.db import open_session, transaction
from stirrup.errors import FieldProblem, InvalidInput, StirrupError
from stirrup.imports.columns import ColumnMap, map_headers
from stirrup.imports.plan import Context, FileProblems, Handler, Planned, Sheet
from stirrup.models import AuditEvent, ImportJob, ImportProblem, ImportStatus, User
from stirrup.services import audit
from stirrup.services.access import Principal
from stirrup.services.geocoding import CommuneCache, Geocoder
from stirrup.spreadsheets import Table, open_workbook, read_table, sheet_table

log = logging.getLogger(__name__)

#: Audit events are written through the table (Core executemany): one per record imported.
AUDIT_TABLE = AuditEvent.__table__

#: Rows checked, reported and written at a time.
BATCH_SIZE = 1000

#: Told the rows checked so far and the rows expected (None while unknown).
Progress = Callable[[int, int | None], None]


def run(
    engine: Engine,
    job_id: int,
    handler: Handler,
    geocoder: Geocoder,
    settings: Settings,
    progress: Progress | None = None,
) -> None:
    """Import the job's file; whatever happens, the job ends with a status saying why."""
    try:
        with tempfile.TemporaryFile() as spool:
            check = _Check(engine, job_id, handler, spool, progress)
            principal, dry_run = check.run(CommuneCache(geocoder), settings)
            if not check.rows:
                _finish(engine, job_id, ImportStatus.FAILED, "the file has no rows to import")
            elif check.problems:
                message = "nothing was written: correct the rows named and import again"
                _finish(engine, job_id, ImportStatus.INVALID, message)
            elif dry_run:
                created, updated = check.actions["create"], check.actions["update"]
                _finish(engine, job_id, ImportStatus.CHECKED, created=created, updated=updated)
            else:
                _set(engine, job_id, status=ImportStatus.WRITING)
                _write(engine, job_id, handler, principal, spool)
    except IntegrityError:
        message = "records changed while the file was checked: nothing was written; import it again"
        _finish(engine, job_id, ImportStatus.FAILED, message)
    except FileProblems as error:
        _finish(engine, job_id, ImportStatus.FAILED, error.message, problems=error.rows)
    except InvalidInput as error:
        rows = [{"row": None, "field": p.field, "message": p.message} for p in error.problems]
        _finish(engine, job_id, ImportStatus.FAILED, error.message, problems=rows)
    except StirrupError as error:
        _finish(engine, job_id, ImportStatus.FAILED, error.message)
    except Exception as error:
        reference = secrets.token_hex(4)
        # Where, not what: a database error's message carries the row's values (names, addresses).
        where = traceback.extract_tb(error.__traceback__)[-1]
        log.error(
            "import job %s failed: %s at %s:%s, reference %s",
            job_id,
            type(error).__name__,
            where.filename,
            where.lineno,
            reference,
        )
        _finish(engine, job_id, ImportStatus.FAILED, f"unexpected error; quote reference {reference}")


class _Check:
    """The checking pass: every row validated, progress and problems reported batch by batch, the
    plan spooled while every row so far is valid."""

    def __init__(
        self, engine: Engine, job_id: int, handler: Handler, spool: IO[bytes], progress: Progress | None
    ) -> None:
        self.engine, self.job_id, self.handler, self.spool = engine, job_id, handler, spool
        self.progress = progress or (lambda done, total: None)
        self.rows = self.problems = 0
        #: What the valid rows will do: "create", "update" (or a handler's own, e.g. "merge").
        self.actions: Counter[str] = Counter()
        self.expected: int | None = None

    def run(self, geocoder: Geocoder, settings: Settings) -> tuple[Principal, bool]:
        _set(self.engine, self.job_id, status=ImportStatus.CHECKING, started_at=clock.now())
        with open_session(self.engine, write=False) as db, ExitStack() as stack:
            job = db.get_one(ImportJob, self.job_id)
            principal, dry_run = principal_of(db, job.created_by_id), job.dry_run
            self.handler.start(Context(db, principal, job, geocoder, settings))
            tables = _mapped(_open_tables(stack, job.source or b"", job.file_format, self.handler.sheets))
            sizes = [table.expected_rows for _, table, _ in tables]
            self.expected = None if None in sizes else sum(size or 0 for size in sizes)
            unknown = [_label(sheet, name) for sheet, _, columns in tables for name in columns.unknown]
            _set(self.engine, self.job_id, rows_total=self.expected, unknown_columns=unknown)
            for sheet, table, columns in tables:
                self._sheet(sheet, table, columns)
        _set(self.engine, self.job_id, rows_total=self.rows)
        return principal, dry_run

    def _sheet(self, sheet: Sheet, table: Table, columns: ColumnMap) -> None:
        seen: dict[str, int] = {}
        batch: list[Planned] = []
        problems: list[dict[str, Any]] = []
        for number, values in table.rows:
            payload = columns.payload(values)
            key = payload.get(sheet.key) if sheet.key else None
            if key is not None and key in seen:
                repeated = FieldProblem(sheet.key or "", f"repeats the reference of row {seen[key]}")
                problems.append(_problem(sheet, number, columns, repeated))
            elif key is not None:
                seen[key] = number
            try:
                planned = self.handler.check(sheet, payload, number, columns.fields)
            except InvalidInput as error:
                problems += [_problem(sheet, number, columns, problem) for problem in error.problems]
            except StirrupError as error:
                problems.append(_problem(sheet, number, columns, FieldProblem("", error.message)))
            else:
                batch.append(planned)
                self.actions[planned.action] += 1
            self.rows += 1
            if self.rows % BATCH_SIZE == 0:
                self._report(batch, problems)
                batch, problems = [], []
        self._report(batch, problems)

    def _report(self, batch: list[Planned], problems: list[dict[str, Any]]) -> None:
        """Record a batch's progress and problems; spool its plan while every row so far is valid."""
        self.problems += len(problems)
        if not self.problems and batch:
            pickle.dump(batch, self.spool, protocol=pickle.HIGHEST_PROTOCOL)
        with transaction(self.engine) as db:
            if problems:
                db.execute(
                    insert(ImportProblem), [{"job_id": self.job_id, **problem} for problem in problems]
                )
            db.execute(
                update(ImportJob)
                .where(ImportJob.id == self.job_id)
                .values(rows_done=self.rows, problem_count=self.problems)
            )
        self.progress(self.rows, self.expected)


def _write(engine: Engine, job_id: int, handler: Handler, principal: Principal, spool: IO[bytes]) -> None:
    """Every planned row, its audit events and the job's result, in one transaction."""
    spool.seek(0)
    created = updated = 0
    with transaction(engine) as db:
        while batch := _next_batch(spool):
            written = handler.write(db, batch)
            db.execute(
                insert(AUDIT_TABLE),
                [
                    {
                        "actor_id": principal.user_id,
                        "action": item.action,
                        "entity_type": item.entity or handler.entity,
                        "entity_id": str(item.entity_id),
                        "ip_address": audit.client_address.get(),
                        "details": {"import_job": job_id, **item.details},
                    }
                    for item in written
                ],
            )
            created += sum(item.action == "create" for item in written)
            updated += sum(item.action == "update" for item in written)
        audit.record(db, principal, "import", "import_job", job_id, created=created, updated=updated)
        _finish_in(db, job_id, ImportStatus.DONE, "", created=created, updated=updated)


def _next_batch(spool: IO[bytes]) -> list[Planned] | None:
    try:
        batch: list[Planned] = pickle.load(spool)  # noqa: S301 — our own spool, written above
    except EOFError:
        return None
    return batch


def _mapped(tables: list[tuple[Sheet, Table]]) -> list[tuple[Sheet, Table, ColumnMap]]:
    """Each sheet's header row matched to its columns; every sheet's header problems at once."""
    mapped, problems = [], []
    for sheet, table in tables:
        try:
            mapped.append((sheet, table, map_headers(table.headers, sheet.columns, sheet.required)))
        except InvalidInput as error:
            problems += [
                {"sheet": sheet.name, "row": 1, "field": p.field, "message": p.message}
                for p in error.problems
            ]
    if problems:
        raise FileProblems(problems)
    return mapped


def _open_tables(
    stack: ExitStack, source: bytes, fmt: str, sheets: tuple[Sheet, ...]
) -> list[tuple[Sheet, Table]]:
    """The sheets a handler reads, opened once for the whole check."""
    if len(sheets) == 1 and sheets[0].name is None:
        return [(sheets[0], stack.enter_context(read_table(source, fmt)))]
    if fmt != "xlsx":
        names = ", ".join(repr(sheet.name) for sheet in sheets)
        raise InvalidInput.field("file", f"must be an .xlsx workbook with the sheets {names}")
    workbook = stack.enter_context(open_workbook(source))
    return [(sheet, sheet_table(workbook, sheet.name)) for sheet in sheets]


def _problem(sheet: Sheet, row: int, columns: ColumnMap, problem: FieldProblem) -> dict[str, Any]:
    letter, header = columns.locate(problem.field) if problem.field else (None, None)
    return {
        "sheet": sheet.name,
        "row": row,
        "column": letter,
        "header": header,
        "field": problem.field or None,
        "message": problem.message,
    }


def _label(sheet: Sheet, header: str) -> str:
    return f"{sheet.name}: {header}" if sheet.name else header


def principal_of(db: Session, user_id: int) -> Principal:
    """The account an import acts for, as a principal; refused once the account is disabled."""
    user = db.get(User, user_id)
    if user is None or not user.is_active:
        raise InvalidInput.field("user", "the account importing is not an active account")
    return Principal(user.id, user.role, user.organisation_id, user.display_name, user.email, user.locale)


def _set(engine: Engine, job_id: int, **values: Any) -> None:
    with transaction(engine) as db:
        db.execute(update(ImportJob).where(ImportJob.id == job_id).values(**values))


def _finish(
    engine: Engine,
    job_id: int,
    status: ImportStatus,
    message: str = "",
    *,
    problems: Sequence[dict[str, Any]] = (),
    created: int = 0,
    updated: int = 0,
) -> None:
    with transaction(engine) as db:
        if problems:
            db.execute(insert(ImportProblem), [{"job_id": job_id, **problem} for problem in problems])
        _finish_in(db, job_id, status, message, created=created, updated=updated, problems=len(problems))


def _finish_in(
    db: Session,
    job_id: int,
    status: ImportStatus,
    message: str,
    *,
    created: int,
    updated: int,
    problems: int = 0,
) -> None:
    job = db.get_one(ImportJob, job_id)
    job.status, job.message, job.finished_at = status, message, clock.now()
    job.created_count, job.updated_count = created, updated
    job.problem_count += problems
    if status is not ImportStatus.INVALID:
        job.source = None  # only an invalid file's annotated copy may still be asked for
