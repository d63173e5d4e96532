"""Matching rounds as coordinators run them: started over a territory, run in the background, their
progress and result read from the database by any process.

A round's row carries its status (running, done, failed), its stage (queued, building, solving,
explaining, storing, done), the process running it (``host:pid:start``) and a heartbeat that process
touches while it works. Starting a round takes a lock (an advisory lock on PostgreSQL, the write
lock on SQLite), marks crashed rounds failed (their process gone from this host, or their
heartbeat too old: the process may have run on another host), and refuses a territory that
overlaps a running round's; a partial unique index refuses a second running round on the very
same territory even without the lock.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import asdict, replace
from datetime import timedelta
from typing import Any

from sqlalchemy import Engine, select, text, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from stirrup import clock, processes
from stirrup.config import Settings
from stirrup.db import transaction
from stirrup.errors import Conflict, Forbidden, NotFound
from stirrup.models import (
    MatchingRun,
    MatchingRunKind,
    MatchingRunStatus,
    Placement,
    PlacementStatus,
    RoundStage,
)
from stirrup.schemas.rounds import RoundCreate
from stirrup.services import audit, partitions, pools, proposals, rounds
from stirrup.services.access import Principal
from stirrup.services.listing import Page, PageRequest, paginate
from stirrup.services.proposals import ProposalFilters
from stirrup.services.rounds import Parameters
from stirrup.services.territory import Territory

log = logging.getLogger(__name__)

#: Share of the work done when a stage starts (the solving stage advances with its time limit).
_PROGRESS = {
    RoundStage.QUEUED: 0.0,
    RoundStage.BUILDING: 0.05,
    RoundStage.SOLVING: 0.15,
    RoundStage.EXPLAINING: 0.8,
    RoundStage.STORING: 0.9,
    RoundStage.DONE: 1.0,
    RoundStage.FAILED: 1.0,
}
#: Advisory lock key serialising round starts on PostgreSQL (any constant would do).
_ROUND_LOCK = 0x5717_0001

SORTABLE = {"id": MatchingRun.id, "started_at": MatchingRun.started_at, "status": MatchingRun.status}


def check_coordinator(principal: Principal | None) -> None:
    """Rounds are the coordinators' tool (``None``: the command line, run by the operator)."""
    if principal is not None and not principal.oversees_all:
        raise Forbidden("matching rounds are for coordinators")


def start_round(
    db: Session, principal: Principal | None, request: RoundCreate, settings: Settings
) -> MatchingRun:
    """Record a new round, queued; the caller then has it run (``RoundRunner.submit``)."""
    territory = Territory.from_json(request.territory.model_dump())
    parameters = Parameters(
        time_limit_s=request.time_limit_s,
        max_radius_km=request.max_radius_km,
        weight_distance=request.weights.distance,
        weight_preferred_commune=request.weights.preferred_commune,
        weight_size_fit=request.weights.size_fit,
        replace_unanswered=request.replace_unanswered,
    )
    return _start(db, principal, territory, parameters, settings)


def _start(
    db: Session, principal: Principal | None, territory: Territory, parameters: Parameters, settings: Settings
) -> MatchingRun:
    check_coordinator(principal)
    parameters = replace(parameters, max_candidates=settings.round_candidate_cap)
    _lock_round_starts(db)
    fail_stale(db, settings)
    for running in db.scalars(
        select(MatchingRun).where(
            MatchingRun.status == MatchingRunStatus.RUNNING, MatchingRun.kind == MatchingRunKind.ROUND
        )
    ):
        other = Territory.from_json(running.territory)
        if other.overlaps(territory):
            raise Conflict(
                f"round {running.id} is running on {other.describe()}, which overlaps "
                f"{territory.describe()}; wait until it is done (GET /api/v1/rounds/{running.id})"
            )
    run = MatchingRun(
        kind=MatchingRunKind.ROUND,
        status=MatchingRunStatus.RUNNING,
        stage=RoundStage.QUEUED,
        started_by_id=principal.user_id if principal else None,
        territory=territory.as_json(),
        territory_key=territory.key,
        parameters=asdict(parameters),
        worker=processes.identity(),  # the process that records a round runs it
    )
    db.add(run)
    try:
        db.flush()
    except IntegrityError:
        raise Conflict(f"a round is already running on {territory.describe()}") from None
    audit.record(db, principal, "start_round", "matching_run", run.id, territory=territory.key)
    return run


def _lock_round_starts(db: Session) -> None:
    if db.get_bind().dialect.name == "postgresql":
        db.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _ROUND_LOCK})
    # SQLite: the request's write transaction (BEGIN IMMEDIATE) already excludes other writers.


