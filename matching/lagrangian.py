"""The general case: support needs make the association depend on the pair, not the home alone.

Then households → homes → associations is no longer a network. We keep the flow at the core:
association capacities are priced (Lagrangian multipliers λ), each pair is charged the cheapest
association allowed to follow it, and a bipartite matching solves the rest exactly. For any λ ≥ 0 the
matching's value plus Σ λ·capacity bounds the optimum from above; a subgradient method lowers it. Each
matching is repaired into a valid solution (a b-matching hands placements to associations within
capacity, then a greedy pass fills what is left), so both sides tighten until they meet.

Priorities are handled in stages, most urgent first: stage k maximises the number of placed
priority-k households while every more urgent level keeps the count it reached (a lower bound on
flow, exact inside the matching). A last stage maximises fit with every count held. Each stage is
proven when its bound and its best solution are less than one unit apart.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

from matching.chunk import Chunk, ChunkResult
from matching.flow import b_matching, max_weight_matching
from matching.tables import IntArray

SCALE = 1000  # stage weights are multiples of this so integer prices can move in small steps
LEVELS = 5


@dataclass
class _Incumbent:
    pairs: IntArray
    assoc: IntArray


def cheapest(chunk: Chunk, price: IntArray) -> tuple[IntArray, IntArray]:
    """Per (home, need class): the cheapest association allowed there and its price (−1, huge if none)."""
    n_classes = chunk.offers.shape[0]
    best = np.full((chunk.n_homes, n_classes), -1, dtype=np.int64)
    cost = np.full((chunk.n_homes, n_classes), np.iinfo(np.int64).max // 4, dtype=np.int64)
    home = chunk.cover_home
    for c in np.unique(chunk.hh_class).tolist():
        ok = chunk.offers[c, chunk.cover_assoc]
        h, a = home[ok], chunk.cover_assoc[ok]
        order = np.lexsort((a, price[a], h))
        h, a = h[order], a[order]
        first = np.r_[True, h[1:] != h[:-1]] if len(h) else np.zeros(0, dtype=np.bool_)
        best[h[first], c] = a[first]
        cost[h[first], c] = price[a[first]]
    return best, cost


def repair(chunk: Chunk, pairs: IntArray, scope: IntArray) -> _Incumbent:
    """A valid solution from matched pairs: associations within capacity, then greedy filling."""
    value = chunk.weight()
    owner, assoc = chunk.eligible(pairs)
    local = np.searchsorted(pairs, owner)
    right = b_matching(len(pairs), value[pairs], local, assoc, chunk.capacity)
    kept = right >= 0
    return fill(chunk, pairs[kept], right[kept], scope)


def fill(chunk: Chunk, pairs: IntArray, assoc: IntArray, scope: IntArray) -> _Incumbent:
    """Add pairs from `scope` (best weight first) whose household, home and some association are free."""
    left = chunk.capacity - np.bincount(assoc, minlength=len(chunk.capacity))
    hh_used = np.zeros(chunk.n_hh, dtype=np.bool_)
    home_used = np.zeros(chunk.n_homes, dtype=np.bool_)
    hh_used[chunk.pair_hh[pairs]] = True
    home_used[chunk.pair_home[pairs]] = True
    free = scope[~hh_used[chunk.pair_hh[scope]] & ~home_used[chunk.pair_home[scope]]]
    owner, elig = chunk.eligible(free)
    open_ = left[elig] > 0
    owner, elig = owner[open_], elig[open_]
    if not len(owner):
        return _Incumbent(pairs, assoc)
    options: dict[int, list[int]] = {}
    for p, a in zip(owner.tolist(), elig.tolist(), strict=True):
        options.setdefault(p, []).append(a)
    weight = chunk.weight()
    order = sorted(options, key=lambda p: (-int(weight[p]), p))
    capacity_left = left.tolist()
    hh_taken, home_taken = hh_used.tolist(), home_used.tolist()
    added_p, added_a = [], []
    for p in order:
        i, h = int(chunk.pair_hh[p]), int(chunk.pair_home[p])
        if hh_taken[i] or home_taken[h]:
            continue
        room = [a for a in options[p] if capacity_left[a] > 0]
        if room:
            a = max(room, key=lambda x: (capacity_left[x], -x))
            capacity_left[a] -= 1
            hh_taken[i] = home_taken[h] = True
            added_p.append(p)
            added_a.append(a)
    new_p = np.concatenate([pairs, np.asarray(added_p, dtype=np.int64)])
    new_a = np.concatenate([assoc, np.asarray(added_a, dtype=np.int64)])
    order_ = np.argsort(new_p)
    return _Incumbent(new_p[order_], new_a[order_])


@dataclass
class _StageOutcome:
    incumbent: _Incumbent
    bound: int  # in stage units (stage weight / SCALE), rounded down
    proven: bool
    timed_out: bool
    iterations: int


def _counts(chunk: Chunk, pairs: IntArray) -> IntArray:
    return np.bincount(chunk.priority[chunk.pair_hh[pairs]] - 1, minlength=LEVELS)


def _stage(
    chunk: Chunk,
    scope: IntArray,
    stage_w: IntArray,
    at_least: IntArray,
    start: _Incumbent,
    deadline: float,
    max_iterations: int,
) -> _StageOutcome:
    """Maximise Σ stage_w over placements with the level counts ≥ `at_least` (see module docstring)."""
    level = chunk.priority - 1
    incumbent = fill(chunk, start.pairs, start.assoc, scope)
    lower = int(stage_w[incumbent.pairs].sum())
    price = np.zeros(len(chunk.capacity), dtype=np.int64)
    best_upper = np.iinfo(np.int64).max
    theta, stall, iterations = 1.0, 0, 0
    cls = chunk.hh_class[chunk.pair_hh[scope]]
    homes = chunk.pair_home[scope]
    while iterations < max_iterations:
        if time.time() > deadline:
            return _StageOutcome(incumbent, best_upper // SCALE, False, True, iterations)
        iterations += 1
        best, cost = cheapest(chunk, price)
        reduced = stage_w[scope] - cost[homes, cls]
        chosen = max_weight_matching(
            chunk.n_hh, chunk.n_homes, chunk.pair_hh[scope], homes, reduced, level, at_least
        )
        upper = int(reduced[chosen].sum() + price @ chunk.capacity)
        best_upper = min(best_upper, upper)
        pairs = scope[chosen]
        candidate = repair(chunk, np.sort(pairs), scope)
        value = int(stage_w[candidate.pairs].sum())
        if value > lower and (_counts(chunk, candidate.pairs) >= at_least).all():
            incumbent, lower = candidate, value
        if best_upper - lower < SCALE:
            return _StageOutcome(incumbent, lower // SCALE, True, False, iterations)
        load = np.bincount(best[homes[chosen], cls[chosen]], minlength=len(price))
        slack = chunk.capacity - load
        slack[(price == 0) & (slack > 0)] = 0  # a free association cannot get cheaper: project the step
        norm = int(slack @ slack)
        if norm == 0:
            break
        if upper >= best_upper and iterations > 1:
            stall += 1
            if stall >= 3:
                theta, stall = theta / 2, 0
        price = np.maximum(0, np.rint(price - theta * (upper - lower) / norm * slack)).astype(np.int64)
    return _StageOutcome(incumbent, best_upper // SCALE, False, False, iterations)


def solve_general(chunk: Chunk, deadline: float, max_iterations: int) -> ChunkResult:
    """Lexicographic stages by priority, then fit; see the module docstring."""
    incumbent = _Incumbent(np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64))
    at_least = np.zeros(LEVELS, dtype=np.int64)
    pair_priority = chunk.priority[chunk.pair_hh]
    with_pairs = np.unique(chunk.pair_hh)
    level_bound = np.bincount(chunk.priority[with_pairs] - 1, minlength=LEVELS)  # refined per stage
    proven, timed_out, iterations = True, False, 0
    for k in range(LEVELS, 0, -1):
        if not (pair_priority == k).any():
            level_bound[k - 1] = 0
            continue
        scope = np.flatnonzero(pair_priority >= k)
        stage_w = np.where(pair_priority == k, SCALE, 0).astype(np.int64)
        out = _stage(chunk, scope, stage_w, at_least, incumbent, deadline, max_iterations)
        incumbent, iterations = out.incumbent, iterations + out.iterations
        at_least = _counts(chunk, incumbent.pairs)
        if proven:  # a level's bound holds only once every more urgent level is proven
            level_bound[k - 1] = at_least[k - 1] if out.proven else min(level_bound[k - 1], out.bound)
        proven, timed_out = proven and out.proven, timed_out or out.timed_out
        if timed_out:
            break
    fit_bound = int(chunk.fit.max(initial=0)) * chunk.n_hh
    if not timed_out:
        everything = np.arange(len(chunk.pair_hh), dtype=np.int64)
        out = _stage(chunk, everything, chunk.fit * SCALE, at_least, incumbent, deadline, max_iterations)
        incumbent, iterations = out.incumbent, iterations + out.iterations
        fit_bound = out.bound if proven else fit_bound
        proven, timed_out = proven and out.proven, out.timed_out
    levels = np.arange(1, LEVELS + 1, dtype=np.int64)
    bound = int(chunk.step * (levels @ level_bound)) + fit_bound
    return ChunkResult(incumbent.pairs, incumbent.assoc, bound, proven, timed_out, iterations)
