"""Independent pieces: connected components of the candidate graph, packed into chunks per worker.

Households, homes and associations are nodes; candidate pairs and coverage link them. No placement can
affect another component, so components are solved apart, in parallel processes when large enough.
"""

from __future__ import annotations

import time
from concurrent.futures import ProcessPoolExecutor

import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from matching.chunk import Chunk, ChunkResult
from matching.flow import relaxed_network, spanned
from matching.stages import solve_general
from matching.tables import BoolArray, IntArray, distinct
from matching.variants import build_variants


def components(
    n_hh: int,
    n_homes: int,
    n_as: int,
    pair_hh: IntArray,
    pair_home: IntArray,
    cover_home: IntArray,
    cover_as: IntArray,
) -> IntArray:
    """Component label of each household."""
    n = n_hh + n_homes + n_as
    rows = np.concatenate([pair_hh, n_hh + cover_home])
    cols = np.concatenate([n_hh + pair_home, n_hh + n_homes + cover_as])
    graph = coo_matrix((np.ones(len(rows), dtype=np.int8), (rows, cols)), shape=(n, n))
    _, labels = connected_components(graph, directed=False)
    return np.asarray(labels[:n_hh], dtype=np.int64)


def pack(labels: IntArray, pair_hh: IntArray, bins: int) -> IntArray:
    """Bin of each household: components, largest first, go to the bin with the fewest pairs so far.

    Bin 0 gets the largest component, so it is the bin to solve in the calling process.
    """
    sizes = np.bincount(labels[pair_hh], minlength=int(labels.max(initial=0)) + 1)
    load = np.zeros(bins, dtype=np.int64)
    bin_of = np.zeros(len(sizes), dtype=np.int64)
    for comp in np.argsort(-sizes, kind="stable").tolist():
        target = int(np.argmin(load))
        bin_of[comp] = target
        load[target] += sizes[comp]
    return bin_of[labels]


def make_chunk(
    members: IntArray,
    pairs: IntArray,
    pair_hh: IntArray,
    pair_home: IntArray,
    fit: IntArray,
    priority: IntArray,
    hh_class: IntArray,
    cover_home: IntArray,
    cover_as: IntArray,
    offers: BoolArray,
    capacity: IntArray,
    step: int,
) -> tuple[Chunk, IntArray, IntArray]:
    """A Chunk for households `members` and candidate `pairs`; also the global homes and pairs."""
    homes = distinct(pair_home[pairs])
    local_hh = np.searchsorted(members, pair_hh[pairs])
    local_home = np.searchsorted(homes, pair_home[pairs])
    sel = np.isin(cover_home, homes)
    c_home = np.searchsorted(homes, cover_home[sel])
    order = np.argsort(c_home, kind="stable")
    ptr = np.concatenate([[0], np.cumsum(np.bincount(c_home, minlength=len(homes)))]).astype(np.int64)
    chunk = Chunk(
        n_hh=len(members),
        n_homes=len(homes),
        pair_hh=local_hh,
        pair_home=local_home,
        fit=fit[pairs],
        priority=priority[members],
        hh_class=hh_class[members],
        cover_ptr=ptr,
        cover_assoc=cover_as[sel][order],
        offers=offers,
        capacity=capacity,
        step=step,
    )
    return chunk, homes, pairs


def solve_chunk(chunk: Chunk, deadline: float, max_rounds: int) -> ChunkResult:
    """One exact network when eligibility depends on the home only, lexicographic stages otherwise."""
    if chunk.n_hh == 0 or len(chunk.pair_hh) == 0:
        empty = np.zeros(0, dtype=np.int64)
        return ChunkResult(empty, empty, 0, True, False, 0)
    variants = build_variants(chunk)
    if not variants.shared_homes(chunk.n_homes).any():
        # Every home has one variant: the network is exact and p·δ + fit weights are lexicographic.
        # Households that no optimum places (`flow.spanned`) leave the network with their pairs.
        level = chunk.priority - 1
        out = spanned(chunk.n_hh, chunk.pair_hh, variants.pair_var, level, variants, chunk.capacity)
        dropped = np.zeros(chunk.n_hh, dtype=np.bool_)
        dropped[out] = True
        pairs = np.flatnonzero(~dropped[chunk.pair_hh])
        weight = chunk.weight()[pairs]
        found = relaxed_network(
            chunk.n_hh,
            chunk.pair_hh[pairs],
            variants.pair_var[pairs],
            weight,
            variants,
            chunk.capacity,
            np.zeros(chunk.n_hh, dtype=np.int64),
            np.zeros(1, dtype=np.int64),
            with_prices=False,
        )
        chosen = pairs[found.chosen]
        return ChunkResult(chosen, found.assoc, int(weight[found.chosen].sum()), True, False, 1)
    return solve_general(chunk, variants, deadline, max_rounds)


def solve_all(chunks: list[Chunk], time_limit_s: float, max_rounds: int, workers: int) -> list[ChunkResult]:
    """Solve chunks: the first here, the others in worker processes meanwhile."""
    deadline = time.time() + time_limit_s
    if len(chunks) <= 1 or workers <= 1:
        return [solve_chunk(c, deadline, max_rounds) for c in chunks]
    with ProcessPoolExecutor(max_workers=min(workers - 1, len(chunks) - 1)) as pool:
        futures = [pool.submit(solve_chunk, c, deadline, max_rounds) for c in chunks[1:]]
        first = solve_chunk(chunks[0], deadline, max_rounds)
        return [first, *(f.result() for f in futures)]
