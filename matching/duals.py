"""Upper bounds from prices, and what they prove about individual pairs.

For the linear relaxation of one stage — max Σ c·x over (household, home, association) triples with
each household and home used at most once, association capacities, and at least `at_least[l]`
placements at each level l — any prices v (homes) ≥ 0, λ (associations) ≥ 0 and ν (levels) ≥ 0 give
a dual solution once each household takes u_h = max(0, best c − v − λ + ν over its triples), and
therefore an upper bound D. For any valid placement set x,

    D − c·x = Σ slack of the triples used + Σ u (unplaced households) + Σ v (unused homes)
              + Σ λ·(unused capacity) + Σ ν·(placements above the level's minimum),

every term ≥ 0. So a triple whose slack exceeds D − P (P: value of a known solution) is in no solution
better than P: this is how a stage is settled on a small core (`corelp`, `exact`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TypeVar

import numpy as np

from matching.chunk import Chunk
from matching.flow import FlowError, priced_matching
from matching.tables import FloatArray, IntArray

PriceArray = TypeVar("PriceArray", IntArray, FloatArray)

UNREACHABLE = np.iinfo(np.int64).max // 8


def cheapest_price(chunk: Chunk, price: PriceArray) -> PriceArray:
    """(n_homes, n_classes): the lowest price among associations allowed to follow the class there."""
    n_classes = chunk.offers.shape[0]
    table = np.full((chunk.n_homes, n_classes), UNREACHABLE, dtype=price.dtype)
    home = chunk.cover_home
    for c in range(n_classes):
        ok = chunk.offers[c, chunk.cover_assoc]
        np.minimum.at(table[:, c], home[ok], price[chunk.cover_assoc[ok]])
    return table


@dataclass(frozen=True)
class Bound:
    """A dual solution of one stage and the bound it proves; `slack` is per pair of the stage scope."""

    value: int
    hh_price: IntArray
    home_price: IntArray
    assoc_price: IntArray
    level_price: IntArray
    slack: FloatArray
    feasible: bool  # False when a level minimum exceeds the households that could meet it


def dual_bound(
    chunk: Chunk,
    scope: IntArray,
    weight: IntArray,
    home_price: IntArray,
    assoc_price: IntArray,
    at_least: IntArray,
) -> Bound:
    """The bound proven by these home and association prices (household and level prices optimised).

    `scope` are the pair positions of the stage and `weight` their objective coefficients.
    """
    hh, home = chunk.pair_hh[scope], chunk.pair_home[scope]
    level = chunk.priority[hh] - 1
    cheapest = cheapest_price(chunk, assoc_price)[home, chunk.hh_class[hh]]
    gain = weight - home_price[home] - cheapest
    best = np.full(chunk.n_hh, -UNREACHABLE, dtype=np.int64)
    np.maximum.at(best, hh, gain)
    hh_level = chunk.priority - 1
    level_price = np.zeros(len(at_least), dtype=np.int64)
    feasible = True
    for lvl in np.flatnonzero(at_least > 0).tolist():
        candidates = np.sort(best[(hh_level == lvl) & (best > -UNREACHABLE)])[::-1]
        need = int(at_least[lvl])
        if need > len(candidates):
            feasible = False
            continue
        # The price making exactly the `need` best households of the level break even.
        level_price[lvl] = max(0, -int(candidates[need - 1]))
    reach = best > -UNREACHABLE
    hh_price = np.where(reach, np.maximum(0, best + level_price[hh_level]), 0)
    value = (
        int(hh_price.sum())
        + int(home_price.sum())
        + int(assoc_price @ chunk.capacity)
        - int(level_price @ at_least)
    )
    slack = (hh_price[hh] + home_price[home] + cheapest - level_price[level] - weight).astype(np.float64)
    return Bound(value, hh_price, home_price, assoc_price, level_price, slack, feasible)


def scaled(bound: Bound, scale: int) -> Bound:
    """The bound of an objective scaled by `scale`, read back for the objective itself (which is whole)."""
    if scale == 1:
        return bound
    return replace(bound, value=bound.value // scale, slack=bound.slack / scale)


def price_bound(
    chunk: Chunk,
    scope: IntArray,
    weight: IntArray,
    price: IntArray,
    at_least: IntArray,
    among: np.ndarray | None = None,
    scale: int = 1,
) -> Bound:
    """Bound of a stage with association capacities priced by `price` (`stages`, fact 2).

    The home prices come from a matching over the pairs `among` (a mask over `scope`; all if None):
    any home prices give a valid bound, and near a previous bound the low-slack pairs find the same.
    With `scale`, `price` is for the objective multiplied by it (so fractional prices can be used).
    """
    weight = weight * scale
    hh, home = chunk.pair_hh[scope], chunk.pair_home[scope]
    level = chunk.priority - 1
    cheapest = cheapest_price(chunk, price)[home, chunk.hh_class[hh]]
    gain = weight - cheapest
    keep = (cheapest < UNREACHABLE) & ((gain > 0) | (at_least[level[hh]] > 0))
    if among is not None:
        keep &= among
    try:
        priced = priced_matching(chunk.n_hh, chunk.n_homes, hh[keep], home[keep], gain[keep], level, at_least)
        home_price = priced.right_price
    except FlowError:  # the levels' minimums cannot be met even without associations
        home_price = np.zeros(chunk.n_homes, dtype=np.int64)
    return scaled(dual_bound(chunk, scope, weight, home_price, price, at_least), scale)
