"""Hypothesis: solutions pass check, runs are deterministic, and small optima match brute force."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings

from matching import Problem, Solution, Status, check, scoring, solve
from matching.problem import from_jsonable, to_jsonable
from tests.matching.factories import home, household, problem
from tests.matching.strategies import brute_force, small_rounds

REGRESSIONS = Path(__file__).parent / "regressions"


def achieved(p: Problem, s: Solution) -> tuple[int, ...]:
    prio = {h.id: h.priority for h in p.households}
    counts = tuple(sum(1 for x in s.placements if prio[x.household_id] == level) for level in range(5, 0, -1))
    return (*counts, sum(x.score for x in s.placements))


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_rounds())
def test_every_solution_passes_check_and_reaches_the_lexicographic_optimum(p):
    s = solve(p)
    assert s.status == Status.OPTIMAL
    assert check(p, s) == []
    assert achieved(p, s) == brute_force(p)
    assert s.objective == s.bound


@settings(max_examples=15, deadline=None)
@given(small_rounds(max_hh=5, max_homes=6))
def test_same_input_same_solution(p):
    a, b = solve(p), solve(p)
    assert a.placements == b.placements and a.input_hash == b.input_hash


def test_regression_instances_still_solve_as_recorded():
    for path in sorted(REGRESSIONS.glob("*.json")):
        data = json.loads(path.read_text())
        p = from_jsonable(data["problem"])
        assert to_jsonable(p) == data["problem"]
        s = solve(p)
        assert check(p, s) == []
        assert s.placed_by_priority == {int(k): v for k, v in data["placed_by_priority"].items()}, path.name
        assert str(s.status) == data["status"], path.name


def test_objective_scale_puts_priority_before_fit():
    assert scoring.delta(10, solve(problem([household()], [home()])).options) > 10 * 100
