"""An association's own profile on the site, for its staff: where it works (a base and a radius,
or a list of communes), the support it gives and how many households it can follow at once."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError

from stirrup.config import Settings
from stirrup.deps import DB, GeocoderDep, SettingsDep
from stirrup.errors import Forbidden, InvalidInput
from stirrup.i18n import N_
from stirrup.models import Association, Role
from stirrup.pages import places
from stirrup.pages.forms import Form, PostedForm
from stirrup.pages.labels import choices, translated
from stirrup.pages.rendering import redirect, render
from stirrup.pages.security import CsrfChecked, PagePrincipal
from stirrup.schemas.associations import AssociationCreate, AssociationUpdate
from stirrup.services import associations
from stirrup.services.access import Principal

router = APIRouter(include_in_schema=False)

LABELS = {
    "base_postal_code": N_("Postal code"),
    "base_commune": N_("Commune"),
    "radius_km": N_("Area: distance from the base (km)"),
    "communes": N_("Communes served whatever the distance"),
    "support_offered": N_("Support the association gives"),
    "capacity": N_("Households it can follow at once"),
    "emergency_phone": N_("Emergency phone"),
}


def _organisation_id(principal: Principal) -> int:
    if principal.role is not Role.ASSOCIATION_STAFF or principal.organisation_id is None:
        raise Forbidden("this page is for a partner association's staff")
    return principal.organisation_id


@router.get("/association", response_class=HTMLResponse)
def profile(request: Request, db: DB, principal: PagePrincipal) -> Response:
    mine = associations.of_organisation(db, principal, _organisation_id(principal))
    if mine is None:
        return RedirectResponse("/association/edit", status_code=303)
    load = associations.current_loads(db, [mine.id])[mine.id]
    context = {"association": mine, "load": load, "communes": places.communes_to_text(mine.communes)}
    return render(request, "associations/profile.html", context)


@router.get("/association/edit", response_class=HTMLResponse)
def edit_profile(request: Request, db: DB, principal: PagePrincipal, settings: SettingsDep) -> Response:
    mine = associations.of_organisation(db, principal, _organisation_id(principal))
    form = _values_of(mine) if mine else Form.of({"radius_km": 10, "capacity": 10})
    return _form_page(request, form, settings, mine)


@router.post("/association/edit", response_class=HTMLResponse, dependencies=[CsrfChecked])
def save_profile(
    request: Request,
    db: DB,
    principal: PagePrincipal,
    settings: SettingsDep,
    geocoder: GeocoderDep,
    form: PostedForm,
) -> Response:
    organisation_id = _organisation_id(principal)
    mine = associations.of_organisation(db, principal, organisation_id)
    if places.apply_pick(form, "base_"):
        return _form_page(request, form, settings, mine)
    check = places.check_form(form, "base_")
    data: dict[str, Any] = {
        **form.filled("base_postal_code", "base_commune", "emergency_phone"),
        **form.numbers("radius_km", "capacity"),
        "support_offered": form.chosen("support_offered"),
        "organisation_id": organisation_id,
    }
    data["communes"], problem = places.communes_from_text(form.value("communes"))
    if problem:
        form.errors["communes"] = problem
    try:
        complete = AssociationCreate.model_validate(data)
        if form.errors:  # a commune the gazetteer does not know: nothing is written
            raise InvalidInput([])
        if mine is None:
            saved = associations.create_association(db, principal, complete, geocoder, settings.support_needs)
        else:
            changes = complete.model_dump(exclude={"organisation_id", "base_latitude", "base_longitude"})
            if changes["base_commune"] == mine.base_commune:
                del changes["base_commune"], changes["base_postal_code"]
            saved = associations.update_association(
                db,
                principal,
                mine.id,
                AssociationUpdate.model_validate(changes),
                geocoder,
                settings.support_needs,
            )
    except (ValidationError, InvalidInput) as error:
        db.rollback()  # a refused save leaves nothing half-written
        form.fail(error)
        return _form_page(request, form, settings, mine, check, status_code=422)
    assert saved.organisation_id == organisation_id
    return redirect("/association", flash="association_saved")


def _values_of(association: Association) -> Form:
    return Form.of(
        {
            "base_postal_code": places.postal_code_of(
                association.base_commune, association.base_latitude, association.base_longitude
            ),
            "base_commune": association.base_commune,
            "radius_km": f"{association.radius_km:g}",
            "communes": places.communes_to_text(association.communes),
            "support_offered": association.support_offered,
            "capacity": association.capacity,
            "emergency_phone": association.emergency_phone,
        }
    )


def _form_page(
    request: Request,
    form: Form,
    settings: Settings,
    association: Association | None,
    check: places.PlaceCheck | None = None,
    status_code: int = 200,
) -> Response:
    context = {
        "form": form,
        "association": association,
        "check": places.shown(form, "base_", check),
        "labels": translated(LABELS),
        "support_kinds": choices(settings.support_needs),
    }
    return render(request, "associations/form.html", context, status_code=status_code)
