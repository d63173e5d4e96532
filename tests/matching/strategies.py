"""Hypothesis strategies for small rounds, and the exact optimum of a round by exhaustive search."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from functools import cache

import numpy as np
from hypothesis import strategies as st

from matching import Options, Placement, Problem, ScoreParts, rules, scoring
from matching.check import pair_rules
from matching.geodesy import pair_km
from matching.norms import load_norms
from matching.tables import build_tables
from tests.matching.factories import LAT, ROUND, association, home, household, north_km, problem

SUPPORTS = ["a", "b"]
COMMUNES = ["Lille", "Lomme"]
Gain = Callable[[int, int, int], tuple[int, ...]]  # (priority, fit points, households) → value


def lexicographic(priority: int, fit: int, _: int) -> tuple[int, ...]:
    """(placed at priority 5, …, at priority 1, fit points) of one placement."""
    return (*(int(priority == level) for level in range(5, 0, -1)), fit)


def weighted(priority: int, fit: int, households: int) -> tuple[int, ...]:
    """The reported scale of one placement: priority · δ + fit."""
    return (priority * scoring.delta(households, Options()) + fit,)


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


def brute_force(p: Problem, gain: Gain = lexicographic) -> tuple[int, ...]:
    """The best sum of `gain` over every valid placement set (by default the lexicographic optimum).

    Exhaustive over each household's valid (home, association) choices, by dynamic programming on the
    homes used and the capacity left (a sum of vectors compared lexicographically is optimal piece by
    piece).
    """
    t = build_tables(p, load_norms())
    options: list[list[tuple[int, int, tuple[int, ...]]]] = []
    size = len(gain(1, 0, len(p.households)))
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
            value = gain(h.priority, int(d[0] + pr[0] + sz[0]), len(p.households))
            for k, a in enumerate(p.associations):
                placed = Placement(
                    h.id, m.id, a.id, date.fromordinal(start), end, 0.0, 0, ScoreParts(0, 0, 0)
                )
                if not pair_rules(t, [placed]):
                    mine.append((j, k, value))
        options.append(mine)

    @cache
    def best(i: int, used: int, left: tuple[int, ...]) -> tuple[int, ...]:
        if i == len(options):
            return (0,) * size
        found = best(i + 1, used, left)
        for j, k, value in options[i]:
            if not used >> j & 1 and left[k] > 0:
                rest = best(i + 1, used | 1 << j, (*left[:k], left[k] - 1, *left[k + 1 :]))
                found = max(found, tuple(x + y for x, y in zip(value, rest, strict=True)))
        return found

    return best(0, 0, tuple(a.capacity - a.current_load for a in p.associations))
