"""``stirrup match``: a matching round run from the command line, with a progress bar.

The round is recorded and run exactly as one started through the API (services.round_runs); this
process runs it in a worker thread and reads its progress back from the database.
"""

from __future__ import annotations

import threading

import typer
from pydantic import ValidationError
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from sqlalchemy import Engine

from stirrup.config import Settings
from stirrup.db import transaction
from stirrup.errors import InvalidInput, StirrupError
from stirrup.models import MatchingRun, MatchingRunStatus
from stirrup.schemas.rounds import RoundCreate
from stirrup.services import round_runs
from stirrup.services.territory import Territory


def run_match(
    engine: Engine,
    settings: Settings,
    territory_text: str,
    *,
    time_limit_s: float,
    max_radius_km: float | None,
    weights: tuple[int, int, int],
    replace_unanswered: bool,
) -> None:
    """Start a round, show its progress until it is done, and print its summary."""
    territory = Territory.parse(territory_text)
    try:  # the same body, and so the same limits, as the API's
        request = RoundCreate(
            territory=territory.as_json(),
            time_limit_s=time_limit_s,
            max_radius_km=max_radius_km,
            weights={"distance": weights[0], "preferred_commune": weights[1], "size_fit": weights[2]},
            replace_unanswered=replace_unanswered,
        )
    except ValidationError as error:
        first = error.errors()[0]
        raise InvalidInput.field(".".join(str(p) for p in first["loc"]), first["msg"]) from None
    with transaction(engine) as db:
        run_id = round_runs.start_round(db, None, request, settings).id
    worker = threading.Thread(target=round_runs.run_round, args=(engine, run_id, settings), daemon=True)
    worker.start()
    columns = (
        TextColumn("round {task.fields[run]} {task.description:<10}"),
        BarColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, transient=False) as bar:
        task = bar.add_task("queued", total=1.0, run=run_id)
        while True:
            run = _read(engine, run_id)
            bar.update(task, completed=round_runs.progress(run), description=run.stage.value)
            if not worker.is_alive():
                break
            worker.join(0.2)
    run = _read(engine, run_id)
    if run.status is not MatchingRunStatus.DONE:
        raise StirrupError(f"round {run_id} failed: {run.error}")
    counts = run.result.get("counts", {})
    typer.echo(
        f"round {run_id} done on {territory.describe()}: {counts.get('proposals', 0)} new proposal(s), "
        f"{counts.get('confirmed', 0)} confirmed, {counts.get('superseded', 0)} superseded, "
        f"{counts.get('unmatched', 0)} household(s) without a proposal; solver {run.solver_status}, "
        f"gap {100 * (run.gap or 0):.2f} %, {run.result.get('timings_s', {}).get('total', 0):.2f} s"
    )


def _read(engine: Engine, run_id: int) -> MatchingRun:
    with transaction(engine, write=False) as db:
        run = db.get(MatchingRun, run_id)
        assert run is not None
        return run
