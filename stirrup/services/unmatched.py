"""Why a household got no proposal, in plain words: for its social worker, and for coordinators
(who see households under their pseudonymous reference only)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from stirrup.models import Household, MatchingRun, UnmatchedHousehold
from stirrup.services import households, reasons, round_runs
from stirrup.services.access import Principal
from stirrup.services.listing import Page, PageRequest, paginate

SORTABLE = {"household_id": UnmatchedHousehold.household_id, "id": UnmatchedHousehold.id}


def latest_for_household(db: Session, principal: Principal, household_id: int) -> dict[str, Any]:
    """The reasons of the latest run that left the household without a proposal (none yet: empty)."""
    household = households.get_household(db, principal, household_id)
    row = db.execute(
        select(UnmatchedHousehold, MatchingRun)
        .join(MatchingRun, MatchingRun.id == UnmatchedHousehold.matching_run_id)
        .where(UnmatchedHousehold.household_id == household.id)
        .order_by(UnmatchedHousehold.id.desc())
        .limit(1)
    ).first()
    if row is None:
        return {
            "household_id": household.id,
            "household_reference": household.reference,
            "household_status": household.status,
            "matching_run_id": None,
            "decided_at": None,
            "reasons": [],
            "unlocks": [],
        }
    return {**_view(row[0], household, row[1]), "household_status": household.status}


def for_round(db: Session, principal: Principal, run_id: int, page: PageRequest) -> Page[dict[str, Any]]:
    run = round_runs.get_round(db, principal, run_id)
    stmt = select(UnmatchedHousehold).where(UnmatchedHousehold.matching_run_id == run.id)
    found = paginate(db, stmt, page, SORTABLE, "household_id", UnmatchedHousehold.id)
    by_id = {
        h.id: h
        for h in db.scalars(select(Household).where(Household.id.in_([u.household_id for u in found.items])))
    }
    items = [_view(u, by_id[u.household_id], run) for u in found.items]
    return Page(items=items, total=found.total, page=found.page, page_size=found.page_size)


def _view(row: UnmatchedHousehold, household: Household, run: MatchingRun) -> dict[str, Any]:
    return {
        "matching_run_id": run.id,
        "household_id": household.id,
        "household_reference": household.reference,
        "decided_at": run.finished_at,
        "reasons": reasons.rendered(row.reasons),
        "unlocks": reasons.rendered(row.unlocks),
    }
