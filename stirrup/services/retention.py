"""Retention: households whose last contact is older than the retention period (two years by
default, CNIL délibération 2023-095) are anonymised; expired sessions and old sign-in failures go.

The last contact is the later of the end of the household's latest placement and the last change
to its file. A household waiting for a home, or with a placement still proposed, accepted or
active, is being supported and never touched. Running the purge twice changes nothing more.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from dateutil.relativedelta import relativedelta
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from stirrup import clock
from stirrup.config import Settings
from stirrup.models import Household, HouseholdStatus, Placement, PlacementStatus
from stirrup.services import audit, privacy, sessions

_UNDER_WAY = (PlacementStatus.PROPOSED, PlacementStatus.ACCEPTED, PlacementStatus.ACTIVE)


@dataclass(frozen=True)
class Expired:
    """A household past retention: its pseudonymous reference and its last contact."""

    household_id: int
    reference: str
    last_contact: date


@dataclass
class PurgeReport:
    cutoff: date
    dry_run: bool
    households: list[Expired] = field(default_factory=list)
    sessions_deleted: int = 0


def purge(db: Session, settings: Settings, years: int | None = None, dry_run: bool = False) -> PurgeReport:
    """Anonymise every household past retention (or, with ``dry_run``, only say which)."""
    cutoff = clock.today() - relativedelta(years=years or settings.retention_years)
    report = PurgeReport(cutoff=cutoff, dry_run=dry_run, households=expired(db, cutoff))
    if dry_run:
        return report
    for item in report.households:
        household = db.get(Household, item.household_id)
        assert household is not None
        privacy.anonymise(db, household)
        audit.record(
            db,
            None,
            "anonymise",
            "household",
            household.id,
            reason="retention",
            last_contact=str(item.last_contact),
        )
    report.sessions_deleted = sessions.purge_expired(db, settings)
    return report


def expired(db: Session, cutoff: date) -> list[Expired]:
    """Households not yet anonymised whose last contact is before ``cutoff``."""
    last_end = (
        select(
            Placement.household_id,
            func.max(func.coalesce(Placement.actual_end, Placement.planned_end)).label("last_end"),
        )
        .group_by(Placement.household_id)
        .subquery()
    )
    under_way = select(Placement.household_id).where(Placement.status.in_(_UNDER_WAY))
    rows = db.execute(
        select(Household.id, Household.reference, Household.status, Household.updated_at, last_end.c.last_end)
        .outerjoin(last_end, last_end.c.household_id == Household.id)
        .where(Household.anonymised_at.is_(None), Household.id.not_in(under_way))
        .order_by(Household.id)
    )
    found = []
    for household_id, reference, status, updated_at, last_placement_end in rows:
        contact = _last_contact(status, updated_at, last_placement_end)
        if contact is not None and contact < cutoff:
            found.append(Expired(household_id, reference, contact))
    return found


def _last_contact(
    status: HouseholdStatus, updated_at: datetime, last_placement_end: date | None
) -> date | None:
    """The later of the last placement's end and the last change to the file; None while the
    household waits for a home (it is being supported)."""
    if status is HouseholdStatus.WAITING:
        return None
    updated = updated_at.astimezone(clock.PARIS).date()
    return max(updated, last_placement_end) if last_placement_end is not None else updated
