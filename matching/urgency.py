"""What every optimum of the exact network places, level by level, read from maximum flows.

When every home has one variant (`variants`), the sets of households the network can place together
are the independent sets of a matroid (a gammoid: households routed to the sink through disjoint
homes within the association capacities). With p·δ + fit weights an optimum's households form a
maximum-priority independent set, and in a matroid those are exactly the sets holding, for every
level t, rank(H≥t) households of priority t or more (the greedy argument). Hence:

- a household spanned by the more urgent ones (it cannot join a maximum flow of theirs without
  lowering it) is in no optimum and leaves the network;
- every optimum places exactly rank(H≥t) − rank(H≥t+1) households of level t, so the min-cost flow
  can take these counts as lower bounds and weigh placements by fit alone, a far easier problem for
  cost scaling than p·δ + fit (docs/matching.md, "Algorithm").

Spanned households are looked for below a threshold: the highest level with as many households at
or above it as there are association slots (below it, most households are spanned). Nothing is
computed when there are more slots than households: then few are spanned and the flows would cost
more than they save.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from ortools.graph.python import max_flow

from matching.flow import LEVELS, FlowError
from matching.tables import BoolArray, IntArray, compact
from matching.variants import Variants


@dataclass(frozen=True)
class Urgency:
    """The households every optimum places at each level (0..4), None when not computed, and the
    households that no optimum places."""

    counts: IntArray | None
    spanned: IntArray


def urgency(
    n_hh: int, pair_hh: IntArray, pair_var: IntArray, level: IntArray, variants: Variants, capacity: IntArray
) -> Urgency:
    """The counts and the spanned households of the exact network (`level` per household, 0..4)."""
    at_or_above = np.cumsum(np.bincount(level[compact(pair_hh, n_hh)[0]], minlength=LEVELS)[::-1])[::-1]
    slots = int(capacity[compact(variants.arc_assoc, len(capacity))[0]].sum())  # of this chunk's associations
    over = np.flatnonzero(at_or_above >= slots)
    threshold = int(over.max()) if len(over) else 0
    if threshold == 0:
        return Urgency(None, np.zeros(0, dtype=np.int64))
    routing = _Routing(n_hh, pair_hh, pair_var, variants, capacity)
    pair_level = level[pair_hh]
    ranks = np.zeros(LEVELS + 1, dtype=np.int64)
    upper = pair_level >= threshold
    ranks[threshold], reaches = routing.max_flow(upper)
    for t in range(threshold + 1, LEVELS):
        ranks[t], _ = routing.max_flow(pair_level >= t)
    # A household below the threshold joins the flow only through a variant that still reaches the sink.
    lower = ~upper
    free = np.bincount(pair_hh[lower], weights=reaches[routing.v0 + pair_var[lower]], minlength=n_hh)
    out = np.zeros(n_hh, dtype=np.bool_)
    out[pair_hh[lower]] = True
    out &= free == 0
    kept = ~out[pair_hh]  # the spanned households add nothing to any rank
    for t in range(threshold - 1, -1, -1):
        added = kept & (pair_level == t)
        ranks[t] = routing.max_flow(kept & (pair_level >= t))[0] if added.any() else ranks[t + 1]
    counts = ranks[:LEVELS] - ranks[1:]
    return Urgency(counts, np.flatnonzero(out))


class _Routing:
    """Source → households → variants → sets → associations → sink, for chosen households' pairs.

    Nodes are numbered globally (households, variants, sets, associations, source, sink); nodes no
    arc touches stay idle.
    """

    def __init__(
        self, n_hh: int, pair_hh: IntArray, pair_var: IntArray, variants: Variants, capacity: IntArray
    ) -> None:
        self.n_hh, self.pair_hh, self.pair_var = n_hh, pair_hh, pair_var
        used_var = compact(pair_var, variants.n_var)[0]
        used_set = compact(variants.var_set[used_var], variants.n_sets)[0]
        arcs = np.flatnonzero(np.isin(variants.arc_set, used_set))
        n_as = len(capacity)
        self.v0 = v0 = n_hh
        s0 = v0 + variants.n_var
        a0 = s0 + variants.n_sets
        self.source, self.sink = a0 + n_as, a0 + n_as + 1
        self.tails = np.concatenate([v0 + used_var, s0 + variants.arc_set[arcs], a0 + np.arange(n_as)])
        self.heads = np.concatenate(
            [s0 + variants.var_set[used_var], a0 + variants.arc_assoc[arcs], np.full(n_as, self.sink)]
        )
        self.caps = np.concatenate(
            [np.ones(len(used_var), dtype=np.int64), np.full(len(arcs), max(n_hh, 1)), capacity]
        )

    def max_flow(self, pairs: BoolArray) -> tuple[int, BoolArray]:
        """The most households of `pairs` placed together, and the nodes that reach the sink in the
        residual graph of such a flow."""
        households = compact(self.pair_hh[pairs], self.n_hh)[0]
        flow = max_flow.SimpleMaxFlow()
        flow.add_arcs_with_capacity(
            np.concatenate([np.full(len(households), self.source), self.pair_hh[pairs], self.tails]),
            np.concatenate([households, self.v0 + self.pair_var[pairs], self.heads]),
            np.concatenate([np.ones(len(households) + int(pairs.sum()), dtype=np.int64), self.caps]),
        )
        if flow.solve(self.source, self.sink) != flow.OPTIMAL:
            raise FlowError("max flow failed")
        reaches = np.zeros(self.sink + 1, dtype=np.bool_)
        reaches[np.asarray(flow.get_sink_side_min_cut(), dtype=np.int64)] = True
        return int(flow.optimal_flow()), reaches
