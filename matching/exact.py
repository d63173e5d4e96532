"""The small exact repair: a stage's core solved as an integer program with CP-SAT.

Used when the core's linear optimum is fractional. With the incumbent as a hint, CP-SAT finds the
integer optimum of the core; the reduced-cost argument of `duals` then extends it to the whole stage
when every pair that could do better is in the core (see `stages.settle`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from ortools.sat.python import cp_model

from matching.chunk import Chunk
from matching.tables import IntArray


@dataclass(frozen=True)
class Exact:
    """The best placements CP-SAT found on the core, their value, and whether they are its optimum."""

    pairs: IntArray
    assoc: IntArray
    value: int
    optimal: bool


def solve_exact(
    chunk: Chunk,
    core: IntArray,
    weight: IntArray,
    at_least: IntArray,
    hint: tuple[IntArray, IntArray],
    time_limit_s: float,
    workers: int = 1,
) -> Exact | None:
    """Max Σ weight over valid placements from `core` pairs meeting `at_least`; None if none found."""
    owner, assoc = chunk.eligible(core)
    position = np.searchsorted(core, owner)
    model = cp_model.CpModel()
    x = [model.new_bool_var(f"x{i}") for i in range(len(owner))]
    groups = (
        chunk.pair_hh[owner],
        chunk.n_hh + chunk.pair_home[owner],
    )
    for keys in groups:
        order = np.argsort(keys, kind="stable")
        cuts = np.flatnonzero(np.diff(keys[order])) + 1
        for members in np.split(order, cuts):
            if len(members) > 1:
                model.add_at_most_one(x[i] for i in members.tolist())
    for a in np.unique(assoc).tolist():
        model.add(sum(x[i] for i in np.flatnonzero(assoc == a).tolist()) <= int(chunk.capacity[a]))
    level = chunk.priority[chunk.pair_hh[owner]] - 1
    for lvl in np.flatnonzero(at_least > 0).tolist():
        model.add(sum(x[i] for i in np.flatnonzero(level == lvl).tolist()) >= int(at_least[lvl]))
    model.maximize(sum(int(w) * x[i] for i, w in enumerate(weight[position].tolist()) if w))
    hinted = set(zip(*(h.tolist() for h in hint), strict=True))
    for i, (p, a) in enumerate(zip(owner.tolist(), assoc.tolist(), strict=True)):
        model.add_hint(x[i], (p, a) in hinted)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(time_limit_s, 0.01)
    solver.parameters.num_workers = workers
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    chosen = np.asarray([solver.boolean_value(v) for v in x], dtype=np.bool_)
    order = np.argsort(owner[chosen], kind="stable")
    pairs, picked = owner[chosen][order], assoc[chosen][order]
    return Exact(pairs, picked, int(weight[np.searchsorted(core, pairs)].sum()), status == cp_model.OPTIMAL)
