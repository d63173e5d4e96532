"""Sign-in throttling: too many failures lock an account, and a client address, for a while.

``max_failures`` failed sign-ins (wrong password, unknown e-mail, wrong one-time code) within
``lock_minutes`` lock the account and the address for ``lock_minutes`` from the last of them. The
lock is checked before any password is hashed, so a locked attacker costs no CPU. Failures are
rows in the database, so every server process counts the same ones; an unknown e-mail is counted
exactly like a known one, so a lock tells nothing about which accounts exist. A successful
sign-in clears its account's count (not its address's).
"""

from __future__ import annotations

import hashlib
import math
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from stirrup import clock
from stirrup.config import Settings
from stirrup.errors import TooManyRequests
from stirrup.models import SignInFailure

THROTTLED = "too many failed sign-ins: wait before trying again"


def account_key(email: str) -> str:
    return _key("account", email.strip().lower())


def address_key(address: str | None) -> str:
    return _key("address", address or "unknown")


def _key(kind: str, value: str) -> str:
    return hashlib.sha256(f"{kind}:{value}".encode()).hexdigest()


def check(db: Session, keys: list[str], settings: Settings) -> None:
    """Raise TooManyRequests (with the seconds to wait) when any of ``keys`` is locked."""
    now = clock.now()
    locks = [until for key in keys if (until := _locked_until(db, key, now, settings)) is not None]
    until = max(locks, default=now)
    if until > now:
        raise TooManyRequests(THROTTLED, max(1, math.ceil((until - now).total_seconds())))


def record_failure(db: Session, keys: list[str], settings: Settings) -> None:
    """Count one failure against each key, and forget failures too old to matter any more."""
    now = clock.now()
    db.execute(delete(SignInFailure).where(SignInFailure.failed_at < now - 2 * _lock(settings)))
    db.add_all(SignInFailure(key=key, failed_at=now) for key in keys)
    db.flush()


def clear(db: Session, key: str) -> None:
    db.execute(delete(SignInFailure).where(SignInFailure.key == key))


def _locked_until(db: Session, key: str, now: datetime, settings: Settings) -> datetime | None:
    """The end of the latest lock on ``key``: a lock starts at any failure that is the
    ``max_failures``-th within one window, and lasts one window."""
    window = _lock(settings)
    times = list(
        db.scalars(
            select(SignInFailure.failed_at)
            .where(SignInFailure.key == key, SignInFailure.failed_at > now - 2 * window)
            .order_by(SignInFailure.failed_at)
        )
    )
    limit = settings.sign_in_max_failures
    starts = [times[i] for i in range(limit - 1, len(times)) if times[i] - times[i - limit + 1] < window]
    return starts[-1] + window if starts else None


def _lock(settings: Settings) -> timedelta:
    return timedelta(minutes=settings.sign_in_lock_minutes)
