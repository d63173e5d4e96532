"""Alerts as each role's pages show them: a title per kind, the message in the reader's language,
when it is due, and where to act on it. (The rules are in services.alerts.)"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from stirrup import clock
from stirrup.i18n import N_, gettext
from stirrup.models import Role
from stirrup.pages.words import say
from stirrup.services.access import Principal
from stirrup.services.alerts import Alert

#: What each kind of alert is called, as a heading.
TITLES = {
    "ending_without_exit_plan": N_("Ends soon without an exit plan"),
    "no_recent_check_in": N_("No check-in for three weeks"),
    "severe_incident": N_("Serious incident"),
    "association_over_capacity": N_("Over capacity"),
    "after_end_check_due": N_("Where does the household live now?"),
    "insurance_missing": N_("No home insurance"),
    "insurance_lapsed": N_("Home insurance lapsed"),
    "insurance_expiring": N_("Home insurance ends too early"),
    "proposal_about_to_expire": N_("Proposal about to expire"),
    "extension_awaiting_answer": N_("Extension to answer"),
}


@dataclass(frozen=True)
class Shown:
    """One alert on a page."""

    kind: str
    title: str
    message: str
    due_on: date
    overdue: bool
    link: str | None


def _link(alert: Alert, principal: Principal) -> str | None:
    """Where the reader acts on the alert (a page they may open)."""
    if alert.kind == "proposal_about_to_expire":  # for the sides still to answer, and coordinators
        return f"/proposals/{alert.placement_id}" if alert.placement_id else None
    if principal.role is Role.LANDLORD:
        return f"/homes/{alert.home_id}" if alert.home_id else None
    if alert.kind.startswith("insurance_") and alert.placement_id:
        return f"/placements/{alert.placement_id}/paperwork"
    if alert.kind == "association_over_capacity":
        return "/association" if principal.role is Role.ASSOCIATION_STAFF else None
    if alert.placement_id is None:
        return None
    return f"/placements/{alert.placement_id}/follow-up"


def shown(alerts: Iterable[Alert], principal: Principal) -> list[Shown]:
    """The alerts in the reader's language, the longest overdue first (as they come)."""
    today = clock.today()
    return [
        Shown(
            alert.kind,
            gettext(TITLES[alert.kind]) if alert.kind in TITLES else alert.kind.replace("_", " "),
            say(alert.message),
            alert.due_on,
            alert.due_on < today,
            _link(alert, principal),
        )
        for alert in alerts
    ]
