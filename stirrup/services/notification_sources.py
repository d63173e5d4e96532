"""Notifications computed from the clock rather than written by a change: the reminders of
unanswered proposals (raised by services.reminders) and the alerts of services.alerts. Each reaches
each user once, however often it is computed and by however many processes: its notification
carries a key the database keeps unique per user.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from stirrup import clock
from stirrup.models import Home, Household, NotificationKind, Placement, PlacementStatus, Role, User
from stirrup.services import alerts, notifications, reminders
from stirrup.services.access import Principal

#: The alerts that are also e-mailed, each once to each user who sees it on their dashboard.
ALERT_KINDS = {
    "ending_without_exit_plan": NotificationKind.ENDING_WITHOUT_EXIT_PLAN,
    "no_recent_check_in": NotificationKind.NO_RECENT_CHECK_IN,
    "severe_incident": NotificationKind.SEVERE_INCIDENT,
    "insurance_lapsed": NotificationKind.INSURANCE_LAPSED,
}
#: Roles whose alerts are e-mailed (admins manage accounts; they see every alert but get none).
ALERT_ROLES = (Role.LANDLORD, Role.SOCIAL_WORKER, Role.ASSOCIATION_STAFF, Role.COORDINATOR)


def from_reminders(db: Session) -> int:
    """The reminders services.reminders raised: one notification to each user of the silent side
    (none once the proposal is closed), then the reminder is marked sent."""
    written = 0
    for reminder in reminders.unsent(db):
        placement = db.get(Placement, reminder.placement_id)
        if placement is not None and placement.status is PlacementStatus.PROPOSED:
            key = f"reminder:{reminder.id}"
            written += notifications.notify(
                db, placement, [reminder.party], NotificationKind.PROPOSAL_REMINDER, key=key
            )
        reminders.mark_sent(db, reminder)
    return written


def from_alerts(db: Session, today: date | None = None) -> int:
    """The alerts of :data:`ALERT_KINDS` each user sees now (services.alerts, with its access
    rules), each notified once: an alert computed again has the same key."""
    today = today or clock.today()
    found: list[tuple[User, alerts.Alert]] = []
    users = db.scalars(select(User).where(User.is_active, User.role.in_(ALERT_ROLES)).order_by(User.id))
    for user in list(users):
        principal = Principal(user.id, user.role, user.organisation_id, user.display_name, user.email)
        found += [(user, a) for a in alerts.alerts_for(db, principal, today) if a.kind in ALERT_KINDS]
    where = {
        row.id: row
        for row in db.execute(
            select(Placement.id, Placement.home_id, Home.commune, Household.reference)
            .join(Home, Home.id == Placement.home_id)
            .join(Household, Household.id == Placement.household_id)
            .where(Placement.id.in_(sorted({a.placement_id for _, a in found})))
        )
    }
    rows = []
    for user, alert in found:
        placement = where[alert.placement_id]
        facts = {
            "placement_id": placement.id,
            "home_id": placement.home_id,
            "commune": placement.commune,
            "date": alert.due_on.isoformat(),
        }
        key = f"{alert.kind}:{placement.id}:{alert.due_on.isoformat()}"
        rows.append(
            (user, ALERT_KINDS[alert.kind], notifications.for_reader(user, facts, placement.reference), key)
        )
    return notifications.add(db, rows)