def fail_stale(db: Session, settings: Settings) -> list[MatchingRun]:
    """Mark failed the running rounds whose process has gone (killed, crashed, restarted): at once
    when it ran on this host, else once its heartbeat is older than ``round_stale_after_s``."""
    limit = clock.now() - timedelta(seconds=settings.round_stale_after_s)
    running = db.scalars(
        select(MatchingRun).where(MatchingRun.status == MatchingRunStatus.RUNNING).with_for_update()
    )
    stale = [run for run in running if run.heartbeat_at < limit or processes.is_gone(run.worker)]
    for run in stale:
        _finish(run, MatchingRunStatus.FAILED, "the process running this round stopped; restart it")
        audit.record(db, None, "fail_round", "matching_run", run.id, reason="stale")
    db.flush()
    return stale


def restart_round(db: Session, principal: Principal | None, run_id: int, settings: Settings) -> MatchingRun:
    """Start again, with the same territory and options, a round that failed."""
    check_coordinator(principal)
    fail_stale(db, settings)
    old = get_round(db, principal, run_id)
    if old.status is not MatchingRunStatus.FAILED:
        raise Conflict(f"round {run_id} is {old.status.value}: only a failed round can be restarted")
    return _start(
        db, principal, Territory.from_json(old.territory), Parameters.from_json(old.parameters), settings
    )


def run_round(engine: Engine, run_id: int, settings: Settings) -> None:
    """Build, solve, explain and store one round (in a worker thread or the command line)."""
    try:
        with _heartbeat(engine, run_id, settings.round_stale_after_s / 6):
            _run(engine, run_id, settings)
    except Exception as error:  # the round fails; the service goes on
        log.exception("round %s failed", run_id)
        with transaction(engine) as db:
            run = db.get(MatchingRun, run_id, with_for_update=True)
            if run is not None and run.status is MatchingRunStatus.RUNNING:
                _finish(
                    run,
                    MatchingRunStatus.FAILED,
                    f"{type(error).__name__}: {str(error).splitlines()[0][:300]}",
                )


def _run(engine: Engine, run_id: int, settings: Settings) -> None:
    _set_stage(engine, run_id, RoundStage.BUILDING, worker=processes.identity())
    with transaction(engine, write=False) as db:
        run = db.get(MatchingRun, run_id)
        assert run is not None
        if settings.round_partitions == "departement" and run.territory.get("kind", "all") == "all":
            return _run_partitioned(engine, run_id, settings)
        parameters = Parameters.from_json(run.parameters)
        pool = pools.for_round(db, Territory.from_json(run.territory), parameters.replace_unanswered)
        problem = rounds.to_problem(pool, clock.today(), parameters.max_radius_km)
        actor = rounds.principal_of(db, run.started_by_id)
    _set_stage(engine, run_id, RoundStage.SOLVING)
    solution = rounds.solve(problem, parameters)
    _set_stage(engine, run_id, RoundStage.EXPLAINING)
    explained = rounds.explain_outcomes(problem, solution, pool)
    _set_stage(engine, run_id, RoundStage.STORING)
    with transaction(engine) as db:
        run = db.get(MatchingRun, run_id, with_for_update=True, populate_existing=True)
        if run is None or run.status is not MatchingRunStatus.RUNNING:
            return  # marked failed meanwhile (taken for crashed): its result is not wanted
        counts = rounds.propose(db, actor, run, pool, solution, explained, settings)
        counts["unmatched"] = rounds.store_unmatched(db, run, solution, explained)
        run.solver_status, run.objective, run.bound = (
            solution.status.value,
            solution.objective,
            solution.bound,
        )
        run.gap = solution.gap
        run.result = {
            "counts": {
                "households": len(problem.households),
                "homes": len(problem.homes),
                "associations": len(problem.associations),
                "locked": len(problem.locked),
                "forbidden": len(problem.forbidden),
                "candidate_pairs": solution.candidate_pairs,
                "capped_households": solution.capped_households,
                **counts,
            },
            "placed_by_priority": {str(k): v for k, v in solution.placed_by_priority.items()},
            "timings_s": {k: round(v, 4) for k, v in solution.timings_s.items()},
            "messages": list(solution.messages),
            "input_hash": solution.input_hash,
        }
        _finish(run, MatchingRunStatus.DONE)
        audit.record(db, actor, "finish_round", "matching_run", run.id, proposals=counts["proposals"])


