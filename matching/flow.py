"""Min-cost-flow building blocks on OR-Tools, always with vectorised arc insertion.

`max_weight_matching` is the bipartite core (optionally forcing a number of left nodes per level to be
matched); `priced_matching` is the same returning the prices of the right nodes; `relaxed_network` is
households → home variants → sets of associations → associations → sink (see `variants`), exact when
every home has one variant. Prices come from node potentials (`potentials`), the dual of the flow.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from ortools.graph.python import min_cost_flow

from matching.tables import IntArray, compact
from matching.variants import Variants

LEVELS = 5
MAX_POTENTIAL_PASSES = 1000


class FlowError(RuntimeError):
    """OR-Tools refused the network (cost overflow or infeasible lower bounds)."""


@dataclass(frozen=True)
class Network:
    """Arcs (tail, head, capacity, unit cost) and node supplies of one min-cost-flow problem."""

    tails: IntArray
    heads: IntArray
    caps: IntArray
    costs: IntArray
    supplies: IntArray

    def solve(self) -> tuple[IntArray, int]:
        """Optimal arc flows and cost."""
        flow = min_cost_flow.SimpleMinCostFlow()
        flow.add_arcs_with_capacity_and_unit_cost(self.tails, self.heads, self.caps, self.costs)
        flow.set_nodes_supplies(np.arange(len(self.supplies), dtype=np.int64), self.supplies)
        status = flow.solve()
        if status != flow.OPTIMAL:
            raise FlowError(f"min cost flow: {status}")
        flows = np.asarray(flow.flows(np.arange(len(self.tails), dtype=np.int64)), dtype=np.int64)
        return flows, int(flow.optimal_cost())

    def potentials(self, flows: IntArray) -> IntArray | None:
        """Node potentials d with cost + d[tail] − d[head] ≥ 0 on every residual arc (None if too slow).

        Shortest distances from a virtual root joined to every node at cost 0, by Bellman–Ford on the
        residual graph (an optimal flow leaves no negative cycle), relaxing in each pass only the arcs
        out of the nodes whose distance fell in the previous one.
        """
        forward, backward = flows < self.caps, flows > 0
        tails = np.concatenate([self.tails[forward], self.heads[backward]])
        heads = np.concatenate([self.heads[forward], self.tails[backward]])
        costs = np.concatenate([self.costs[forward], -self.costs[backward]])
        d = np.zeros(len(self.supplies), dtype=np.int64)
        arcs = np.arange(len(tails), dtype=np.int64)
        for _ in range(MAX_POTENTIAL_PASSES):
            candidate = d[tails[arcs]] + costs[arcs]
            better = candidate < d[heads[arcs]]
            if not better.any():
                return d
            np.minimum.at(d, heads[arcs[better]], candidate[better])
            changed = np.zeros(len(d), dtype=np.bool_)
            changed[heads[arcs[better]]] = True
            arcs = np.flatnonzero(changed[tails])
        return None


def _levels(level: IntArray | None, at_least: IntArray | None, n_left: int) -> tuple[IntArray, IntArray]:
    if level is None or at_least is None:
        return np.zeros(n_left, dtype=np.int64), np.zeros(1, dtype=np.int64)
    return level, at_least


def _front(n_left: int, level: IntArray, at_least: IntArray, first_node: int) -> tuple[IntArray, ...]:
    """Source → level node (lower bound moved into supplies) → left node arcs; nodes from `first_node`."""
    k = len(at_least)
    per_level = np.bincount(level, minlength=k)
    tails = np.concatenate([np.full(k, -1), first_node + level])
    heads = np.concatenate([first_node + np.arange(k), first_node + k + np.arange(n_left)])
    caps = np.concatenate([per_level - at_least, np.ones(n_left, dtype=np.int64)])
    return tails, heads, caps


def _network(
    n_nodes: int, front: tuple[IntArray, ...], body: tuple[IntArray, ...], at_least: IntArray, n_left: int
) -> Network:
    """Assemble front (source = node n_nodes), body arcs and the source → sink bypass."""
    source, sink = n_nodes, n_nodes + 1
    f_tails, f_heads, f_caps = front
    b_tails, b_heads, b_caps, b_costs = body
    k = len(at_least)
    tails = np.concatenate([np.where(f_tails < 0, source, f_tails), b_tails, [source]])
    heads = np.concatenate([f_heads, np.where(b_heads < 0, sink, b_heads), [sink]])
    caps = np.concatenate([f_caps, b_caps, [n_left]])
    costs = np.concatenate([np.zeros(len(f_tails), dtype=np.int64), b_costs, [0]])
    supplies = np.zeros(sink + 1, dtype=np.int64)
    supplies[:k] = at_least
    supplies[source] = n_left - int(at_least.sum())
    supplies[sink] = -n_left
    return Network(
        tails.astype(np.int64),
        heads.astype(np.int64),
        caps.astype(np.int64),
        costs.astype(np.int64),
        supplies,
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
    of each level are matched. Edges of non-positive weight are kept: a lower bound may need them.
    """
    level, at_least = _levels(level, at_least, n_left)
    return priced_matching(n_left, n_right, left, right, weight, level, at_least, with_prices=False).chosen


