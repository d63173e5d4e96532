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
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import numpy as np
from ortools.graph.python import linear_sum_assignment, min_cost_flow
from scipy.spatial import cKDTree

from matching import Options, assign, scoring, solve
from matching.candidates import build_candidates, reach_pairs
from matching.geodesy import chord_for_km
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


def run_size(name: str, time_limit_s: float) -> dict[str, object]:
    """One row: the pipeline on a synthetic round, then the baseline; peak memory of the pipeline."""
    size = SIZES[name]
    problem = synthetic_problem(*size[:3], support=size[3])
    cpu_before = time.process_time()
    solution = solve(problem, Options(time_limit_s=time_limit_s))
    cpu = time.process_time() - cpu_before
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
        "cpu_s": cpu,
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


def candidate_row(repeat: int) -> str:
    """Pairs within 10 km for 10k × 15k (exact WGS-84 decision) against a bare k-d tree join."""
    problem = synthetic_problem(10_000, 15_000, 50, support=False)
    problem = replace(problem, households=tuple(replace(h, max_km=10.0) for h in problem.households))
    t = build_tables(problem, load_norms())
    chord = float(chord_for_km(10.0))

    def bare() -> int:
        found = cKDTree(t.hh_vec).sparse_distance_matrix(cKDTree(t.home_vec), chord, output_type="ndarray")
        return len(found)

    ours_s, pairs = _best_of(repeat, lambda: len(reach_pairs(t)[0]))
    bare_s, joined = _best_of(repeat, bare)
    all_s, _ = _best_of(repeat, lambda: len(build_candidates(t).ok))
    return (
        f"pairs within 10 km, 10k × 15k: ours {ours_s:.3f} s ({pairs} pairs, exact WGS-84 decision) — "
        f"bare sparse_distance_matrix on unit vectors {bare_s:.3f} s ({joined} pairs) — "
        f"ratio {ours_s / bare_s:.2f}; with every rule applied {all_s:.3f} s"
    )


def _best_of(repeat: int, run: Callable[[], int]) -> tuple[float, int]:
    best, result = float("inf"), 0
    for _ in range(repeat):
        started = time.perf_counter()
        result = run()
        best = min(best, time.perf_counter() - started)
    return best, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", choices=sorted(SIZES))
    parser.add_argument("--time-limit", type=float, default=60.0, help="solver time limit per run (s)")
    parser.add_argument("--repeat", type=int, default=1, help="runs per size; the fastest is printed")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run_size(args.size, args.time_limit)))
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
        "cpu_s",
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
        runs = [_child(name, args.time_limit) for _ in range(max(args.repeat, 1))]
        row = min(runs, key=lambda r: float(str(r["total_s"])))
        print(
            "| "
            + " | ".join(f"{row[c]:.3g}" if isinstance(row[c], float) else str(row[c]) for c in cols)
            + " |",
            flush=True,
        )
    if not args.size:
        print()
        print(candidate_row(max(args.repeat, 1)))
        if ORLIB.is_dir():
            print()
            print("\n".join(orlib_rows()))


def _child(name: str, time_limit_s: float) -> dict[str, object]:
    """One size in a fresh process, so its peak memory is its own."""
    out = subprocess.run(  # noqa: S603 — runs this very module
        [
            sys.executable,
            "-m",
            "matching.benchmark",
            "--size",
            name,
            "--child",
            "--time-limit",
            str(time_limit_s),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    row: dict[str, object] = json.loads(out.stdout.strip().splitlines()[-1])
    return row


if __name__ == "__main__":
    main()
