"""Time-driven steps of the workflow, run by ``stirrup proposals expire`` and in the background by
``stirrup serve``: reminders to parties who have not answered a proposal after 48 hours (raised
once each; the notifications send them), proposals expiring after N days, accepted placements
starting on their move-in date, and crashed rounds marked failed.

Every step is idempotent and locks what it changes, so two servers running it at once do no harm.
"""

from __future__ import annotations

import logging
import threading
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, Engine, select
from sqlalchemy.orm import Session

from stirrup import clock
from stirrup.config import Settings
from stirrup.db import transaction
from stirrup.models import Decision, Party, Placement, PlacementDecision, PlacementStatus, ProposalReminder
from stirrup.services import lifecycle, round_runs
from stirrup.services.lifecycle import CloseReason

log = logging.getLogger(__name__)


def raise_due(db: Session, settings: Settings) -> list[ProposalReminder]:
    """A reminder for each party that has not accepted a proposal made more than
    ``STIRRUP_PROPOSAL_REMINDER_HOURS`` ago, once per party and proposal."""
    pending = _pending(
        db, Placement.created_at <= clock.now() - timedelta(hours=settings.proposal_reminder_hours)
    )
    if not pending:
        return []
    ids = [p.id for p in pending]
    reminded = set(
        db.execute(
            select(ProposalReminder.placement_id, ProposalReminder.party).where(
                ProposalReminder.placement_id.in_(ids)
            )
        )
    )
    accepted = set(
        db.execute(
            select(PlacementDecision.placement_id, PlacementDecision.party)
            .join(Placement, Placement.id == PlacementDecision.placement_id)
            .where(
                PlacementDecision.placement_id.in_(ids),
                PlacementDecision.decision == Decision.ACCEPTED,
                PlacementDecision.move_in_date == Placement.start_date,
            )
        )
    )
    raised = [
        ProposalReminder(placement_id=p.id, party=party)
        for p in pending
        for party in Party
        if (p.id, party) not in reminded and (p.id, party) not in accepted
    ]
    db.add_all(raised)
    db.flush()
    return raised


def _pending(db: Session, condition: ColumnElement[bool]) -> list[Placement]:
    """Proposals still waiting for answers that meet ``condition``, locked."""
    return list(
        db.scalars(
            select(Placement)
            .where(Placement.status == PlacementStatus.PROPOSED, condition)
            .order_by(Placement.id)
            .with_for_update()
        )
    )


def unsent(db: Session) -> list[ProposalReminder]:
    """Reminders raised and not sent yet: for the notifications to send (then :func:`mark_sent`)."""
    return list(
        db.scalars(
            select(ProposalReminder).where(ProposalReminder.sent_at.is_(None)).order_by(ProposalReminder.id)
        )
    )


def mark_sent(db: Session, reminder: ProposalReminder, at: datetime | None = None) -> None:
    reminder.sent_at = at or clock.now()
    db.flush()


def expire_due(db: Session) -> list[Placement]:
    """Proposals not accepted by all three by the time they expire (``STIRRUP_PROPOSAL_EXPIRY_DAYS``
    after they were made) expire: home and household are free again (the pair is not forbidden:
    nobody said no)."""
    expired = _pending(db, Placement.expires_at <= clock.now())
    for placement in expired:
        lifecycle.close(db, None, placement, CloseReason.EXPIRED, refresh=False)
    lifecycle.refresh_statuses(
        db, home_ids={p.home_id for p in expired}, household_ids={p.household_id for p in expired}
    )
    return expired


def expiring(db: Session, within: timedelta) -> list[Placement]:
    """Proposals still waiting for answers that expire within ``within``."""
    now = clock.now()
    return list(
        db.scalars(
            select(Placement)
            .where(
                Placement.status == PlacementStatus.PROPOSED, Placement.expires_at.between(now, now + within)
            )
            .order_by(Placement.expires_at)
        )
    )


def run_housekeeping(engine: Engine, settings: Settings) -> dict[str, int]:
    """Every time-driven step, each in its own transaction; returns what each did."""
    done = {}
    with transaction(engine) as db:
        done["rounds_failed"] = len(round_runs.fail_stale(db, settings))
    with transaction(engine) as db:  # before reminders: no reminder for what has just expired
        done["expired"] = len(expire_due(db))
    with transaction(engine) as db:
        done["reminders"] = len(raise_due(db, settings))
    with transaction(engine) as db:
        done["started"] = len(lifecycle.start_due(db, clock.today()))
    return done


class Housekeeper:
    """Runs :func:`run_housekeeping` every ``STIRRUP_HOUSEKEEPING_INTERVAL_S`` in a daemon thread."""

    def __init__(self, engine: Engine, settings: Settings) -> None:
        self._engine, self._settings = engine, settings
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="stirrup-housekeeping", daemon=True)

    def start(self) -> None:
        if self._settings.housekeeping_interval_s > 0:
            self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                done = run_housekeeping(self._engine, self._settings)
                log.info("housekeeping: %s", done)
            except Exception:  # the next turn may succeed (the database was away, say)
                log.exception("housekeeping failed")
            self._stop.wait(self._settings.housekeeping_interval_s)
