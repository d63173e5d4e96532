"""The quick check-in, made for a phone (/placements/{id}/check-in): the date (today unless
changed), how the team met the household, two ratings as large buttons, and notes. One page, one
form, large targets; it goes back to the follow-up page once recorded."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import ValidationError
from sqlalchemy.orm import Session

from stirrup import clock
from stirrup.deps import DB
from stirrup.errors import InvalidInput
from stirrup.models import VisitKind
from stirrup.pages.followup import LABELS, back
from stirrup.pages.forms import Form, PostedForm
from stirrup.pages.labels import choices, translated
from stirrup.pages.rendering import render
from stirrup.pages.security import CsrfChecked, PagePrincipal
from stirrup.schemas.followup import VisitCreate
from stirrup.services import followup, placements
from stirrup.services.access import Principal

router = APIRouter(include_in_schema=False)
RATINGS = [(str(n), str(n)) for n in range(1, 6)]


VISIT_FIELDS = ("visited_on", "kind", "wellbeing", "housing_condition", "notes")


def _check_in_page(
    request: Request, db: Session, principal: Principal, placement_id: int, form: Form | None = None
) -> Response:
    placement = followup.placement_for_team(db, principal, placement_id)
    seen = placements.view(principal, placements.get_placement(db, principal, placement_id))
    context = {
        "placement": placement,
        "reference": seen["household_reference"],
        "form": form or Form.of({"visited_on": clock.today()}),
        "labels": translated(LABELS),
        "kinds": choices(list(VisitKind)),
        "ratings": RATINGS,
        "today": clock.today(),
    }
    return render(request, "followup/check_in.html", context, status_code=422 if form else 200)


@router.get("/placements/{placement_id}/check-in", response_class=HTMLResponse)
def check_in(request: Request, db: DB, principal: PagePrincipal, placement_id: int) -> Response:
    return _check_in_page(request, db, principal, placement_id)


@router.post("/placements/{placement_id}/check-in", dependencies=[CsrfChecked])
def record_check_in(
    request: Request, db: DB, principal: PagePrincipal, placement_id: int, form: PostedForm
) -> Response:
    try:
        followup.record_visit(
            db, principal, placement_id, VisitCreate.model_validate(form.filled(*VISIT_FIELDS))
        )
    except (ValidationError, InvalidInput) as error:
        db.rollback()
        return _check_in_page(request, db, principal, placement_id, form.fail(error))
    return back(placement_id, "visit_saved")
