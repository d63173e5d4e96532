"""The estimate on the site: the public what-if (/estimate, no account, no JavaScript), an owner's
home (/homes/{id}/estimate), a proposal (/placements/{id}/estimate), and one-page printable forms.

Forms post (with the CSRF token) rather than get: a marginal tax rate or a rent has no place in a
URL that proxies and browser histories keep.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel, Field, ValidationError

from stirrup import clock
from stirrup.api.estimates import RateLimited
from stirrup.deps import DB, SettingsDep
from stirrup.errors import InvalidInput
from stirrup.models import EnergyClass
from stirrup.pages import forms
from stirrup.pages.forms import field_errors
from stirrup.pages.rendering import render
from stirrup.pages.security import CsrfChecked, PagePrincipal, set_session_cookie, start_form_session
from stirrup.schemas.common import Input
from stirrup.schemas.estimates import EstimateRequest
from stirrup.services import estimates, occupancy, placements
from stirrup.services.estimates import WhatIf

router = APIRouter(include_in_schema=False)
M = TypeVar("M", bound=BaseModel)


def _form(
    commune: Annotated[str, Form(max_length=10)] = "",
    surface_m2: Annotated[str, Form(max_length=20)] = "",
    vacant_since: Annotated[str, Form(max_length=10)] = "",
    start: Annotated[str, Form(max_length=10)] = "",
    end: Annotated[str, Form(max_length=10)] = "",
    furnished: Annotated[str, Form(max_length=5)] = "",
    energy_class: Annotated[str, Form(max_length=1)] = "",
    cadastral_value_eur: Annotated[str, Form(max_length=20)] = "",
    marginal_rate_pct: Annotated[str, Form(max_length=3)] = "",
    market_rent_eur_month: Annotated[str, Form(max_length=20)] = "",
) -> dict[str, str]:
    """The what-if form as typed: strings, empty when left blank."""
    return {key: value.strip() for key, value in locals().items()}


WhatIfForm = Annotated[dict[str, str], Depends(_form)]


def _choices() -> dict[str, Any]:
    return {
        "energy_classes": [(c.value, c.value) for c in EnergyClass],
        "marginal_rates": [(str(rate), f"{rate} %") for rate in estimates.marginal_rates(clock.today())],
    }


def _shown(values: dict[str, str], errors: dict[str, str]) -> dict[str, Any]:
    """What the estimate forms show: the values as typed and each error beside its field."""
    return {"values": values, "errors": errors, "form": _as_form(values, errors)}


def _as_form(values: dict[str, str], errors: dict[str, str] | None = None) -> forms.Form:
    return forms.Form({k: [v] for k, v in values.items()}, errors or {})


#: Amounts and surfaces, typed "45,5" or "2 000" as French writes them.
NUMBERS = ("surface_m2", "cadastral_value_eur", "market_rent_eur_month")


def _read_numbers(values: dict[str, str]) -> dict[str, str]:
    return {**values, **_as_form(values).numbers(*NUMBERS)}


def _validated(model: type[M], values: dict[str, Any]) -> tuple[M | None, dict[str, str]]:
    """The form's filled values as ``model``, or the problems by field."""
    try:
        return model.model_validate({key: value for key, value in values.items() if value != ""}), {}
    except ValidationError as error:
        return None, field_errors(error)


def _public_estimate(values: dict[str, str]) -> tuple[dict[str, Any] | None, dict[str, str]]:
    """The estimate of the form's values, or the problems by field."""
    request, errors = _validated(
        EstimateRequest, {**_read_numbers(values), "furnished": bool(values["furnished"])}
    )
    if request is None:
        return None, errors
    try:
        return estimates.compute(**request.model_dump()).to_dict(), {}
    except InvalidInput as error:
        return None, field_errors(error)


@router.get("/estimate", response_class=HTMLResponse)
def estimate_page(request: Request, settings: SettingsDep) -> Response:
    token = start_form_session(request)
    response = render(request, "tax/estimate.html", {**_shown({}, {}), **_choices()})
    if token:
        set_session_cookie(response, token, request, settings)
    return response


