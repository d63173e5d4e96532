"""``stirrup bench national``: a small synthetic country on PostgreSQL, refused elsewhere."""

from __future__ import annotations

import re

from typer.testing import CliRunner

from stirrup.cli import app


def test_the_national_benchmark_prints_its_table_on_postgresql_only(
    runner: CliRunner, database_url: str
) -> None:
    args = [
        "bench",
        "national",
        "--scale",
        "0.003",
        "--departements",
        "2",
        "--workers",
        "2",
        "--time-limit",
        "5",
    ]
    result = runner.invoke(app, args)
    if database_url.startswith("sqlite"):
        assert result.exit_code == 2
        assert "error: STIRRUP_DATABASE_URL: stirrup bench national needs PostgreSQL" in result.output
        return
    assert result.exit_code == 0, result.output
    out = result.output
    # The two most populous départements (Nord, Paris) and their share of the national figures.
    assert out.startswith("scale 0.003 · 2 départements · ")
    for row in ("| homes |", "| households |", "| candidate building (s) |", "| solving (s) |"):
        assert row in out
    households = re.search(r"\| households \| ([\d,]+) \| ([\d,]+) \| ([\d,]+) \| ([\d,]+) \|", out)
    assert households is not None and int(households.group(4).replace(",", "")) > 0
    assert re.search(r"round: done in [\d.]+ s wall time \(2 partitions done, 0 failed", out)
    assert re.search(r"\| worker peak RSS \(MB\) \| \d+ ", out)


def test_a_bad_scale_is_refused(runner: CliRunner) -> None:
    result = runner.invoke(app, ["bench", "national", "--scale", "2"])
    assert result.exit_code == 2 and "--scale" in result.output
