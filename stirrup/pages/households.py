"""Households on the site: a social worker's list (status, priority, waiting time), a household's
page as the reader may see it (names and contact only for the referent organisation), and the
form to register or change one — support needs as checkboxes, housing requirements (what the home
must offer, never a diagnosis), anchor and distance, communes, consent, contact details."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import ValidationError
from sqlalchemy.orm import Session

from stirrup.config import Settings
from stirrup.deps import DB, GeocoderDep, SettingsDep
from stirrup.errors import Forbidden, InvalidInput
from stirrup.i18n import N_, gettext
from stirrup.models import AnchorKind, Household, HouseholdStatus, Role
from stirrup.pages import places
from stirrup.pages.forms import Form, PostedForm
from stirrup.pages.labels import choices, translated
from stirrup.pages.listing import list_page, member
from stirrup.pages.rendering import redirect, render
from stirrup.pages.security import CsrfChecked, PagePrincipal
from stirrup.schemas.households import HouseholdCreate, HouseholdUpdate
from stirrup.services import access, households
from stirrup.services.access import Principal
from stirrup.services.geocoding import Geocoder
from stirrup.services.households import HouseholdFilters

router = APIRouter(include_in_schema=False)

TEXT = ("anchor_kind", "anchor_postal_code", "anchor_commune", "earliest_start", "priority_reason", "notes")
NUMBERS = ("adults", "children", "bedrooms_needed", "max_distance_km", "priority")
FLAGS = ("needs_wheelchair_access", "needs_step_free", "has_pets")
CONSENT = ("consent_given_on", "consent_purpose")
CONTACT = ("full_name", "phone", "email")
COMMUNE_LISTS = ("preferred_communes", "excluded_communes")
#: Statuses a social worker may set by hand; the others follow from placements.
WORKER_STATUSES = (HouseholdStatus.WAITING, HouseholdStatus.EXITED)

LABELS = {
    "adults": N_("Adults"),
    "children": N_("Children"),
    "bedrooms_needed": N_("Bedrooms needed"),
    "needs_wheelchair_access": N_("Wheelchair access"),
    "needs_step_free": N_("Step-free access"),
    "has_pets": N_("Pets"),
    "anchor_kind": N_("They must stay near"),
    "anchor_postal_code": N_("Postal code"),
    "anchor_commune": N_("Commune"),
    "max_distance_km": N_("Farthest acceptable distance (km)"),
    "preferred_communes": N_("Preferred communes"),
    "excluded_communes": N_("Communes to avoid"),
    "earliest_start": N_("Can move in from"),
    "support_needs": N_("Support needed"),
    "priority": N_("Priority"),
    "priority_reason": N_("Why this priority"),
    "consent_given_on": N_("Consent given on"),
    "consent_purpose": N_("Purpose the household agreed to"),
    "contact": N_("Contact details"),
    "notes": N_("Notes"),
    "status": N_("Status"),
    "referent_id": N_("Referent"),
}
PRIORITIES = (
    ("1", N_("1 — can wait")),
    ("2", N_("2")),
    ("3", N_("3 — usual")),
    ("4", N_("4")),
    ("5", N_("5 — most urgent")),
)


@router.get("/households", response_class=HTMLResponse)
def list_households(
    request: Request, db: DB, principal: PagePrincipal, status: str = "", page: int = 1
) -> Response:
    wanted = member(HouseholdStatus, status)
    found = list_page(
        lambda p: households.list_households(db, principal, HouseholdFilters(status=wanted), p), page
    )
    context = {
        "households": found,
        "status": wanted.value if wanted else "",
        "filters": Form.of({"status": wanted.value if wanted else ""}),
        "statuses": choices(list(HouseholdStatus)),
        "may_add": principal.role is Role.SOCIAL_WORKER,
    }
    return render(request, "households/list.html", context, fragment="households/_list.html")


@router.get("/households/new", response_class=HTMLResponse)
def new_household(request: Request, principal: PagePrincipal, settings: SettingsDep) -> Response:
    _require_social_worker(principal)
    form = Form.of({"adults": 1, "children": 0, "priority": 3, "anchor_kind": AnchorKind.SCHOOL.value})
    form.values["consent_purpose"] = [gettext(N_("Placement in a lent home and its six-month follow-up"))]
    return _form_page(request, form, settings, None)


@router.post("/households/new", response_class=HTMLResponse, dependencies=[CsrfChecked])
def register_household(
    request: Request,
    db: DB,
    principal: PagePrincipal,
    settings: SettingsDep,
    geocoder: GeocoderDep,
    form: PostedForm,
) -> Response:
    _require_social_worker(principal)
    return _submit(request, db, principal, settings, geocoder, form, None)


@router.get("/households/{household_id}", response_class=HTMLResponse)
def household_page(request: Request, db: DB, principal: PagePrincipal, household_id: int) -> Response:
    household = households.get_household(db, principal, household_id)
    shown = households.view(db, principal, household)
    context = {
        "household": shown,
        "preferred": places.communes_to_text(shown["preferred_communes"]),
        "excluded": places.communes_to_text(shown["excluded_communes"]),
        "may_edit": access.is_referent_organisation(principal, household),
    }
    return render(request, "households/detail.html", context)


@router.get("/households/{household_id}/edit", response_class=HTMLResponse)
def edit_household(
    request: Request, db: DB, principal: PagePrincipal, settings: SettingsDep, household_id: int
) -> Response:
    household = _editable(db, principal, household_id)
    return _form_page(request, _values_of(household), settings, household)


@router.post("/households/{household_id}/edit", response_class=HTMLResponse, dependencies=[CsrfChecked])
def change_household(
    request: Request,
    db: DB,
    principal: PagePrincipal,
    settings: SettingsDep,
    geocoder: GeocoderDep,
    household_id: int,
    form: PostedForm,
) -> Response:
    household = _editable(db, principal, household_id)
    return _submit(request, db, principal, settings, geocoder, form, household)


def _require_social_worker(principal: Principal) -> None:
    if principal.role is not Role.SOCIAL_WORKER:
        raise Forbidden("households are registered by their social workers")


def _editable(db: Session, principal: Principal, household_id: int) -> Household:
    household = households.get_household(db, principal, household_id)
    if not access.is_referent_organisation(principal, household):
        raise Forbidden("only the referent organisation's social workers may change this household")
    return household


def _schema_input(form: Form, household: Household | None) -> dict[str, Any]:
    """The form as HouseholdCreate reads it; communes typed by name become INSEE codes. A change
    keeps the consent recorded at registration (it is not edited)."""
    data: dict[str, Any] = {**form.filled(*TEXT), **form.numbers(*NUMBERS), **form.flags(*FLAGS)}
    data["support_needs"] = form.chosen("support_needs")
    data.update(
        form.filled(*CONSENT)
        if household is None
        else {"consent_given_on": household.consent_given_on, "consent_purpose": household.consent_purpose}
    )
    for name in COMMUNE_LISTS:
        codes, problem = places.communes_from_text(form.value(name))
        data[name] = codes
        if problem:
            form.errors[name] = problem
    contact = form.filled(*(f"contact.{name}" for name in CONTACT))
    data["contact"] = {key.removeprefix("contact."): value for key, value in contact.items()} or None
    return data


def _submit(
    request: Request,
    db: Session,
    principal: Principal,
    settings: Settings,
    geocoder: Geocoder,
    form: Form,
    household: Household | None,
) -> Response:
    """Check the whole form as a registration would, then register or change the household."""
    if places.apply_pick(form, "anchor_"):
        return _form_page(request, form, settings, household)
    data = _schema_input(form, household)
    check = places.check_form(form, "anchor_")
    try:
        complete = HouseholdCreate.model_validate(data)
        if form.errors:  # a commune the gazetteer does not know: nothing is written
            raise InvalidInput([])
        if household is None:
            saved = households.create_household(db, principal, complete, geocoder, settings.support_needs)
        else:
            changes = _changes(household, complete, form.value("status"))
            saved = households.update_household(
                db, principal, household.id, changes, geocoder, settings.support_needs
            )
    except (ValidationError, InvalidInput) as error:
        db.rollback()  # a refused save leaves nothing half-written
        form.fail(error)
        return _form_page(request, form, settings, household, check, status_code=422)
    return redirect(f"/households/{saved.id}", flash="household_saved")


def _changes(household: Household, complete: HouseholdCreate, status: str) -> HouseholdUpdate:
    """The edit form's values as an update: every field, the anchor only when it moved."""
    changes = complete.model_dump(
        exclude={"consent_given_on", "consent_purpose", "referent_id", "anchor_latitude", "anchor_longitude"}
    )
    if changes["anchor_commune"] == household.anchor_commune:
        del changes["anchor_commune"], changes["anchor_postal_code"]
    if status:
        changes["status"] = status
    return HouseholdUpdate.model_validate(changes)


