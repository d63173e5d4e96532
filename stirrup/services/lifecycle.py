"""The state machine of a placement, and the statuses of homes and households that follow from it.

    proposed ──(all three accept)──► accepted ──(move-in date)──► active ──► ended
        │                               (accepted on or after the move-in date goes straight to active)
        ├──(a party declines)──► declined
        └──(expired, superseded, home taken, home withdrawn, household exited)──► cancelled

A household is *proposed* while a proposal for it is pending, *placed* while a placement holds it
(accepted or active), *exited* once a placement has ended (or when its social worker says so), and
*waiting* otherwise. A home is *proposed*, *occupied*, or back to *available* the same way; draft
and withdrawn are the owner's choice and stay as they are. :func:`refresh_statuses` is the one
place that computes this: every change of a placement's status calls it.

Writers lock rows in one order — the household, then the home, then placements — so that two
transactions do not wait on each other (see :func:`lock_pair`).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from enum import StrEnum
from typing import TypeVar

from dateutil.relativedelta import relativedelta
from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from stirrup import clock
from stirrup.errors import NotFound
from stirrup.models import (
    LIVE_STATUSES,
    Home,
    HomeStatus,
    Household,
    HouseholdStatus,
    Placement,
    PlacementStatus,
)
from stirrup.services import audit, notifications
from stirrup.services.access import Principal

PLACEMENT_MONTHS = 6
T = TypeVar("T")


class CloseReason(StrEnum):
    """Why a proposal ended without becoming a placement (``placements.closed_reason``)."""

    DECLINED = "declined"
    EXPIRED = "expired"
    SUPERSEDED = "superseded"
    HOME_TAKEN = "home_taken"
    HOUSEHOLD_PLACED = "household_placed"
    HOME_WITHDRAWN = "home_withdrawn"
    HOUSEHOLD_EXITED = "household_exited"


def six_months_after(start: date) -> date:
    """The planned end of a placement: six calendar months (31 August → 28/29 February)."""
    return start + relativedelta(months=PLACEMENT_MONTHS)


def lock_pair(db: Session, household_id: int, home_id: int) -> tuple[Household, Home]:
    """Lock the household, then the home (``SELECT … FOR UPDATE`` on PostgreSQL; SQLite's
    ``BEGIN IMMEDIATE`` already serialises writers) and return them as they now are."""
    household = db.scalar(_locked(Household, household_id))
    home = db.scalar(_locked(Home, home_id))
    if home is None or household is None:
        raise NotFound("the home or the household of this proposal no longer exists")
    return household, home


def _locked(model: type[T], row_id: int) -> Select[tuple[T]]:
    return (
        select(model)
        .where(model.id == row_id)  # type: ignore[attr-defined]
        .with_for_update()
        .execution_options(populate_existing=True)
    )


def lock_placement(db: Session, placement_id: int) -> Placement:
    """The placement row, locked and re-read (another transaction may just have changed it)."""
    placement = db.scalar(_locked(Placement, placement_id))
    if placement is None:
        raise NotFound(f"proposal {placement_id} not found")
    return placement


def lock_placements(db: Session, placement_ids: Iterable[int]) -> list[Placement]:
    """Placement rows, locked in id order and re-read, in one statement (a round's replaceable
    proposals)."""
    wanted = sorted(set(placement_ids))
    if not wanted:
        return []
    found = list(
        db.scalars(
            select(Placement)
            .where(Placement.id.in_(wanted))
            .order_by(Placement.id)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
    )
    missing = sorted(set(wanted) - {p.id for p in found})
    if missing:
        raise NotFound(f"proposal {missing[0]} not found")
    return found


def close(
    db: Session,
    actor: Principal | None,
    placement: Placement,
    reason: CloseReason,
    *,
    refresh: bool = True,
) -> None:
    """End a pending proposal: declined when a party said no, cancelled for any other reason."""
    placement.status = (
        PlacementStatus.DECLINED if reason is CloseReason.DECLINED else PlacementStatus.CANCELLED
    )
    placement.closed_at = clock.now()
    placement.closed_reason = reason.value
    audit.record(db, actor, "close_proposal", "placement", placement.id, reason=reason.value)
    if refresh:
        refresh_statuses(db, home_ids=[placement.home_id], household_ids=[placement.household_id])


def close_pending(
    db: Session,
    actor: Principal | None,
    reason: CloseReason,
    *,
    home_id: int | None = None,
    household_id: int | None = None,
    keep: int | None = None,
) -> list[Placement]:
    """Close every pending proposal of a home or a household (but ``keep``)."""
    stmt = select(Placement).where(Placement.status == PlacementStatus.PROPOSED).with_for_update()
    if home_id is not None:
        stmt = stmt.where(Placement.home_id == home_id)
    if household_id is not None:
        stmt = stmt.where(Placement.household_id == household_id)
    if keep is not None:
        stmt = stmt.where(Placement.id != keep)
    closed = list(db.scalars(stmt.order_by(Placement.id)))
    for placement in closed:
        close(db, actor, placement, reason, refresh=False)
    refresh_statuses(db, home_ids={p.home_id for p in closed}, household_ids={p.household_id for p in closed})
    return closed


def make_live(db: Session, actor: Principal | None, placement: Placement, move_in: date) -> None:
    """All three parties said yes: the placement holds its home and household from ``move_in``
    for six months; any other pending proposal of either is cancelled."""
    placement.start_date = move_in
    placement.planned_end = six_months_after(move_in)
    placement.status = PlacementStatus.ACTIVE if move_in <= clock.today() else PlacementStatus.ACCEPTED
    db.flush()  # the partial unique indexes check here: two live placements on one home cannot be
    close_pending(db, actor, CloseReason.HOME_TAKEN, home_id=placement.home_id, keep=placement.id)
    close_pending(
        db, actor, CloseReason.HOUSEHOLD_PLACED, household_id=placement.household_id, keep=placement.id
    )
    audit.record(
        db,
        actor,
        "accept_placement",
        "placement",
        placement.id,
        status=placement.status.value,
        move_in=str(move_in),
    )
    refresh_statuses(db, home_ids=[placement.home_id], household_ids=[placement.household_id])
    notifications.placement_starting(db, placement)


def start_due(db: Session, today: date) -> list[Placement]:
    """Accepted placements whose move-in date has come become active."""
    due = list(
        db.scalars(
            select(Placement)
            .where(Placement.status == PlacementStatus.ACCEPTED, Placement.start_date <= today)
            .with_for_update()
            .order_by(Placement.id)
        )
    )
    for placement in due:
        placement.status = PlacementStatus.ACTIVE
        audit.record(db, None, "start_placement", "placement", placement.id)
    db.flush()
    return due


def after_end(db: Session, placement: Placement, home_withdrawn: bool) -> None:
    """The placement has ended: the household has moved on (exited); the home is available again
    from the next day — or withdrawn, when its owner takes it back or its availability runs out
    with the placement."""
    assert placement.actual_end is not None
    household, home = lock_pair(db, placement.household_id, placement.home_id)
    household.status = HouseholdStatus.EXITED
    next_day = placement.actual_end + timedelta(days=1)
    if home_withdrawn or (home.available_until is not None and home.available_until <= next_day):
        home.status = HomeStatus.WITHDRAWN
    else:
        home.available_from = max(home.available_from, next_day)
    refresh_statuses(db, home_ids=[placement.home_id], household_ids=[placement.household_id])


def refresh_statuses(db: Session, *, home_ids: Iterable[int] = (), household_ids: Iterable[int] = ()) -> None:
    """Set the status of these homes and households from their placements (see the module)."""
    db.flush()
    home_ids, household_ids = set(home_ids), set(household_ids)
    if home_ids:
        held = _statuses_by(db, Placement.home_id, home_ids)
        for home in db.scalars(select(Home).where(Home.id.in_(home_ids))):
            home.status = _home_status(home.status, held.get(home.id, []))
    if household_ids:
        held = _statuses_by(db, Placement.household_id, household_ids)
        for household in db.scalars(select(Household).where(Household.id.in_(household_ids))):
            household.status = _household_status(household.status, held.get(household.id, []))
    db.flush()


def _statuses_by(db: Session, column: object, ids: set[int]) -> dict[int, list[PlacementStatus]]:
    """Each home's (or household's) placement statuses, oldest placement first."""
    rows = db.execute(
        select(column, Placement.status).where(column.in_(ids)).order_by(Placement.id)  # type: ignore[attr-defined]
    )
    found: dict[int, list[PlacementStatus]] = {}
    for owner_id, status in rows:
        found.setdefault(owner_id, []).append(status)
    return found


def _home_status(current: HomeStatus, statuses: list[PlacementStatus]) -> HomeStatus:
    if any(s in LIVE_STATUSES for s in statuses):
        return HomeStatus.OCCUPIED
    if current in (HomeStatus.DRAFT, HomeStatus.WITHDRAWN):
        return current
    if PlacementStatus.PROPOSED in statuses:
        return HomeStatus.PROPOSED
    return HomeStatus.AVAILABLE


def _household_status(current: HouseholdStatus, statuses: list[PlacementStatus]) -> HouseholdStatus:
    if any(s in LIVE_STATUSES for s in statuses):
        return HouseholdStatus.PLACED
    if PlacementStatus.PROPOSED in statuses and current is not HouseholdStatus.EXITED:
        return HouseholdStatus.PROPOSED
    if current is HouseholdStatus.PLACED:
        # Its placement is over: ended, the household has moved on; cancelled before move-in, it waits.
        ended = [s for s in statuses if s in (PlacementStatus.ENDED, PlacementStatus.CANCELLED)]
        return (
            HouseholdStatus.EXITED
            if ended and ended[-1] is PlacementStatus.ENDED
            else HouseholdStatus.WAITING
        )
    if current is HouseholdStatus.PROPOSED:
        return HouseholdStatus.WAITING
    return current
