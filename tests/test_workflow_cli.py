"""``stirrup match``: a round from the command line, with a progress bar; errors in one line and
exit code 2, nothing written."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from stirrup.cli import app
from stirrup.models import MatchingRun, MatchingRunKind, MatchingRunStatus, Placement, PlacementStatus
from tests.factories import Factory


def count(db: Session, model: type) -> int:
    db.rollback()
    return db.scalar(select(func.count()).select_from(model)) or 0


def test_match_runs_a_round_with_a_progress_bar(runner: CliRunner, make: Factory, db: Session) -> None:
    make.association()
    make.home()
    make.household(children=0)
    result = runner.invoke(app, ["match", "--territory", "59", "--time-limit", "5"])
    assert result.exit_code == 0, result.output
    assert "round 1 done" in result.output and "━" in result.output  # the bar, full
    assert "round 1 done on département 59: 1 new proposal(s)" in result.output
    assert "solver optimal, gap 0.00 %" in result.output
    db.rollback()
    assert db.scalar(select(Placement.status)) is PlacementStatus.PROPOSED


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--territory", "99"], "error: territory: '99': give all, a département (59) or INSEE codes"),
        (["--territory", "59512,ROUBAIX"], "error: territory: 'ROUBAIX'"),
        (["--time-limit", "0"], "error: time_limit_s: Input should be greater than 0"),
        (["--weight-distance", "-5"], "error: weights.distance: Input should be greater than or equal to 0"),
    ],
)
def test_bad_options_are_one_line_and_exit_2(
    runner: CliRunner, db: Session, args: list[str], words: str
) -> None:
    result = runner.invoke(app, ["match", *args])
    assert result.exit_code == 2, result.output
    assert words in result.output and len(result.output.strip().splitlines()) == 1
    assert count(db, MatchingRun) == 0


def test_match_waits_for_a_running_round_on_an_overlapping_territory(runner: CliRunner, db: Session) -> None:
    db.add(
        MatchingRun(
            kind=MatchingRunKind.ROUND,
            status=MatchingRunStatus.RUNNING,
            territory={"kind": "communes", "communes": ["59512"]},
            territory_key="communes:59512",
        )
    )
    db.commit()
    result = runner.invoke(app, ["match", "--territory", "59"])
    assert result.exit_code == 2
    assert "error: round 1 is running on communes 59512, which overlaps département 59" in result.output
    assert count(db, MatchingRun) == 1
