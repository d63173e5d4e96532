"""The command line: migrations, accounts, and errors as one line with exit code 2."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from stirrup.cli import app
from stirrup.models import Role, User
from tests.factories import Factory


def test_db_upgrade_and_current(runner: CliRunner) -> None:
    result = runner.invoke(app, ["db", "upgrade"])
    assert result.exit_code == 0, result.output
    assert "revision" in result.output
    assert runner.invoke(app, ["db", "current"]).output.strip() != ""


def test_users_create(runner: CliRunner, db: Session) -> None:
    result = runner.invoke(
        app,
        [
            "users",
            "create",
            "--email",
            "Admin@Example.org",
            "--name",
            "Admin",
            "--role",
            "admin",
            "--password",
            "a-long-admin-passphrase",
        ],
    )
    assert result.exit_code == 0, result.output
    db.rollback()
    user = db.scalar(select(User).where(User.email == "admin@example.org"))
    assert user is not None and user.role is Role.ADMIN


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--role", "admin", "--password", "short"], "password: must be at least 12 characters"),
        (["--role", "wizard", "--password", "a-long-admin-passphrase"], "role"),
        (["--role", "social_worker", "--password", "a-long-admin-passphrase"], "organisation_id"),
    ],
)
def test_users_create_errors_exit_2_with_one_line(
    runner: CliRunner, db: Session, args: list[str], words: str
) -> None:
    result = runner.invoke(app, ["users", "create", "--email", "x@example.org", "--name", "X", *args])
    assert result.exit_code == 2
    assert words in result.output
    db.rollback()
    assert db.scalar(select(User).where(User.email == "x@example.org")) is None


def test_users_create_without_a_terminal_needs_the_password_option(runner: CliRunner) -> None:
    result = runner.invoke(
        app, ["users", "create", "--email", "x@example.org", "--name", "X", "--role", "admin"]
    )
    assert result.exit_code == 2 and "--password" in result.output


def test_privacy_purge_reports_and_dry_runs(runner: CliRunner, make: Factory) -> None:
    from datetime import UTC, date, datetime

    from stirrup.models import Household, HouseholdStatus, PlacementStatus

    household = make.household(status=HouseholdStatus.EXITED)
    make.placement(
        household,
        make.home(),
        make.association(),
        PlacementStatus.ENDED,
        start=date(2020, 1, 1),
        actual_end=date(2020, 7, 1),
    )
    make.db.execute(Household.__table__.update().values(updated_at=datetime(2020, 7, 1, tzinfo=UTC)))
    make.db.commit()
    dry = runner.invoke(app, ["privacy", "purge", "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "would anonymise 1 household(s)" in dry.output and household.reference in dry.output
    done = runner.invoke(app, ["privacy", "purge", "--years", "3"])
    assert done.exit_code == 0 and "anonymised 1 household(s)" in done.output
    assert "anonymised 0 household(s)" in runner.invoke(app, ["privacy", "purge"]).output
    bad = runner.invoke(app, ["privacy", "purge", "--years", "0"])
    assert bad.exit_code == 2


def test_a_bad_setting_stops_every_command_with_one_line_naming_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("STIRRUP_AUDIT_RETENTION_MONTHS", "2")
    result = CliRunner().invoke(app, ["db", "current"])
    assert result.exit_code == 2
    assert result.output.startswith("error: STIRRUP_AUDIT_RETENTION_MONTHS: Input should be greater than")
    assert "Traceback" not in result.output
