"""Home variants: one per distinct set of associations that may follow a household there."""

import numpy as np

from matching.variants import build_variants
from tests.matching.chunks import one_chunk
from tests.matching.factories import LAT, association, home, household, north_km, problem


def test_a_home_has_one_variant_when_every_covering_association_serves_every_household():
    hhs = [household("plain"), household("addict", support_needs=frozenset({"addiction"}))]
    assocs = [association("a1", support_offered=frozenset({"addiction"}))]
    v = build_variants(one_chunk(problem(hhs, [home("m1")], assocs)))
    assert v.n_var == 1 and not v.shared_homes(1).any()


def test_needs_split_a_home_into_variants_with_their_own_associations():
    hhs = [household("plain"), household("addict", support_needs=frozenset({"addiction"}))]
    assocs = [association("general"), association("specialist", support_offered=frozenset({"addiction"}))]
    chunk = one_chunk(problem(hhs, [home("m1")], assocs))
    v = build_variants(chunk)
    assert v.n_var == 2 and v.shared_homes(1).all()
    sets = {int(s): sorted(v.arc_assoc[v.arc_set == s].tolist()) for s in v.var_set}
    assert sorted(sets.values()) == [[0, 1], [1]]  # everyone: both; the addiction need: the specialist
    assert v.var_set[v.pair_var[chunk.hh_class[chunk.pair_hh] == 1]].tolist() == [
        s for s, found in sets.items() if found == [1]
    ]


def test_homes_covered_by_the_same_associations_share_their_set():
    far = home("m2", lat=LAT + north_km(3))
    chunk = one_chunk(problem([household("h1")], [home("m1"), far], [association("a1"), association("a2")]))
    v = build_variants(chunk)
    assert v.n_var == 2 and v.n_sets == 1
    assert np.array_equal(v.arc_assoc, [0, 1])
