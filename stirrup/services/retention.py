"""Retention: households whose last contact is older than the retention period (two years by
default, CNIL délibération 2023-095) are anonymised; audit entries older than
``audit_retention_months`` and e-mails delivered (or given up) more than ``email_retention_days``
ago are deleted; expired sessions and old sign-in failures go.

The last contact is the later of the end of the household's latest placement and the last change
to its file. A household waiting for a home, or with a placement still proposed, accepted or
active, is being supported and never touched. Running the purge twice changes nothing more.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from dateutil.relativedelta import relativedelta
from sqlalchemy import ColumnElement, delete, func, select
from sqlalchemy.orm import Session

from stirrup import clock
from stirrup.config import Settings
from stirrup.models import (
    AuditEvent,
    Email,
    EmailStatus,
    Household,
    HouseholdStatus,
    Placement,
    PlacementStatus,
)
from stirrup.services import audit, privacy, sessions

_UNDER_WAY = (PlacementStatus.PROPOSED, PlacementStatus.ACCEPTED, PlacementStatus.ACTIVE)
#: E-mails nobody will try to deliver again (a failed one only if an admin queues it again).
_DELIVERED_OR_GIVEN_UP = (EmailStatus.SENT, EmailStatus.KEPT, EmailStatus.FAILED)


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
    #: Audit entries and e-mails from before these instants go.
    audit_cutoff: datetime
    emails_cutoff: datetime
    households: list[Expired] = field(default_factory=list)
    #: How many went (or, in a dry run, would go).
    audit_entries: int = 0
    emails: int = 0
    sessions_deleted: int = 0


def purge(db: Session, settings: Settings, years: int | None = None, dry_run: bool = False) -> PurgeReport:
    """Anonymise every household past retention and delete the audit entries and e-mails past
    theirs (or, with ``dry_run``, only say what would go)."""
    now = clock.now()
    cutoff = clock.today() - relativedelta(years=years or settings.retention_years)
    report = PurgeReport(
        cutoff=cutoff,
        dry_run=dry_run,
        audit_cutoff=now - relativedelta(months=settings.audit_retention_months),
        emails_cutoff=now - timedelta(days=settings.email_retention_days),
        households=expired(db, cutoff),
    )
    old_audit = AuditEvent.at < report.audit_cutoff
    old_emails = Email.status.in_(_DELIVERED_OR_GIVEN_UP) & (
        func.coalesce(Email.sent_at, Email.created_at) < report.emails_cutoff
    )
    report.audit_entries, report.emails = _count(db, AuditEvent, old_audit), _count(db, Email, old_emails)
    if dry_run:
        return report
    # First the old entries, then the new ones this purge writes.
    db.execute(delete(AuditEvent).where(old_audit))
    db.execute(delete(Email).where(old_emails))  # their notifications stay (email_id set null)
    if report.audit_entries or report.emails:
        audit.record(
            db,
            None,
            "purge",
            "retention",
            None,
            audit_entries=report.audit_entries,
            emails=report.emails,
        )
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


def _count(db: Session, model: type[AuditEvent] | type[Email], where: ColumnElement[bool]) -> int:
    return db.scalar(select(func.count()).select_from(model).where(where)) or 0


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
