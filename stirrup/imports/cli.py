"""``stirrup import …``: templates, and imports of spreadsheets with a progress bar.

An import acts as an account (``--as``), whose rights and audit trail apply as they would on the
site; problems print one line each and the command exits with code 2, naming the annotated copy.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from stirrup.cli_errors import reports_errors
from stirrup.config import get_settings
from stirrup.db import make_engine, open_session, transaction
from stirrup.errors import InvalidInput
from stirrup.imports import jobs
from stirrup.imports.engine import principal_of
from stirrup.imports.templates import write_template
from stirrup.models import ImportJob, ImportKind, ImportProblem, ImportStatus, User
from stirrup.services.geocoding import make_geocoder

app = typer.Typer(help="Spreadsheet imports (CSV, XLSX) and their templates.", no_args_is_help=True)

#: Problems printed before pointing to the annotated copy for the rest.
_SHOWN = 50

AsOption = Annotated[
    str | None, typer.Option("--as", help="E-mail of the account importing (its rights apply)")
]
DryRun = Annotated[
    bool, typer.Option("--dry-run", help="Check every row and say what would change; write nothing")
]
File = Annotated[Path, typer.Argument(help="The .csv or .xlsx file", exists=True, dir_okay=False)]


@app.command("template")
@reports_errors
def template(
    kind: Annotated[ImportKind, typer.Argument(help="homes, households or associations")],
    output: Annotated[Path, typer.Option(help="Where to write the .xlsx template")],
    lang: Annotated[str, typer.Option(help="Language of the headers: fr or en")] = "fr",
) -> None:
    """Write the template of a kind of import."""
    if kind is ImportKind.ZLV:
        raise InvalidInput.field("kind", "a Zéro Logement Vacant file is the export ZLV gives; no template")
    with output.open("wb") as target:
        write_template(target, kind, lang, get_settings().support_needs)
    typer.echo(f"template written to {output}")


@app.command("homes")
@reports_errors
def import_homes(
    file: File,
    owner_email: Annotated[str | None, typer.Option(help="The landlord whose homes these are")] = None,
    owner_organisation_id: Annotated[int | None, typer.Option(help="Or the landlord company")] = None,
    as_: AsOption = None,
    dry_run: DryRun = False,
) -> None:
    """Import homes (a landlord's own, or a named owner's when a coordinator imports)."""
    run_import(ImportKind.HOMES, file, as_ or owner_email, dry_run, owner_email, owner_organisation_id)


@app.command("households")
@reports_errors
def import_households(file: File, as_: AsOption = None, dry_run: DryRun = False) -> None:
    """Import households for the social worker's organisation (--as the social worker)."""
    run_import(ImportKind.HOUSEHOLDS, file, as_, dry_run)


@app.command("associations")
@reports_errors
def import_associations(file: File, as_: AsOption = None, dry_run: DryRun = False) -> None:
    """Import partner associations' profiles (--as a coordinator, or an association's staff)."""
    run_import(ImportKind.ASSOCIATIONS, file, as_, dry_run)


@app.command("zlv")
@reports_errors
def import_zlv(file: File, as_: AsOption = None, dry_run: DryRun = False) -> None:
    """Import a Zéro Logement Vacant export: owners to invite and their vacant homes (--as a coordinator
    of the vacant-housing team)."""
    run_import(ImportKind.ZLV, file, as_, dry_run)


def run_import(
    kind: ImportKind,
    file: Path,
    as_email: str | None,
    dry_run: bool,
    owner_email: str | None = None,
    owner_organisation_id: int | None = None,
) -> None:
    """Start the job as the account named, run it with a progress bar, and report its outcome."""
    if as_email is None:
        raise InvalidInput.field("--as", "name the account importing, by its e-mail")
    settings = get_settings()
    engine = make_engine(settings.database_url)
    geocoder = make_geocoder(settings.geocoder, settings.geocoder_timeout_s)
    try:
        with transaction(engine) as db:
            principal = principal_of(db, _user_id(db, as_email, "--as"))
            same = owner_email is not None and owner_email.strip().lower() == principal.email
            owner_id = _user_id(db, owner_email, "--owner-email") if owner_email and not same else None
            job = jobs.create_job(
                db,
                principal,
                kind,
                file.name,
                file.read_bytes(),
                geocoder,
                settings,
                dry_run=dry_run,
                owner_user_id=owner_id,
                owner_organisation_id=owner_organisation_id,
            )
        with typer.progressbar(length=1, label=f"{kind.value}: checking", width=30) as bar:

            def progress(done: int, total: int | None) -> None:
                bar.length = max(total or done, done, 1)
                bar.update(done - bar.pos)

            jobs.run_job(engine, job.id, kind, geocoder, settings, progress=progress)
        _report(engine, job.id, file)
    finally:
        engine.dispose()


def _report(engine: Engine, job_id: int, file: Path) -> None:
    with open_session(engine, write=False) as db:
        job = db.get_one(ImportJob, job_id)
        if job.unknown_columns:
            typer.echo("unknown columns, not imported: " + ", ".join(job.unknown_columns), err=True)
        if job.status in (ImportStatus.DONE, ImportStatus.CHECKED):
            verb = "would create" if job.dry_run else "created"
            typer.echo(f"{job.rows_total} rows: {verb} {job.created_count}, updated {job.updated_count}")
            return
        problems = db.scalars(
            select(ImportProblem)
            .where(ImportProblem.job_id == job_id)
            .order_by(ImportProblem.id)
            .limit(_SHOWN)
        )
        for problem in problems:
            typer.echo(f"error: {_where(problem)}: {problem.message}", err=True)
        count = db.scalar(select(func.count()).where(ImportProblem.job_id == job_id)) or 0
        if count > _SHOWN:
            typer.echo(f"… and {count - _SHOWN} more problems", err=True)
        if job.status is ImportStatus.INVALID:
            annotated = file.with_name(f"{file.stem}-problems.xlsx")
            with annotated.open("wb") as target:
                jobs.write_annotated_copy(db, principal_of(db, job.created_by_id), job_id, target)
            typer.echo(f"annotated copy: {annotated}", err=True)
        typer.echo(f"error: {job.message}", err=True)
    raise typer.Exit(2)


def _where(problem: ImportProblem) -> str:
    sheet = f"{problem.sheet}, " if problem.sheet else ""
    if problem.column:
        return f"{sheet}row {problem.row}, column {problem.column} ({problem.header})"
    if problem.row:
        return f"{sheet}row {problem.row}" + (f", {problem.field}" if problem.field else "")
    return problem.field or "file"


def _user_id(db: Session, email: str, option: str) -> int:
    user_id = db.scalar(select(User.id).where(User.email == email.strip().lower()))
    if user_id is None:
        raise InvalidInput.field(option, f"no account has the e-mail {email}")
    return user_id
