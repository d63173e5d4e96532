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

import numpy as np

from matching.chunk import Chunk, ChunkResult
from matching.duals import price_bound
from matching.flow import LEVELS
from matching.relaxation import Placements, better, count_price, fill, priority_scale, priority_weight, relax
from matching.settle import Settled, settle
from matching.tables import IntArray, distinct
from matching.variants import Variants


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
