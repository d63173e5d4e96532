"""A matching round run in a process of its own, for the crash-safety test: it records a round on
the database named by its argument, runs it, and — the deterministic hook — once the round's
proposals are written but not yet committed, prints ``stored`` and waits to be killed.

Usage: python -m tests.security.round_worker DATABASE_URL
"""

from __future__ import annotations

import sys
import time
from typing import Any

from stirrup.config import Settings
from stirrup.db import make_engine, transaction
from stirrup.schemas.rounds import RoundCreate
from stirrup.services import round_runs, rounds

_propose = rounds.propose


def propose_then_wait(db: Any, *args: Any, **kwargs: Any) -> Any:
    """Write the proposals inside the round's storing transaction, then hang before the commit."""
    counts = _propose(db, *args, **kwargs)
    db.flush()
    print("stored", flush=True)
    time.sleep(600)
    return counts


def main(database_url: str) -> None:
    rounds.propose = propose_then_wait
    settings = Settings(database_url=database_url)
    engine = make_engine(database_url)
    with transaction(engine) as db:
        run_id = round_runs.start_round(db, None, RoundCreate(time_limit_s=3), settings).id
    print(f"round {run_id}", flush=True)
    round_runs.run_round(engine, run_id, settings)


if __name__ == "__main__":
    main(sys.argv[1])