def _run_partitioned(engine: Engine, run_id: int, settings: Settings) -> None:
    """A round over every territory, département by département (services.partitions)."""
    _set_stage(engine, run_id, RoundStage.SOLVING)
    parts = partitions.run_partitioned(engine, run_id, settings)
    with transaction(engine) as db:
        run = db.get(MatchingRun, run_id, with_for_update=True, populate_existing=True)
        if run is None or run.status is not MatchingRunStatus.RUNNING:
            return
        partitions.summarise(run, parts)
        done = any(p["status"] == "done" for p in parts) or not parts
        _finish(run, MatchingRunStatus.DONE if done else MatchingRunStatus.FAILED, run.error)
        audit.record(
            db,
            rounds.principal_of(db, run.started_by_id),
            "finish_round",
            "matching_run",
            run.id,
            proposals=run.result["counts"].get("proposals", 0),
            failed_parts=sum(p["status"] != "done" for p in parts),
        )


def _finish(run: MatchingRun, status: MatchingRunStatus, error: str | None = None) -> None:
    run.status, run.error = status, error
    run.stage = RoundStage.DONE if status is MatchingRunStatus.DONE else RoundStage.FAILED
    run.finished_at = run.stage_changed_at = clock.now()


def _set_stage(engine: Engine, run_id: int, stage: RoundStage, **values: object) -> None:
    with transaction(engine) as db:
        now = clock.now()
        db.execute(
            update(MatchingRun)
            .where(MatchingRun.id == run_id, MatchingRun.status == MatchingRunStatus.RUNNING)
            .values(stage=stage, stage_changed_at=now, heartbeat_at=now, **values)
        )


@contextmanager
def _heartbeat(engine: Engine, run_id: int, every_s: float) -> Iterator[None]:
    """Touch the round's heartbeat every few seconds while the block runs."""
    stop = threading.Event()

    def beat() -> None:
        while not stop.wait(every_s):
            try:
                with transaction(engine) as db:
                    db.execute(
                        update(MatchingRun).where(MatchingRun.id == run_id).values(heartbeat_at=clock.now())
                    )
            except Exception:  # a missed beat is no reason to stop; a stale round is failed later
                log.warning("round %s: heartbeat not recorded", run_id, exc_info=True)

    thread = threading.Thread(target=beat, name=f"round-{run_id}-heartbeat", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def progress(run: MatchingRun) -> float:
    """How far the round has got, from 0 to 1: by stage, and while solving by its time limit."""
    share = _PROGRESS[run.stage]
    if run.stage is RoundStage.SOLVING:
        limit = float(run.parameters.get("time_limit_s") or 1.0)
        elapsed = (clock.now() - run.stage_changed_at).total_seconds()
        share += (_PROGRESS[RoundStage.EXPLAINING] - share) * min(1.0, elapsed / limit)
    return round(share, 3)


def get_round(db: Session, principal: Principal | None, run_id: int) -> MatchingRun:
    check_coordinator(principal)
    run = db.get(MatchingRun, run_id)
    if run is None or run.kind is not MatchingRunKind.ROUND:
        raise NotFound(f"round {run_id} not found")
    return run


def list_rounds(db: Session, principal: Principal, page: PageRequest) -> Page[MatchingRun]:
    check_coordinator(principal)
    stmt = select(MatchingRun).where(MatchingRun.kind == MatchingRunKind.ROUND)
    result: Page[MatchingRun] = paginate(db, stmt, page, SORTABLE, "-started_at", MatchingRun.id)
    return result


def round_proposals(
    db: Session, principal: Principal, run_id: int, status: PlacementStatus | None, page: PageRequest
) -> Page[Placement]:
    """The proposals a round made (any status unless one is asked for)."""
    run = get_round(db, principal, run_id)
    return proposals.list_proposals(db, principal, ProposalFilters(status, run.id), page)


def view(run: MatchingRun) -> dict[str, Any]:
    """A round as the API shows it: progress, and the summary of the result once done."""
    return {
        **{
            name: getattr(run, name)
            for name in (
                "id",
                "status",
                "stage",
                "started_at",
                "finished_at",
                "heartbeat_at",
                "started_by_id",
                "territory",
                "parameters",
                "solver_status",
                "objective",
                "bound",
                "gap",
                "error",
            )
        },
        "partitions": run.result.get("partitions", []),
        "progress": progress(run),
        "counts": run.result.get("counts", {}),
        "placed_by_priority": run.result.get("placed_by_priority", {}),
        "timings_s": run.result.get("timings_s", {}),
        "messages": run.result.get("messages", []),
    }


class RoundRunner:
    """Runs rounds in background threads of this process (rounds on overlapping territories are
    refused before they get here); the database row is what everyone reads."""

    def __init__(self, engine: Engine, settings: Settings) -> None:
        self._engine, self._settings = engine, settings
        self._pool = ThreadPoolExecutor(max_workers=4, thread_name_prefix="stirrup-round")

    def submit(self, run_id: int) -> Future[None]:
        return self._pool.submit(run_round, self._engine, run_id, self._settings)

    def shutdown(self) -> None:
        """Wait for the rounds under way (a round cut short would be failed as stale later)."""
        self._pool.shutdown(wait=True)
