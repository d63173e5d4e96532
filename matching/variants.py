"""Home variants: which associations may follow a placement, grouped so most of the problem is a network.

A pair (household h, home m) may be followed by E(h, m) = cover(m) ∩ offers(class of h). Grouping,
per home, the need classes of its candidate households by that set gives the home's *variants*
(m, E). Distinct sets E recur across homes (neighbouring homes share their covering associations),
so each set is one node linked once to its associations:

    household → variant (m, E) → set E → association → sink (capacity)

is a network that is exact for every home with a single variant. A home with several variants could
pass one household through each; that is the only thing the network relaxes (see `stages`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from matching.chunk import Chunk, expand_cover
from matching.tables import BoolArray, IntArray, compact


@dataclass(frozen=True)
class Variants:
    """Variant of each pair, home and set of each variant, and the (set, association) arcs."""

    pair_var: IntArray
    var_home: IntArray
    var_set: IntArray
    arc_set: IntArray
    arc_assoc: IntArray

    @property
    def n_var(self) -> int:
        return len(self.var_home)

    @property
    def n_sets(self) -> int:
        return int(self.var_set.max(initial=-1)) + 1

    def shared_homes(self, n_homes: int) -> BoolArray:
        """Homes with more than one variant: only these can be over-used by the network."""
        return np.asarray(np.bincount(self.var_home, minlength=n_homes) > 1, dtype=np.bool_)


def build_variants(chunk: Chunk) -> Variants:
    """Variants of the chunk's homes from the need classes of their candidate households."""
    n_classes, n_as = chunk.offers.shape
    pair_class = chunk.hh_class[chunk.pair_hh]
    combo_key, pair_combo = compact(chunk.pair_home * n_classes + pair_class, chunk.n_homes * n_classes)
    combo_home, combo_class = combo_key // n_classes, combo_key % n_classes
    owner, assoc = expand_cover(chunk.cover_ptr, chunk.cover_assoc, combo_home)
    keep = chunk.offers[combo_class[owner], assoc]
    owner, assoc = owner[keep], assoc[keep]
    # Exact set identity: one bit per association, compared bytewise.
    width = (n_as + 7) // 8
    bits = np.zeros((len(combo_key), max(width, 1)), dtype=np.uint8)
    np.bitwise_or.at(bits, (owner, assoc // 8), (1 << (assoc % 8)).astype(np.uint8))
    rows = np.ascontiguousarray(bits).view(np.dtype((np.void, bits.shape[1]))).ravel()
    _, first, combo_set = np.unique(rows, return_index=True, return_inverse=True)
    var_key, combo_var = compact(combo_home * len(first) + combo_set.ravel(), chunk.n_homes * len(first))
    in_first = np.isin(owner, first)
    set_of_combo = np.full(len(combo_key), -1, dtype=np.int64)
    set_of_combo[first] = np.arange(len(first))
    arc_set, arc_assoc = set_of_combo[owner[in_first]], assoc[in_first]
    order = np.lexsort((arc_assoc, arc_set))
    return Variants(
        pair_var=combo_var.ravel()[pair_combo.ravel()].astype(np.int64),
        var_home=(var_key // len(first)).astype(np.int64),
        var_set=(var_key % len(first)).astype(np.int64),
        arc_set=arc_set[order].astype(np.int64),
        arc_assoc=arc_assoc[order].astype(np.int64),
    )
