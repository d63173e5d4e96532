"""Where each stage starts: the variant network's prices, and valid placements from its optimum.

The network (`variants`) may give a shared home to one household per variant. Its optimum becomes
valid placements by keeping one household per home and placing the unplaced again, in the homes and
capacity left, with the same network on that remainder (a few rounds: each leaves fewer clashes).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from matching.chunk import Chunk
from matching.flow import LEVELS, FlowError, relaxed_network
from matching.tables import IntArray, distinct
from matching.variants import Variants

REPAIR_ROUNDS = 2


@dataclass(frozen=True)
class Placements:
    """Chosen pair positions (sorted) and the association of each."""

    pairs: IntArray
    assoc: IntArray

    def counts(self, chunk: Chunk) -> IntArray:
        return np.bincount(chunk.priority[chunk.pair_hh[self.pairs]] - 1, minlength=LEVELS)


NONE = np.zeros(0, dtype=np.int64)
NOTHING = Placements(NONE, NONE)


@dataclass(frozen=True)
class Start:
    """Where a stage starts: association prices, valid placements, and the households the network
    placed in a home it also gave to another household (the core gives them more choice)."""

    price: IntArray
    placements: Placements
    contested: IntArray


def relax(chunk: Chunk, variants: Variants, scope: IntArray, weight: IntArray, at_least: IntArray) -> Start:
    """Association prices of the variant network (`stages`, fact 1), valid placements from its optimum.

    Level minimums the network cannot meet are dropped: they are bounds that no solution meets, which
    the stage then finds out (`stages.solve_general`).
    """
    args = (chunk.n_hh, chunk.pair_hh[scope], variants.pair_var[scope], weight, variants, chunk.capacity)
    try:
        relaxed = relaxed_network(*args, chunk.priority - 1, at_least)
    except FlowError:
        relaxed = relaxed_network(*args, chunk.priority - 1, np.zeros_like(at_least))
    chosen = scope[relaxed.chosen]
    homes = chunk.pair_home[chosen]
    shared = np.bincount(homes, minlength=chunk.n_homes)[homes] > 1
    placements = repair(chunk, variants, scope, Placements(chosen, relaxed.assoc))
    return Start(relaxed.price, placements, distinct(chunk.pair_hh[chosen[shared]]))


def repair(chunk: Chunk, variants: Variants, scope: IntArray, found: Placements) -> Placements:
    """Valid placements from a network optimum: one household per home, then `fill` with the pairs of
    `scope` of the households that lost their home and of every household of a level that lost places."""
    kept = drop_shared(chunk, found, priority_weight(chunk)[found.pairs])
    target = found.counts(chunk)
    lost = np.zeros(chunk.n_hh, dtype=np.bool_)
    lost[chunk.pair_hh[found.pairs]] = True
    for _ in range(REPAIR_ROUNDS):
        waiting = lost | (kept.counts(chunk) < target)[chunk.priority - 1]
        more = fill(chunk, variants, kept, scope[waiting[chunk.pair_hh[scope]]])
        if len(more.pairs) == len(kept.pairs):
            break
        kept = more
    return kept


def fill(
    chunk: Chunk, variants: Variants, placements: Placements, scope: IntArray | None = None
) -> Placements:
    """More placements in what is left: unplaced households in free homes within the capacity left
    (pairs from `scope`, all if None), by the network on that remainder."""
    placed = np.zeros(chunk.n_hh, dtype=np.bool_)
    placed[chunk.pair_hh[placements.pairs]] = True
    used = np.zeros(chunk.n_homes, dtype=np.bool_)
    used[chunk.pair_home[placements.pairs]] = True
    room = chunk.capacity - np.bincount(placements.assoc, minlength=len(chunk.capacity))
    pairs = np.arange(len(chunk.pair_hh), dtype=np.int64) if scope is None else scope
    remainder = pairs[~placed[chunk.pair_hh[pairs]] & ~used[chunk.pair_home[pairs]]]
    if not len(remainder) or not room.any():
        return placements
    weight = priority_weight(chunk)[remainder]
    found = relaxed_network(
        chunk.n_hh,
        chunk.pair_hh[remainder],
        variants.pair_var[remainder],
        weight,
        variants,
        room,
        np.zeros(chunk.n_hh, dtype=np.int64),
        np.zeros(1, dtype=np.int64),
        with_prices=False,
    )
    added = Placements(remainder[found.chosen], found.assoc)
    return merge(placements, drop_shared(chunk, added, weight[found.chosen]))


def merge(a: Placements, b: Placements) -> Placements:
    """Two disjoint placement sets as one, sorted by pair."""
    pairs = np.concatenate([a.pairs, b.pairs])
    order = np.argsort(pairs, kind="stable")
    return Placements(pairs[order], np.concatenate([a.assoc, b.assoc])[order])


def priority_scale(chunk: Chunk) -> int:
    """A step per priority well above any household's fit points (see `priority_weight`)."""
    return 8 * (int(chunk.fit.max(initial=0)) + 1)


def priority_weight(chunk: Chunk) -> IntArray:
    """Priority first, then fit, with small costs (fast flows): p · `priority_scale` + fit points.

    Not strictly lexicographic over sets, but a slot's price in the network is then the priority of
    the household it goes to, give or take a few fit points (`count_price`).
    """
    return np.asarray(chunk.priority[chunk.pair_hh] * priority_scale(chunk) + chunk.fit)


def count_price(price: IntArray, scale: int, level: int) -> IntArray:
    """The prices of a count stage read from the priority-weighted network's (`stages`, fact 1).

    A slot priced about p · scale goes to a priority-p household: for the count of `level` (priority
    level + 1) it is worth one if p is that priority or above, nothing below.
    """
    return (2 * price >= (2 * level + 1) * scale).astype(np.int64)


def drop_shared(chunk: Chunk, found: Placements, weight: IntArray) -> Placements:
    """A valid subset of relaxed placements: one household per home, the heaviest."""
    order = np.lexsort((found.pairs, -weight, chunk.pair_home[found.pairs]))
    homes = chunk.pair_home[found.pairs[order]]
    keep = order[np.r_[True, homes[1:] != homes[:-1]]] if len(order) else order
    keep = np.sort(keep)
    return Placements(found.pairs[keep], found.assoc[keep])


def better(chunk: Chunk, a: Placements, b: Placements) -> Placements:
    """The lexicographically better of two valid placement sets (counts from priority 5, then fit)."""
    key_a = (*a.counts(chunk)[::-1].tolist(), int(chunk.fit[a.pairs].sum()))
    key_b = (*b.counts(chunk)[::-1].tolist(), int(chunk.fit[b.pairs].sum()))
    return b if key_b > key_a else a
