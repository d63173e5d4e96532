"""A round over every territory solved département by département, in parallel worker processes.

Each département is a partition: its own pool (services.pools), problem, solve, explanations and
proposals, stored in its own transaction, so that one département failing loses nothing the others
found. Households match homes of their own département only (as in a département round); an
association's free places are shared among the départements it works in (its base's and those of
the communes it lists), so that parallel parts never give it more households than its capacity.
Households whose anchor has no INSEE code belong to no département: a last pass, after the
others, matches them with the homes still free anywhere, replacing no proposal.

Workers are processes started afresh (``spawn``): they open their own database connections and
send back a small summary (counts, timings, peak memory), never rows.
"""

from __future__ import annotations

import logging
import multiprocessing
import resource
import time
from collections import Counter
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import replace
from typing import Any

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

import matching
from stirrup import clock
from stirrup.config import Settings
from stirrup.db import make_engine, transaction
from stirrup.geography import departement_near, departement_of
from stirrup.models import (
    LIVE_STATUSES,
    Association,
    Household,
    MatchingRun,
    MatchingRunStatus,
    Placement,
    PlacementDecision,
    PlacementStatus,
)
from stirrup.services import pools, rounds
from stirrup.services.pools import OPEN_HOUSEHOLDS
from stirrup.services.rounds import Parameters
from stirrup.services.territory import Territory

log = logging.getLogger(__name__)

#: The partition of the households without an INSEE code (and of cross-border leftovers).
REST = "rest"

#: A partitioned round's solver status is its parts' worst.
_WORST_FIRST = (
    matching.Status.INVALID_INPUT,
    matching.Status.INFEASIBLE,
    matching.Status.TIMED_OUT,
    matching.Status.FEASIBLE,
    matching.Status.OPTIMAL,
)

#: One engine per worker process and database (workers serve many partitions).
_engines: dict[str, Engine] = {}


def departements_to_match(db: Session) -> tuple[list[str], bool]:
    """The départements with households to match, and whether some have no INSEE code."""
    codes = db.scalars(
        select(Household.anchor_insee_code).where(Household.status.in_(OPEN_HOUSEHOLDS)).distinct()
    ).all()
    found = sorted({departement_of(code) for code in codes if code})
    return found, any(code is None for code in codes)


def capacity_shares(
    db: Session, departements: list[str], replace_unanswered: bool
) -> dict[str, dict[int, int]]:
    """Per département, the new households each association may take there: its free places
    (capacity less the placements it holds that the round keeps) split evenly among the
    départements it works in, the remainder to its base's."""
    kept = select(Placement.association_id, func.count()).group_by(Placement.association_id)
    held = Counter(dict(db.execute(kept.where(Placement.status.in_(LIVE_STATUSES))).all()))
    proposed = kept.where(Placement.status == PlacementStatus.PROPOSED)
    if replace_unanswered:  # only a proposal someone has answered is sure to stay
        proposed = proposed.where(Placement.id.in_(select(PlacementDecision.placement_id)))
    held.update(dict(db.execute(proposed).all()))
    wanted = set(departements)
    shares: dict[str, dict[int, int]] = {code: {} for code in departements}
    for a in db.scalars(select(Association).order_by(Association.id)):
        base = departement_near(a.base_latitude, a.base_longitude)
        places = sorted(({base} | {departement_of(c) for c in a.communes}) & wanted, key=lambda d: d != base)
        free = max(0, a.capacity - held[a.id])
        for i, code in enumerate(places):
            shares[code][a.id] = free // len(places) + (1 if i < free % len(places) else 0)
    return shares


