"""Who hears of what: the events of the workflow write notifications in the transaction of the
change they are about (a transactional outbox); services.notification_sources turns alerts and
reminders into notifications once each; services.outbox delivers them.

A notification keeps only what its message shows — the commune of the home, dates, which side
answered — and the household's pseudonymous reference only for the household's social worker and
its association. Never a name, a need, a note, a reason written by someone, or what an incident was.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session
from sqlalchemy.orm.util import identity_key

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
T = TypeVar("T")

#: Rows per INSERT (SQLite caps the parameters of one statement).
_CHUNK = 500


def proposal_made(db: Session, placement: Placement) -> None:
    """A new proposal: each of its three sides has to answer it."""
    proposals_made(db, [placement])


def proposals_made(db: Session, placements: list[Placement]) -> None:
    """New proposals (a round's): each of their three sides has to answer each."""
    notify_all(db, placements, Party, NotificationKind.PROPOSAL_TO_ANSWER)


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
    return notify_all(db, [placement], parties, kind, extra, key)


def notify_all(
    db: Session,
    placements: list[Placement],
    parties: Iterable[Party],
    kind: NotificationKind,
    extra: dict[str, Any] | None = None,
    key: str | None = None,
) -> int:
    """Notify the users of ``parties`` of ``kind`` about each of ``placements``, in as many
    statements for many placements as for one; returns how many notifications were written."""
    parties = list(parties)
    homes = _by_id(db, Home, {p.home_id for p in placements})
    households = _by_id(db, Household, {p.household_id for p in placements})
    found = _recipients(db, placements, parties, homes, households)
    rows = []
    for placement in placements:
        home, household = homes[placement.home_id], households[placement.household_id]
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
        users = {user.id: user for party in parties for user in found[placement.id, party]}
        rows += [(user, kind, for_reader(user, facts, household.reference), key) for user in users.values()]
    return add(db, rows)


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
    homes = _by_id(db, Home, {placement.home_id})
    households = _by_id(db, Household, {placement.household_id})
    return _recipients(db, [placement], [party], homes, households)[placement.id, party]


def _recipients(
    db: Session,
    placements: list[Placement],
    parties: list[Party],
    homes: dict[int, Home],
    households: dict[int, Household],
) -> dict[tuple[int, Party], list[User]]:
    """:func:`recipients` of each placement and party, from one query of the users concerned."""
    associations: dict[int, Association] = {}
    if Party.ASSOCIATION in parties:
        associations = _by_id(db, Association, {p.association_id for p in placements})
    # The users who may answer: by id (referents, owners), or by their role in an organisation.
    wanted: list[ColumnElement[bool]] = []
    if Party.SOCIAL_WORKER in parties:
        mine = [households[p.household_id] for p in placements]
        wanted += [User.id.in_({h.referent_id for h in mine})]
        colleagues = {h.organisation_id for h in mine}
        wanted += [(User.role == Role.SOCIAL_WORKER) & User.organisation_id.in_(colleagues)]
    if Party.ASSOCIATION in parties:
        teams = {a.organisation_id for a in associations.values()}
        wanted += [(User.role == Role.ASSOCIATION_STAFF) & User.organisation_id.in_(teams)]
    if Party.LANDLORD in parties:
        owners = [homes[p.home_id] for p in placements]
        wanted += [User.id.in_({h.owner_user_id for h in owners if h.owner_user_id is not None})]
        companies = {h.owner_organisation_id for h in owners if h.owner_organisation_id is not None}
        wanted += [(User.role == Role.LANDLORD) & User.organisation_id.in_(companies)]
    users = list(db.scalars(select(User).where(or_(*wanted)).order_by(User.id))) if wanted else []
    by_id = {u.id: u for u in users}
    by_team: dict[tuple[Role, int | None], list[User]] = {}
    for user in users:
        if user.is_active:
            by_team.setdefault((user.role, user.organisation_id), []).append(user)
    found: dict[tuple[int, Party], list[User]] = {}
    for placement in placements:
        for party in parties:
            if party is Party.SOCIAL_WORKER:
                household = households[placement.household_id]
                referent = by_id.get(household.referent_id)
                if (
                    referent is not None
                    and referent.is_active
                    and referent.role is Role.SOCIAL_WORKER
                    and referent.organisation_id == household.organisation_id
                ):
                    chosen = [referent]
                else:
                    chosen = by_team.get((Role.SOCIAL_WORKER, household.organisation_id), [])
            elif party is Party.ASSOCIATION:
                association = associations[placement.association_id]
                chosen = by_team.get((Role.ASSOCIATION_STAFF, association.organisation_id), [])
            else:
                home = homes[placement.home_id]
                if home.owner_organisation_id is not None:
                    chosen = by_team.get((Role.LANDLORD, home.owner_organisation_id), [])
                else:
                    owner = by_id.get(home.owner_user_id) if home.owner_user_id is not None else None
                    chosen = [owner] if owner is not None and owner.is_active else []
            found[placement.id, party] = list(chosen)
    return found


def _by_id(db: Session, model: type[T], ids: set[int]) -> dict[int, T]:
    """Rows by id: those the session holds already, the others in one query."""
    rows: dict[int, T] = {}
    for row_id in ids:
        held = db.identity_map.get(identity_key(model, row_id))
        if held is not None:
            rows[row_id] = held
    missing = sorted(ids - rows.keys())
    if missing:
        rows.update({row.id: row for row in db.scalars(select(model).where(model.id.in_(missing)))})  # type: ignore[attr-defined]
    return rows


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
