"""Hypothesis: solutions pass check, runs are deterministic, and small optima match brute force."""

from __future__ import annotations

import json
from datetime import date, timedelta
from functools import cache
from pathlib import Path

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matching import Options, Placement, Problem, ScoreParts, Solution, Status, check, rules, scoring, solve
from matching.check import pair_rules
from matching.geodesy import pair_km
from matching.norms import load_norms
from matching.problem import from_jsonable, to_jsonable
from matching.tables import build_tables
from tests.matching.factories import LAT, ROUND, association, home, household, north_km, problem

REGRESSIONS = Path(__file__).parent / "regressions"
SUPPORTS = ["a", "b"]
COMMUNES = ["Lille", "Lomme"]


@st.composite
def small_rounds(draw: st.DrawFn, max_hh: int = 7, max_homes: int = 8) -> Problem:
    n_hh, n_home = draw(st.integers(1, max_hh)), draw(st.integers(1, max_homes))
    n_as = draw(st.integers(1, 3))
    hhs = [
        household(
            f"h{i}",
            persons=draw(st.integers(1, 4)),
            bedrooms_needed=draw(st.integers(1, 3)),
            lat=LAT + north_km(draw(st.floats(0, 6))),
            max_km=draw(st.sampled_from([2.0, 4.0, 8.0])),
            priority=draw(st.integers(1, 5)),
            pets=draw(st.booleans()),
            support_needs=frozenset(draw(st.lists(st.sampled_from(SUPPORTS), max_size=1))),
            preferred_communes=frozenset(draw(st.lists(st.sampled_from(COMMUNES), max_size=1))),
        )
        for i in range(n_hh)
    ]
    homes = [
        home(
            f"m{j}",
            bedrooms=draw(st.integers(1, 4)),
            max_occupants=draw(st.integers(1, 6)),
            surface_m2=draw(st.sampled_from([20.0, 40.0, 80.0])),
            lat=LAT + north_km(draw(st.floats(0, 6))),
            pets_allowed=draw(st.booleans()),
            available_from=ROUND + timedelta(days=draw(st.integers(0, 40))),
            commune=draw(st.sampled_from(COMMUNES)),
        )
        for j in range(n_home)
    ]
    assocs = [
        association(
            f"a{k}",
            capacity=draw(st.integers(0, 3)),
            radius_km=draw(st.sampled_from([2.0, 5.0, 30.0])),
            lat=LAT + north_km(draw(st.floats(0, 6))),
            support_offered=frozenset(draw(st.lists(st.sampled_from(SUPPORTS), max_size=2))),
        )
        for k in range(n_as)
    ]
    return problem(hhs, homes, assocs)


def brute_force(p: Problem) -> tuple[int, ...]:
    """The best (placed at priority 5, …, at priority 1, fit points) over every valid placement set.

    Exhaustive over each household's valid (home, association) choices, by dynamic programming on the
    homes used and the capacity left (a lexicographic sum is optimal piece by piece).
    """
    t = build_tables(p, load_norms())
    options: list[list[tuple[int, int, tuple[int, ...]]]] = []
    for i, h in enumerate(p.households):
        mine = []
        for j, m in enumerate(p.homes):
            start = int(rules.placement_start(t, np.array([i]), np.array([j]))[0])
            end = date.fromordinal(int(rules.six_months_later(np.array([start]))[0]))
            km = pair_km(
                t.hh_vec[[i]],
                t.home_vec[[j]],
                t.hh_lat[[i]],
                t.hh_lon[[i]],
                t.home_lat[[j]],
                t.home_lon[[j]],
                t.hh_max_km[[i]],
            )
            d, pr, sz = scoring.score_parts(t, np.array([i]), np.array([j]), km, Options())
            gain = (*tuple(int(h.priority == level) for level in range(5, 0, -1)), int(d[0] + pr[0] + sz[0]))
            for k, a in enumerate(p.associations):
                placed = Placement(
                    h.id, m.id, a.id, date.fromordinal(start), end, 0.0, 0, ScoreParts(0, 0, 0)
                )
                if not pair_rules(t, [placed]):
                    mine.append((j, k, gain))
        options.append(mine)

    @cache
    def best(i: int, used: int, left: tuple[int, ...]) -> tuple[int, ...]:
        if i == len(options):
            return (0,) * 6
        found = best(i + 1, used, left)
        for j, k, gain in options[i]:
            if not used >> j & 1 and left[k] > 0:
                rest = best(i + 1, used | 1 << j, (*left[:k], left[k] - 1, *left[k + 1 :]))
                found = max(found, tuple(x + y for x, y in zip(gain, rest, strict=True)))
        return found

    return best(0, 0, tuple(a.capacity - a.current_load for a in p.associations))


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
