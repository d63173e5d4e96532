"""Settling one stage: its LP on a core of low-slack pairs, grown until the bound meets a solution.

See `stages` (fact 3) and docs/matching.md, "General case": the core LP (`corelp`) gives association
prices and, usually, an integral optimum; a fractional one goes to CP-SAT (`exact`). The stage is
proven when the bound meets the best solution, or when the core's integer optimum is that solution and
no pair outside the core has slack within the gap (`duals`: such a pair is in no better solution).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

from matching.chunk import Chunk
from matching.corelp import CoreSolution, solve_core
from matching.duals import Bound, cheapest_price, price_bound
from matching.exact import solve_exact
from matching.flow import LEVELS
from matching.relaxation import NONE, NOTHING, Placements, Start, better
from matching.tables import FloatArray, IntArray, distinct
from matching.variants import Variants

CORE_SLACK = 2  # the first core: pairs within this slack of the prices' bound...
CORE_TOP = 3  # ...and the best pairs of every household with such a pair
CORE_WIDE = 10  # ...more of them for households the network put in a home it also gave to another
REPRICE_SLACK = 30  # new prices are matched over the core and the pairs within this slack of the last bound
CORE_BUDGET = 8  # at most this many core pairs per household with a pair, however wide the gap
EXACT_TIME_S = 10.0  # CP-SAT's share of a round, at most
PRICE_SCALES = (1, 2, 3, 4, 6, 12)  # the last one rounds whatever is left
COLUMNS = 10  # column generation adds at most this many improving pairs per household and round


@dataclass(frozen=True)
class Settled:
    """Best placements of a stage, their stage value, the proven bound, and whether they meet it."""

    placements: Placements
    value: int
    bound: int
    proven: bool
    timed_out: bool
    rounds: int
    seen: Placements  # the best valid placements met on the way, whether they meet the minimums or not


def settle(
    chunk: Chunk,
    variants: Variants,
    scope: IntArray,
    weight: IntArray,
    at_least: IntArray,
    start: Start,
    deadline: float,
    max_rounds: int,
) -> Settled:
    """Best placements of one stage and a bound proving them when it can (fact 3).

    Each round solves the core's LP; a fractional optimum sends the core to CP-SAT (`exact`).
    """
    best = price_bound(chunk, scope, weight, start.price, at_least)
    first = start.placements
    at = np.searchsorted(scope, first.pairs)
    incumbent, value = (first, int(weight[at].sum())) if _meets(chunk, first, at_least) else (NOTHING, -1)
    core = _select(chunk, scope, best, CORE_SLACK, incumbent, start.contested, at_least)
    rounds, proven, timed_out, seen = 0, False, False, first
    while rounds < max_rounds and best.value - value >= 1:
        if time.time() > deadline:
            timed_out = True
            break
        rounds += 1
        lp = solve_core(chunk, variants, scope[core], weight[core], at_least, deadline - time.time())
        if lp is None:  # HiGHS ran out of time, or failed
            timed_out = time.time() > deadline
            break
        core_best = -1  # the value of the core's integer optimum, when known
        if lp.pairs is not None and lp.assoc is not None:
            seen = better(chunk, seen, Placements(lp.pairs, lp.assoc))
            if lp.shortfall.max(initial=0) < 0.5:
                core_best = round(lp.value)
                if core_best > value:
                    incumbent, value = Placements(lp.pairs, lp.assoc), core_best
        elif lp.value > value:
            exact = solve_exact(
                chunk,
                scope[core],
                weight[core],
                at_least,
                (incumbent.pairs, incumbent.assoc),
                min(deadline - time.time(), EXACT_TIME_S),
            )
            if exact is not None:
                seen = better(chunk, seen, Placements(exact.pairs, exact.assoc))
                if exact.value > value:
                    incumbent, value = Placements(exact.pairs, exact.assoc), exact.value
                core_best = exact.value if exact.optimal else -1
        among = _mask(core, len(scope)) | (best.slack <= REPRICE_SLACK)
        price, scale = _whole(lp.assoc_price)
        priced = price_bound(chunk, scope, weight, price, at_least, among, scale)
        if priced.feasible and priced.value < best.value:
            best = priced
        gap = best.value - value
        if core_best == value and not (best.slack[~_mask(core, len(scope))] <= gap).any():
            proven = True  # every pair that could beat the core's integer optimum is in the core
            break
        grown = [core, _improving(chunk, scope, weight, lp, core)]
        if value >= 0:  # widen gradually: a wide core is slow, and the gap often closes first
            limit = min(gap, CORE_SLACK << rounds, _budget(chunk, scope, best))
            grown.append(_select(chunk, scope, best, limit, incumbent, NONE))
        wider = distinct(np.concatenate(grown))
        if len(wider) == len(core):
            break  # nothing left to add: the bound is not the stage's optimum (its prices are not)
        core = wider
    proven = proven or best.value - value < 1
    return Settled(incumbent, value, best.value, proven, timed_out, rounds, better(chunk, seen, incumbent))


def _whole(price: FloatArray) -> tuple[IntArray, int]:
    """LP prices as whole numbers for a scaled objective: duals here are often halves or thirds."""
    for scale in PRICE_SCALES:
        whole = np.rint(price * scale)
        if np.abs(price * scale - whole).max(initial=0) < 1e-6:
            break
    return whole.astype(np.int64), scale


def _improving(chunk: Chunk, scope: IntArray, weight: IntArray, lp: CoreSolution, core: IntArray) -> IntArray:
    """Column generation: pairs outside the core with a positive reduced cost at the core LP's duals."""
    hh, home = chunk.pair_hh[scope], chunk.pair_home[scope]
    cheapest = cheapest_price(chunk, lp.assoc_price)[home, chunk.hh_class[hh]]
    reduced = (
        weight - lp.hh_price[hh] - lp.home_price[home] - cheapest + lp.level_price[chunk.priority[hh] - 1]
    )
    reduced[core] = 0.0
    found = np.flatnonzero(reduced > 1e-6)
    order = found[np.lexsort((-reduced[found], hh[found]))]
    first = np.r_[0, np.flatnonzero(np.diff(hh[order])) + 1] if len(order) else np.zeros(0, dtype=np.int64)
    rank = np.arange(len(order)) - np.repeat(first, np.diff(np.r_[first, len(order)]))
    return np.asarray(order[rank < COLUMNS], dtype=np.int64)


