"""Notifications and the e-mails that carry them (a transactional outbox).

A *notification* is written by the change it is about, in the same transaction (services
.notifications): who should hear of what, with only the few facts its message may show. The sender
(services.outbox) turns pending notifications into *e-mails* — one each, or one daily digest per
user — and delivers the e-mails through SMTP with retries, or keeps them on the outbox page when
SMTP is off. Neither table ever holds a name, a need, a note or an incident's description.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from stirrup import clock
from stirrup.db import StrList, UTCDateTime
from stirrup.models.base import Base, enum_column


class NotificationKind(StrEnum):
    """What a notification is about; each user chooses which kinds they receive."""

    PROPOSAL_TO_ANSWER = "proposal_to_answer"
    PROPOSAL_REMINDER = "proposal_reminder"
    PROPOSAL_ANSWERED = "proposal_answered"
    PLACEMENT_STARTING = "placement_starting"
    ENDING_WITHOUT_EXIT_PLAN = "ending_without_exit_plan"
    NO_RECENT_CHECK_IN = "no_recent_check_in"
    SEVERE_INCIDENT = "severe_incident"
    INSURANCE_LAPSED = "insurance_lapsed"


class NotificationStatus(StrEnum):
    #: Waiting to go out: alone at the sender's next turn, or in the user's next digest.
    PENDING = "pending"
    #: Put into an e-mail (``email_id``).
    EMAILED = "emailed"
    #: Not e-mailed: the user switched this kind off, or the account is disabled.
    SKIPPED = "skipped"


class EmailStatus(StrEnum):
    #: Waiting for its next attempt (``next_attempt_at``).
    PENDING = "pending"
    #: Claimed by a sender until ``claimed_until``.
    SENDING = "sending"
    #: Accepted by the SMTP server.
    SENT = "sent"
    #: SMTP is off (the demo): the message is only on the outbox page.
    KEPT = "kept"
    #: Refused for good, or still failing after the last attempt (``last_error`` says why).
    FAILED = "failed"


class Notification(Base):
    __tablename__ = "notifications"
    # Alerts and reminders carry a key, so that each reaches each user once however often they
    # are computed (several processes may compute them at once).
    __table_args__ = (UniqueConstraint("user_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: (Indexed by the unique constraint, which starts with it.)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[NotificationKind] = mapped_column(enum_column(NotificationKind, "notification_kind"))
    #: The facts its message shows (commune, dates, which side answered; the household's reference
    #: only for its social worker, its association and coordinators) and the ids its link needs.
    params: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    key: Mapped[str | None] = mapped_column(String(120))
    status: Mapped[NotificationStatus] = mapped_column(
        enum_column(NotificationStatus, "notification_status"), default=NotificationStatus.PENDING, index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    email_id: Mapped[int | None] = mapped_column(ForeignKey("emails.id", ondelete="SET NULL"), index=True)


class NotificationPreference(Base):
    """A user's choices; without a row, the defaults of their role (services.notifications)."""

    __tablename__ = "notification_preferences"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    daily_digest: Mapped[bool] = mapped_column(Boolean)
    #: Kinds the user does not want (new kinds are therefore on until switched off).
    muted_kinds: Mapped[list[str]] = mapped_column(StrList, default=list)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now, onupdate=clock.now)


class Email(Base):
    """One message to one user, rendered in their language when it was composed."""

    __tablename__ = "emails"
    # One digest per user and day, even when several senders compose at once.
    __table_args__ = (UniqueConstraint("user_id", "digest_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    to_address: Mapped[str] = mapped_column(String(254))
    locale: Mapped[str] = mapped_column(String(5))
    subject: Mapped[str] = mapped_column(String(300))
    body_text: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    #: The same on every attempt, so that a mail client can drop a copy sent twice after a crash.
    message_id: Mapped[str] = mapped_column(String(200), unique=True)
    #: The Europe/Paris day of a daily digest; empty for a single notification.
    digest_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[EmailStatus] = mapped_column(
        enum_column(EmailStatus, "email_status"), default=EmailStatus.PENDING, index=True
    )
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: The SMTP server's last refusal or the connection error (never the message's content).
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
