"""`Options.max_candidates`: each household keeps its best suitable homes only, a block at a time.

The cap is what bounds a national round's memory (docs/matching.md, "Capped candidates"); these tests
pin down what it keeps, what it counts for the explanations, and the optimality it gives up.
"""

from dataclasses import replace

import numpy as np
import pytest

from matching import Options, solve
from matching.candidates import CAPPED_BLOCK, best_per_household, build_candidates
from matching.norms import load_norms
from matching.scoring import score_parts
from matching.synthetic import synthetic_problem
from matching.tables import build_tables
from tests.matching.factories import association, home, household, north_km, pairs, problem


def _ranked(t, cands, options):
    """Per household, its candidate homes as (−fit, km, home) in the cap's order."""
    ok = cands.ok
    d, p, s = score_parts(t, cands.hh[ok], cands.home[ok], cands.km, options)
    ranked: dict[int, list[tuple[int, float, int]]] = {}
    for h, m, fit, km in zip(
        cands.hh[ok].tolist(), cands.home[ok].tolist(), (d + p + s).tolist(), cands.km, strict=True
    ):
        ranked.setdefault(h, []).append((-fit, float(km), m))
    return {h: sorted(found) for h, found in ranked.items()}


def test_each_household_keeps_its_best_fitting_homes_and_every_count_of_the_explanations():
    # More households than one block, so that the blocks are stitched together.
    p = synthetic_problem(CAPPED_BLOCK + 200, 3_000, 20, seed=3)
    t = build_tables(p, load_norms())
    cap = 5
    options = Options(max_candidates=cap)
    full, capped = build_candidates(t), build_candidates(t, options)
    assert np.array_equal(capped.fail_counts, full.fail_counts)
    suitable = np.bincount(full.hh[full.ok], minlength=len(t.hh_ids))
    assert np.array_equal(capped.beyond_cap, np.maximum(suitable - cap, 0))
    assert capped.beyond_cap.any() and (suitable[suitable > 0] < cap).any()  # both cases occur
    best = _ranked(t, full, options)
    kept = _ranked(t, capped, options)
    assert set(kept) == set(best)
    for h, homes in kept.items():
        expected = best[h][:cap]
        # Same fit points, in the same order; among equal fit and distance any home will do.
        assert [(f, round(k, 9)) for f, k, _ in homes] == [(f, round(k, 9)) for f, k, _ in expected]
    # The kept pairs carry the distances and dates of the same pairs found without a cap.
    key = {
        (h, m): (k, s)
        for h, m, k, s in zip(full.hh[full.ok], full.home[full.ok], full.km, full.start, strict=True)
    }
    for h, m, k, s in zip(capped.hh, capped.home, capped.km, capped.start, strict=True):
        assert key[(h, m)] == pytest.approx((k, s))


def test_a_cap_above_every_household_s_choice_changes_nothing():
    p = synthetic_problem(300, 900, 8, seed=5)
    exact = solve(p, Options(time_limit_s=30))
    wide = solve(p, Options(time_limit_s=30, max_candidates=len(p.homes)))
    assert wide.capped_households == 0 and wide.messages == ()
    assert wide.objective == exact.objective
    assert wide.placed_by_priority == exact.placed_by_priority
    assert wide.candidate_pairs == exact.candidate_pairs
    assert wide.unmatched == exact.unmatched


def test_a_tight_cap_can_cost_a_placement_and_says_so():
    # Both households fit best in the nearest home; the second home, farther, houses one of them.
    near, far = (
        home("near", lat=household().lat + north_km(0.5)),
        home("far", lat=household().lat + north_km(8)),
    )
    p = problem([household("h1"), household("h2")], [near, far], [association(capacity=2)])
    assert pairs(solve(p)) in ({("h1", "near"), ("h2", "far")}, {("h1", "far"), ("h2", "near")})

    capped = solve(p, Options(max_candidates=1))
    assert len(capped.placements) == 1 and capped.placements[0].home_id == "near"
    assert capped.capped_households == 2
    assert capped.messages == (
        "2 household(s) had more than 1 suitable homes; each kept its 1 best, and the placements are "
        "optimal among those",
    )
    (left,) = capped.unmatched
    codes = {r.code: r.params for r in capped.unmatched[left]}
    assert codes["homes_taken_by_others"] == {"count": 1}
    assert codes["candidates_limited"] == {"count": 1}


def test_best_per_household_ranks_by_fit_then_distance_within_each_household():
    hh = np.array([0, 1, 0, 0, 1, 1], dtype=np.int64)
    fit = np.array([10, 50, 30, 30, 20, 50], dtype=np.int64)
    km = np.array([1.0, 4.0, 3.0, 2.0, 0.5, 3.0])
    assert best_per_household(hh, fit, km, 1).tolist() == [3, 5]  # h0: 30 points at 2 km; h1: 50 at 3 km
    assert best_per_household(hh, fit, km, 2).tolist() == [1, 2, 3, 5]
    assert best_per_household(hh, fit, km, 3).tolist() == [0, 1, 2, 3, 4, 5]


def test_the_cap_must_keep_at_least_one_home():
    with pytest.raises(ValueError, match="max_candidates"):
        Options(max_candidates=0)
    assert replace(Options(), max_candidates=None).max_candidates is None
