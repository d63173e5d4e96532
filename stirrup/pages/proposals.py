"""Proposals on the site: each side's list of proposals to answer, a proposal as that side may see
it (a landlord the home, the dates and the household's size with what lending is worth; a social
worker the home, its distance and why it was chosen; the association the household's reference),
and the answers — accept (the proposed move-in date, or another) or decline with a reason."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import ValidationError
from sqlalchemy.orm import Session

from stirrup.deps import DB
from stirrup.errors import Conflict, InvalidInput
from stirrup.i18n import N_, gettext, short_date
from stirrup.models import LIVE_STATUSES, Decision, PlacementStatus, Role
from stirrup.pages.forms import Form, PostedForm
from stirrup.pages.labels import choices, close_reason, decline_reason, label, translated
from stirrup.pages.listing import list_page
from stirrup.pages.rendering import redirect, render
from stirrup.pages.security import CsrfChecked, PagePrincipal
from stirrup.schemas.proposals import AcceptIn, DeclineIn
from stirrup.services import estimates, proposal_views, proposals
from stirrup.services.access import Principal
from stirrup.services.estimates import WhatIf
from stirrup.services.proposals import DECLINE_REASONS, PARTY_OF_ROLE, ProposalFilters

router = APIRouter(include_in_schema=False)

#: The list's choices (?show=…): those waiting for the reader's side, or every proposal in a status.
TO_ANSWER = "to_answer"
SHOWN_STATUSES = (
    PlacementStatus.PROPOSED,
    PlacementStatus.ACCEPTED,
    PlacementStatus.ACTIVE,
    PlacementStatus.DECLINED,
    PlacementStatus.CANCELLED,
)
LABELS = {
    "move_in_date": N_("Move-in date"),
    "reason_code": N_("Why you decline"),
    "reason_text": N_("In a few words"),
}


@router.get("/proposals", response_class=HTMLResponse)
def list_proposals(
    request: Request, db: DB, principal: PagePrincipal, show: str = "", page: int = 1
) -> Response:
    answers = principal.role in PARTY_OF_ROLE
    shown = show if show in (*SHOWN_STATUSES, TO_ANSWER) and (show != TO_ANSWER or answers) else ""
    shown = shown or (TO_ANSWER if answers else PlacementStatus.PROPOSED.value)
    filters = (
        ProposalFilters(PlacementStatus.PROPOSED, to_answer=True)
        if shown == TO_ANSWER
        else ProposalFilters(PlacementStatus(shown))
    )
    found = list_page(lambda p: proposals.list_proposals(db, principal, filters, p), page)
    options = [(TO_ANSWER, gettext(N_("Waiting for your answer")))] if answers else []
    context = {
        "proposals": found,
        "items": [proposal_views.view(principal, p) for p in found.items],
        "show": shown,
        "filters": Form.of({"show": shown}),
        "options": options + choices(list(SHOWN_STATUSES)),
    }
    return render(request, "proposals/list.html", context, fragment="proposals/_list.html")


@router.get("/proposals/{proposal_id}", response_class=HTMLResponse)
def proposal_page(request: Request, db: DB, principal: PagePrincipal, proposal_id: int) -> Response:
    return _page(request, db, principal, proposal_id)


@router.post("/proposals/{proposal_id}/accept", response_class=HTMLResponse, dependencies=[CsrfChecked])
def accept(
    request: Request, db: DB, principal: PagePrincipal, proposal_id: int, form: PostedForm
) -> Response:
    try:
        answer = AcceptIn.model_validate(form.filled("move_in_date"))
        placement = proposals.accept(db, principal, proposal_id, answer.move_in_date)
    except (ValidationError, InvalidInput) as error:
        db.rollback()  # a refused answer leaves nothing half-written
        return _page(request, db, principal, proposal_id, accept_form=form.fail(error), status_code=422)
    except Conflict as error:
        db.rollback()
        return _page(request, db, principal, proposal_id, conflict=error, status_code=409)
    agreed = placement.status in LIVE_STATUSES
    return redirect(f"/proposals/{proposal_id}", flash="proposal_agreed" if agreed else "proposal_accepted")


@router.post("/proposals/{proposal_id}/decline", response_class=HTMLResponse, dependencies=[CsrfChecked])
def decline(
    request: Request, db: DB, principal: PagePrincipal, proposal_id: int, form: PostedForm
) -> Response:
    try:
        answer = DeclineIn.model_validate(form.filled("reason_code", "reason_text"))
        proposals.decline(db, principal, proposal_id, answer.reason_code, answer.reason_text)
    except (ValidationError, InvalidInput) as error:
        db.rollback()
        return _page(request, db, principal, proposal_id, decline_form=form.fail(error), status_code=422)
    except Conflict as error:
        db.rollback()
        return _page(request, db, principal, proposal_id, conflict=error, status_code=409)
    return redirect("/proposals", flash="proposal_declined")


def _page(
    request: Request,
    db: Session,
    principal: Principal,
    proposal_id: int,
    accept_form: Form | None = None,
    decline_form: Form | None = None,
    conflict: Conflict | None = None,
    status_code: int = 200,
) -> Response:
    shown = proposal_views.view(principal, proposals.get_proposal(db, principal, proposal_id))
    party = shown["my_party"]
    mine = next((a for a in shown["answers"] if a["party"] is party), None)
    accepted_now = bool(
        mine and mine["decision"] is Decision.ACCEPTED and mine["move_in_date"] == shown["move_in_date"]
    )
    if accept_form is not None and isinstance(accept_form.errors.get("move_in_date"), str):
        accept_form.errors["move_in_date"] = _date_range(shown)
    context: dict[str, Any] = {
        "p": shown,
        "open": shown["status"] is PlacementStatus.PROPOSED,
        "answers": party is not None,
        "accepted_now": accepted_now,
        "accept_form": accept_form or Form.of({"move_in_date": shown["move_in_date"].isoformat()}),
        "decline_form": decline_form or Form(),
        "reasons": [(code, decline_reason(code)) for code in DECLINE_REASONS[party]] if party else [],
        "labels": translated(LABELS),
        "date_hint": _date_range(shown),
        "notice": _conflict_notice(shown, conflict) if conflict else None,
    }
    if principal.role is Role.LANDLORD:
        context.update(_worth(db, principal, shown))
    return render(request, "proposals/detail.html", context, status_code=status_code)


def _date_range(shown: dict[str, Any]) -> str:
    """The dates a side may propose, in words (the service checks them)."""
    first, last = shown["earliest_move_in"], shown["latest_move_in"]
    if last is None:
        return gettext(N_("From %(first)s on.")) % {"first": short_date(first)}
    return gettext(N_("From %(first)s to %(last)s, so that the home is free for the six months.")) % {
        "first": short_date(first),
        "last": short_date(last),
    }


def _conflict_notice(shown: dict[str, Any], conflict: Conflict) -> str:
    """Why the answer was not recorded: the proposal closed meanwhile, or the service's reason."""
    if shown["status"] is not PlacementStatus.PROPOSED:
        reason = shown["closed_reason"]
        words = close_reason(reason) if reason else label(shown["status"])
        return gettext(N_("This proposal can no longer be answered: %(why)s.")) % {"why": words}
    return gettext(conflict.message)


def _worth(db: Session, principal: Principal, shown: dict[str, Any]) -> dict[str, Any]:
    """The owner's estimate of the home with the proposal's dates, or what it still needs."""
    try:
        found = estimates.for_home(db, principal, shown["home"]["id"], WhatIf(placement_id=shown["id"]))
    except InvalidInput as error:
        return {"estimate_missing": Form().fail(error).errors}
    return {"estimate": found.to_dict()}
