"""``stirrup export homes|households|placements FILE.csv|FILE.xlsx``: the API's exports, to a file.

The command acts as the account named by ``--as EMAIL``: that account's role and organisation
decide what is exported and what is pseudonymised, exactly as ``GET /api/v1/exports/…`` answers
it, and the export is written to the audit trail under its name. Homes and households need
``--as`` (the operator at the server has no organisation, so no rights of their own); placements
may go without it: every placement, always pseudonymised, as before. The file is written whole or
not at all (a temporary file renamed once the export succeeded).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Annotated

import typer
from sqlalchemy.orm import Session

from stirrup.cli_errors import reports_errors
from stirrup.config import get_settings
from stirrup.db import make_engine, transaction
from stirrup.errors import InvalidInput
from stirrup.services import accounts, exports, record_exports
from stirrup.services.access import Principal

app = typer.Typer(
    help="Exports to CSV or XLSX, as an account sees them (pseudonymised unless its role may see names).",
    no_args_is_help=True,
)

Target = Annotated[Path, typer.Argument(help="File to write; .csv or .xlsx sets the format", dir_okay=False)]
AsOption = Annotated[
    str | None,
    typer.Option("--as", help="E-mail of the account exporting: its rights decide what is in the file"),
]
Lang = Annotated[str, typer.Option(help="Language of the headers: fr or en")]

_FORMATS = {".csv": "csv", ".xlsx": "xlsx"}


@app.command("homes")
@reports_errors
def export_homes(file: Target, as_: AsOption = None, lang: Lang = "fr") -> None:
    """The homes the account may see, with the import's headers (edit and import back)."""
    _export_records(record_exports.export_homes, "homes", file, as_, lang)


@app.command("households")
@reports_errors
def export_households(file: Target, as_: AsOption = None, lang: Lang = "fr") -> None:
    """The households the account may see: in full for their referent organisation, else
    pseudonymised."""
    _export_records(record_exports.export_households, "households", file, as_, lang)


@app.command("placements")
@reports_errors
def export_placements(file: Target, as_: AsOption = None) -> None:
    """The placements and their outcomes, always pseudonymised (every placement without --as)."""
    file_format = _format(file)
    with _whole(file) as target, _database() as db:
        principal = accounts.acting_as(db, as_, "--as") if as_ is not None else None
        export = exports.export_placements(db, principal, exports.ExportFormat(file_format))
        target.write(export.content)
    typer.echo(f"{export.rows} placements written to {file}")


def _export_records(
    write: Callable[[Session, Principal, IO[bytes], str, str], str],
    kind: str,
    file: Path,
    as_email: str | None,
    lang: str,
) -> None:
    file_format = _format(file)
    if lang not in ("fr", "en"):
        raise InvalidInput.field("--lang", "must be fr or en")
    if as_email is None:
        raise InvalidInput.field(
            "--as", f"name the account exporting {kind} by its e-mail (its rights apply)"
        )
    with _whole(file) as target, _database() as db:
        principal = accounts.acting_as(db, as_email, "--as")
        write(db, principal, target, file_format, lang)
    typer.echo(f"{kind} written to {file} as {principal.email} ({principal.role.value})")


def _format(file: Path) -> str:
    file_format = _FORMATS.get(file.suffix.lower())
    if file_format is None:
        raise InvalidInput.field("FILE", f"{file.name} must end in .csv or .xlsx")
    if not file.parent.is_dir():
        raise InvalidInput.field("FILE", f"no directory {file.parent}")
    return file_format


@contextmanager
def _database() -> Iterator[Session]:
    """One write transaction (the export's audit entry) on the configured database."""
    engine = make_engine(get_settings().database_url)
    try:
        with transaction(engine) as db:
            yield db
    finally:
        engine.dispose()


@contextmanager
def _whole(file: Path) -> Iterator[IO[bytes]]:
    """A temporary file beside ``file``, renamed onto it only when the block succeeds (after the
    export's transaction committed): a failed export leaves no file, nor half of one."""
    partial = file.with_name(f".{file.name}.part")
    try:
        with partial.open("wb") as target:
            yield target
        os.replace(partial, file)
    finally:
        partial.unlink(missing_ok=True)
