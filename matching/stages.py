"""The general case: lexicographic stages, each bounded by prices and settled on a small core.

Support needs make the association depend on the pair, so households → homes → associations is not a
network. Three facts make it tractable (docs/matching.md, "General case"):

1. The variant network (`variants`) is exact except that a shared home may serve one household per
   variant. Solved once with each placement weighing its priority first (`priority_weight`), its
   association potentials price a slot at the priority of the household it would go to: read per
   stage, they are the stage's prices λ.
2. With association capacities priced by λ, the rest is a bipartite matching (each pair charged its
   cheapest allowed association); its value plus Σ λ·capacity bounds the stage too, and is usually
   far tighter (`duals.dual_bound`).
3. The stage's linear relaxation restricted to a core of low-slack pairs (`corelp`, grown by column
   generation) gives better λ and, usually, an integral optimum. When the bound meets that optimum,
   or when every pair whose slack is within the remaining gap is in the core, the stage is proven.

Stage k maximises the number of placed priority-k households with every more urgent level held at
its count; a last stage maximises fit with every count held. Households below the stage's level are
left out of it: they are worth nothing there. Count bounds are computed first (fact 2); the fit
stage's solution meets them all, which proves them, or the first level it misses is settled as a
stage of its own and the levels below are bounded again.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

from matching.chunk import Chunk, ChunkResult
from matching.corelp import CoreSolution, solve_core
from matching.duals import UNREACHABLE, Bound, cheapest_price, dual_bound, scaled
from matching.exact import solve_exact
from matching.flow import LEVELS, FlowError, priced_matching
from matching.relaxation import (
    NONE,
    NOTHING,
    Placements,
    Start,
    better,
    count_price,
    fill,
    priority_scale,
    priority_weight,
    relax,
)
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


def price_bound(
    chunk: Chunk,
    scope: IntArray,
    weight: IntArray,
    price: IntArray,
    at_least: IntArray,
    among: np.ndarray | None = None,
    scale: int = 1,
) -> Bound:
    """Bound of a stage with association capacities priced by `price` (fact 2).

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


def solve_general(chunk: Chunk, variants: Variants, deadline: float, max_rounds: int) -> ChunkResult:
    """Lexicographic stages by priority, then fit; see the module docstring."""
    pair_level = chunk.priority[chunk.pair_hh] - 1
    with_pairs = np.bincount(chunk.priority[distinct(chunk.pair_hh)] - 1, minlength=LEVELS)
    bounds = with_pairs.copy()  # per level: an upper bound given every more urgent level at its bound
    everything = np.arange(len(chunk.pair_hh), dtype=np.int64)
    lex = relax(chunk, variants, everything, priority_weight(chunk), np.zeros(LEVELS, dtype=np.int64))
    best = lex.placements
    rounds, top = 0, LEVELS - 1
    settled = np.zeros(LEVELS, dtype=np.bool_)  # levels whose bound a stage of their own has met
    pending = None  # a level to settle as a stage of its own, or None to bound the levels and fit
    for _ in range(3 * LEVELS + 1):
        if pending is None:
            for level in range(top, -1, -1):
                if time.time() > deadline:
                    return _result(chunk, best, bounds, None, True, rounds, lex.price, variants)
                held = _held(bounds, level)
                if held.sum() >= chunk.capacity.sum():  # the more urgent levels take every slot
                    bounds[level] = 0
                    continue
                scope = np.flatnonzero(pair_level >= level)
                weight = (pair_level[scope] == level).astype(np.int64)
                price = count_price(lex.price, priority_scale(chunk), level)
                found = price_bound(chunk, scope, weight, price, held)
                bounds[level] = min(bounds[level], found.value) if found.feasible else bounds[level]
            placeable = np.flatnonzero(bounds[pair_level] > 0)  # a level bounded at zero has no place left
            weight = chunk.fit[placeable]
            start = relax(chunk, variants, placeable, weight, bounds)
            fit = settle(chunk, variants, placeable, weight, bounds, start, deadline, max_rounds)
            rounds += fit.rounds
            best = better(chunk, best, fit.seen)
            met = fit.placements if len(fit.placements.pairs) else fit.seen
            short = met.counts(chunk) < bounds
            if not short.any() or fit.timed_out:
                return _result(chunk, best, bounds, fit, fit.timed_out, rounds, lex.price, variants)
            pending = _to_settle(settled, bounds, short, 0)
        if pending is None:
            break
        level, pending = pending, None
        scope = np.flatnonzero(pair_level >= level)
        weight = (pair_level[scope] == level).astype(np.int64)
        held = _held(bounds, level)
        start = relax(chunk, variants, scope, weight, held)
        stage = settle(chunk, variants, scope, weight, held, start, deadline, max_rounds)
        rounds += stage.rounds
        best = better(chunk, best, stage.seen)
        if stage.proven:
            bounds[level], settled[level] = stage.value, True
            bounds[:level], settled[:level] = with_pairs[:level], False
            top = level - 1
            continue
        bounds[level] = min(bounds[level], stage.bound)
        short = (stage.seen.counts(chunk) < held) & (held > 0)  # a more urgent bound no one meets
        if stage.timed_out or not short.any():
            return _result(chunk, best, bounds, None, stage.timed_out, rounds, lex.price, variants)
        pending = _to_settle(settled, bounds, short, level + 1)
        if pending is None:
            break
    return _result(chunk, best, bounds, None, False, rounds, lex.price, variants)


