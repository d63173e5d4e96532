"""A household's page: the household as the reader may see it (names and contact only for the
referent organisation), the proposals waiting for answers, and — while it waits — why no home was
found, in plain words, and the form with which its social worker asks for a placement (a home is
looked for at once, unless the territory works by rounds only)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import ValidationError
from sqlalchemy.orm import Session

from stirrup.deps import DB, SettingsDep
from stirrup.errors import InvalidInput
from stirrup.i18n import N_, gettext
from stirrup.models import HouseholdStatus, PlacementStatus
from stirrup.pages import places
from stirrup.pages.forms import Form, PostedForm
from stirrup.pages.households import LABELS, PRIORITIES, WORKER_STATUSES
from stirrup.pages.labels import translated
from stirrup.pages.rendering import redirect, render
from stirrup.pages.security import CsrfChecked, PagePrincipal
from stirrup.schemas.requests import PlacementRequestIn
from stirrup.services import access, households, placements, requests, unmatched
from stirrup.services.access import Principal
from stirrup.services.listing import PageRequest
from stirrup.services.placements import PlacementFilters

router = APIRouter(include_in_schema=False)


@router.get("/households/{household_id}", response_class=HTMLResponse)
def household_page(request: Request, db: DB, principal: PagePrincipal, household_id: int) -> Response:
    return _detail(request, db, principal, household_id)


@router.post(
    "/households/{household_id}/placement-request", response_class=HTMLResponse, dependencies=[CsrfChecked]
)
def request_placement(
    request: Request,
    db: DB,
    principal: PagePrincipal,
    settings: SettingsDep,
    household_id: int,
    form: PostedForm,
) -> Response:
    """Put the household on the waiting list with its priority and reason; a home is looked for
    at once (unless its territory works by rounds only) and the page shows what was found."""
    try:
        data = PlacementRequestIn.model_validate({**form.numbers("priority"), **form.filled("reason")})
        made, _ = requests.request_placement(db, principal, household_id, data, settings)
    except (ValidationError, InvalidInput) as error:
        db.rollback()
        return _detail(request, db, principal, household_id, form.fail(error), status_code=422)
    return redirect(f"/households/{household_id}", flash=f"request_{made.outcome.value}")


def _detail(
    request: Request,
    db: Session,
    principal: Principal,
    household_id: int,
    request_form: Form | None = None,
    status_code: int = 200,
) -> Response:
    """The household as the reader may see it, its pending proposals, and — while it waits — why
    no home was found and the form to ask for one."""
    household = households.get_household(db, principal, household_id)
    shown = households.view(db, principal, household)
    referent = access.is_referent_organisation(principal, household)
    pending = PlacementFilters(household_id=household.id, status=PlacementStatus.PROPOSED)
    context = {
        "household": shown,
        "preferred": places.communes_to_text(shown["preferred_communes"]),
        "excluded": places.communes_to_text(shown["excluded_communes"]),
        "may_edit": referent,
        "proposals": placements.list_placements(db, principal, pending, PageRequest(page_size=5)).items,
        "followed": placements.list_placements(
            db, principal, PlacementFilters(household_id=household.id), PageRequest(page=1, page_size=20)
        ).items,
        "reasons": unmatched.latest_for_household(db, principal, household.id)
        if household.status is HouseholdStatus.WAITING
        else None,
        "request_form": request_form or Form.of({"priority": household.priority}),
        "may_request": referent and household.status in WORKER_STATUSES,
        "priorities": [(value, gettext(text)) for value, text in PRIORITIES],
        "labels": translated({"priority": LABELS["priority"], "reason": N_("Why this priority")}),
    }
    return render(request, "households/detail.html", context, status_code=status_code)