@dataclass(frozen=True)
class Priced:
    """A maximum-weight matching, its weight, and a price per right node from the flow's dual."""

    chosen: IntArray
    value: int
    right_price: IntArray


def priced_matching(
    n_left: int,
    n_right: int,
    left: IntArray,
    right: IntArray,
    weight: IntArray,
    level: IntArray,
    at_least: IntArray,
    with_prices: bool = True,
) -> Priced:
    """`max_weight_matching` with level lower bounds, and right-node prices (≥ 0; zero unless
    `with_prices`) from the flow's dual."""
    k = len(at_least)
    first_right = k + n_left
    body = (
        np.concatenate([k + left, first_right + np.arange(n_right)]),
        np.concatenate([first_right + right, np.full(n_right, -1)]),
        np.ones(len(left) + n_right, dtype=np.int64),
        np.concatenate([-weight, np.zeros(n_right, dtype=np.int64)]),
    )
    net = _network(first_right + n_right, _front(n_left, level, at_least, 0), body, at_least, n_left)
    flows, cost = net.solve()
    chosen = np.flatnonzero(flows[first_right : first_right + len(left)] > 0)
    d = net.potentials(flows) if with_prices else None
    sink = len(net.supplies) - 1
    price = (
        np.zeros(n_right, dtype=np.int64)
        if d is None
        else np.maximum(0, d[sink] - d[first_right : first_right + n_right])
    )
    return Priced(chosen, -cost, price)


@dataclass(frozen=True)
class Relaxed:
    """Optimum of the variant network: chosen pairs, their associations, value, association prices."""

    chosen: IntArray
    assoc: IntArray
    value: int
    price: IntArray


def relaxed_network(
    n_hh: int,
    pair_hh: IntArray,
    pair_var: IntArray,
    weight: IntArray,
    variants: Variants,
    capacity: IntArray,
    level: IntArray,
    at_least: IntArray,
    with_prices: bool = True,
) -> Relaxed:
    """Max-weight flow households → variants → sets → associations → sink, with level lower bounds.

    Only the households, variants and sets the pairs reach are nodes. The association prices (zero
    unless `with_prices`) are the flow's dual on the capacity arcs.
    """
    households, local_hh = compact(pair_hh, n_hh)
    used_var, local_var = compact(pair_var, variants.n_var)
    used_set, var_set = compact(variants.var_set[used_var], variants.n_sets)
    arcs = np.flatnonzero(np.isin(variants.arc_set, used_set))
    arc_set = np.searchsorted(used_set, variants.arc_set[arcs])
    arc_assoc = variants.arc_assoc[arcs]
    n_h, n_var, n_sets, n_as = len(households), len(used_var), len(used_set), len(capacity)
    k = len(at_least)
    v0 = k + n_h
    s0 = v0 + n_var
    a0 = s0 + n_sets
    n_pairs, n_arcs = len(pair_hh), len(arcs)
    body = (
        np.concatenate([k + local_hh, v0 + np.arange(n_var), s0 + arc_set, a0 + np.arange(n_as)]),
        np.concatenate([v0 + local_var, s0 + var_set, a0 + arc_assoc, np.full(n_as, -1)]),
        np.concatenate([np.ones(n_pairs + n_var, dtype=np.int64), np.full(n_arcs, max(n_h, 1)), capacity]),
        np.concatenate([-weight, np.zeros(n_var + n_arcs + n_as, dtype=np.int64)]),
    )
    net = _network(a0 + n_as, _front(n_h, level[households], at_least, 0), body, at_least, n_h)
    flows, cost = net.solve()
    first = k + n_h
    chosen = np.flatnonzero(flows[first : first + n_pairs] > 0)
    arc_flow = flows[first + n_pairs + n_var : first + n_pairs + n_var + n_arcs]
    assoc = assign_by_set(var_set[local_var[chosen]], arc_set, arc_assoc, arc_flow)
    d = net.potentials(flows) if with_prices else None
    sink = len(net.supplies) - 1
    price = np.zeros(n_as, dtype=np.int64) if d is None else np.maximum(0, d[sink] - d[a0 : a0 + n_as])
    return Relaxed(chosen, assoc, -cost, price)


def assign_by_set(item_set: IntArray, arc_set: IntArray, arc_assoc: IntArray, arc_flow: IntArray) -> IntArray:
    """Association of each item (a placement routed through set `item_set`) from integral arc flows.

    Every association of a set may follow every placement routed through it, so any split that
    matches the flows is valid; items and flow units are paired in set order.
    """
    order = np.argsort(item_set, kind="stable")
    units_set = np.repeat(arc_set, arc_flow)
    units_assoc = np.repeat(arc_assoc, arc_flow)
    if len(units_set) != len(item_set) or not np.array_equal(units_set, item_set[order]):
        raise FlowError("set flows do not match the placements routed through them")
    assoc = np.empty(len(item_set), dtype=np.int64)
    assoc[order] = units_assoc
    return assoc


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
    net = Network(
        tails.astype(np.int64),
        heads.astype(np.int64),
        caps.astype(np.int64),
        costs.astype(np.int64),
        supplies,
    )
    flows, _ = net.solve()
    used = flows[n_left : n_left + len(edge_left)] > 0
    right = np.full(n_left, -1, dtype=np.int64)
    right[edge_left[used]] = edge_right[used]
    return right
