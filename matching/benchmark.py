"""`python -m matching.benchmark`: seeded synthetic rounds, each beside an independent baseline.

Each size runs in a fresh process so its peak memory (ru_maxrss, with its worker processes) is its own.
The baseline solves the same candidate pairs without the association rule with OR-Tools' min-cost flow
built here directly (households → homes → sink), so it is an independent check of the matching core.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
from ortools.graph.python import linear_sum_assignment, min_cost_flow
from scipy.spatial import cKDTree

from matching import Options, assign, scoring, solve
from matching.candidates import build_candidates
from matching.norms import load_norms
from matching.synthetic import synthetic_problem
from matching.tables import build_tables

SIZES = {
    "1k": (1_000, 1_500, 10, True),
    "10k-nosupport": (10_000, 15_000, 50, False),
    "10k": (10_000, 15_000, 50, True),
    "50k": (50_000, 75_000, 200, True),
}
ORLIB = next(
    (
        p / "shared" / "benchmarks" / "orlib"
        for p in Path(__file__).resolve().parents
        if (p / "shared" / "benchmarks" / "orlib").is_dir()
    ),
    Path("shared/benchmarks/orlib"),
)


def baseline(problem_size: tuple[int, int, int, bool]) -> dict[str, float]:
    """Max-weight matching of the same pairs and weights, no association rule, OR-Tools MCF."""
    problem = synthetic_problem(*problem_size[:3], support=problem_size[3])
    options = Options()
    t = build_tables(problem, load_norms())
    c = build_candidates(t)
    ok = c.ok
    d, p, s = scoring.score_parts(t, c.hh[ok], c.home[ok], c.km, options)
    w = t.hh_priority[c.hh[ok]] * scoring.delta(len(t.hh_ids), options) + d + p + s
    n, m = len(t.hh_ids), len(t.home_ids)
    started = time.perf_counter()
    flow = min_cost_flow.SimpleMinCostFlow()
    src, snk = n + m, n + m + 1
    tails = np.concatenate([np.full(n, src), c.hh[ok], n + np.arange(m), [src]])
    heads = np.concatenate([np.arange(n), n + c.home[ok], np.full(m, snk), [snk]])
    caps = np.concatenate([np.ones(n + len(ok) + m, dtype=np.int64), [n]])
    costs = np.concatenate([np.zeros(n, dtype=np.int64), -w, np.zeros(m + 1, dtype=np.int64)])
    flow.add_arcs_with_capacity_and_unit_cost(tails, heads, caps, costs)
    flow.set_node_supply(src, n)
    flow.set_node_supply(snk, -n)
    flow.solve()
    return {"baseline_s": time.perf_counter() - started, "baseline_objective": -flow.optimal_cost()}


def run_size(name: str) -> dict[str, object]:
    """One row: the pipeline on a synthetic round, then the baseline; peak memory of the pipeline."""
    size = SIZES[name]
    problem = synthetic_problem(*size[:3], support=size[3])
    solution = solve(problem, Options(time_limit_s=120))
    peak = (
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        + resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    ) / 1024
    row: dict[str, object] = {
        "size": name,
        "households": size[0],
        "homes": size[1],
        "associations": size[2],
        "pairs": solution.candidate_pairs,
        **{f"{k}_s": v for k, v in solution.timings_s.items()},
        "status": str(solution.status),
        "objective": solution.objective,
        "bound": solution.bound,
        "gap": solution.gap,
        "peak_mb": peak,
    }
    return {**row, **baseline(size)}


def orlib_rows() -> list[str]:
    """`assign` against OR-Tools' linear sum assignment on the twelve OR-Library instances."""
    lines = [
        "| instance | optimum | assign | assign s | OR-Tools LSA s | ratio |",
        "|---|---|---|---|---|---|",
    ]
    optima = dict(
        line.split()[:2] for line in (ORLIB / "assignopt.txt").read_text().splitlines()[1:] if line.strip()
    )
    for name, optimum in optima.items():
        tokens = (ORLIB / f"{name}.txt").read_text().split()
        n, values = int(tokens[0]), np.asarray(tokens[1:], dtype=np.int64)
        if name.startswith("assignp"):
            arcs = values.reshape(-1, 3) - np.array([1, 1, 0])
        else:
            i, j = np.indices((n, n))
            arcs = np.column_stack([i.ravel(), j.ravel(), values])
        big = n * int(arcs[:, 2].max()) + 1
        edges = arcs.copy()
        edges[:, 2] = big - arcs[:, 2]
        best_ours, best_lsa = 1e9, 1e9
        for _ in range(3):
            t0 = time.perf_counter()
            result = assign(n, n, edges)
            t1 = time.perf_counter()
            lsa = linear_sum_assignment.SimpleLinearSumAssignment()
            lsa.add_arcs_with_cost(arcs[:, 0].astype(np.int32), arcs[:, 1].astype(np.int32), arcs[:, 2])
            lsa.solve()
            t2 = time.perf_counter()
            best_ours, best_lsa = min(best_ours, t1 - t0), min(best_lsa, t2 - t1)
        cost = n * big - result.total_weight
        lines.append(
            f"| {name} | {optimum} | {cost} | {best_ours:.4f} | {best_lsa:.4f} | {best_ours / best_lsa:.2f} |"
        )
    return lines


def candidate_row() -> str:
    """Candidate generation for 10k × 15k against a bare k-d tree join at the same radius."""
    problem = synthetic_problem(10_000, 15_000, 50, support=False)
    t = build_tables(problem, load_norms())
    t0 = time.perf_counter()
    cands = build_candidates(t)
    t1 = time.perf_counter()
    radius = float(np.max(t.hh_max_km)) / 6371.0088
    cKDTree(t.hh_vec).sparse_distance_matrix(cKDTree(t.home_vec), radius, output_type="ndarray")
    t2 = time.perf_counter()
    return (
        f"candidates 10k × 15k: ours {t1 - t0:.3f} s ({len(cands.hh)} pairs in reach) — "
        f"bare sparse_distance_matrix at the largest radius {t2 - t1:.3f} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", choices=sorted(SIZES))
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run_size(args.size)))
        return
    names = [args.size] if args.size else list(SIZES)
    cols = [
        "size",
        "households",
        "homes",
        "associations",
        "pairs",
        "candidates_s",
        "build_s",
        "solve_s",
        "explain_s",
        "total_s",
        "status",
        "objective",
        "bound",
        "gap",
        "peak_mb",
        "baseline_s",
        "baseline_objective",
    ]
    print("| " + " | ".join(cols) + " |")
    print("|" + "---|" * len(cols))
    for name in names:
        out = subprocess.run(  # noqa: S603 — runs this very module
            [sys.executable, "-m", "matching.benchmark", "--size", name, "--child"],
            capture_output=True,
            text=True,
            check=True,
        )
        row = json.loads(out.stdout.strip().splitlines()[-1])
        print(
            "| "
            + " | ".join(f"{row[c]:.3g}" if isinstance(row[c], float) else str(row[c]) for c in cols)
            + " |",
            flush=True,
        )
    if not args.size:
        print()
        print(candidate_row())
        if ORLIB.is_dir():
            print()
            print("\n".join(orlib_rows()))


if __name__ == "__main__":
    main()