@router.post("/estimate", response_class=HTMLResponse, dependencies=[CsrfChecked, RateLimited])
def estimate_result(request: Request, values: WhatIfForm) -> Response:
    result, errors = _public_estimate(values)
    context = {**_shown(values, errors), "estimate": result, **_choices()}
    return render(request, "tax/estimate.html", context, status_code=422 if errors else 200)


@router.post("/estimate/print", response_class=HTMLResponse, dependencies=[CsrfChecked, RateLimited])
def estimate_print(request: Request, values: WhatIfForm) -> Response:
    result, errors = _public_estimate(values)
    if errors:
        return render(request, "tax/estimate.html", {**_shown(values, errors), **_choices()}, 422)
    return render(request, "tax/print.html", {"estimate": result, "back": "/estimate"})


# --- an owner's home and the proposals for it --------------------------------------------------


def _home_what_if(
    start: Annotated[str, Form(max_length=10)] = "",
    placement_id: Annotated[str, Form(max_length=12)] = "",
    marginal_rate_pct: Annotated[str, Form(max_length=3)] = "",
    market_rent_eur_month: Annotated[str, Form(max_length=20)] = "",
) -> dict[str, str]:
    return {key: value.strip() for key, value in locals().items()}


class HomeWhatIf(Input):
    """What an owner may vary on their home's estimate page."""

    start: date | None = None
    placement_id: int | None = None
    marginal_rate_pct: int | None = Field(default=None, ge=0, le=100)
    market_rent_eur_month: Decimal | None = Field(default=None, ge=0, le=100_000)


NO_WHAT_IF = {"start": "", "placement_id": "", "marginal_rate_pct": "", "market_rent_eur_month": ""}


HomeWhatIfForm = Annotated[dict[str, str], Depends(_home_what_if)]


def _home_page(
    request: Request, db: DB, principal: PagePrincipal, home_id: int, values: dict[str, str], template: str
) -> Response:
    asked, errors = _validated(HomeWhatIf, _read_numbers(values))
    what_if = WhatIf(**asked.model_dump()) if asked else WhatIf()
    result: dict[str, Any] | None = None
    if not errors:
        try:
            result = estimates.for_home(db, principal, home_id, what_if).to_dict()
        except InvalidInput as error:
            errors = field_errors(error)
    context = {
        "home_id": home_id,
        "estimate": result,
        **_shown(values, errors),
        "what_if": values,
        "occupancy": occupancy.for_owner(db, principal, home_id),
        "back": f"/homes/{home_id}/estimate",
        **_choices(),
    }
    return render(request, template, context, status_code=422 if errors else 200)


def _template(request: Request) -> str:
    """The same estimate as a page of the site, or on one printable page."""
    return "tax/print.html" if request.url.path.endswith("/print") else "tax/home_estimate.html"


@router.get("/homes/{home_id}/estimate", response_class=HTMLResponse)
@router.get("/homes/{home_id}/estimate/print", response_class=HTMLResponse)
def home_estimate(request: Request, db: DB, principal: PagePrincipal, home_id: int) -> Response:
    return _home_page(request, db, principal, home_id, NO_WHAT_IF, _template(request))


@router.post("/homes/{home_id}/estimate", response_class=HTMLResponse, dependencies=[CsrfChecked])
@router.post("/homes/{home_id}/estimate/print", response_class=HTMLResponse, dependencies=[CsrfChecked])
def home_what_if(
    request: Request, db: DB, principal: PagePrincipal, home_id: int, values: HomeWhatIfForm
) -> Response:
    return _home_page(request, db, principal, home_id, values, _template(request))


@router.get("/placements/{placement_id}/estimate", response_class=HTMLResponse)
def proposal_estimate(request: Request, db: DB, principal: PagePrincipal, placement_id: int) -> Response:
    """The estimate with a proposal's dates, for the owner of its home."""
    placement = placements.get_placement(db, principal, placement_id)
    values = {**NO_WHAT_IF, "placement_id": str(placement.id)}
    return _home_page(request, db, principal, placement.home_id, values, "tax/home_estimate.html")
