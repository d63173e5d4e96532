"""What every optimum of the exact network places per level (`urgency`): counts and left-out households."""

from dataclasses import replace

import numpy as np
from hypothesis import HealthCheck, given, settings

from matching import Problem, solve
from matching.candidates import build_candidates
from matching.norms import load_norms
from matching.tables import build_tables, distinct
from matching.urgency import urgency
from matching.variants import build_variants
from tests.matching.chunks import one_chunk
from tests.matching.factories import association, home, household, north_km, problem
from tests.matching.strategies import brute_force, small_rounds


def known(p: Problem) -> tuple[np.ndarray | None, list[str]]:
    """`urgency` on the round's one chunk: counts per level (5 first) and the spanned households' ids."""
    chunk = one_chunk(p)
    variants = build_variants(chunk)
    found = urgency(
        chunk.n_hh, chunk.pair_hh, variants.pair_var, chunk.priority - 1, variants, chunk.capacity
    )
    cands = build_candidates(build_tables(p, load_norms()))
    members = distinct(cands.hh[cands.ok])  # the chunk's households, in its local order
    counts = None if found.counts is None else found.counts[::-1]
    return counts, [p.households[i].id for i in members[found.spanned].tolist()]


def spanned_ids(p: Problem) -> list[str]:
    return known(p)[1]


def test_a_less_urgent_household_competing_for_the_last_slot_is_left_out():
    hhs = [household("urgent", priority=5), household("later", priority=1)]
    p = problem(hhs, [home("m1"), home("m2")], [association("a1", capacity=1)])
    assert spanned_ids(p) == ["later"]  # the one slot goes to "urgent" in every optimum
    assert known(p)[0].tolist() == [1, 0, 0, 0, 0]
    assert [pl.household_id for pl in solve(p).placements] == ["urgent"]


def test_a_less_urgent_household_with_a_slot_of_its_own_stays():
    far = north_km(20)
    hhs = [household("urgent", priority=5), household("later", priority=1, lat=household().lat + far)]
    homes = [home("m1"), home("m2", lat=home().lat + far)]
    assocs = [
        association("a1", capacity=1, radius_km=5.0),
        association("a2", capacity=1, radius_km=5.0, lat=association().lat + far),
    ]
    p = problem(hhs, homes, assocs)
    assert spanned_ids(p) == []
    assert sorted(pl.household_id for pl in solve(p).placements) == ["later", "urgent"]


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_rounds())
def test_the_counts_are_the_optimum_s_and_no_optimum_needs_the_spanned_households(p):
    # Every association serves everyone: the network is exact, the case where the solver prunes.
    p = replace(p, households=tuple(replace(h, support_needs=frozenset()) for h in p.households))
    counts, spanned = known(p)
    out = set(spanned)
    rest = replace(p, households=tuple(h for h in p.households if h.id not in out))
    best = brute_force(p)
    assert brute_force(rest) == best
    assert not out & {pl.household_id for pl in solve(p).placements}
    if counts is not None:
        assert tuple(counts.tolist()) == best[:5]  # placed at priority 5, …, 1 in every optimum


def test_nothing_is_pruned_when_the_slots_outnumber_the_households():
    hhs = [household(f"h{i}", priority=1 + i % 5) for i in range(6)]
    p = problem(hhs, [home(f"m{j}") for j in range(6)], [association("a1", capacity=6)])
    assert spanned_ids(p) == []
    assert sorted(pl.household_id for pl in solve(p).placements) == [f"h{i}" for i in range(6)]
