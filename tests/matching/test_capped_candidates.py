"""`Options.max_candidates`: each household keeps its best suitable homes only, a block at a time.

The cap is what bounds a national round's memory (docs/matching.md, "Capped candidates"); these tests
pin down what it keeps, what it counts for the explanations, and the optimality it gives up.
"""

from dataclasses import replace

import numpy as np
import pytest

from matching import Options, solve
from matching.candidates import CAPPED_BLOCK, SET_KEEP, best_per_household, build_candidates
from matching.norms import load_norms
from matching.scoring import score_parts
from matching.synthetic import synthetic_problem
from matching.tables import build_tables
from tests.matching.factories import association, home, household, north_km, pairs, problem


def _expected(t, cands, options, cap):
    """Per household, the homes the cap must keep, worked out one by one from every suitable pair:
    its `cap` best (most points, then nearest), then, while a home would let an association it
    does not have yet follow it, the best such home and the next best with the same associations."""
    ok = cands.ok
    d, p, s = score_parts(t, cands.hh[ok], cands.home[ok], cands.km, options)
    ranked: dict[int, list[tuple[int, float, int]]] = {}
    for h, m, fit, km in zip(
        cands.hh[ok].tolist(), cands.home[ok].tolist(), (d + p + s).tolist(), cands.km, strict=True
    ):
        ranked.setdefault(h, []).append((-fit, float(km), m))

    def followers(h: int, m: int) -> set[int]:
        around = cands.cover_assoc[cands.cover_home == m].tolist()
        return {a for a in around if t.offers[t.hh_class[h], a]}

    expected = {}
    for h, found in ranked.items():
        found.sort()
        kept = [m for _, _, m in found[:cap]]
        have = set().union(*(followers(h, m) for m in kept))
        rest = [m for _, _, m in found[cap:]]
        while more := [m for m in rest if followers(h, m) - have]:
            same = [m for m in rest if followers(h, m) == followers(h, more[0])][:SET_KEEP]
            kept += same
            have |= followers(h, more[0])
            rest = [m for m in rest if m not in same]
        expected[h] = set(kept)
    return expected


def test_each_household_keeps_its_best_homes_and_a_few_per_association_set_and_every_count():
    # More households than one block, so that the blocks are stitched together.
    p = synthetic_problem(CAPPED_BLOCK + 200, 3_000, 20, seed=3)
    t = build_tables(p, load_norms())
    cap = 5
    options = Options(max_candidates=cap)
    full, capped = build_candidates(t), build_candidates(t, options)
    assert np.array_equal(capped.fail_counts, full.fail_counts)
    expected = _expected(t, full, options, cap)
    kept: dict[int, set[int]] = {}
    for h, m in zip(capped.hh.tolist(), capped.home.tolist(), strict=True):
        kept.setdefault(h, set()).add(m)
    assert kept == expected
    suitable = np.bincount(full.hh[full.ok], minlength=len(t.hh_ids))
    assert np.array_equal(capped.beyond_cap, suitable - np.bincount(capped.hh, minlength=len(t.hh_ids)))
    assert capped.beyond_cap.any() and any(
        len(homes) > cap for homes in kept.values()
    )  # associations add homes
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


def test_a_household_keeps_a_home_where_an_association_has_room_beyond_its_best_homes():
    # h1's best homes are in the area of an association the urgent household fills; a farther one is
    # in the area of another. With a cap of 1 it still keeps that home, and is placed there.
    near = [home(f"n{k}", lat=household().lat + north_km(0.2 * k)) for k in range(1, 6)]
    far = home("far", lat=household().lat + north_km(9))
    east = association("east", radius_km=2.0, capacity=1)
    north = association("north", lat=household().lat + north_km(12), radius_km=4.0, capacity=1)
    hhs = [household("urgent", priority=5, max_km=5.0), household("h1", priority=4)]
    p = problem(hhs, [*near, far], [east, north])
    assert pairs(solve(p)) == {("urgent", "n1"), ("h1", "far")}
    capped = solve(p, Options(max_candidates=1))
    assert pairs(capped) == {("urgent", "n1"), ("h1", "far")}
    # Kept: "urgent" n1–n3 of five homes, h1 those and "far"; a cap of 1 alone would leave h1 out.
    assert capped.capped_households == 2


def test_a_tight_cap_can_cost_a_placement_and_says_so():
    # Four households in one place, five homes in one association's area: each keeps its best home,
    # the same one for all, and no other home would bring another association.
    homes = [home(f"m{k}", lat=household().lat + north_km(0.5 * k)) for k in range(1, 6)]
    p = problem([household(f"h{k}") for k in range(1, 5)], homes, [association(capacity=4)])
    assert len(solve(p).placements) == 4

    capped = solve(p, Options(max_candidates=1))
    assert [pl.home_id for pl in capped.placements] == ["m1"]
    assert capped.capped_households == 4
    assert capped.messages == (
        "4 household(s) had more suitable homes than they kept (their 1 best, and a home for each "
        "association able to follow them); the placements are optimal among the homes kept",
    )
    for left in capped.unmatched:
        codes = {r.code: r.params for r in capped.unmatched[left]}
        assert codes["homes_taken_by_others"] == {"count": 1}
        assert codes["candidates_limited"] == {"count": 4}


def test_best_per_household_ranks_by_fit_then_distance_within_each_household():
    hh = np.array([0, 1, 0, 0, 1, 1], dtype=np.int64)
    fit = np.array([10, 50, 30, 30, 20, 50], dtype=np.int64)
    km = np.array([1.0, 4.0, 3.0, 2.0, 0.5, 3.0])
    assert best_per_household(hh, fit, km, 1).tolist() == [3, 5]  # h0: 30 points at 2 km; h1: 50 at 3 km
    assert best_per_household(hh, fit, km, 2).tolist() == [1, 2, 3, 5]
    assert best_per_household(hh, fit, km, 3).tolist() == [0, 1, 2, 3, 4, 5]
    # Pair 0 is the only one an association a1 could follow h0 in (set 1: a0 and a1): it is kept.
    sets = np.array([1, 0, 0, 0, 0, 0], dtype=np.int64)
    set_bits = np.array([[0b01], [0b11]], dtype=np.uint64)
    assert best_per_household(hh, fit, km, 1, sets, set_bits).tolist() == [0, 3, 5]


def test_the_cap_must_keep_at_least_one_home():
    with pytest.raises(ValueError, match="max_candidates"):
        Options(max_candidates=0)
    assert replace(Options(), max_candidates=None).max_candidates is None
