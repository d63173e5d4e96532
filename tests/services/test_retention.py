"""Retention of the audit trail and of the e-mail outbox: ``stirrup privacy purge`` deletes the
entries older than their retention period (a dry run only counts them) and keeps the recent ones
and the e-mails still to deliver."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from stirrup import clock
from stirrup.cli import app
from stirrup.config import get_settings
from stirrup.models import AuditEvent, Email, EmailStatus, Notification
from tests.factories import Factory


def audit_entry(db: Session, action: str, age: timedelta) -> None:
    db.add(AuditEvent(at=clock.now() - age, action=action, entity_type="household", entity_id="1"))
    db.commit()


def test_the_purge_deletes_old_audit_entries_and_e_mails_and_keeps_recent_ones(
    runner: CliRunner, make: Factory, db: Session
) -> None:
    user = make.user()
    audit_entry(db, "read_sensitive", timedelta(days=400))  # past the 12 months
    audit_entry(db, "update", timedelta(days=330))
    old_sent = make.email(user, EmailStatus.SENT, timedelta(days=100))  # past the 90 days
    make.email(user, EmailStatus.KEPT, timedelta(days=91))
    make.email(user, EmailStatus.FAILED, timedelta(days=120))
    make.email(user, EmailStatus.SENT, timedelta(days=80))
    make.email(user, EmailStatus.PENDING, timedelta(days=200))  # still to deliver: never purged
    notified = make.notification(user)
    notified.email_id = old_sent.id
    db.commit()

    dry = runner.invoke(app, ["privacy", "purge", "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "would delete 1 audit entr(ies) from before" in dry.output
    assert "would delete 3 e-mail(s) sent, kept or failed before" in dry.output
    db.rollback()
    assert len(db.scalars(select(Email)).all()) == 5

    done = runner.invoke(app, ["privacy", "purge"])
    assert done.exit_code == 0, done.output
    cutoff = (clock.now() - timedelta(days=90)).date().isoformat()
    assert f"deleted 3 e-mail(s) sent, kept or failed before {cutoff}" in done.output
    assert "deleted 1 audit entr(ies) from before" in done.output
    db.rollback()
    assert sorted(e.status.value for e in db.scalars(select(Email))) == ["pending", "sent"]
    actions = sorted(e.action for e in db.scalars(select(AuditEvent)))
    assert actions == ["purge", "update"]  # the recent entry, and the purge's own
    purged = db.scalar(select(AuditEvent).where(AuditEvent.action == "purge"))
    assert purged is not None and purged.details == {"audit_entries": 1, "emails": 3}
    kept = db.get(Notification, notified.id, populate_existing=True)
    assert kept is not None and kept.email_id is None  # the notification stays in the app

    again = runner.invoke(app, ["privacy", "purge"])
    assert "deleted 0 audit entr(ies)" in again.output and "deleted 0 e-mail(s)" in again.output


def test_the_retention_periods_are_settings(
    runner: CliRunner, make: Factory, db: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    user = make.user()
    make.email(user, EmailStatus.SENT, timedelta(days=10))
    assert "deleted 0 e-mail(s)" in runner.invoke(app, ["privacy", "purge"]).output
    monkeypatch.setenv("STIRRUP_EMAIL_RETENTION_DAYS", "7")
    get_settings.cache_clear()
    done = runner.invoke(app, ["privacy", "purge"])
    assert done.exit_code == 0 and "deleted 1 e-mail(s)" in done.output
    db.rollback()
    assert db.scalars(select(Email)).all() == []
