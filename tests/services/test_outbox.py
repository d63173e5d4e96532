"""Delivering e-mails to a real SMTP server started by the test: one per notification in the
reader's language, choices honoured, retries with backoff, permanent refusals, TLS and passwords,
the daily digest once a day, and no e-mail sent twice by two senders at once."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from stirrup import clock
from stirrup.cli import app
from stirrup.config import Settings, get_settings
from stirrup.db import transaction
from stirrup.models import (
    Email,
    EmailStatus,
    Notification,
    NotificationKind,
    NotificationStatus,
    Role,
    User,
)
from stirrup.services import notification_preferences, notifications, outbox
from stirrup.services.access import Principal
from tests.factories import NOTIFICATION_FACTS, Factory
from tests.smtp import PASSWORD, USERNAME, Mailbox, smtp_server


def smtp(settings: Settings, port: int, **fields: Any) -> Settings:
    values = {"smtp_host": "127.0.0.1", "smtp_port": port, "smtp_tls": "none", "smtp_timeout_s": 5}
    return Settings(database_url=settings.database_url, **{**values, **fields})


def notify(
    engine: Engine, user: User, kind: NotificationKind = NotificationKind.SEVERE_INCIDENT, **facts: Any
) -> None:
    with transaction(engine) as db:
        notifications.add(db, [(user, kind, {**NOTIFICATION_FACTS, **facts}, None)])


def emails(db: Session) -> list[Email]:
    db.rollback()
    return list(db.scalars(select(Email).order_by(Email.id)))


def test_a_notification_arrives_as_one_email_in_the_readers_language(
    engine: Engine, settings: Settings, make: Factory, db: Session, tmp_path: Path
) -> None:
    user = make.user(Role.LANDLORD, email="owner@example.org", locale="en")
    notify(engine, user, owner=True)
    mailbox = Mailbox()
    with smtp_server(mailbox, tmp_path) as server:
        done = outbox.run(engine, smtp(settings, server.port, public_url="https://stirrup.example.org"))
    assert (done["composed"], done["sent"]) == (1, 1)
    [message] = mailbox.messages
    assert message["To"] == "owner@example.org"
    assert message["Subject"] == "An incident needs attention"
    assert message["Content-Language"] == "en"
    assert message["Auto-Submitted"] == "auto-generated"
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert "A severe incident is open at the placement in your home in Roubaix (February 1, 2027)." in text
    assert (
        "https://stirrup.example.org/homes/9" in text and 'href="https://stirrup.example.org/homes/9"' in html
    )
    assert "https://stirrup.example.org/account/notifications" in text
    [email] = emails(db)
    assert (email.status, email.attempts, email.message_id) == (EmailStatus.SENT, 1, message["Message-ID"])
    assert db.scalar(select(Notification.status)) is NotificationStatus.EMAILED
    with smtp_server(mailbox, tmp_path) as server:  # nothing is sent twice
        assert outbox.run(engine, smtp(settings, server.port)).get("sent", 0) == 0
    assert len(mailbox.messages) == 1


def test_kinds_switched_off_and_disabled_accounts_get_nothing(
    engine: Engine, settings: Settings, make: Factory, db: Session, tmp_path: Path
) -> None:
    picky, gone = make.user(Role.LANDLORD), make.user(Role.LANDLORD)
    gone.is_active = False
    db.commit()
    with transaction(engine) as session:
        principal = Principal(picky.id, picky.role, None, picky.display_name, picky.email)
        notification_preferences.update(session, principal, None, {NotificationKind.SEVERE_INCIDENT: False})
    notify(engine, picky)
    notify(engine, picky, NotificationKind.INSURANCE_LAPSED, owner=True)
    notify(engine, gone)
    mailbox = Mailbox()
    with smtp_server(mailbox, tmp_path) as server:
        outbox.run(engine, smtp(settings, server.port))
    assert [m["Subject"] for m in mailbox.messages] == ["L'assurance habitation n'est plus valide"]
    db.rollback()
    statuses = dict(
        db.execute(
            select(Notification.kind, Notification.status).where(Notification.user_id == picky.id)
        ).all()
    )
    assert statuses == {
        NotificationKind.SEVERE_INCIDENT: NotificationStatus.SKIPPED,
        NotificationKind.INSURANCE_LAPSED: NotificationStatus.EMAILED,
    }
    assert (
        db.scalar(select(Notification.status).where(Notification.user_id == gone.id))
        is NotificationStatus.SKIPPED
    )


def test_a_server_that_refuses_for_a_while_gets_the_email_later_once(
    engine: Engine, settings: Settings, make: Factory, db: Session, tmp_path: Path
) -> None:
    notify(engine, make.user(Role.LANDLORD))
    mailbox = Mailbox(refusals=["451 4.3.0 try again later", "421 4.7.0 busy"])
    with smtp_server(mailbox, tmp_path) as server:
        configured = smtp(settings, server.port, email_retry_base_s=60)
        assert outbox.run(engine, configured)["retried"] == 1
        [email] = emails(db)
        assert (email.status, email.attempts, email.last_error) == (
            EmailStatus.PENDING,
            1,
            "451 4.3.0 try again later",
        )
        assert email.next_attempt_at - clock.now() > timedelta(seconds=55)
        assert outbox.run(engine, configured).get("retried", 0) == 0  # not due yet: left alone
        with clock.travel(timedelta(seconds=61)):
            assert outbox.run(engine, configured)["retried"] == 1
        [email] = emails(db)
        assert email.attempts == 2 and email.next_attempt_at - clock.now() > timedelta(seconds=115)  # doubled
        with clock.travel(timedelta(seconds=181)):
            assert outbox.run(engine, configured)["sent"] == 1
    assert len(mailbox.messages) == 1
    [email] = emails(db)
    assert (email.status, email.attempts, email.last_error) == (EmailStatus.SENT, 3, None)


def test_a_server_that_is_down_or_refuses_for_good(
    engine: Engine, settings: Settings, make: Factory, db: Session, tmp_path: Path
) -> None:
    notify(engine, make.user(Role.LANDLORD))
    with smtp_server(Mailbox(), tmp_path) as server:
        port = server.port  # now closed: nothing listens there
    assert outbox.run(engine, smtp(settings, port))["retried"] == 1
    assert "ConnectionRefusedError" in (emails(db)[0].last_error or "")
    mailbox = Mailbox(refusals=["550 5.1.1 mailbox unavailable"])
    with smtp_server(mailbox, tmp_path) as server, clock.travel(timedelta(minutes=2)):
        assert outbox.run(engine, smtp(settings, server.port))["failed"] == 1
        [email] = emails(db)
        assert (email.status, email.last_error) == (EmailStatus.FAILED, "550 5.1.1 mailbox unavailable")
        with transaction(engine) as session:
            assert outbox.retry_failed(session) == 1  # after the address is fixed, say
        assert outbox.run(engine, smtp(settings, server.port))["sent"] == 1
    assert len(mailbox.messages) == 1


def test_the_last_attempt_fails_and_keeps_the_email(
    engine: Engine, settings: Settings, make: Factory, db: Session, tmp_path: Path
) -> None:
    notify(engine, make.user(Role.LANDLORD))
    mailbox = Mailbox(refusals=["451 later"] * 3)
    with smtp_server(mailbox, tmp_path) as server:
        configured = smtp(settings, server.port, email_max_attempts=2, email_retry_base_s=1)
        assert outbox.run(engine, configured)["retried"] == 1
        with clock.travel(timedelta(seconds=2)):
            assert outbox.run(engine, configured)["failed"] == 1
    [email] = emails(db)
    assert (email.status, email.attempts) == (EmailStatus.FAILED, 2)


@pytest.mark.parametrize("tls", ["starttls", "tls"])
def test_tls_and_a_password(
    engine: Engine, settings: Settings, make: Factory, db: Session, tmp_path: Path, tls: str
) -> None:
    first, second = make.user(Role.LANDLORD), make.user(Role.LANDLORD)
    notify(engine, first)
    mailbox = Mailbox()
    with smtp_server(mailbox, tmp_path, tls=tls, auth=True) as server:
        secure = dict(smtp_tls=tls, smtp_ca_file=server.ca_file, smtp_username=USERNAME)
        wrong = smtp(settings, server.port, **secure, smtp_password="wrong")
        assert outbox.run(engine, wrong)["retried"] == 1  # our credentials: every e-mail waits
        assert "sign-in refused: 535" in (emails(db)[0].last_error or "")
        with clock.travel(timedelta(minutes=2)):
            assert (
                outbox.run(engine, smtp(settings, server.port, **secure, smtp_password=PASSWORD))["sent"] == 1
            )
        untrusted = smtp(settings, server.port, smtp_tls=tls, smtp_username=USERNAME, smtp_password=PASSWORD)
        notify(engine, second)
        assert outbox.run(engine, untrusted)["retried"] == 1  # a certificate we do not trust
        assert "CERTIFICATE_VERIFY_FAILED" in (emails(db)[1].last_error or "")
    assert len(mailbox.messages) == 1


def test_with_smtp_off_emails_are_kept_for_the_outbox_page(
    engine: Engine, settings: Settings, make: Factory, db: Session
) -> None:
    notify(engine, make.user(Role.LANDLORD))
    assert not settings.smtp_enabled
    assert outbox.run(engine, settings)["kept"] == 1
    [email] = emails(db)
    assert email.status is EmailStatus.KEPT and email.sent_at is not None


def test_the_daily_digest_goes_once_a_day_after_its_hour(
    engine: Engine, settings: Settings, make: Factory, db: Session, tmp_path: Path
) -> None:
    coordinator = make.user(Role.COORDINATOR, locale="en")  # coordinators get the digest by default
    morning = datetime(2027, 1, 12, 5, 0, tzinfo=UTC)  # 6:00 in Paris
    mailbox = Mailbox()
    with smtp_server(mailbox, tmp_path) as server, clock.travel(morning - clock.now()):
        configured = smtp(settings, server.port, digest_hour=7)
        notify(engine, coordinator)
        notify(engine, coordinator, NotificationKind.INSURANCE_LAPSED)
        assert outbox.run(engine, configured).get("composed", 0) == 0
        assert mailbox.messages == []
        with clock.travel(timedelta(hours=1, minutes=1)):  # 7:01 in Paris
            assert outbox.run(engine, configured)["digests"] == 1
            notify(engine, coordinator, NotificationKind.NO_RECENT_CHECK_IN)
            assert outbox.run(engine, configured)["digests"] == 0  # one a day
        with clock.travel(timedelta(days=1, hours=1, minutes=1)):
            assert outbox.run(engine, configured)["digests"] == 1
    first, second = mailbox.messages
    assert first["Subject"] == "Stirrup: 2 notifications of January 12, 2027"
    body = first.get_body(("plain",)).get_content()
    assert "An incident needs attention" in body and "Home insurance has lapsed" in body
    assert second["Subject"] == "Stirrup: 1 notification of January 13, 2027"
    assert [e.digest_on.isoformat() for e in emails(db)] == ["2027-01-12", "2027-01-13"]


def test_two_senders_at_once_send_each_email_exactly_once(
    engine: Engine, settings: Settings, make: Factory, db: Session, tmp_path: Path
) -> None:
    users = [make.user(Role.LANDLORD) for _ in range(5)]
    for _ in range(6):
        for user in users:
            notify(engine, user)
    with transaction(engine) as session:
        assert outbox.compose(session, settings) == 30
    mailbox = Mailbox(delay_s=0.01)
    with smtp_server(mailbox, tmp_path) as server:
        configured = smtp(settings, server.port)
        barrier = threading.Barrier(2)
        results: list[Any] = []

        def sender() -> None:
            barrier.wait()
            results.append(outbox.send_due(engine, configured))

        threads = [threading.Thread(target=sender) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    ids = mailbox.message_ids()
    assert len(ids) == 30 and len(set(ids)) == 30
    assert sum(result["sent"] for result in results) == 30
    assert all(result["sent"] > 0 for result in results)  # both took part
    assert {e.status for e in emails(db)} == {EmailStatus.SENT}
    assert sorted(ids) == sorted(e.message_id for e in emails(db))


def test_the_command_delivers_and_requeues(
    runner: CliRunner,
    engine: Engine,
    make: Factory,
    db: Session,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    notify(engine, make.user(Role.LANDLORD))
    mailbox = Mailbox(refusals=["554 5.7.1 no"])
    with smtp_server(mailbox, tmp_path) as server:
        for name, value in (("HOST", "127.0.0.1"), ("PORT", str(server.port)), ("TLS", "none")):
            monkeypatch.setenv(f"STIRRUP_SMTP_{name}", value)
        get_settings.cache_clear()
        result = runner.invoke(app, ["notifications", "send"])
        assert result.exit_code == 0, result.output
        assert "1 e-mail(s) and 0 digest(s) composed; 0 sent, 0 to try again later, 1 failed" in result.output
        assert "1 failed e-mail(s) queued again" in runner.invoke(app, ["notifications", "retry"]).output
        assert "1 sent" in runner.invoke(app, ["notifications", "send"]).output
    assert len(mailbox.messages) == 1


def test_the_servers_postman_delivers_in_the_background(
    engine: Engine, settings: Settings, make: Factory, db: Session
) -> None:
    notify(engine, make.user(Role.LANDLORD))
    postman = outbox.Postman(engine, settings.model_copy(update={"notifications_interval_s": 1}))
    postman.start()
    try:
        for _ in range(200):
            if emails(db) and emails(db)[0].status is EmailStatus.KEPT:
                break
            time.sleep(0.05)
    finally:
        postman.stop()
    assert [e.status for e in emails(db)] == [EmailStatus.KEPT]


def test_a_server_that_is_away_stops_the_turn_without_counting_the_others_attempts(
    engine: Engine, settings: Settings, make: Factory, db: Session, tmp_path: Path
) -> None:
    owner = make.user(Role.LANDLORD)
    for _ in range(3):
        notify(engine, owner)
    mailbox = Mailbox(refusals=["421 4.3.2 shutting down"])
    with smtp_server(mailbox, tmp_path) as server:
        configured = smtp(settings, server.port)
        assert outbox.run(engine, configured)["retried"] == 1
        assert [e.attempts for e in emails(db)] == [1, 0, 0]  # the others wait for the next turn
        assert outbox.run(engine, configured)["sent"] == 2
    assert len(mailbox.messages) == 2