def _mask(positions: IntArray, n: int) -> np.ndarray:
    mask = np.zeros(n, dtype=np.bool_)
    mask[positions] = True
    return mask


def _budget(chunk: Chunk, scope: IntArray, best: Bound) -> int:
    """The widest slack keeping the core within CORE_BUDGET pairs per household."""
    limit = CORE_BUDGET * len(distinct(chunk.pair_hh[scope]))
    if limit >= len(scope):
        return int(best.slack.max(initial=0))
    return int(np.partition(best.slack, limit)[limit])


def _select(
    chunk: Chunk,
    scope: IntArray,
    best: Bound,
    limit: int,
    incumbent: Placements,
    contested: IntArray,
    at_least: IntArray | None = None,
) -> IntArray:
    """Core pairs (positions in `scope`): low slack, each wanted household's best (more for the
    contested households), the incumbent."""
    hh = chunk.pair_hh[scope]
    order = np.lexsort((best.slack, hh))
    first = np.r_[0, np.flatnonzero(np.diff(hh[order])) + 1]
    rank = np.empty(len(scope), dtype=np.int64)
    rank[order] = np.arange(len(scope)) - np.repeat(first, np.diff(np.r_[first, len(scope)]))
    near = np.zeros(chunk.n_hh, dtype=np.bool_)
    near[hh[best.slack <= CORE_SLACK]] = True
    if at_least is not None:  # most households of a level must be placed: give each of them a choice
        level = chunk.priority - 1
        sizes = np.bincount(level[distinct(hh)], minlength=LEVELS)
        near |= 2 * at_least[level] >= sizes[level]
    picked = (best.slack <= limit) | ((rank < CORE_TOP) & near[hh])
    picked |= (rank < CORE_WIDE) & np.isin(hh, contested)
    picked[np.searchsorted(scope, incumbent.pairs)] = True
    return np.flatnonzero(picked)


def _meets(chunk: Chunk, placements: Placements, at_least: IntArray) -> bool:
    return bool((placements.counts(chunk) >= at_least).all())