def solve_partition(
    settings: Settings, run_id: int, departement: str, shares: dict[int, int] | None, workers: int
) -> dict[str, Any]:
    """Build, solve, explain and store one département's part of a round (in a worker process, or
    in the calling one); a summary of what it did."""
    started = time.perf_counter()
    engine = _engines.get(settings.database_url)
    if engine is None:
        engine = _engines[settings.database_url] = make_engine(settings.database_url)
    rest = departement == REST
    with transaction(engine, write=False) as db:
        run = db.get(MatchingRun, run_id)
        assert run is not None
        parameters = Parameters.from_json(run.parameters)
        territory = Territory() if rest else Territory("departement", departement)
        pool = pools.for_round(db, territory, parameters.replace_unanswered and not rest)
        if rest:  # the others' households were the départements' to match (and to explain)
            keep = {p.household_id for p in pool.locked}
            pool.households = {
                i: h for i, h in pool.households.items() if h.anchor_insee_code is None or i in keep
            }
        problem = rounds.to_problem(pool, clock.today(), parameters.max_radius_km, shares)
        actor = rounds.principal_of(db, run.started_by_id)
    loaded = time.perf_counter()
    options = replace(parameters.options(), workers=workers)
    solution = matching.solve(problem, options)
    solved = time.perf_counter()
    explained = rounds.explain_outcomes(problem, solution, pool)
    explained_at = time.perf_counter()
    with transaction(engine) as db:
        run = db.get(MatchingRun, run_id, with_for_update=True, populate_existing=True)
        if run is None or run.status is not MatchingRunStatus.RUNNING:
            raise RuntimeError("the round was marked failed while this part ran")
        counts = rounds.propose(db, actor, run, pool, solution, explained, settings)
        counts["unmatched"] = rounds.store_unmatched(db, run, solution, explained)
    laps = solution.timings_s
    return {
        "departement": departement,
        "status": "done",
        "solver_status": solution.status.value,
        "objective": solution.objective,
        "bound": solution.bound,
        "counts": {
            "households": len(problem.households),
            "homes": len(problem.homes),
            "associations": len(problem.associations),
            "candidate_pairs": solution.candidate_pairs,
            "capped_households": solution.capped_households,
            **counts,
        },
        "timings_s": {
            "load": round(loaded - started, 3),
            "candidates": round(laps.get("tables", 0.0) + laps.get("candidates", 0.0), 3),
            "solve": round(solved - loaded - laps.get("tables", 0.0) - laps.get("candidates", 0.0), 3),
            "explain": round(explained_at - solved, 3),
            "store": round(time.perf_counter() - explained_at, 3),
            "total": round(time.perf_counter() - started, 3),
        },
        "messages": list(solution.messages),
        "peak_rss_mb": peak_rss_mb(),
    }


def peak_rss_mb() -> float:
    """This process's peak resident memory, in MB: VmHWM, which (unlike ``ru_maxrss``) does not
    carry over the parent's from before a worker was started."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def run_partitioned(engine: Engine, run_id: int, settings: Settings) -> list[dict[str, Any]]:
    """Solve every département of a round, ``settings.round_workers`` at a time; one summary per
    partition, a failed one saying why (the others' proposals are kept)."""
    with transaction(engine, write=False) as db:
        run = db.get(MatchingRun, run_id)
        assert run is not None
        replace_unanswered = Parameters.from_json(run.parameters).replace_unanswered
        departements, unlocated = departements_to_match(db)
        shares = capacity_shares(db, departements, replace_unanswered)
    workers = min(settings.round_workers, max(1, len(departements)))
    if workers <= 1:
        done = [_guarded(solve_partition, settings, run_id, d, shares[d], 1) for d in departements]
    else:
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            futures = {
                d: pool.submit(solve_partition, settings, run_id, d, shares[d], 1) for d in departements
            }
            done = [_result(d, future) for d, future in futures.items()]
    if unlocated:
        done.append(_guarded(solve_partition, settings, run_id, REST, None, 1))
    return done


def _guarded(solve: Any, settings: Settings, run_id: int, departement: str, *args: Any) -> dict[str, Any]:
    try:
        result: dict[str, Any] = solve(settings, run_id, departement, *args)
        return result
    except Exception as error:  # one part failing must not lose the others
        return _failed(departement, error)


def _result(departement: str, future: Future[dict[str, Any]]) -> dict[str, Any]:
    try:
        return future.result()
    except Exception as error:  # a worker that raised, or died
        return _failed(departement, error)


def _failed(departement: str, error: Exception) -> dict[str, Any]:
    log.error("round partition %s failed: %s", departement, type(error).__name__, exc_info=error)
    return {"departement": departement, "status": "failed", "error": describe(error)}


def describe(error: BaseException) -> str:
    """An error as a round's record shows it: its kind and first line (no data from the rows)."""
    first = str(error).splitlines()[0][:300] if str(error) else ""
    return f"{type(error).__name__}: {first}" if first else type(error).__name__


def summarise(run: MatchingRun, parts: list[dict[str, Any]]) -> None:
    """Write the partitions' summaries into the round's record: done if any part was, with the
    failed parts named in its error."""
    ok = [p for p in parts if p["status"] == "done"]
    failed = [p for p in parts if p["status"] != "done"]
    counts: Counter[str] = Counter()
    timings: Counter[str] = Counter()
    for part in ok:
        counts.update(part["counts"])
        timings.update(part["timings_s"])
    statuses = {p["solver_status"] for p in ok}
    run.solver_status = next((s.value for s in _WORST_FIRST if s.value in statuses), None)
    run.objective = sum(p["objective"] or 0.0 for p in ok) if ok else None
    run.bound = sum(p["bound"] or 0.0 for p in ok) if ok else None
    run.result = {
        "counts": dict(counts),
        "timings_s": {k: round(v, 3) for k, v in timings.items()},
        "partitions": parts,
        "messages": [f"département {p['departement']}: {m}" for p in ok for m in p.get("messages", [])],
    }
    if failed:
        run.error = "; ".join(f"département {p['departement']}: {p['error']}" for p in failed)
