"""A user's own notifications and their choice of which to receive, through the API."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from stirrup.models import AuditEvent, NotificationKind, NotificationPreference, Role
from tests.factories import Factory


def test_preferences_default_by_role_and_change_kind_by_kind(
    client: TestClient, make: Factory, db: Session
) -> None:
    owner, coordinator = make.user(Role.LANDLORD), make.user(Role.COORDINATOR, locale="en")
    mine = client.get("/api/v1/notifications/preferences", headers=make.headers(owner)).json()
    assert mine["daily_digest"] is False and mine["language"] == "fr" and mine["digest_hour"] == 7
    assert mine["kinds"] == {kind.value: True for kind in NotificationKind}
    theirs = client.get("/api/v1/notifications/preferences", headers=make.headers(coordinator)).json()
    assert theirs["daily_digest"] is True and theirs["language"] == "en"  # coordinators: the digest
    changed = client.patch(
        "/api/v1/notifications/preferences",
        headers=make.headers(owner),
        json={"daily_digest": True, "kinds": {"proposal_answered": False}},
    )
    assert changed.status_code == 200, changed.text
    assert changed.json()["daily_digest"] is True and changed.json()["kinds"]["proposal_answered"] is False
    again = client.patch(
        "/api/v1/notifications/preferences",
        headers=make.headers(owner),
        json={"kinds": {"severe_incident": False}},
    ).json()
    assert again["daily_digest"] is True  # kept
    assert [k for k, on in again["kinds"].items() if not on] == ["proposal_answered", "severe_incident"]
    db.rollback()
    assert (
        db.scalar(
            select(func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.action == "update_notification_preferences")
        )
        == 2
    )


def test_bad_preferences_are_refused_and_nothing_written(
    client: TestClient, make: Factory, db: Session
) -> None:
    owner = make.user(Role.LANDLORD)
    for body, field in (
        ({"kinds": {"gossip": False}}, "kinds"),
        ({"daily_digest": "sometimes"}, "daily_digest"),
        ({"kinds": {"proposal_answered": 0}}, "kinds"),  # a switch is true or false, not a number
        ({"kinds": {"proposal_answered": "no"}}, "kinds"),
        ({"user_id": 1}, "user_id"),
    ):
        refused = client.patch("/api/v1/notifications/preferences", headers=make.headers(owner), json=body)
        assert refused.status_code == 422, refused.text
        assert field in str(refused.json()["error"]["fields"])
    db.rollback()
    assert db.scalar(select(func.count()).select_from(NotificationPreference)) == 0


def test_each_user_reads_their_own_notifications_in_their_language(client: TestClient, make: Factory) -> None:
    owner, other = make.user(Role.LANDLORD), make.user(Role.LANDLORD)
    make.notification(owner, owner=True)
    make.notification(owner, NotificationKind.INSURANCE_LAPSED, owner=True)
    make.notification(other, owner=True)
    page = client.get("/api/v1/notifications?lang=en", headers=make.headers(owner))
    assert page.status_code == 200 and page.json()["total"] == 2
    first = page.json()["items"][0]
    assert first["kind"] == "insurance_lapsed" and first["status"] == "pending"
    assert first["subject"] == "Home insurance has lapsed" and first["path"] == "/homes/9"
    assert "your home in Roubaix" in first["summary"]
    assert client.get("/api/v1/notifications", headers=make.headers(other)).json()["total"] == 1
    assert client.get("/api/v1/notifications").status_code == 401
