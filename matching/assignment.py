"""`assign`: maximum-weight assignment over explicit candidate edges, the solver's core primitive."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from ortools.graph.python import linear_sum_assignment

from matching.flow import max_weight_matching


@dataclass(frozen=True)
class Assignment:
    """The total weight and the chosen (left, right, weight) rows, sorted by left."""

    total_weight: int
    edges: NDArray[np.int64]


def assign(n_left: int, n_right: int, edges: NDArray[np.int64] | Sequence[Sequence[int]]) -> Assignment:
    """Maximum-weight assignment: each left and each right node used at most once.

    When the graph is square and the weights are so close that every perfect assignment outweighs
    every imperfect one (n · w_min > (n − 1) · w_max, as with OR-Library costs turned into weights
    B − c), a perfect assignment, if one exists, is optimal, and OR-Tools' linear sum assignment
    solves it directly. Otherwise, or if no perfect assignment exists, a min-cost flow with a bypass
    arc solves the general problem. Edges with non-positive weight are never worth taking.
    """
    rows = np.asarray(edges, dtype=np.int64).reshape(-1, 3)
    if len(rows) and (
        rows[:, 0].min() < 0
        or rows[:, 0].max() >= n_left
        or rows[:, 1].min() < 0
        or rows[:, 1].max() >= n_right
    ):
        raise ValueError("edge endpoints out of range")
    if rows[:, 2].min(initial=1) <= 0:
        rows = rows[rows[:, 2] > 0]
    if len(rows) == 0:
        return Assignment(0, np.zeros((0, 3), dtype=np.int64))
    chosen = _perfect(n_left, n_right, rows)
    if chosen is None:
        chosen = max_weight_matching(n_left, n_right, rows[:, 0], rows[:, 1], rows[:, 2])
    picked = rows[chosen]
    picked = picked[np.argsort(picked[:, 0], kind="stable")]
    return Assignment(int(picked[:, 2].sum()), picked)


def _perfect(n_left: int, n_right: int, rows: NDArray[np.int64]) -> NDArray[np.int64] | None:
    """Edge positions of an optimal perfect assignment when one is provably optimal, else None."""
    n = n_left
    w = rows[:, 2]
    if n_left != n_right or n * int(w.min()) <= (n - 1) * int(w.max()):
        return None
    if not np.bincount(rows[:, 0], minlength=n).all() or not np.bincount(rows[:, 1], minlength=n).all():
        return None
    solver = linear_sum_assignment.SimpleLinearSumAssignment()
    # Every perfect assignment has n edges, so shifting costs by a constant keeps the optimum, and the
    # cost-scaling algorithm runs in time growing with log(cost range): use w_max − w, not −w.
    solver.add_arcs_with_cost(rows[:, 0].astype(np.int32), rows[:, 1].astype(np.int32), w.max() - w)
    if solver.solve() != solver.OPTIMAL:
        return None
    mate = np.fromiter((solver.right_mate(i) for i in range(n)), dtype=np.int64, count=n)
    hits = np.flatnonzero(rows[:, 1] == mate[rows[:, 0]])
    if len(hits) > n:  # parallel edges: keep the heaviest copy of each chosen pair
        hits = hits[np.lexsort((-w[hits], rows[hits, 0]))]
        hits = hits[np.r_[True, np.diff(rows[hits, 0]) > 0]]
    return hits