def _values_of(household: Household) -> Form:
    names = [n for n in (*TEXT, *NUMBERS, *FLAGS, "support_needs", "status") if hasattr(household, n)]
    values: dict[str, Any] = {name: getattr(household, name) for name in names}
    values["bedrooms_needed"] = household.bedrooms_override
    values["max_distance_km"] = f"{household.max_distance_km:g}"
    values["anchor_postal_code"] = places.postal_code_of(
        household.anchor_commune, household.anchor_latitude, household.anchor_longitude
    )
    for name in COMMUNE_LISTS:
        values[name] = places.communes_to_text(getattr(household, name))
    if household.contact is not None:
        values.update({f"contact.{name}": getattr(household.contact, name) for name in CONTACT})
    return Form.of(values)


def _form_page(
    request: Request,
    form: Form,
    settings: Settings,
    household: Household | None,
    check: places.PlaceCheck | None = None,
    status_code: int = 200,
) -> Response:
    context = {
        "form": form,
        "household": household,
        "check": places.shown(form, "anchor_", check),
        "action": f"/households/{household.id}/edit" if household else "/households/new",
        "labels": translated(LABELS),
        "anchor_kinds": choices(list(AnchorKind)),
        "support_kinds": choices(settings.support_needs),
        "priorities": [(value, gettext(text)) for value, text in PRIORITIES],
        "statuses": choices(list(WORKER_STATUSES))
        if household is not None and household.status in WORKER_STATUSES
        else [],
    }
    return render(request, "households/form.html", context, status_code=status_code)
