"""The sender: turns pending notifications into e-mails and delivers them.

Each turn (``stirrup notifications send``, and in the background of ``stirrup serve``):

1. reminders and alerts become notifications, once each (services.notification_sources);
2. *compose*: each pending notification of a user who wants single e-mails becomes one e-mail in
   their language; after the digest hour (Europe/Paris), the pending notifications of a user who
   wants the daily digest become one e-mail for the day (unique per user and day). A notification
   of a kind the user switched off, or of a disabled account, is skipped;
3. *send*: each e-mail due is claimed in a transaction of its own (a row lock taken with SKIP
   LOCKED on PostgreSQL, the write lock of ``BEGIN IMMEDIATE`` on SQLite, and the status
   ``sending`` with a lease), so that several processes never pick the same one; then handed to
   the SMTP server outside any transaction, and marked ``sent`` — or tried again later, waiting
   twice as long each time, until ``STIRRUP_EMAIL_MAX_ATTEMPTS``, then ``failed`` (kept, with the
   error, until ``stirrup notifications retry``). With SMTP off, e-mails are ``kept`` on the
   outbox page instead.

A sender that dies between the SMTP server's acceptance and its own update leaves the row
``sending``; when its lease runs out the e-mail is sent again, with the same Message-ID.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from datetime import date, timedelta

from sqlalchemy import Engine, and_, exists, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from stirrup import clock
from stirrup.config import Settings
from stirrup.db import transaction
from stirrup.models import (
    Email,
    EmailStatus,
    Notification,
    NotificationPreference,
    NotificationStatus,
    User,
)
from stirrup.services import mail, notification_preferences, notification_sources, notification_texts
from stirrup.services.notification_preferences import digest_wanted
from stirrup.services.periodic import Periodic

log = logging.getLogger(__name__)

#: Notifications composed per transaction.
_BATCH = 200
#: Items listed in one digest; the rest are counted (they are all on the user's pages).
DIGEST_MAX_ITEMS = 50
#: The longest wait between two attempts at one e-mail.
_MAX_BACKOFF = timedelta(hours=6)


def compose(db: Session, settings: Settings) -> int:
    """One e-mail for each pending notification of users who want single e-mails (a batch)."""
    rows = db.execute(
        select(Notification, User)
        .join(User, User.id == Notification.user_id)
        .outerjoin(NotificationPreference, NotificationPreference.user_id == User.id)
        .where(Notification.status == NotificationStatus.PENDING, or_(~digest_wanted(), ~User.is_active))
        .order_by(Notification.id)
        .limit(_BATCH)
        .with_for_update(of=Notification, skip_locked=True)
    ).all()
    wanted = notification_preferences.for_users(db, {user.id: user for _, user in rows}.values())
    composed = 0
    for notification, user in rows:
        if not user.is_active or not wanted[user.id].wants(notification.kind):
            notification.status = NotificationStatus.SKIPPED
            continue
        rendered = notification_texts.single(
            notification.kind, notification.params, user.locale, settings.public_url
        )
        _attach(db, [notification], _email(db, user, rendered, settings))
        composed += 1
    db.flush()
    return composed


def compose_digests(db: Session, settings: Settings) -> int:
    """After the digest hour, one e-mail per user wanting the digest, with their pending
    notifications — at most once per user and Europe/Paris day."""
    local = clock.now().astimezone(clock.PARIS)
    if local.hour < settings.digest_hour:
        return 0
    day = local.date()
    user_ids = db.scalars(
        select(User.id)
        .join(Notification, Notification.user_id == User.id)
        .outerjoin(NotificationPreference, NotificationPreference.user_id == User.id)
        .where(
            Notification.status == NotificationStatus.PENDING,
            User.is_active,
            digest_wanted(),
            ~exists().where(Email.user_id == User.id, Email.digest_on == day),
        )
        .distinct()
    ).all()
    return sum(_digest(db, user_id, day, settings) for user_id in user_ids)


def _digest(db: Session, user_id: int, day: date, settings: Settings) -> int:
    user = db.get(User, user_id)
    assert user is not None
    pending = db.scalars(
        select(Notification)
        .where(Notification.user_id == user_id, Notification.status == NotificationStatus.PENDING)
        .order_by(Notification.id)
        .with_for_update(skip_locked=True)
    ).all()
    prefs = notification_preferences.for_users(db, [user])[user.id]
    items = [n for n in pending if prefs.wants(n.kind)]
    for notification in pending:
        if notification not in items:
            notification.status = NotificationStatus.SKIPPED
    if not items:
        return 0
    rendered = notification_texts.digest(
        [(n.kind, n.params) for n in items[:DIGEST_MAX_ITEMS]],
        day,
        user.locale,
        settings.public_url,
        len(items),
    )
    try:
        with db.begin_nested():
            email = _email(db, user, rendered, settings, digest_on=day)
    except IntegrityError:
        return 0  # another sender made this user's digest of the day a moment ago
    _attach(db, items, email)
    return 1


def _email(
    db: Session, user: User, rendered: notification_texts.Rendered, settings: Settings, **fields: object
) -> Email:
    email = Email(
        user_id=user.id,
        to_address=user.email,
        locale=user.locale,
        subject=rendered.subject,
        body_text=rendered.text,
        body_html=rendered.html,
        message_id=mail.new_message_id(settings),
        status=EmailStatus.PENDING,
        attempts=0,
        next_attempt_at=clock.now(),
        **fields,
    )
    db.add(email)
    db.flush()
    return email


def _attach(db: Session, notifications: list[Notification], email: Email) -> None:
    for notification in notifications:
        notification.status, notification.email_id = NotificationStatus.EMAILED, email.id


def claim(db: Session, settings: Settings) -> Email | None:
    """The next e-mail due, taken for this sender: ``sending`` until its lease runs out (or
    ``kept`` at once when SMTP is off). Another sender skips it."""
    now = clock.now()
    email = db.scalar(
        select(Email)
        .where(
            or_(
                and_(Email.status == EmailStatus.PENDING, Email.next_attempt_at <= now),
                and_(Email.status == EmailStatus.SENDING, Email.claimed_until < now),
            )
        )
        .order_by(Email.next_attempt_at, Email.id)
        .limit(1)
        .with_for_update(skip_locked=True)
    )
    if email is None:
        return None
    if not settings.smtp_enabled:
        email.status, email.sent_at = EmailStatus.KEPT, now
    else:
        email.status, email.attempts = EmailStatus.SENDING, email.attempts + 1
        email.claimed_until = now + timedelta(seconds=4 * settings.smtp_timeout_s + 60)
    db.flush()
    return email


def send_due(engine: Engine, settings: Settings) -> Counter[str]:
    """Deliver every e-mail due, one claim at a time, over one SMTP connection, until a temporary
    failure."""
    done: Counter[str] = Counter()
    with mail.Mailer(settings) as mailer:
        while True:
            with transaction(engine) as db:
                email = claim(db, settings)
                message = (
                    mail.build(email, settings) if email and email.status is EmailStatus.SENDING else None
                )
            if email is None:
                return done
            if message is None:
                done["kept"] += 1
                continue
            try:
                mailer.send(message)
            except mail.DeliveryError as error:
                with transaction(engine) as db:
                    done[_after_failure(db, email.id, error, settings)] += 1
                # The error may name the recipient: it goes to the outbox page, not to the logs.
                log.warning("e-mail %s not delivered (attempt %s)", email.id, email.attempts)
                if error.temporary:
                    # The server is away or busy: the others wait for the next turn rather than
                    # each waiting out a timeout now.
                    return done
            else:
                with transaction(engine) as db:
                    db.execute(
                        update(Email)
                        .where(Email.id == email.id)
                        .values(
                            status=EmailStatus.SENT, sent_at=clock.now(), claimed_until=None, last_error=None
                        )
                    )
                done["sent"] += 1


def _after_failure(db: Session, email_id: int, error: mail.DeliveryError, settings: Settings) -> str:
    email = db.get(Email, email_id)
    assert email is not None
    email.last_error, email.claimed_until = error.message, None
    if error.temporary and email.attempts < settings.email_max_attempts:
        wait = timedelta(seconds=settings.email_retry_base_s * 2 ** (email.attempts - 1))
        email.status, email.next_attempt_at = EmailStatus.PENDING, clock.now() + min(wait, _MAX_BACKOFF)
        return "retried"
    email.status = EmailStatus.FAILED
    return "failed"


def retry_failed(db: Session) -> int:
    """Put the e-mails that failed back in the queue, with a fresh count of attempts."""
    result = db.execute(
        update(Email)
        .where(Email.status == EmailStatus.FAILED)
        .values(status=EmailStatus.PENDING, attempts=0, next_attempt_at=clock.now())
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def run(engine: Engine, settings: Settings, *, scan_alerts: bool = True) -> dict[str, int]:
    """One turn of the sender, each step in its own transaction; returns what each did."""
    done: Counter[str] = Counter()
    with transaction(engine) as db:
        done["reminders"] = notification_sources.from_reminders(db)
    if scan_alerts:
        with transaction(engine) as db:
            done["alerts"] = notification_sources.from_alerts(db)
    while True:
        with transaction(engine) as db:
            composed = compose(db, settings)
        done["composed"] += composed
        if composed < _BATCH:
            break
    with transaction(engine) as db:
        done["digests"] = compose_digests(db, settings)
    done.update(send_due(engine, settings))
    return dict(done)


class Postman(Periodic):
    """Runs :func:`run` every ``STIRRUP_NOTIFICATIONS_INTERVAL_S`` in a daemon thread, looking for
    new alerts every ``STIRRUP_ALERT_SCAN_INTERVAL_S``."""

    def __init__(self, engine: Engine, settings: Settings) -> None:
        self._engine, self._settings = engine, settings
        self._last_scan: float | None = None
        super().__init__("stirrup-notifications", settings.notifications_interval_s, self._turn)

    def _turn(self) -> dict[str, int]:
        now = time.monotonic()
        scan = self._last_scan is None or now - self._last_scan >= self._settings.alert_scan_interval_s
        done = run(self._engine, self._settings, scan_alerts=scan)
        self._last_scan = now if scan else self._last_scan
        return done
