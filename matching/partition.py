"""Independent pieces: connected components of the candidate graph, packed into chunks per worker.

Households, homes and associations are nodes; candidate pairs and coverage link them. No placement can
affect another component, so components are solved apart, in parallel processes when large enough.
"""

from __future__ import annotations

import time
from concurrent.futures import ProcessPoolExecutor

import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import connected_components

from matching.chunk import Chunk, ChunkResult
from matching.flow import relaxed_network
from matching.stages import solve_general
from matching.tables import BoolArray, IntArray, compact, distinct, positions
from matching.urgency import urgency
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
    """Component label of each household.

    Homes and associations are joined first (coverage is small), then households to the few labels
    their homes have: the pairs themselves never enter a graph.
    """
    _, home_label = connected_components(
        _graph(n_homes + n_as, cover_home, n_homes + cover_as), directed=False
    )
    used, pair_label = compact(home_label[pair_home], n_homes + n_as)
    if len(used) <= 1:
        return np.zeros(n_hh, dtype=np.int64)
    links = distinct(pair_hh * len(used) + pair_label)
    _, labels = connected_components(
        _graph(n_hh + len(used), links // len(used), n_hh + links % len(used)), directed=False
    )
    return np.asarray(labels[:n_hh], dtype=np.int64)


def _graph(n: int, rows: IntArray, cols: IntArray) -> csr_matrix:
    return csr_matrix((np.ones(len(rows), dtype=np.int8), (rows, cols)), shape=(n, n))


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
    n_homes = int(max(pair_home.max(initial=-1), cover_home.max(initial=-1))) + 1
    homes, local_home = compact(pair_home[pairs], n_homes)
    local_hh = positions(members, pair_hh[pairs])
    home_at = np.full(n_homes, -1, dtype=np.int64)
    home_at[homes] = np.arange(len(homes))
    c_home = home_at[cover_home]
    sel = c_home >= 0
    c_home = c_home[sel]
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
        # What every optimum places per level (`urgency`): the spanned households leave the network,
        # the counts become lower bounds and placements are weighed by fit alone.
        level = chunk.priority - 1
        known = urgency(chunk.n_hh, chunk.pair_hh, variants.pair_var, level, variants, chunk.capacity)
        dropped = np.zeros(chunk.n_hh, dtype=np.bool_)
        dropped[known.spanned] = True
        pairs = np.flatnonzero(~dropped[chunk.pair_hh])
        weight = chunk.weight()[pairs]
        counted = known.counts is not None
        found = relaxed_network(
            chunk.n_hh,
            chunk.pair_hh[pairs],
            variants.pair_var[pairs],
            chunk.fit[pairs] if counted else weight,
            variants,
            chunk.capacity,
            level if counted else np.zeros(chunk.n_hh, dtype=np.int64),
            known.counts if known.counts is not None else np.zeros(1, dtype=np.int64),
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
