"""Who hears of what: the events of the workflow write notifications in the transaction of the
change they are about (a transactional outbox); services.notification_sources turns alerts and
reminders into notifications once each; services.outbox delivers them.

A notification keeps only what its message shows — the commune of the home, dates, which side
answered — and the household's pseudonymous reference only for the household's social worker and
its association. Never a name, a need, a note, a reason written by someone, or what an incident was.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from stirrup import clock
from stirrup.errors import NotFound
from stirrup.models import (
    Association,
    Decision,
    Email,
    Home,
    Household,
    Notification,
    NotificationKind,
    NotificationStatus,
    Party,
    Placement,
    Role,
    User,
)
from stirrup.services import access
from stirrup.services.access import Principal
from stirrup.services.listing import Page, PageRequest, paginate

#: Who may read the household's pseudonymous reference in an e-mail.
REFERENCE_READERS = (Role.SOCIAL_WORKER, Role.ASSOCIATION_STAFF)
#: Rows per INSERT (SQLite caps the parameters of one statement).
_CHUNK = 500


def proposal_made(db: Session, placement: Placement) -> None:
    """A new proposal: each of its three sides has to answer it."""
    notify(db, placement, Party, NotificationKind.PROPOSAL_TO_ANSWER)


def proposal_answered(
    db: Session, placement: Placement, party: Party, decision: Decision, *, new_date: bool = False
) -> None:
    """One side accepted (perhaps proposing another move-in date) or declined: the two other
    sides are told, whether they had answered already or not."""
    others = [p for p in Party if p is not party]
    extra = {"party": party.value, "decision": decision.value, "new_date": new_date}
    notify(db, placement, others, NotificationKind.PROPOSAL_ANSWERED, extra)


def placement_starting(db: Session, placement: Placement) -> None:
    """All three sides agreed: the placement holds the home from its move-in date."""
    notify(db, placement, Party, NotificationKind.PLACEMENT_STARTING)


def notify(
    db: Session,
    placement: Placement,
    parties: Iterable[Party],
    kind: NotificationKind,
    extra: dict[str, Any] | None = None,
    key: str | None = None,
) -> int:
    """Notify the users of ``parties`` of ``kind`` about ``placement``; returns how many."""
    home = db.get(Home, placement.home_id)
    household = db.get(Household, placement.household_id)
    assert home is not None and household is not None  # foreign keys
    facts = {
        "placement_id": placement.id,
        "home_id": home.id,
        "commune": home.commune,
        "start": placement.start_date.isoformat(),
        "end": placement.planned_end.isoformat(),
        **(extra or {}),
    }
    if placement.expires_at is not None:
        facts["expires_on"] = placement.expires_at.astimezone(clock.PARIS).date().isoformat()
    users = {user.id: user for party in parties for user in recipients(db, placement, party)}
    return add(
        db, [(user, kind, for_reader(user, facts, household.reference), key) for user in users.values()]
    )


def for_reader(user: User, facts: dict[str, Any], reference: str) -> dict[str, Any]:
    """The facts of a notification as ``user`` may read them: the household's reference for its
    social worker and association; an owner is told it is their home."""
    if user.role in REFERENCE_READERS:
        return {**facts, "reference": reference}
    return {**facts, "owner": True} if user.role is Role.LANDLORD else dict(facts)


def recipients(db: Session, placement: Placement, party: Party) -> list[User]:
    """The active users who answer for ``party``: the owner (or the landlords of the owning
    company), the household's social worker (their colleagues if the referent has left), the
    association's staff."""
    if party is Party.SOCIAL_WORKER:
        household = db.get(Household, placement.household_id)
        assert household is not None
        referent = db.get(User, household.referent_id)
        if (
            referent is not None
            and referent.is_active
            and referent.role is Role.SOCIAL_WORKER
            and referent.organisation_id == household.organisation_id
        ):
            return [referent]
        condition = (User.role == Role.SOCIAL_WORKER) & (User.organisation_id == household.organisation_id)
    elif party is Party.ASSOCIATION:
        association = db.get(Association, placement.association_id)
        assert association is not None
        condition = (User.role == Role.ASSOCIATION_STAFF) & (
            User.organisation_id == association.organisation_id
        )
    else:
        home = db.get(Home, placement.home_id)
        assert home is not None
        condition = User.id == home.owner_user_id
        if home.owner_organisation_id is not None:
            condition = (User.role == Role.LANDLORD) & (User.organisation_id == home.owner_organisation_id)
    return list(db.scalars(select(User).where(condition, User.is_active).order_by(User.id)))


def add(db: Session, rows: list[tuple[User, NotificationKind, dict[str, Any], str | None]]) -> int:
    """Write notifications (user, kind, facts, key) in the caller's transaction; one whose key
    the user already has is left out. Returns how many were written."""
    if not rows:
        return 0
    now = clock.now()
    values = [
        {
            "user_id": user.id,
            "kind": kind,
            "params": params,
            "key": key,
            "status": NotificationStatus.PENDING,
            "created_at": now,
        }
        for user, kind, params, key in rows
    ]
    insert = postgresql.insert if db.get_bind().dialect.name == "postgresql" else sqlite.insert
    written = 0
    for start in range(0, len(values), _CHUNK):
        statement = insert(Notification).values(values[start : start + _CHUNK])
        statement = statement.on_conflict_do_nothing(index_elements=["user_id", "key"])
        written += len(db.execute(statement.returning(Notification.id)).all())
    return written


def list_mine(db: Session, principal: Principal, page: PageRequest) -> Page[Notification]:
    """The caller's own notifications, the newest first by default."""
    stmt = select(Notification).where(Notification.user_id == principal.user_id)
    sortable = {"created_at": Notification.created_at, "kind": Notification.kind}
    result: Page[Notification] = paginate(db, stmt, page, sortable, "-created_at", Notification.id.desc())
    return result


def list_emails(db: Session, principal: Principal, page: PageRequest) -> Page[Email]:
    """The outbox as the caller may see it (services.access), the newest first."""
    stmt = select(Email).where(access.emails_visible_to(principal))
    sortable = {"created_at": Email.created_at, "status": Email.status}
    result: Page[Email] = paginate(db, stmt, page, sortable, "-created_at", Email.id.desc())
    return result


def get_email(db: Session, principal: Principal, email_id: int) -> Email:
    email = db.scalar(select(Email).where(Email.id == email_id, access.emails_visible_to(principal)))
    if email is None:
        raise NotFound(f"e-mail {email_id} not found")
    return email
