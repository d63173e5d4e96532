"""`solve` always comes back with a truthful status: never `optimal` unless proven, valid placements."""

import math

from matching import Options, Status, check, solve
from matching.synthetic import synthetic_problem
from tests.matching.factories import home, household, problem


def test_bad_input_is_reported_not_raised():
    s = solve(problem([household("h1", lat=math.nan)], [home("m1")]))
    assert s.status == Status.INVALID_INPUT
    assert s.placements == () and any("coordinates" in m for m in s.messages)
    assert [r.code for r in s.unmatched["h1"]] == ["not_solved"]


def test_a_round_stopped_by_the_time_limit_is_valid_and_says_so():
    p = synthetic_problem(300, 450, 4, seed=3)
    s = solve(p, Options(time_limit_s=0))
    assert s.status == Status.TIMED_OUT
    assert check(p, s) == []
    assert 0 < s.objective <= s.bound and s.gap > 0


def test_a_synthetic_round_with_support_needs_is_proven_optimal():
    p = synthetic_problem(300, 450, 4, seed=3)
    s = solve(p)
    assert s.status == Status.OPTIMAL and s.objective == s.bound
    assert check(p, s) == []
