"""User accounts and their server-side sessions.

Sessions live in the database (not in a signed cookie) so that logout, a password change or an
account being disabled ends them at once, in every process.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String
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
    #: Base32 TOTP secret; set at enrolment, in force once ``totp_confirmed_at`` is set.
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    totp_confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: The last 30-second step whose code was accepted: a code is never accepted twice.
    totp_last_step: Mapped[int | None] = mapped_column(Integer)

    organisation: Mapped[Organisation | None] = relationship(lazy="raise")

    @property
    def has_two_factor(self) -> bool:
        return self.totp_secret is not None and self.totp_confirmed_at is not None


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
    #: Signed in with a password alone by someone whose role needs two-factor sign-in and who has
    #: not set it up yet: the session reaches the enrolment and sign-out, nothing else.
    enrolment_only: Mapped[bool] = mapped_column(Boolean, default=False)
    #: On an anonymous browser session: the user whose password was right and whose one-time code
    #: the login page now asks for, until ``pending_until``.
    pending_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    pending_until: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User | None] = relationship(lazy="raise", foreign_keys=[user_id])


class RecoveryCode(Base):
    """A single-use code that replaces the authenticator app once; only its hash is stored."""

    __tablename__ = "recovery_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class SignInFailure(Base):
    """One failed sign-in, counted against an account and against a client address.

    ``key`` is the SHA-256 of "account:<e-mail>" or "address:<ip>", so the table names nobody and
    unknown e-mails are counted exactly like real ones. Kept in the database so that every server
    process sees the same counts; rows older than the lock window are deleted as new ones come.
    """

    __tablename__ = "sign_in_failures"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(64), index=True)
    failed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now, index=True)


class RateLimitWindow(Base):
    """Calls one client made to a rate-limited public endpoint in the current window.

    ``key`` is the SHA-256 of "<scope>:<client address>" (no address is stored). Kept in the
    database so that every server process counts the same calls (stirrup.ratelimit)."""

    __tablename__ = "rate_limit_windows"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    calls: Mapped[int] = mapped_column(Integer)
