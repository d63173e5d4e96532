"""``stirrup export homes|households|placements FILE``: the API's exports written to a file, as the
account named by ``--as`` sees them; bad arguments are one error line, exit code 2, and no file."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook
from sqlalchemy import select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from stirrup.cli import app
from stirrup.models import AuditEvent, PlacementStatus, Role
from tests.api.test_record_exports import read_csv
from tests.factories import Factory


def test_homes_are_exported_as_the_account_sees_them(
    runner: CliRunner, make: Factory, db: Session, tmp_path: Path
) -> None:
    landlord = make.user(Role.LANDLORD)
    make.home(owner=landlord, external_ref="A1", notes="=1+1", cadastral_rental_value_eur=2100)
    make.home(external_ref="B2")  # someone else's
    target = tmp_path / "homes.csv"
    done = runner.invoke(app, ["export", "homes", str(target), "--as", landlord.email.upper()])
    assert done.exit_code == 0, done.output
    assert f"homes written to {target} as {landlord.email} (landlord)" in done.output
    (row,) = read_csv(target.read_bytes())
    assert row["Référence"] == "A1" and row["Remarques"] == "'=1+1"
    assert row["Valeur locative cadastrale (€/an)"] == "2100.00"
    db.rollback()
    event = db.scalar(select(AuditEvent).where(AuditEvent.action == "export"))
    assert event is not None and (event.actor_id, event.entity_type) == (landlord.id, "home")

    workbook = tmp_path / "all.xlsx"
    coordinator = make.user(Role.COORDINATOR)
    done = runner.invoke(app, ["export", "homes", str(workbook), "--as", coordinator.email, "--lang", "en"])
    assert done.exit_code == 0, done.output
    sheet = load_workbook(workbook).active
    assert sheet.max_row == 3 and sheet.cell(row=1, column=1).value == "Reference"


def test_a_placement_s_association_exports_the_home_without_the_owner_s_tax_data_and_notes(
    runner: CliRunner, make: Factory, tmp_path: Path
) -> None:
    s = make.parties()
    s.home.notes, s.home.cadastral_rental_value_eur = "Keys with the neighbour", 2100
    make.db.commit()
    target = tmp_path / "homes.csv"
    done = runner.invoke(app, ["export", "homes", str(target), "--as", s.staff.email])
    assert done.exit_code == 0, done.output
    (row,) = read_csv(target.read_bytes())
    assert row["Numéro"] == str(s.home.id) and row["Commune"] == s.home.commune
    assert row["Remarques"] == "" and row["Valeur locative cadastrale (€/an)"] == ""


def test_households_are_in_full_for_their_referent_and_pseudonymised_for_others(
    runner: CliRunner, make: Factory, tmp_path: Path
) -> None:
    parties = make.parties(PlacementStatus.ACTIVE, contact_name="Awa Diallo")
    full, pseudonymised = tmp_path / "full.csv", tmp_path / "pseudonymised.csv"
    done = runner.invoke(app, ["export", "households", str(full), "--as", parties.worker.email])
    assert done.exit_code == 0, done.output
    (row,) = read_csv(full.read_bytes())
    assert row["Nom et prénom"] == "Awa Diallo" and row["Référent (courriel)"] == parties.worker.email
    done = runner.invoke(app, ["export", "households", str(pseudonymised), "--as", parties.staff.email])
    assert done.exit_code == 0, done.output
    (row,) = read_csv(pseudonymised.read_bytes())
    assert row["Référence pseudonyme"] == parties.household.reference
    assert "Awa" not in pseudonymised.read_text("utf-8-sig") and "Nom et prénom" not in row


def test_placements_are_exported_with_or_without_an_account(
    runner: CliRunner, make: Factory, tmp_path: Path
) -> None:
    parties = make.parties(PlacementStatus.ACTIVE)
    make.parties(PlacementStatus.ENDED)
    everything, mine = tmp_path / "all.xlsx", tmp_path / "mine.csv"
    done = runner.invoke(app, ["export", "placements", str(everything)])
    assert done.exit_code == 0 and "2 placements written" in done.output, done.output
    assert load_workbook(everything).active.max_row == 3
    done = runner.invoke(app, ["export", "placements", str(mine), "--as", parties.staff.email])
    assert done.exit_code == 0 and "1 placements written" in done.output, done.output
    [row] = read_csv(mine.read_bytes())
    assert row["household_reference"] == parties.household.reference


def test_bad_arguments_are_one_error_line_exit_code_2_and_no_file(
    runner: CliRunner, make: Factory, tmp_path: Path
) -> None:
    landlord = make.user(Role.LANDLORD)
    disabled = make.user(Role.COORDINATOR)
    disabled.is_active = False
    make.db.commit()
    for arguments, message in [
        (["homes", "homes.csv"], "error: --as: name the account exporting homes by its e-mail"),
        (["homes", "homes.ods", "--as", landlord.email], "error: FILE: homes.ods must end in .csv or .xlsx"),
        (
            ["households", "h.csv", "--as", "nobody@example.org"],
            "error: --as: no active account has the e-mail",
        ),
        (["homes", "h.csv", "--as", disabled.email], "error: --as: no active account"),
        (["homes", "h.csv", "--as", landlord.email, "--lang", "de"], "error: --lang: must be fr or en"),
        (["homes", "missing/h.csv", "--as", landlord.email], "error: FILE: no directory"),
        (
            ["placements", "p.csv", "--as", landlord.email],
            "error: exports are for coordinators and associations",
        ),
        (["estates", "e.csv"], "No such command"),
        (["homes"], "Missing argument"),
    ]:
        in_tmp = [str(tmp_path / a) if a.endswith((".csv", ".ods")) else a for a in arguments]
        answer = runner.invoke(app, ["export", *in_tmp])
        assert answer.exit_code == 2, (arguments, answer.output)
        assert message in answer.output, (arguments, answer.output)
    assert list(tmp_path.iterdir()) == []
