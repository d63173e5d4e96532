"""The upper bounds the solver proves optimality with hold for any prices, on rounds small enough to
search exhaustively (docs/matching.md, "General case")."""

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matching.duals import dual_bound, price_bound
from matching.flow import relaxed_network
from matching.relaxation import relax
from matching.variants import build_variants
from tests.matching.chunks import one_chunk
from tests.matching.strategies import brute_force, small_rounds, weighted

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
NO_MINIMUM = np.zeros(5, dtype=np.int64)


@SETTINGS
@given(small_rounds(), st.data())
def test_any_home_and_association_prices_bound_the_best_placements(p, data):
    chunk = one_chunk(p)
    (best,) = brute_force(p, weighted)
    prices = st.lists(st.integers(0, 3 * chunk.step), min_size=chunk.n_homes, max_size=chunk.n_homes)
    homes = np.asarray(data.draw(prices), dtype=np.int64)
    assoc = np.asarray(data.draw(st.lists(st.integers(0, 3 * chunk.step), min_size=3, max_size=3)))
    everything = np.arange(len(chunk.pair_hh))
    found = dual_bound(chunk, everything, chunk.weight(), homes, assoc[: len(chunk.capacity)], NO_MINIMUM)
    assert found.value >= best
    assert (found.slack >= 0).all()


@SETTINGS
@given(small_rounds())
def test_the_variant_network_and_its_prices_bound_the_best_placements(p):
    chunk = one_chunk(p)
    (best,) = brute_force(p, weighted)
    variants = build_variants(chunk)
    everything = np.arange(len(chunk.pair_hh))
    network = relaxed_network(
        chunk.n_hh,
        chunk.pair_hh,
        variants.pair_var,
        chunk.weight(),
        variants,
        chunk.capacity,
        chunk.priority - 1,
        NO_MINIMUM,
    )
    assert network.value >= best
    start = relax(chunk, variants, everything, chunk.weight(), NO_MINIMUM)
    assert price_bound(chunk, everything, chunk.weight(), start.price, NO_MINIMUM).value >= best
    placed = start.placements
    assert len(np.unique(chunk.pair_home[placed.pairs])) == len(placed.pairs)  # valid: one per home
    assert (np.bincount(placed.assoc, minlength=len(chunk.capacity)) <= chunk.capacity).all()
