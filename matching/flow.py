"""Min-cost-flow building blocks on OR-Tools, always with vectorised arc insertion.

`max_weight_matching` is the bipartite core (optionally forcing a number of left nodes per level to be
matched); `network_placements` is the exact model used when association eligibility depends on the
home only, where households → homes → associations → sink is a network and its LP totally unimodular.
"""

from __future__ import annotations

import numpy as np
from ortools.graph.python import min_cost_flow

from matching.tables import IntArray


class FlowError(RuntimeError):
    """OR-Tools refused the network (cost overflow or infeasible lower bounds)."""


def _solve(
    tails: IntArray, heads: IntArray, caps: IntArray, costs: IntArray, supplies: IntArray
) -> tuple[IntArray, int]:
    flow = min_cost_flow.SimpleMinCostFlow()
    flow.add_arcs_with_capacity_and_unit_cost(tails, heads, caps, costs)
    flow.set_nodes_supplies(np.arange(len(supplies), dtype=np.int64), supplies)
    status = flow.solve()
    if status != flow.OPTIMAL:
        raise FlowError(f"min cost flow: {status}")
    return np.asarray(flow.flows(np.arange(len(tails), dtype=np.int64)), dtype=np.int64), int(
        flow.optimal_cost()
    )


def max_weight_matching(
    n_left: int,
    n_right: int,
    left: IntArray,
    right: IntArray,
    weight: IntArray,
    level: IntArray | None = None,
    at_least: IntArray | None = None,
) -> IntArray:
    """Positions of the edges of a maximum-weight matching (each node at most once).

    With `level` (per left node, 0..k-1) and `at_least` (per level), at least `at_least[l]` left nodes
    of each level are matched: an arc source → level node with that lower bound, moved into supplies.
    Edges of non-positive weight are kept: a lower bound may need them.
    """
    if level is None or at_least is None:
        level, at_least = np.zeros(n_left, dtype=np.int64), np.zeros(1, dtype=np.int64)
    k = len(at_least)
    source, sink = n_left + n_right + k, n_left + n_right + k + 1
    per_level = np.bincount(level, minlength=k)
    levels = np.arange(k, dtype=np.int64)
    tails = np.concatenate(
        [np.full(k, source), n_left + n_right + level, left, n_left + np.arange(n_right), [source]]
    )
    heads = np.concatenate(
        [n_left + n_right + levels, np.arange(n_left), n_left + right, np.full(n_right, sink), [sink]]
    )
    caps = np.concatenate(
        [per_level - at_least, np.ones(n_left + len(left) + n_right, dtype=np.int64), [n_left]]
    )
    costs = np.concatenate(
        [np.zeros(k + n_left, dtype=np.int64), -weight, np.zeros(n_right + 1, dtype=np.int64)]
    )
    supplies = np.zeros(sink + 1, dtype=np.int64)
    supplies[n_left + n_right : n_left + n_right + k] = at_least
    supplies[source] = n_left - at_least.sum()
    supplies[sink] = -n_left
    flows, _ = _solve(tails.astype(np.int64), heads.astype(np.int64), caps.astype(np.int64), costs, supplies)
    start = k + n_left
    return np.flatnonzero(flows[start : start + len(left)] > 0)


def network_placements(
    n_hh: int,
    n_homes: int,
    pair_hh: IntArray,
    pair_home: IntArray,
    weight: IntArray,
    cover_home: IntArray,
    cover_assoc: IntArray,
    capacity: IntArray,
) -> tuple[IntArray, IntArray]:
    """Exact optimum when every covering association may follow every household of a home.

    Returns the chosen pair positions and, for each, the association that follows it.
    """
    n_as = len(capacity)
    # Homes are split into an entry and an exit joined by one unit of capacity: several associations
    # may cover a home, and without the split it could pass one household to each.
    hh0, home0, exit0, as0 = 0, n_hh, n_hh + n_homes, n_hh + 2 * n_homes
    source, sink = as0 + n_as, as0 + n_as + 1
    n_pairs, n_cover = len(pair_hh), len(cover_home)
    homes = np.arange(n_homes)
    tails = np.concatenate(
        [
            np.full(n_hh, source),
            hh0 + pair_hh,
            home0 + homes,
            exit0 + cover_home,
            as0 + np.arange(n_as),
            [source],
        ]
    )
    heads = np.concatenate(
        [
            hh0 + np.arange(n_hh),
            home0 + pair_home,
            exit0 + homes,
            as0 + cover_assoc,
            np.full(n_as, sink),
            [sink],
        ]
    )
    caps = np.concatenate([np.ones(n_hh + n_pairs + n_homes + n_cover, dtype=np.int64), capacity, [n_hh]])
    costs = np.concatenate(
        [np.zeros(n_hh, dtype=np.int64), -weight, np.zeros(n_homes + n_cover + n_as + 1, dtype=np.int64)]
    )
    supplies = np.zeros(sink + 1, dtype=np.int64)
    supplies[source], supplies[sink] = n_hh, -n_hh
    flows, _ = _solve(tails.astype(np.int64), heads.astype(np.int64), caps.astype(np.int64), costs, supplies)
    chosen = np.flatnonzero(flows[n_hh : n_hh + n_pairs] > 0)
    first = n_hh + n_pairs + n_homes
    used = flows[first : first + n_cover] > 0
    assoc_of_home = np.full(n_homes, -1, dtype=np.int64)
    assoc_of_home[cover_home[used]] = cover_assoc[used]
    return chosen, assoc_of_home[pair_home[chosen]]


def b_matching(
    n_left: int, value: IntArray, edge_left: IntArray, edge_right: IntArray, capacity: IntArray
) -> IntArray:
    """Give each left node at most one right node within capacities, maximising the kept `value`.

    Returns the right node of each left node, −1 where none. Used to hand placements to associations.
    """
    n_right = len(capacity)
    source, sink = n_left + n_right, n_left + n_right + 1
    tails = np.concatenate([np.full(n_left, source), edge_left, n_left + np.arange(n_right), [source]])
    heads = np.concatenate([np.arange(n_left), n_left + edge_right, np.full(n_right, sink), [sink]])
    caps = np.concatenate([np.ones(n_left + len(edge_left), dtype=np.int64), capacity, [n_left]])
    costs = np.concatenate([-value, np.zeros(len(edge_left) + n_right + 1, dtype=np.int64)])
    supplies = np.zeros(sink + 1, dtype=np.int64)
    supplies[source], supplies[sink] = n_left, -n_left
    flows, _ = _solve(tails.astype(np.int64), heads.astype(np.int64), caps.astype(np.int64), costs, supplies)
    used = flows[n_left : n_left + len(edge_left)] > 0
    right = np.full(n_left, -1, dtype=np.int64)
    right[edge_left[used]] = edge_right[used]
    return right
