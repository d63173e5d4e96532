"""User accounts and their server-side sessions.

Sessions live in the database (not in a signed cookie) so that logout, a password change or an
account being disabled ends them at once, in every process.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Boolean, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from stirrup import clock
from stirrup.db import UTCDateTime
from stirrup.models.base import Base, Timestamped, enum_column
from stirrup.models.organisations import Organisation


class Role(StrEnum):
    LANDLORD = "landlord"
    SOCIAL_WORKER = "social_worker"
    ASSOCIATION_STAFF = "association_staff"
    COORDINATOR = "coordinator"
    ADMIN = "admin"


class User(Timestamped, Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Stored lower-cased, which makes the unique constraint case-insensitive.
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    display_name: Mapped[str] = mapped_column(String(120))
    role: Mapped[Role] = mapped_column(enum_column(Role, "role"))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), index=True)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    locale: Mapped[str] = mapped_column(String(5), default="fr")
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    organisation: Mapped[Organisation | None] = relationship(lazy="raise")


class SessionKind(StrEnum):
    WEB = "web"
    API = "api"


class AuthSession(Base):
    """A signed-in browser (cookie) or API client (bearer token); an anonymous browser session
    (``user_id`` empty) only carries the CSRF token of the login form."""

    __tablename__ = "auth_sessions"
    __table_args__ = (Index("ix_auth_sessions_last_seen_at", "last_seen_at"),)

    #: SHA-256 of the random token the client holds; the token itself is never stored.
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    kind: Mapped[SessionKind] = mapped_column(enum_column(SessionKind, "session_kind"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)

    user: Mapped[User | None] = relationship(lazy="raise")
