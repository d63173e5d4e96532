"""``stirrup import …`` and ``stirrup bench import`` on the command line."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from stirrup.cli import app
from stirrup.imports.bench import fictional_homes
from stirrup.imports.headers import HOMES
from stirrup.models import Home, Role
from tests.factories import Factory
from tests.imports import zlv_workbook as zlv
from tests.imports.files import csv, sheets, xlsx

FRENCH = [column.fr for column in HOMES]


def count_homes(db: Session) -> int:
    db.rollback()
    return db.scalar(select(func.count()).select_from(Home)) or 0


def test_template_is_written_in_the_language_asked(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "logements.xlsx"
    result = runner.invoke(app, ["import", "template", "homes", "--output", str(target), "--lang", "fr"])
    assert result.exit_code == 0, result.output
    assert list(sheets(target.read_bytes())["Logements"][0]) == FRENCH
    refused = runner.invoke(app, ["import", "template", "zlv", "--output", str(target)])
    assert refused.exit_code == 2 and "no template" in refused.output


def test_a_landlord_imports_then_updates_from_the_command_line(
    runner: CliRunner, make: Factory, db: Session, tmp_path: Path
) -> None:
    landlord = make.user(Role.LANDLORD)
    file = tmp_path / "homes.xlsx"
    file.write_bytes(xlsx(FRENCH, fictional_homes(1500)))
    dry = runner.invoke(app, ["import", "homes", str(file), "--owner-email", landlord.email, "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "1500 rows: would create 1500, updated 0" in dry.output
    assert count_homes(db) == 0
    done = runner.invoke(app, ["import", "homes", str(file), "--owner-email", landlord.email])
    assert done.exit_code == 0, done.output
    assert "homes: checking" in done.output  # the bar itself is drawn on terminals only
    assert "1500 rows: created 1500, updated 0" in done.output
    again = runner.invoke(app, ["import", "homes", str(file), "--as", landlord.email])
    assert "created 0, updated 1500" in again.output
    assert count_homes(db) == 1500


def test_problems_print_one_line_each_exit_2_and_name_the_annotated_copy(
    runner: CliRunner, make: Factory, db: Session, tmp_path: Path
) -> None:
    landlord = make.user(Role.LANDLORD)
    rows = list(fictional_homes(3))
    rows[1][FRENCH.index("Surface (m²)")] = 0
    file = tmp_path / "homes.csv"
    file.write_bytes(csv([*FRENCH, "Volets"], rows))
    result = runner.invoke(app, ["import", "homes", str(file), "--owner-email", landlord.email])
    assert result.exit_code == 2
    assert "unknown columns, not imported: Volets" in result.output
    assert "error: row 3, column G (Surface (m²)): Input should be greater than 0" in result.output
    annotated = tmp_path / "homes-problems.xlsx"
    assert f"annotated copy: {annotated}" in result.output
    assert sheets(annotated.read_bytes())["CSV"][2][6] == "0"  # a CSV cell is text
    assert count_homes(db) == 0


def test_the_account_importing_must_be_named_and_entitled(
    runner: CliRunner, make: Factory, tmp_path: Path
) -> None:
    file = tmp_path / "homes.csv"
    file.write_bytes(csv(FRENCH, fictional_homes(1)))
    unnamed = runner.invoke(app, ["import", "households", str(file)])
    assert unnamed.exit_code == 2 and "error: --as: name the account importing" in unnamed.output
    worker = make.user(Role.SOCIAL_WORKER)
    landlord = make.user(Role.LANDLORD)
    refused = runner.invoke(
        app, ["import", "homes", str(file), "--as", worker.email, "--owner-email", landlord.email]
    )
    assert refused.exit_code == 2 and "only landlords and coordinators list homes" in refused.output
    unknown = runner.invoke(app, ["import", "homes", str(file), "--owner-email", "nobody@example.org"])
    assert unknown.exit_code == 2 and "no account has the e-mail nobody@example.org" in unknown.output


def test_bench_import_prints_a_table(runner: CliRunner) -> None:
    result = runner.invoke(app, ["bench", "import", "--rows", "200", "--format", "csv"])
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert lines[0].startswith("| run | rows | seconds | rows/s | peak MB |")
    assert "| csv create | 200 |" in result.output and "| csv re-import | 200 |" in result.output
    assert result.output.count("| done |") == 2


def test_a_zlv_export_dry_run_then_import(runner: CliRunner, make: Factory, tmp_path: Path) -> None:
    team = make.user(Role.COORDINATOR)
    owners = zlv.owners(2)
    file = tmp_path / "campagne.xlsx"
    file.write_bytes(zlv.workbook(owners, zlv.homes(owners, 3)))
    dry = runner.invoke(app, ["import", "zlv", str(file), "--as", team.email, "--dry-run"])
    assert dry.exit_code == 0 and "5 rows: would create 5, updated 0" in dry.output
    done = runner.invoke(app, ["import", "zlv", str(file), "--as", team.email])
    assert done.exit_code == 0 and "5 rows: created 5, updated 0" in done.output
