"""A self-contained piece of the problem that can be solved alone, in this process or another one."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

from matching.tables import BoolArray, IntArray


@dataclass(frozen=True)
class Chunk:
    """Households and homes of some connected components of the candidate graph.

    Households and homes are numbered locally (0..n); associations keep their global positions, and
    `capacity` is what each association may still take in this round. `cover_ptr`/`cover_assoc` list,
    per local home, the associations whose area holds it.
    """

    n_hh: int
    n_homes: int
    pair_hh: IntArray
    pair_home: IntArray
    fit: IntArray
    priority: IntArray
    hh_class: IntArray
    cover_ptr: IntArray
    cover_assoc: IntArray
    offers: BoolArray
    capacity: IntArray
    step: int

    @cached_property
    def cover_home(self) -> IntArray:
        """The home of each coverage entry (the CSR rows expanded)."""
        return np.repeat(np.arange(self.n_homes, dtype=np.int64), np.diff(self.cover_ptr))

    def weight(self) -> IntArray:
        """Lexicographic-scale weight of every pair: priority · δ + fit."""
        return self.priority[self.pair_hh] * self.step + self.fit

    def eligible(self, pairs: IntArray) -> tuple[IntArray, IntArray]:
        """(pair, association) entries: the associations that may follow each of `pairs`."""
        local, assoc = expand_cover(self.cover_ptr, self.cover_assoc, self.pair_home[pairs])
        owner = pairs[local]
        keep = self.offers[self.hh_class[self.pair_hh[owner]], assoc]
        return owner[keep], assoc[keep]


def expand_cover(cover_ptr: IntArray, cover_assoc: IntArray, homes: IntArray) -> tuple[IntArray, IntArray]:
    """(position in `homes`, association) for every association covering each of `homes`."""
    counts = cover_ptr[homes + 1] - cover_ptr[homes]
    owner = np.repeat(np.arange(len(homes), dtype=np.int64), counts)
    first = np.repeat(cover_ptr[homes] - np.cumsum(counts) + counts, counts)
    return owner, cover_assoc[first + np.arange(int(counts.sum()), dtype=np.int64)]


@dataclass(frozen=True)
class ChunkResult:
    """Chosen pair positions, the association of each, and what was proven about them."""

    pairs: IntArray
    assoc: IntArray
    bound: int
    proven: bool
    timed_out: bool
    iterations: int
