"""The six-month follow-up on the site: the association's dashboard of placements followed
(/follow-up) and a placement's follow-up page (/placements/{id}/follow-up), where milestones,
incidents and the exit plan post. The quick check-in has its own page (pages/check_in.py);
extensions and the end of a placement post to pages/placement_end.py, onto the same page.

Who sees what is the services' affair: the follow-up team (the association and the household's
social service) reads and writes everything, coordinators read what is not sensitive, owners get
404. Every form on the follow-up page names its fields with a prefix ("incident-", "plan-"…) so
that ids stay unique on the page; ``fields`` and ``failed`` translate to and from the schemas.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, ValidationError
from sqlalchemy.orm import Session

from stirrup import clock
from stirrup.deps import DB
from stirrup.errors import InvalidInput, NotFound
from stirrup.i18n import N_
from stirrup.models import (
    EarlyEndReason,
    ExitPlanKind,
    ExtensionStatus,
    IncidentCategory,
    IncidentSeverity,
    IncidentStatus,
    MilestoneKind,
    Outcome,
    PlacementStatus,
    Role,
)
from stirrup.pages import alerts as shown_alerts
from stirrup.pages.forms import Form, PostedForm
from stirrup.pages.labels import choices, translated
from stirrup.pages.rendering import redirect, render
from stirrup.pages.security import CsrfChecked, PagePrincipal
from stirrup.schemas.followup import ExitPlanIn, IncidentCreate, IncidentUpdate, MilestoneIn
from stirrup.services import (
    access,
    alerts,
    dashboards,
    extensions,
    followup,
    incidents,
    milestones,
    outcomes,
    placements,
)
from stirrup.services.access import Principal

router = APIRouter(include_in_schema=False)

#: Field labels of the forms, for their error summaries.
LABELS = {
    "visited_on": N_("Date"),
    "kind": N_("How you met"),
    "wellbeing": N_("How is the household doing?"),
    "housing_condition": N_("How is the home kept?"),
    "notes": N_("Notes"),
    "reached_on": N_("Reached on"),
    "reference": N_("Application number"),
    "occurred_on": N_("Date"),
    "severity": N_("Severity"),
    "category": N_("Category"),
    "description": N_("What happened"),
    "resolution": N_("How it was resolved"),
    "resolved_on": N_("Resolved on"),
    "expected_on": N_("Expected move"),
    "details": N_("Details"),
    "destination": N_("Where the household will go"),
    "months": N_("Months"),
    "reason": N_("Reason"),
    "ended_on": N_("Last day in the home"),
    "outcome": N_("Where the household went"),
    "early_end_reason": N_("Why it ends early"),
    "home_withdrawn": N_("The owner takes the home back"),
    "situation": N_("Where the household lives now"),
    "checked_on": N_("Found out on"),
}


def fields(form: Form, prefix: str, *names: str) -> dict[str, str]:
    """The filled fields ``prefix + name`` of a form, by ``name`` (blank ones left out)."""
    return {
        name.removeprefix(prefix): value for name, value in form.filled(*(prefix + n for n in names)).items()
    }


def failed(form: Form, error: ValidationError | InvalidInput, prefix: str, names: tuple[str, ...]) -> Form:
    """The form with the problems beside its (prefixed) fields."""
    return form.fail(error, rename={name: prefix + name for name in names})


def follow_up_page(
    request: Request,
    db: Session,
    principal: Principal,
    placement_id: int,
    sent: dict[str, Form] | None = None,
) -> Response:
    """The follow-up page; ``sent``: a form shown again with its problems, by its prefix."""
    sent = sent or {}
    placement = followup.followed_placement(db, principal, placement_id)
    seen = placements.view(principal, placements.get_placement(db, principal, placement_id))
    today = clock.today()
    found = {m["kind"]: m for m in milestones.list_milestones(db, principal, placement_id)}
    listed = incidents.list_incidents(db, principal, placement_id)
    plan = followup.get_exit_plan(db, principal, placement_id)
    asked = [extensions.view(e) for e in extensions.list_extensions(db, principal, placement.id)]
    ended = placement.status is PlacementStatus.ENDED
    ending = outcomes.get_outcome(db, principal, placement.id) if ended else None
    checks = [
        {**check, "open": check["due_on"] - outcomes.CHECK_WINDOW <= today}
        for check in (ending["after_end"] if ending else [])
    ]
    blank = {
        **{f"{kind.value}-": _milestone_form(kind, found.get(kind), today) for kind in MilestoneKind},
        "incident-": Form.of({"incident-occurred_on": today}),
        **{f"resolve{i['id']}-": Form.of({f"resolve{i['id']}-resolved_on": today}) for i in listed},
        "plan-": Form.of({f"plan-{name}": value for name, value in (plan or {}).items()}),
        "ext-": Form(),
        "end-": Form.of({"end-ended_on": today}),
        **{f"after{c['months']}-": Form.of({f"after{c['months']}-checked_on": today}) for c in checks},
    }
    context: dict[str, Any] = {
        "placement": placement,
        "reference": seen["household_reference"],
        "persons": seen["persons"],
        "days_left": (placement.planned_end - today).days,
        "active": placement.status is PlacementStatus.ACTIVE,
        "ended": ended,
        "team": access.in_follow_up_team(principal),
        "alerts": shown_alerts.shown(
            [a for a in alerts.alerts_for(db, principal, today) if a.placement_id == placement.id], principal
        ),
        "visits": followup.list_visits(db, principal, placement_id),
        "milestones": [(kind, found.get(kind)) for kind in MilestoneKind],
        "incidents": listed,
        "exit_plan": plan,
        "extensions": asked,
        "waiting_extension": any(e["status"] is ExtensionStatus.REQUESTED for e in asked),
        "outcome": ending,
        "checks": checks,
        "forms": {**blank, **sent},
        "sent": sent,
        "labels": translated(LABELS),
        "today": today,
        **_options(),
    }
    return render(request, "followup/placement.html", context, status_code=422 if sent else 200)


def _options() -> dict[str, list[tuple[str, str]]]:
    """The options of the page's lists and buttons, in the reader's language."""
    return {
        "severities": choices(list(IncidentSeverity)),
        "categories": choices(list(IncidentCategory)),
        "plan_kinds": choices(list(ExitPlanKind)),
        "month_choices": [(str(n), str(n)) for n in range(1, 7)],
        "outcome_choices": choices(list(Outcome)),
        "early_reasons": choices(list(EarlyEndReason)),
    }


def _milestone_form(kind: MilestoneKind, reached: dict[str, Any] | None, today: date) -> Form:
    prefix = f"{kind.value}-"
    if reached is None:
        return Form.of({f"{prefix}reached_on": today})
    return Form.of({f"{prefix}reached_on": reached["reached_on"], f"{prefix}reference": reached["reference"]})


def back(placement_id: int, flash: str) -> Response:
    return redirect(f"/placements/{placement_id}/follow-up", flash=flash)


@dataclass(frozen=True)
class Sent:
    """A form posted from the follow-up page, with what saving it needs."""

    request: Request
    db: Session
    principal: Principal
    placement_id: int
    form: Form

    def save(
        self, prefix: str, names: tuple[str, ...], save: Callable[[dict[str, str]], object], flash: str
    ) -> Response:
        """Save the form's fields ``prefix + name`` through their service (``save``), or show the
        page again with the problems beside the fields and nothing written."""
        try:
            save(fields(self.form, prefix, *names))
        except (ValidationError, InvalidInput) as error:
            self.db.rollback()
            shown = {prefix: failed(self.form, error, prefix, names)}
            return follow_up_page(self.request, self.db, self.principal, self.placement_id, shown)
        return back(self.placement_id, flash)


def _sent(request: Request, db: DB, principal: PagePrincipal, placement_id: int, form: PostedForm) -> Sent:
    return Sent(request, db, principal, placement_id, form)


#: The form of a follow-up route (``/placements/{placement_id}/…``), after the CSRF check.
SentForm = Annotated[Sent, Depends(_sent)]


def valid(model: type[BaseModel], data: dict[str, str]) -> Any:
    return model.model_validate(data)


@router.get("/follow-up", response_class=HTMLResponse)
def dashboard(
    request: Request, db: DB, principal: PagePrincipal, association_id: int | None = None
) -> Response:
    try:
        board = dashboards.association_dashboard(db, principal, association_id)
    except NotFound:
        if principal.role is Role.ASSOCIATION_STAFF and association_id is None:
            return RedirectResponse("/association/edit", status_code=303)  # no profile yet
        raise
    context = {"board": board, "alerts": shown_alerts.shown(board["alerts"], principal)}
    return render(request, "followup/dashboard.html", context)


@router.get("/placements/{placement_id}/follow-up", response_class=HTMLResponse)
def follow_up(request: Request, db: DB, principal: PagePrincipal, placement_id: int) -> Response:
    return follow_up_page(request, db, principal, placement_id)


@router.post("/placements/{placement_id}/milestones/{kind}", dependencies=[CsrfChecked])
def record_milestone(sent: SentForm, kind: MilestoneKind) -> Response:
    return sent.save(
        f"{kind.value}-",
        ("reached_on", "reference"),
        lambda data: milestones.set_milestone(
            sent.db, sent.principal, sent.placement_id, kind, valid(MilestoneIn, data)
        ),
        "milestone_saved",
    )


@router.post("/placements/{placement_id}/incidents", dependencies=[CsrfChecked])
def record_incident(sent: SentForm) -> Response:
    return sent.save(
        "incident-",
        ("occurred_on", "severity", "category", "description"),
        lambda data: incidents.record_incident(
            sent.db, sent.principal, sent.placement_id, valid(IncidentCreate, data)
        ),
        "incident_saved",
    )


@router.post("/placements/{placement_id}/incidents/{incident_id}/resolve", dependencies=[CsrfChecked])
def resolve_incident(sent: SentForm, incident_id: int) -> Response:
    def save(data: dict[str, str]) -> object:
        change = valid(IncidentUpdate, {**data, "status": IncidentStatus.RESOLVED.value})
        return incidents.update_incident(sent.db, sent.principal, sent.placement_id, incident_id, change)

    return sent.save(f"resolve{incident_id}-", ("resolution", "resolved_on"), save, "incident_resolved")


@router.post("/placements/{placement_id}/incidents/{incident_id}/reopen", dependencies=[CsrfChecked])
def reopen_incident(db: DB, principal: PagePrincipal, placement_id: int, incident_id: int) -> Response:
    change = IncidentUpdate(status=IncidentStatus.OPEN)
    incidents.update_incident(db, principal, placement_id, incident_id, change)
    return back(placement_id, "incident_reopened")


@router.post("/placements/{placement_id}/exit-plan", dependencies=[CsrfChecked])
def record_exit_plan(sent: SentForm) -> Response:
    return sent.save(
        "plan-",
        ("kind", "expected_on", "details"),
        lambda data: followup.set_exit_plan(
            sent.db, sent.principal, sent.placement_id, valid(ExitPlanIn, data)
        ),
        "exit_plan_saved",
    )
