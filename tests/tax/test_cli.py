"""`stirrup estimate` through Typer: a table, JSON, and one-line errors with exit code 2."""

import json

import pytest
from typer.testing import CliRunner

from stirrup.tax.cli import app

runner = CliRunner()
EXAMPLE = [
    "--commune",
    "59512",
    "--surface",
    "45",
    "--vacant-since",
    "2023-01-01",
    "--cadastral-value",
    "2000",
    "--start",
    "2026-03-01",
    "--market-rent",
    "450",
    "--marginal-rate",
    "30",
]


def test_the_issue_example_prints_the_comparison_table():
    result = runner.invoke(app, EXAMPLE)
    assert result.exit_code == 0, result.output
    assert "Lending a vacant home: estimate for Roubaix (59512)" in result.stdout
    assert "€1,749.92" in result.stdout and "not tax advice" in result.stdout


def test_json_prints_the_api_shape():
    result = runner.invoke(app, [*EXAMPLE, "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [s["total_eur"] for s in data["scenarios"]] == [-680.0, 680.0, 1749.92, 2512.0]


def test_optional_inputs_reach_the_engine():
    result = runner.invoke(
        app, [*EXAMPLE, "--furnished", "--energy-class", "g", "--end", "2026-08-31", "--json"]
    )
    assert result.exit_code == 0, result.output
    assert any(w.startswith("This home is furnished") for w in json.loads(result.stdout)["warnings"])


@pytest.mark.parametrize(
    ("changed", "value", "message"),
    [
        ("--commune", "12345", "Error: --commune: 12345 is not in Stirrup's commune lists"),
        ("--commune", "5951", "Error: --commune: '5951' is not an INSEE commune code"),
        ("--surface", "-45", "Error: --surface: must be more than 0 m²"),
        ("--surface", "big", "Error: --surface: 'big' is not a number"),
        ("--cadastral-value", "-1", "Error: --cadastral-value: must not be negative"),
        ("--market-rent", "-450", "Error: --market-rent: must not be negative"),
        ("--marginal-rate", "12", "Error: --marginal-rate: must be one of 0, 11, 30, 41, 45 (%)"),
        ("--marginal-rate", "3.5", "Error: --marginal-rate: '3.5' is not a whole number"),
        ("--start", "2026-02-30", "Error: --start: '2026-02-30' is not a date (YYYY-MM-DD)"),
        ("--start", "2023-06-01", "Error: --start: the tax figures cover placements from 2024-01-01 only"),
        ("--vacant-since", "2027-01-01", "Error: --vacant-since: the home must already be vacant"),
    ],
)
def test_bad_input_gives_one_line_on_stderr_naming_the_option_and_exit_2(
    changed: str, value: str, message: str
):
    args = list(EXAMPLE)
    args[args.index(changed) + 1] = value
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith(message)
    assert len(result.stderr.strip().splitlines()) == 1


def test_an_end_before_the_start_names_the_end_option():
    result = runner.invoke(app, [*EXAMPLE, "--end", "2026-02-01"])
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: --end: the placement ends (2026-02-01) before it starts")
