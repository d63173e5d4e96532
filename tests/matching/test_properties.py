"""Hypothesis: solutions pass check, runs are deterministic, and small optima match brute force."""

from __future__ import annotations

import itertools
import json
from datetime import timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matching import Problem, Status, check, scoring, solve
from matching.problem import from_jsonable, to_jsonable
from tests.matching.factories import LAT, ROUND, association, home, household, north_km, problem

REGRESSIONS = Path(__file__).parent / "regressions"
SUPPORTS = ["a", "b"]


@st.composite
def small_rounds(draw: st.DrawFn) -> Problem:
    n_hh, n_home, n_as = draw(st.integers(1, 5)), draw(st.integers(1, 6)), draw(st.integers(1, 3))
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


def lexicographic_key(p: Problem, placements: list[tuple[str, str, str]]) -> tuple[int, ...]:
    prio = {h.id: h.priority for h in p.households}
    counts = [sum(1 for h, _, _ in placements if prio[h] == level) for level in range(5, 0, -1)]
    return tuple(counts)


def brute_force_counts(p: Problem) -> tuple[int, ...]:
    """Best lexicographic priority counts over every valid set of (household, home, association)."""
    full = solve(p)  # only to list the valid triples through check on single placements
    triples = []
    for h in p.households:
        for m in p.homes:
            for a in p.associations:
                triples.append((h.id, m.id, a.id))
    import numpy as np

    from matching import rules
    from matching.check import pair_rules
    from matching.norms import load_norms
    from matching.solution import Placement, ScoreParts
    from matching.tables import build_tables

    t = build_tables(p, load_norms())
    valid = []
    for h, m, a in triples:
        i, j = t.hh_ids.index(h), t.home_ids.index(m)
        start = int(rules.placement_start(t, np.array([i]), np.array([j]))[0])
        from datetime import date

        s = date.fromordinal(start)
        e = date.fromordinal(int(rules.six_months_later(np.array([start]))[0]))
        pl = Placement(h, m, a, s, e, 0.0, 0, ScoreParts(0, 0, 0))
        if not pair_rules(t, [pl]):
            valid.append((h, m, a))
    cap = {a.id: a.capacity - a.current_load for a in p.associations}
    best: tuple[int, ...] = (0,) * 5
    for r in range(len(p.households), 0, -1):
        for combo in itertools.combinations(valid, r):
            if len({c[0] for c in combo}) < r or len({c[1] for c in combo}) < r:
                continue
            used: dict[str, int] = {}
            for _, _, a in combo:
                used[a] = used.get(a, 0) + 1
            if any(used[a] > cap[a] for a in used):
                continue
            best = max(best, lexicographic_key(p, list(combo)))
    del full
    return best


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_rounds())
def test_every_solution_passes_check_and_reaches_the_lexicographic_optimum(p):
    s = solve(p)
    assert s.status in (Status.OPTIMAL, Status.FEASIBLE)
    assert check(p, s) == []
    found = lexicographic_key(p, [(x.household_id, x.home_id, x.association_id) for x in s.placements])
    best = brute_force_counts(p)
    assert found <= best
    if s.status == Status.OPTIMAL:
        assert found == best
    assert s.objective <= s.bound


@settings(max_examples=15, deadline=None)
@given(small_rounds())
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
