"""Each user's choice of notifications: which kinds they receive by e-mail, and whether they get
them one by one or in one daily digest. Without a choice recorded, every kind is on, and
coordinators — who see every placement's alerts — get the digest."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from stirrup.models import NotificationKind, NotificationPreference, Role, User
from stirrup.services import audit
from stirrup.services.access import Principal

#: Roles whose notifications come as a daily digest until they choose otherwise.
DIGEST_BY_DEFAULT = (Role.COORDINATOR,)


@dataclass(frozen=True)
class Preferences:
    daily_digest: bool
    kinds: dict[NotificationKind, bool]

    def wants(self, kind: NotificationKind) -> bool:
        return self.kinds[kind]


def _build(role: Role, row: NotificationPreference | None) -> Preferences:
    if row is None:
        return Preferences(role in DIGEST_BY_DEFAULT, {kind: True for kind in NotificationKind})
    return Preferences(
        row.daily_digest, {kind: kind.value not in row.muted_kinds for kind in NotificationKind}
    )


def for_users(db: Session, users: Iterable[User]) -> dict[int, Preferences]:
    """The preferences of these users, by user id, in one query."""
    users = list(users)
    rows = {
        row.user_id: row
        for row in db.scalars(
            select(NotificationPreference).where(NotificationPreference.user_id.in_([u.id for u in users]))
        )
    }
    return {user.id: _build(user.role, rows.get(user.id)) for user in users}


def digest_wanted() -> Any:
    """SQL, over users outer-joined to their preferences: the user wants the daily digest."""
    return func.coalesce(NotificationPreference.daily_digest, User.role.in_(DIGEST_BY_DEFAULT))


def get(db: Session, principal: Principal) -> Preferences:
    """The caller's own preferences."""
    return _build(principal.role, db.get(NotificationPreference, principal.user_id))


def update(
    db: Session,
    principal: Principal,
    daily_digest: bool | None,
    kinds: Mapping[NotificationKind, bool],
) -> Preferences:
    """Change the caller's own preferences: the digest when given, the kinds listed (the others
    keep their setting). Applies to every notification not sent yet."""
    current = get(db, principal)
    wanted = {**current.kinds, **kinds}
    row = db.get(NotificationPreference, principal.user_id)
    if row is None:
        row = NotificationPreference(user_id=principal.user_id)
        db.add(row)
    row.daily_digest = current.daily_digest if daily_digest is None else daily_digest
    row.muted_kinds = [kind.value for kind, on in wanted.items() if not on]
    db.flush()
    changed = sorted(kind.value for kind in kinds if kinds[kind] != current.kinds[kind])
    if row.daily_digest != current.daily_digest:
        changed.append("daily_digest")
    audit.record(db, principal, "update_notification_preferences", "user", principal.user_id, changed=changed)
    return get(db, principal)
