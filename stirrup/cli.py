"""The ``stirrup`` command line. Errors print one line naming the problem and exit with code 2."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from pydantic import ValidationError
from sqlalchemy import Engine

from stirrup import export_cli
from stirrup.cli_errors import reports_errors
from stirrup.config import Settings, get_settings
from stirrup.errors import InvalidInput
from stirrup.imports import cli as imports_cli
from stirrup.tax import cli as tax_cli

app = typer.Typer(
    help="Stirrup: vacant homes lent for six months, matched and followed.", no_args_is_help=True
)
db_app = typer.Typer(help="Database schema (Alembic migrations).", no_args_is_help=True)
users_app = typer.Typer(help="User accounts.", no_args_is_help=True)
privacy_app = typer.Typer(help="Personal data: retention.", no_args_is_help=True)
proposals_app = typer.Typer(help="Proposals waiting for answers.", no_args_is_help=True)
notifications_app = typer.Typer(help="Notifications and their e-mails.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(users_app, name="users")
app.add_typer(privacy_app, name="privacy")
app.add_typer(proposals_app, name="proposals")
app.add_typer(export_cli.app, name="export")
app.add_typer(notifications_app, name="notifications")
app.add_typer(tax_cli.app)  # stirrup estimate
app.add_typer(imports_cli.app, name="import")
bench_app = typer.Typer(help="Benchmarks, each printing a table.", no_args_is_help=True)
app.add_typer(bench_app, name="bench")


@app.callback()
def check_settings() -> None:
    """A STIRRUP_* setting that does not validate stops every command with one line naming it."""
    try:
        Settings()
    except ValidationError as error:
        for problem in error.errors():
            name = (Settings.model_config.get("env_prefix", "") + ".".join(map(str, problem["loc"]))).upper()
            typer.echo(f"error: {name}: {problem['msg']}", err=True)
        raise typer.Exit(2) from None


@contextmanager
def _engine() -> Iterator[Engine]:
    """The configured database for one command, its connections closed afterwards."""
    from stirrup.db import make_engine

    engine = make_engine(get_settings().database_url)
    try:
        yield engine
    finally:
        engine.dispose()


@db_app.command("upgrade")
def db_upgrade(revision: Annotated[str, typer.Argument(help="Target revision")] = "head") -> None:
    """Apply the migrations up to REVISION (the latest by default)."""
    from stirrup import migrate

    with _engine() as engine:
        migrate.upgrade(engine, revision)
        typer.echo(f"database at revision {migrate.current_revision(engine)}")


@db_app.command("downgrade")
def db_downgrade(revision: Annotated[str, typer.Argument(help="Target revision, e.g. -1")]) -> None:
    """Revert the migrations down to REVISION."""
    from stirrup import migrate

    with _engine() as engine:
        migrate.downgrade(engine, revision)
        typer.echo(f"database at revision {migrate.current_revision(engine)}")


@db_app.command("current")
def db_current() -> None:
    """Print the revision the database is at."""
    from stirrup import migrate

    with _engine() as engine:
        typer.echo(migrate.current_revision(engine) or "empty (run: stirrup db upgrade)")


@db_app.command("backup")
@reports_errors
def db_backup(file: Annotated[Path, typer.Argument(help="New file to write the copy to")]) -> None:
    """Copy the live SQLite database consistently (prints how to use pg_dump for PostgreSQL)."""
    from stirrup.backup import backup_sqlite

    pages = backup_sqlite(get_settings().database_url, file)
    typer.echo(f"copied {pages} pages into {file} (integrity check: ok)")
    typer.echo(f"to restore: stop Stirrup, then replace the database file with {file}")


@privacy_app.command("purge")
@reports_errors
def privacy_purge(
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Say what would go; change nothing")] = False,
    years: Annotated[
        int | None, typer.Option(min=1, max=30, help="Retention in years (default: STIRRUP_RETENTION_YEARS)")
    ] = None,
) -> None:
    """Anonymise households whose last contact (their placement's end) is older than the retention;
    delete audit entries and e-mails older than theirs (STIRRUP_AUDIT_RETENTION_MONTHS,
    STIRRUP_EMAIL_RETENTION_DAYS)."""
    from stirrup.db import transaction
    from stirrup.services import retention

    with _engine() as engine, transaction(engine) as db:
        report = retention.purge(db, get_settings(), years, dry_run)
        verb = "would anonymise" if dry_run else "anonymised"
        typer.echo(
            f"{verb} {len(report.households)} household(s) with no contact since before {report.cutoff}"
        )
        for item in report.households:
            typer.echo(f"  {item.reference}  last contact {item.last_contact}")
        verb = "would delete" if dry_run else "deleted"
        typer.echo(
            f"{verb} {report.audit_entries} audit entr(ies) from before {report.audit_cutoff:%Y-%m-%d}"
        )
        typer.echo(
            f"{verb} {report.emails} e-mail(s) sent, kept or failed before {report.emails_cutoff:%Y-%m-%d}"
        )
        if not dry_run:
            typer.echo(f"deleted {report.sessions_deleted} expired session(s)")


@users_app.command("create")
@reports_errors
def users_create(
    email: Annotated[str, typer.Option(help="Sign-in e-mail")],
    name: Annotated[str, typer.Option(help="Name shown to other users")],
    role: Annotated[
        str, typer.Option(help="landlord, social_worker, association_staff, coordinator or admin")
    ],
    organisation_id: Annotated[int | None, typer.Option(help="Organisation the user works for")] = None,
    password: Annotated[str | None, typer.Option(help="Omit to be asked (not echoed)")] = None,
) -> None:
    """Add an account."""
    from pydantic import ValidationError

    from stirrup.db import transaction
    from stirrup.schemas.accounts import UserCreate
    from stirrup.services import accounts

    if password is None:
        if not sys.stdin.isatty():
            raise InvalidInput.field("password", "give --password, or run in a terminal to be asked")
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        data = UserCreate(
            email=email, display_name=name, role=role, organisation_id=organisation_id, password=password
        )
    except ValidationError as error:
        raise InvalidInput.field(str(error.errors()[0]["loc"][0]), error.errors()[0]["msg"]) from None
    with _engine() as engine, transaction(engine) as db:
        user = accounts.create_user(db, None, data)
        typer.echo(f"created {user.role.value} {user.email} (id {user.id})")


@bench_app.command("import")
@reports_errors
def bench_import(
    rows: Annotated[int, typer.Option(min=1, help="Homes in the generated file")] = 100_000,
    file_format: Annotated[str, typer.Option("--format", help="xlsx or csv")] = "xlsx",
) -> None:
    """Import a generated homes file into a fresh SQLite database, then again as updates."""
    from stirrup.imports import bench

    if file_format not in ("xlsx", "csv"):
        raise InvalidInput.field("--format", "must be xlsx or csv")
    typer.echo(bench.table(bench.measure(rows, file_format)))


@bench_app.command("national")
@reports_errors
def bench_national(
    scale: Annotated[
        float,
        typer.Option(min=0.0001, max=1.0, help="Fraction of the national figures (1: 330,000 households)"),
    ] = 1.0,
    departements: Annotated[
        int, typer.Option(min=1, max=96, help="The N most populous départements (their share of the figures)")
    ] = 96,
    workers: Annotated[int, typer.Option(min=1, max=64, help="Worker processes solving départements")] = 2,
    time_limit: Annotated[
        float, typer.Option(min=1, max=600, help="Solver time limit per département, s")
    ] = 30.0,
    keep: Annotated[bool, typer.Option(help="Keep the generated database (named in the output)")] = False,
    every_partition: Annotated[bool, typer.Option(help="Also print one line per département")] = False,
    candidate_cap: Annotated[
        int,
        typer.Option(
            min=0, max=100_000, help="Suitable homes each household keeps, its best (0: all of them, exact)"
        ),
    ] = 200,
) -> None:
    """Generate a synthetic country straight into a new PostgreSQL database on the server of
    STIRRUP_DATABASE_URL, run one round partitioned by département, and print the timings."""
    from stirrup import national_bench

    settings = get_settings()
    national_bench.check_postgres(settings.database_url)
    report = national_bench.measure(
        settings, scale, departements, workers, time_limit, keep, candidate_cap or None
    )
    typer.echo(national_bench.table(report, every_partition))


@app.command()
@reports_errors
def match(
    territory: Annotated[
        str, typer.Option(help="all, a département (59) or communes by INSEE code (59512,59599)")
    ] = "all",
    time_limit: Annotated[float, typer.Option(help="Longest the solver may search, in seconds")] = 30.0,
    max_radius_km: Annotated[
        float | None, typer.Option(help="Cap on every household's maximum distance, in km")
    ] = None,
    weight_distance: Annotated[int, typer.Option(help="Fit points for closeness")] = 40,
    weight_preferred_commune: Annotated[int, typer.Option(help="Fit points for a preferred commune")] = 30,
    weight_size_fit: Annotated[int, typer.Option(help="Fit points for a size that fits")] = 30,
    replace_unanswered: Annotated[
        bool,
        typer.Option(
            "--replace-unanswered/--keep-unanswered",
            help="Whether the round may replace the proposals nobody has answered yet",
        ),
    ] = True,
) -> None:
    """Run a matching round now, with a progress bar; its proposals then wait for the answers of
    the landlords, social workers and associations."""
    from stirrup.workflow_cli import run_match

    with _engine() as engine:
        run_match(
            engine,
            get_settings(),
            territory,
            time_limit_s=time_limit,
            max_radius_km=max_radius_km,
            weights=(weight_distance, weight_preferred_commune, weight_size_fit),
            replace_unanswered=replace_unanswered,
        )


@proposals_app.command("expire")
def proposals_expire() -> None:
    """Raise the reminders due, expire proposals left unanswered too long, start the placements
    whose move-in date has come (``stirrup serve`` does this in the background too)."""
    from stirrup.services import reminders

    with _engine() as engine:
        done = reminders.run_housekeeping(engine, get_settings())
    typer.echo(
        f"{done['reminders']} reminder(s) raised, {done['expired']} proposal(s) expired, "
        f"{done['started']} placement(s) started, {done['rounds_failed']} crashed round(s) marked failed"
    )


@notifications_app.command("send")
def notifications_send() -> None:
    """Turn reminders and alerts into notifications, compose their e-mails (and the daily digests
    once their hour has come) and deliver what is due (``stirrup serve`` does this in the
    background too)."""
    from stirrup.services import outbox

    settings = get_settings()
    with _engine() as engine:
        done = outbox.run(engine, settings)
    where = "sent" if settings.smtp_enabled else "kept on the outbox page (SMTP is off)"
    typer.echo(
        f"{done.get('reminders', 0) + done.get('alerts', 0)} notification(s) from reminders and alerts, "
        f"{done.get('composed', 0)} e-mail(s) and {done.get('digests', 0)} digest(s) composed; "
        f"{done.get('sent', 0) + done.get('kept', 0)} {where}, {done.get('retried', 0)} to try again later, "
        f"{done.get('failed', 0)} failed"
    )


@notifications_app.command("retry")
def notifications_retry() -> None:
    """Queue the e-mails that failed again (after an SMTP outage longer than the retries)."""
    from stirrup.db import transaction
    from stirrup.services import outbox

    with _engine() as engine, transaction(engine) as db:
        count = outbox.retry_failed(db)
    typer.echo(f"{count} failed e-mail(s) queued again")


@contextmanager
def _housekeeping(settings: Settings) -> Iterator[None]:
    """Reminders, expiry, move-ins and notifications in the background while the site is served."""
    from stirrup.db import make_engine
    from stirrup.services.outbox import Postman
    from stirrup.services.reminders import Housekeeper

    engine = make_engine(settings.database_url)
    workers = (Housekeeper(engine, settings), Postman(engine, settings))
    for worker in workers:
        worker.start()
    try:
        yield
    finally:
        for worker in workers:
            worker.stop()
        engine.dispose()


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on")] = 8000,
    workers: Annotated[int, typer.Option(help="Server processes (PostgreSQL only)")] = 1,
) -> None:
    """Serve the site and the API on an existing database."""
    import uvicorn

    settings = get_settings()
    if workers > 1 and settings.is_sqlite:
        typer.echo("error: --workers: several processes need PostgreSQL (STIRRUP_DATABASE_URL)", err=True)
        raise typer.Exit(2)
    typer.echo(f"Stirrup on http://{host}:{port}/  (API docs: http://{host}:{port}/docs)")
    if not settings.smtp_enabled:
        typer.echo("SMTP is off (STIRRUP_SMTP_HOST): e-mails are kept on the outbox page, /outbox")
    with _housekeeping(settings):
        uvicorn.run(
            "stirrup.asgi:app",
            host=host,
            port=port,
            workers=workers,
            log_level="warning",
            proxy_headers=False,
            log_config=None,  # stirrup.asgi sends every line through stirrup.logs
        )


@app.command()
def demo(
    host: Annotated[str, typer.Option(help="Address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on")] = 8000,
    database: Annotated[Path, typer.Option(help="SQLite file to (re)create")] = Path("stirrup-demo.db"),
    seed: Annotated[int, typer.Option(help="Random seed of the fictional data")] = 2026,
    serve_site: Annotated[bool, typer.Option("--serve/--no-serve", help="Serve the site afterwards")] = True,
) -> None:
    """Create a fresh SQLite database full of fictional Roubaix-area data, print the demo accounts,
    and serve the site."""
    import uvicorn

    from stirrup import demo as demo_data
    from stirrup.app import create_app

    for suffix in ("", "-wal", "-shm"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)
    # The demo never e-mails its fictional people: its e-mails wait on the outbox page.
    settings = Settings(
        database_url=f"sqlite:///{database.resolve()}",
        demo_mode=True,
        require_two_factor=False,
        smtp_host=None,
        public_url=f"http://{host}:{port}",
    )
    accounts = demo_data.build(settings, seed=seed)
    typer.echo("\nDemo accounts (fictional data; any change stays in " + str(database) + "):")
    for account in accounts:
        typer.echo(f"  {account.role:<18} {account.email:<34} password: {account.password}")
    typer.echo(
        "\nTwo-factor sign-in is switched off for this demo (STIRRUP_REQUIRE_TWO_FACTOR=false, which is"
        "\nrefused outside demo mode); a real deployment asks staff for a code from an authenticator app."
    )
    typer.echo(f"\nOpen http://{host}:{port}/ in a browser (API docs: http://{host}:{port}/docs)")
    typer.echo(f"E-mails the demo would send: http://{host}:{port}/outbox")
    if serve_site:
        from stirrup import logs

        logs.configure("WARNING")
        with _housekeeping(settings):
            uvicorn.run(create_app(settings), host=host, port=port, log_config=None)


def main() -> None:
    app()
