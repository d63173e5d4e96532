"""Server-side sessions for browsers (cookie) and API clients (bearer token).

The client holds a random 256-bit token; the database holds only its SHA-256. A session ends at
logout, after 30 minutes idle or 12 hours in all (settings), and whenever its user is disabled or
changes password — at once, in every process, because every request looks it up.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import Engine, delete, select, update
from sqlalchemy.orm import Session

from stirrup import clock
from stirrup.config import Settings
from stirrup.db import transaction
from stirrup.models import AuthSession, SessionKind, User
from stirrup.services.access import Principal

#: How stale ``last_seen_at`` may get before a request refreshes it (saves a write per request).
_TOUCH_EVERY = timedelta(seconds=60)


def digest(token: str) -> str:
    """The stored form of a session token."""
    return hashlib.sha256(token.encode()).hexdigest()


def start(
    db: Session, kind: SessionKind, user: User | None, *, enrolment_only: bool = False
) -> tuple[str, AuthSession]:
    """A new session and the token to hand to the client (shown once, never stored)."""
    token = secrets.token_urlsafe(32)
    session = AuthSession(
        id=digest(token),
        kind=kind,
        user_id=user.id if user else None,
        csrf_token=secrets.token_urlsafe(32),
        enrolment_only=enrolment_only,
    )
    db.add(session)
    db.flush()
    return token, session


@dataclass(frozen=True)
class Lookup:
    """What a token stands for, read without writing (see :func:`authenticate`)."""

    session_id: str
    kind: SessionKind
    csrf_token: str
    principal: Principal | None
    expired: bool
    stale: bool


def lookup(db: Session, token: str, settings: Settings) -> Lookup | None:
    """The session behind ``token``, its user, and whether it has expired or needs a refresh."""
    session = db.get(AuthSession, digest(token))
    if session is None:
        return None
    now = clock.now()
    expired = session.last_seen_at < now - timedelta(
        minutes=settings.session_idle_minutes
    ) or session.created_at < now - timedelta(hours=settings.session_absolute_hours)
    return Lookup(
        session_id=session.id,
        kind=session.kind,
        csrf_token=session.csrf_token,
        principal=None if expired else principal_of(db, session),
        expired=expired,
        stale=session.last_seen_at < now - _TOUCH_EVERY,
    )


def authenticate(engine: Engine, token: str, settings: Settings) -> Lookup | None:
    """Resolve a token in its own short transactions: a read, and a write only when the session
    expired (deleted) or was last seen over a minute ago (refreshed). Keeping this apart from the
    request's transaction means a page view is never a database writer on SQLite."""
    with transaction(engine, write=False) as db:
        found = lookup(db, token, settings)
    if found is None or not (found.expired or found.stale):
        return None if found is None or found.expired else found
    with transaction(engine, write=True) as db:
        if found.expired:
            db.execute(delete(AuthSession).where(AuthSession.id == found.session_id))
            return None
        db.execute(
            update(AuthSession).where(AuthSession.id == found.session_id).values(last_seen_at=clock.now())
        )
    return found


def principal_of(db: Session, session: AuthSession) -> Principal | None:
    """Who is acting through ``session``; None when anonymous or the account is disabled."""
    if session.user_id is None:
        return None
    user = db.get(User, session.user_id)
    if user is None or not user.is_active:
        return None
    return Principal(
        user_id=user.id,
        role=user.role,
        organisation_id=user.organisation_id,
        display_name=user.display_name,
        email=user.email,
        locale=user.locale,
        session_id=session.id,
        csrf_token=session.csrf_token,
        enrolment_only=session.enrolment_only,
    )


#: How long the login page waits for the one-time code once the password was right.
PENDING_CODE = timedelta(minutes=5)


def await_code(db: Session, session_id: str, user: User) -> None:
    """Remember, on the browser's anonymous session, whose one-time code the login page asks for."""
    db.execute(
        update(AuthSession)
        .where(AuthSession.id == session_id, AuthSession.user_id.is_(None))
        .values(pending_user_id=user.id, pending_until=clock.now() + PENDING_CODE)
    )


def awaiting_code(db: Session, session_id: str) -> User | None:
    """The user whose one-time code this anonymous session waits for, if it still does."""
    session = db.get(AuthSession, session_id)
    if session is None or session.pending_user_id is None or session.pending_until is None:
        return None
    if session.pending_until < clock.now():
        return None
    user = db.get(User, session.pending_user_id)
    return user if user is not None and user.is_active else None


def end(db: Session, session_id: str) -> None:
    db.execute(delete(AuthSession).where(AuthSession.id == session_id))


def end_all_for(db: Session, user_id: int, keep: str | None = None) -> None:
    """End every session of a user (password change, account disabled), except ``keep``."""
    stmt = delete(AuthSession).where(AuthSession.user_id == user_id)
    if keep is not None:
        stmt = stmt.where(AuthSession.id != keep)
    db.execute(stmt)


def purge_expired(db: Session, settings: Settings) -> int:
    """Delete sessions past their idle or absolute limit; returns how many went."""
    now = clock.now()
    stale = select(AuthSession.id).where(
        (AuthSession.last_seen_at < now - timedelta(minutes=settings.session_idle_minutes))
        | (AuthSession.created_at < now - timedelta(hours=settings.session_absolute_hours))
    )
    ids = list(db.scalars(stale))
    if ids:
        db.execute(delete(AuthSession).where(AuthSession.id.in_(ids)))
    return len(ids)
