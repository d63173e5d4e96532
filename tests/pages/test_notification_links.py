"""Every link an e-mail carries opens a page its recipient may see: each kind of notification,
written by the real services for everyone who gets it (the three sides, coordinators), opened
signed in as that recipient. And the alert of a proposal about to expire links to the proposal."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

from dateutil.relativedelta import relativedelta
from fastapi.testclient import TestClient
from sqlalchemy import select

from stirrup import clock
from stirrup.models import (
    Decision,
    IncidentSeverity,
    Notification,
    NotificationKind,
    Party,
    PlacementStatus,
    Role,
    User,
)
from stirrup.pages import alerts as shown_alerts
from stirrup.services import alerts, notification_sources, notification_texts, notifications
from stirrup.services.access import Principal
from tests.factories import Factory
from tests.pages.test_paperwork_pages import as_user


def _write_every_kind(make: Factory) -> None:
    """Placements that raise every kind of notification, written as the services write them."""
    today = clock.today()
    make.user(Role.COORDINATOR)
    live = make.parties(start=today - timedelta(days=40))  # no check-in for three weeks
    make.incident(live.placement, IncidentSeverity.SEVERE)
    make.parties(start=today + timedelta(days=20) - relativedelta(months=6))  # ends without exit plan
    proposed = make.parties(status=PlacementStatus.PROPOSED, start=today + timedelta(days=10))
    agreed = make.parties(status=PlacementStatus.ACCEPTED, start=today + timedelta(days=10))
    db = make.db
    notifications.notify(db, proposed.placement, Party, NotificationKind.PROPOSAL_TO_ANSWER)
    notifications.notify(db, proposed.placement, Party, NotificationKind.PROPOSAL_REMINDER)
    notifications.proposal_answered(db, proposed.placement, Party.LANDLORD, Decision.ACCEPTED)
    notifications.placement_starting(db, agreed.placement)
    lapsed = {"date": today.isoformat()}
    notifications.notify(db, live.placement, Party, NotificationKind.INSURANCE_LAPSED, lapsed)
    notification_sources.from_alerts(db, today)
    db.commit()


def test_every_notification_links_to_a_page_its_recipient_may_open(client: TestClient, make: Factory) -> None:
    _write_every_kind(make)
    opened: Counter[tuple[NotificationKind, Role]] = Counter()
    for notification in make.db.scalars(select(Notification).order_by(Notification.id)).all():
        user = make.db.get(User, notification.user_id)
        assert user is not None
        for locale in ("fr", "en"):
            with notification_texts.speaking(locale):
                path = notification_texts.text(notification.kind, notification.params).path
            as_user(client, make, user)
            page = client.get(path)
            assert page.status_code == 200, (notification.kind, user.role, path)
        opened[(notification.kind, user.role)] += 1
    assert {kind for kind, _ in opened} == set(NotificationKind)
    assert {role for _, role in opened} == set(notification_sources.ALERT_ROLES)
    for kind in (NotificationKind.PROPOSAL_TO_ANSWER, NotificationKind.PLACEMENT_STARTING):
        assert {role for k, role in opened if k is kind} == set(notifications.REFERENCE_READERS) | {
            Role.LANDLORD
        }


def test_the_alert_of_a_proposal_about_to_expire_links_to_the_proposal(
    client: TestClient, make: Factory
) -> None:
    proposed = make.parties(status=PlacementStatus.PROPOSED, start=clock.today() + timedelta(days=10))
    proposed.placement.expires_at = clock.now() + timedelta(days=1)
    make.db.commit()
    for user in (proposed.owner, proposed.worker, proposed.staff, make.user(Role.COORDINATOR)):
        principal = Principal(user.id, user.role, user.organisation_id, user.display_name, user.email)
        found = [a for a in alerts.alerts_for(make.db, principal) if a.kind == "proposal_about_to_expire"]
        (shown,) = shown_alerts.shown(found, principal)
        assert shown.link == f"/proposals/{proposed.placement.id}", user.role
        as_user(client, make, user)
        assert client.get(shown.link).status_code == 200, user.role
