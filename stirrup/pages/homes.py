"""Homes on the site: the owner's list ("occupied until …", never who lives there), a home's page
with what lending it is worth, and the step-by-step form to add or change one."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import ValidationError
from sqlalchemy.orm import Session

from stirrup.config import Settings
from stirrup.deps import DB, GeocoderDep, SettingsDep
from stirrup.errors import Forbidden, InvalidInput
from stirrup.models import Home, HomeStatus, Role
from stirrup.pages import alerts as shown_alerts
from stirrup.pages import home_form, places
from stirrup.pages.estimates import shown
from stirrup.pages.forms import Form, PostedForm
from stirrup.pages.home_form import BY_KEY, STEPS, Step
from stirrup.pages.labels import choices, translated
from stirrup.pages.listing import list_page, member
from stirrup.pages.rendering import redirect, render
from stirrup.pages.security import CsrfChecked, PagePrincipal
from stirrup.schemas.homes import HomeCreate, HomeUpdate
from stirrup.services import access, alerts, estimates, extensions, homes, occupancy
from stirrup.services.access import Principal
from stirrup.services.estimates import WhatIf
from stirrup.services.geocoding import Geocoder
from stirrup.services.homes import HomeFilters

router = APIRouter(include_in_schema=False)

#: Statuses an owner may choose on the review step: a new home, or one not yet promised.
OWNER_CHOICES = {
    "new": (HomeStatus.AVAILABLE, HomeStatus.DRAFT),
    "edit": (HomeStatus.AVAILABLE, HomeStatus.DRAFT, HomeStatus.WITHDRAWN),
}


@router.get("/homes", response_class=HTMLResponse)
def list_homes(
    request: Request, db: DB, principal: PagePrincipal, status: str = "", page: int = 1
) -> Response:
    wanted = member(HomeStatus, status)
    found = list_page(lambda p: homes.list_homes(db, principal, HomeFilters(status=wanted), p), page)
    context = {
        "homes": found,
        "lent": occupancy.lent_homes(db, principal, [home.id for home in found.items]),
        "status": wanted.value if wanted else "",
        "filters": Form.of({"status": wanted.value if wanted else ""}),
        "statuses": choices(list(HomeStatus)),
        "may_add": principal.role is Role.LANDLORD,
    }
    return render(request, "homes/list.html", context, fragment="homes/_list.html")


@router.get("/homes/new", response_class=HTMLResponse)
def new_home(request: Request, principal: PagePrincipal) -> Response:
    _require_landlord(principal)
    return step_page(request, Form({"status": [HomeStatus.AVAILABLE.value]}), STEPS[0], None, "/homes/new")


@router.post("/homes/new", response_class=HTMLResponse, dependencies=[CsrfChecked])
def new_home_step(
    request: Request,
    db: DB,
    principal: PagePrincipal,
    geocoder: GeocoderDep,
    settings: SettingsDep,
    form: PostedForm,
) -> Response:
    _require_landlord(principal)
    save = partial(_save, db, principal, geocoder, settings, home=None)
    return advance(request, db, form, None, "/homes/new", save)


@router.get("/homes/{home_id}", response_class=HTMLResponse)
def home_page(request: Request, db: DB, principal: PagePrincipal, home_id: int) -> Response:
    home = homes.get_home(db, principal, home_id)
    owner_side = access.can_see_home_tax_data(principal, home)
    context: dict[str, Any] = {"home": home, "may_edit": access.can_edit_home(principal, home)}
    if owner_side:
        context["occupancy"] = lent = occupancy.for_owner(db, principal, home_id)
        if lent["placement"]:
            asked = extensions.list_extensions(db, principal, lent["placement"]["id"])
            context["extensions"] = [extensions.view(extension) for extension in asked]
        mine = [alert for alert in alerts.alerts_for(db, principal) if alert.home_id == home.id]
        context["alerts"] = shown_alerts.shown(mine, principal)
        try:
            context["estimate"] = shown(estimates.for_home(db, principal, home_id, WhatIf()).to_dict())
        except InvalidInput as error:
            context["estimate_missing"] = Form().fail(error).errors
    return render(request, "homes/detail.html", context)


@router.get("/homes/{home_id}/edit", response_class=HTMLResponse)
def edit_home(request: Request, db: DB, principal: PagePrincipal, home_id: int) -> Response:
    home = _editable(db, principal, home_id)
    return step_page(request, home_form.values_of(home), STEPS[0], home, f"/homes/{home.id}/edit")


@router.post("/homes/{home_id}/edit", response_class=HTMLResponse, dependencies=[CsrfChecked])
def edit_home_step(
    request: Request,
    db: DB,
    principal: PagePrincipal,
    geocoder: GeocoderDep,
    settings: SettingsDep,
    home_id: int,
    form: PostedForm,
) -> Response:
    home = _editable(db, principal, home_id)
    save = partial(_save, db, principal, geocoder, settings, home=home)
    return advance(request, db, form, home, f"/homes/{home.id}/edit", save)


def _require_landlord(principal: Principal) -> None:
    if principal.role is not Role.LANDLORD:
        raise Forbidden("homes are listed by their owners")


def _editable(db: Session, principal: Principal, home_id: int) -> Home:
    home = homes.get_home(db, principal, home_id)
    if not access.can_edit_home(principal, home):
        raise Forbidden("only the owner or a coordinator may change this home")
    return home


def advance(
    request: Request, db: Session, form: Form, home: Home | None, action: str, save: Callable[[Form], Home]
) -> Response:
    """One press of a button of the form posted to ``action``: back, a step to change, continue,
    or save (``save`` stores the checked form: a new home, a change, a claimed draft home)."""
    current = BY_KEY.get(form.value("step"), STEPS[0])
    go = form.value("go") or "next"
    if places.apply_pick(form, ""):
        return step_page(request, form, current, home, action)
    if go == "back":
        return step_page(request, form, STEPS[max(STEPS.index(current) - 1, 0)], home, action)
    if go in BY_KEY:  # "change" from the review page: no check until the owner moves on
        return step_page(request, form, BY_KEY[go], home, action)
    check = home_form.check_step(form, current)
    if form.errors:
        return step_page(request, form, current, home, action, check, status_code=422)
    if go == "save" and current is STEPS[-1]:
        try:
            saved = save(form)
        except (ValidationError, InvalidInput) as error:
            db.rollback()  # a refused save leaves nothing half-written
            form.fail(error)
            failed = home_form.first_step_with_errors(form) or current
            return step_page(
                request, form, failed, home, action, places.check_form(form, ""), status_code=422
            )
        return redirect(f"/homes/{saved.id}", flash="home_saved")
    return step_page(request, form, STEPS[min(STEPS.index(current) + 1, len(STEPS) - 1)], home, action)


def _save(
    db: Session,
    principal: Principal,
    geocoder: Geocoder,
    settings: Settings,
    form: Form,
    *,
    home: Home | None,
) -> Home:
    data = home_form.schema_input(form)
    if home is not None and home.status not in OWNER_CHOICES["edit"]:
        data["status"] = HomeStatus.DRAFT.value  # a promised home keeps its status (left out below)
    complete = HomeCreate.model_validate(data)
    if home is None:
        return homes.create_home(db, principal, complete, geocoder, settings)
    changes = complete.model_dump(exclude={"latitude", "longitude", "owner_user_id", "owner_organisation_id"})
    if home.status not in OWNER_CHOICES["edit"]:
        changes.pop("status")
    if all(changes[name] == getattr(home, name) for name in ("street", "postal_code", "commune")):
        for name in ("street", "postal_code", "commune"):  # unchanged: not geocoded again
            changes.pop(name)
    return homes.update_home(db, principal, home.id, HomeUpdate.model_validate(changes), geocoder, settings)


def step_page(
    request: Request,
    form: Form,
    step: Step,
    home: Home | None,
    action: str,
    check: places.PlaceCheck | None = None,
    status_code: int = 200,
) -> Response:
    editable_status = home is None or home.status in OWNER_CHOICES["edit"]
    context = {
        "form": form,
        "step": step,
        "steps": STEPS,
        "home": home,
        "action": action,
        "check": places.shown(form, "", check) if step.key == "address" else None,
        "hidden": home_form.draft_names(step),
        "labels": translated(home_form.LABELS),
        "energy_classes": home_form.ENERGY_CLASSES,
        "status_choices": choices(list(OWNER_CHOICES["edit" if home else "new"])) if editable_status else [],
        "review": home_form.review(form) if step.key == "review" else [],
    }
    return render(request, "homes/form.html", context, status_code=status_code)