def _to_settle(settled: np.ndarray, bounds: IntArray, short: np.ndarray, lowest: int) -> int | None:
    """The most urgent level not settled yet, from `lowest` up to the most urgent short level.

    Some bound there is not its stage's optimum; the relaxation may show the shortfall at a level
    above the one whose bound is wrong.
    """
    levels = np.arange(LEVELS)
    found = np.flatnonzero(
        ~settled & (bounds > 0) & (levels <= np.flatnonzero(short).max()) & (levels >= lowest)
    )
    return int(found.max()) if len(found) else None


def _held(bounds: IntArray, level: int) -> IntArray:
    """Minimum counts for a stage at `level`: the bounds of the more urgent levels."""
    return np.where(np.arange(LEVELS) > level, bounds, 0)


def _result(
    chunk: Chunk,
    placements: Placements,
    bounds: IntArray,
    fit: Settled | None,
    timed_out: bool,
    rounds: int,
    priority_price: IntArray,
    variants: Variants,
) -> ChunkResult:
    """Placements with their lexicographic bound (Σ p·δ + fit): proven when they meet every count bound
    and the fit stage's; otherwise completed by `fill` and bounded by `_open_bound`."""
    levels = np.arange(1, LEVELS + 1, dtype=np.int64)
    if fit is not None and (placements.counts(chunk) == bounds).all():
        bound = int(chunk.step * (levels @ bounds)) + fit.bound
        return ChunkResult(placements.pairs, placements.assoc, bound, fit.proven, timed_out, rounds)
    placements = fill(chunk, variants, placements)  # a stage may have left the lower levels out
    bound = _open_bound(chunk, placements.counts(chunk), bounds, priority_price)
    return ChunkResult(placements.pairs, placements.assoc, bound, False, timed_out, rounds)


def _open_bound(chunk: Chunk, counts: IntArray, bounds: IntArray, priority_price: IntArray) -> int:
    """A bound on the lexicographic optimum's Σ p·δ + fit when `counts` (of valid placements) fall short.

    Above the most urgent level k where they differ from the bounds, the optimum has the same counts;
    at k at most the bound and at least `counts[k]` (it is lexicographically better); below, at most
    a price bound given those minimums. The fit points are at most those of as many households as the
    associations can take, the best first. Prices are those of `priority_weight`, read in priorities.
    """
    differ = np.flatnonzero(counts != bounds)
    k = int(differ.max()) if len(differ) else -1
    at_least = np.where(np.arange(LEVELS) > k, bounds, 0)
    total = int((np.arange(1, LEVELS + 1) * bounds)[max(k, 0) :].sum())
    if k > 0:
        at_least[k] = counts[k]
        level = chunk.priority[chunk.pair_hh] - 1
        weight = np.where(level < k, level + 1, 0).astype(np.int64)
        price = np.rint(priority_price / priority_scale(chunk)).astype(np.int64)
        everything = np.arange(len(chunk.pair_hh), dtype=np.int64)
        total += price_bound(chunk, everything, weight, price, at_least).value
    best_fit = np.zeros(chunk.n_hh, dtype=np.int64)
    np.maximum.at(best_fit, chunk.pair_hh, chunk.fit)
    room = min(chunk.n_hh, int(chunk.capacity.sum()))
    return chunk.step * total + int(np.sort(best_fit)[::-1][:room].sum())
