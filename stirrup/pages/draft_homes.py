"""Vacant homes to claim, on the site: a landlord whose account the vacant-housing team linked to
an owner contact sees their draft homes (from the state's vacant-housing data) and turns one into
a home with the home form, prefilled from the draft (services.draft_homes keeps the rules)."""

from __future__ import annotations

from functools import partial

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from stirrup.config import Settings
from stirrup.deps import DB, GeocoderDep, SettingsDep
from stirrup.errors import Conflict
from stirrup.i18n import N_, gettext
from stirrup.models import Home, HomeStatus
from stirrup.pages import home_form
from stirrup.pages.forms import Form, PostedForm
from stirrup.pages.homes import advance, step_page
from stirrup.pages.listing import list_page
from stirrup.pages.rendering import render
from stirrup.pages.security import CsrfChecked, PagePrincipal
from stirrup.schemas.owner_contacts import DraftHomeClaim
from stirrup.services import draft_homes, owner_contacts
from stirrup.services.access import Principal
from stirrup.services.geocoding import Geocoder

router = APIRouter(include_in_schema=False)

ALREADY_CLAIMED = N_("This vacant home has already been turned into a home: find it in your homes.")
NOT_LINKED = N_("Its owner's account is not linked yet: mark them as joined with their e-mail first.")


@router.get("/draft-homes", response_class=HTMLResponse)
def list_drafts(request: Request, db: DB, principal: PagePrincipal, page: int = 1) -> Response:
    return _list(request, db, principal, page)


@router.get("/draft-homes/{draft_id}/claim", response_class=HTMLResponse)
def claim_form(request: Request, db: DB, principal: PagePrincipal, draft_id: int) -> Response:
    try:
        draft, _ = draft_homes.claimable(db, principal, draft_id)
    except Conflict as error:
        return _refused(request, db, principal, error)
    form = home_form.form_of({"status": HomeStatus.AVAILABLE.value, **draft_homes.prefill(draft)})
    return step_page(request, form, home_form.STEPS[0], None, _action(draft_id))


@router.post("/draft-homes/{draft_id}/claim", response_class=HTMLResponse, dependencies=[CsrfChecked])
def claim_step(
    request: Request,
    db: DB,
    principal: PagePrincipal,
    geocoder: GeocoderDep,
    settings: SettingsDep,
    draft_id: int,
    form: PostedForm,
) -> Response:
    try:
        draft_homes.claimable(db, principal, draft_id)
        save = partial(_claim, db, principal, geocoder, settings, draft_id)
        return advance(request, db, form, None, _action(draft_id), save)
    except Conflict as error:  # claimed meanwhile (another tab, the team): nothing was written
        db.rollback()
        return _refused(request, db, principal, error)


def _claim(
    db: Session, principal: Principal, geocoder: Geocoder, settings: Settings, draft_id: int, form: Form
) -> Home:
    body = DraftHomeClaim.model_validate(home_form.schema_input(form))
    return draft_homes.claim(db, principal, draft_id, body, geocoder, settings)


def _action(draft_id: int) -> str:
    return f"/draft-homes/{draft_id}/claim"


def _refused(request: Request, db: Session, principal: Principal, error: Conflict) -> Response:
    message = ALREADY_CLAIMED if isinstance(error, draft_homes.AlreadyClaimed) else NOT_LINKED
    return _list(request, db, principal, 1, gettext(message), status_code=409)


def _list(
    request: Request,
    db: Session,
    principal: Principal,
    page: int,
    refused: str | None = None,
    status_code: int = 200,
) -> Response:
    found = list_page(lambda p: owner_contacts.list_draft_homes(db, principal, None, p), page)
    context = {"drafts": found, "refused": refused}
    return render(request, "draft_homes/list.html", context, status_code, fragment="draft_homes/_list.html")
