"""The linear relaxation of one stage on a core of pairs, solved exactly with HiGHS.

Columns are the core's pairs (household → home variant), the variants, and the set → association arcs
of the network in `variants`; one row per home caps its variants together at one household (the
constraint the network relaxes). A penalised shortfall column per level keeps the model feasible
when the core cannot yet meet a level's minimum. Its association duals are the prices the network relaxation
cannot find (it lets a shared home serve two households); its optimum is often integral, and then a
solution of the stage.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from scipy.optimize import linprog

from matching.chunk import Chunk
from matching.flow import FlowError, assign_by_set
from matching.tables import FloatArray, IntArray
from matching.variants import Variants

INTEGRAL = 1e-6


@dataclass(frozen=True)
class CoreSolution:
    """LP optimum on the core: value, association prices, and the placements when integral."""

    value: float
    hh_price: FloatArray
    home_price: FloatArray
    assoc_price: FloatArray
    level_price: FloatArray
    shortfall: FloatArray
    pairs: IntArray | None  # chosen pair positions (sorted) when the optimum is integral
    assoc: IntArray | None


def solve_core(
    chunk: Chunk,
    variants: Variants,
    core: IntArray,
    weight: IntArray,
    at_least: IntArray,
    time_limit_s: float = np.inf,
) -> CoreSolution | None:
    """Optimum of the stage LP on `core` pairs (`weight` aligned with them); None if HiGHS stops short."""
    n_as, n_lv = len(chunk.capacity), len(at_least)
    hh = chunk.pair_hh[core]
    used_var, pair_col_var = np.unique(variants.pair_var[core], return_inverse=True)
    used_set, var_col_set = np.unique(variants.var_set[used_var], return_inverse=True)
    arcs = np.flatnonzero(np.isin(variants.arc_set, used_set))
    arc_set = np.searchsorted(used_set, variants.arc_set[arcs])
    households, pair_row_hh = np.unique(hh, return_inverse=True)
    homes, var_row_home = np.unique(variants.var_home[used_var], return_inverse=True)
    n_p, n_v, n_a = len(core), len(used_var), len(arcs)
    c_var, c_arc, c_short = n_p, n_p + n_v, n_p + n_v + n_a
    r_home = len(households)
    r_as = r_home + len(homes)
    r_lv = r_as + n_as
    pairs_at = np.arange(n_p)
    upper = sp.csr_matrix(
        (
            np.concatenate([np.ones(n_p + n_v + n_a), -np.ones(n_p + n_lv)]),
            (
                np.concatenate(
                    [
                        pair_row_hh.ravel(),
                        r_home + var_row_home.ravel(),
                        r_as + variants.arc_assoc[arcs],
                        r_lv + chunk.priority[hh] - 1,
                        r_lv + np.arange(n_lv),
                    ]
                ),
                np.concatenate(
                    [
                        pairs_at,
                        c_var + np.arange(n_v),
                        c_arc + np.arange(n_a),
                        pairs_at,
                        c_short + np.arange(n_lv),
                    ]
                ),
            ),
        ),
        shape=(r_lv + n_lv, c_short + n_lv),
    )
    upper_rhs = np.concatenate([np.ones(r_as), chunk.capacity, -at_least]).astype(np.float64)
    equal = sp.csr_matrix(
        (
            np.concatenate([np.ones(n_p), -np.ones(n_v), np.ones(n_v), -np.ones(n_a)]),
            (
                np.concatenate(
                    [pair_col_var.ravel(), np.arange(n_v), n_v + var_col_set.ravel(), n_v + arc_set]
                ),
                np.concatenate(
                    [pairs_at, c_var + np.arange(n_v), c_var + np.arange(n_v), c_arc + np.arange(n_a)]
                ),
            ),
        ),
        shape=(n_v + len(used_set), c_short + n_lv),
    )
    penalty = float(np.abs(weight).sum() + 1)
    cost = np.concatenate([-weight.astype(np.float64), np.zeros(n_v + n_a), np.full(n_lv, penalty)])
    bounds = np.column_stack(
        [
            np.zeros(c_short + n_lv),
            np.concatenate([np.ones(n_p + n_v), np.full(n_a + n_lv, np.inf)]),
        ]
    )
    res = linprog(
        cost,
        A_ub=upper,
        b_ub=upper_rhs,
        A_eq=equal,
        b_eq=np.zeros(equal.shape[0]),
        bounds=bounds,
        method="highs-ds",
        options={"time_limit": max(time_limit_s, 0.01)},
    )
    if res.status != 0:
        return None
    x = np.asarray(res.x, dtype=np.float64)
    dual = np.maximum(0.0, -np.asarray(res.ineqlin.marginals, dtype=np.float64))
    hh_price = np.zeros(chunk.n_hh)
    hh_price[households] = dual[:r_home]
    home_price = np.zeros(chunk.n_homes)
    home_price[homes] = dual[r_home:r_as]
    shortfall = x[c_short:]
    pairs, assoc = _integral_placements(
        x[:n_p], x[c_arc:c_short], core, pair_col_var, used_var, variants, arcs
    )
    value = float(weight @ x[:n_p])
    return CoreSolution(value, hh_price, home_price, dual[r_as:r_lv], dual[r_lv:], shortfall, pairs, assoc)


def _integral_placements(
    x_pairs: FloatArray,
    x_arcs: FloatArray,
    core: IntArray,
    pair_col_var: IntArray,
    used_var: IntArray,
    variants: Variants,
    arcs: IntArray,
) -> tuple[IntArray | None, IntArray | None]:
    """Chosen pairs and their associations when the LP optimum is integral, else (None, None)."""
    rounded = np.rint(np.concatenate([x_pairs, x_arcs]))
    if np.abs(np.concatenate([x_pairs, x_arcs]) - rounded).max(initial=0) > INTEGRAL:
        return None, None
    picked = np.flatnonzero(rounded[: len(x_pairs)] > 0)
    sets = variants.var_set[used_var[pair_col_var.ravel()[picked]]]
    try:
        assoc = assign_by_set(
            sets, variants.arc_set[arcs], variants.arc_assoc[arcs], rounded[len(x_pairs) :].astype(np.int64)
        )
    except FlowError:
        return None, None
    order = np.argsort(core[picked], kind="stable")
    return core[picked][order], assoc[order]
