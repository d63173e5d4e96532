"""The step-by-step form of a home: address → characteristics → accessibility → availability →
review. It works without JavaScript: each step is a POST that validates that step's fields and
carries the draft (every other step's values) in hidden fields, so nothing is stored until the
owner saves on the review step.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from stirrup.errors import FieldProblem, InvalidInput
from stirrup.i18n import N_, gettext
from stirrup.models import EnergyClass, Home, HomeStatus
from stirrup.pages import places
from stirrup.pages.forms import Form, validate_fields
from stirrup.schemas.homes import HomeCreate, home_problems


@dataclass(frozen=True)
class Step:
    key: str
    title: str
    fields: tuple[str, ...] = ()
    flags: tuple[str, ...] = ()  # checkboxes: unticked boxes are not posted at all


STEPS = (
    Step("address", N_("Address"), ("street", "postal_code", "commune")),
    Step(
        "characteristics",
        N_("Characteristics"),
        ("surface_m2", "rooms", "bedrooms", "max_occupants", "energy_class"),
        ("furnished", "pets_allowed"),
    ),
    Step(
        "accessibility", N_("Accessibility"), ("floor",), ("has_lift", "step_free", "wheelchair_accessible")
    ),
    Step(
        "availability",
        N_("Availability"),
        ("available_from", "available_until", "vacant_since", "cadastral_rental_value_eur", "notes"),
    ),
    Step("review", N_("Review"), ("status",)),
)
BY_KEY = {step.key: step for step in STEPS}
ENERGY_CLASSES = [(c.value, c.value) for c in EnergyClass]
NUMBERS = ("surface_m2", "rooms", "bedrooms", "max_occupants", "floor", "cadastral_rental_value_eur")
#: The owner's choice on the review step: list it now, or keep it as a draft.
PUBLISH_CHOICES = (HomeStatus.AVAILABLE, HomeStatus.DRAFT)

LABELS = {
    "street": N_("Number and street"),
    "postal_code": N_("Postal code"),
    "commune": N_("Commune"),
    "surface_m2": N_("Living surface (m²)"),
    "rooms": N_("Rooms"),
    "bedrooms": N_("Bedrooms"),
    "max_occupants": N_("Most people who can live there"),
    "energy_class": N_("Energy class (DPE)"),
    "furnished": N_("Furnished"),
    "pets_allowed": N_("Pets allowed"),
    "floor": N_("Floor"),
    "has_lift": N_("Lift"),
    "step_free": N_("Step-free access"),
    "wheelchair_accessible": N_("Wheelchair accessible"),
    "available_from": N_("Available from"),
    "available_until": N_("Available until"),
    "vacant_since": N_("Vacant since"),
    "cadastral_rental_value_eur": N_("Cadastral rental value (€ a year)"),
    "notes": N_("Notes for the coordinator"),
    "status": N_("Listing"),
}


def draft_names(step: Step) -> list[str]:
    """The fields of the other steps, carried as hidden fields on ``step``'s page."""
    return [name for other in STEPS if other is not step for name in (*other.fields, *other.flags)]


def schema_input(form: Form) -> dict[str, Any]:
    """The draft as HomeCreate reads it: blank fields left out, numbers as typed, boxes as booleans."""
    text = [name for step in STEPS for name in step.fields if name not in NUMBERS]
    flags = [name for step in STEPS for name in step.flags]
    return {**form.filled(*text), **form.numbers(*NUMBERS), **form.flags(*flags)}


def check_step(form: Form, step: Step) -> places.PlaceCheck | None:
    """Validate one step's fields, recording each problem beside its field; on the address step,
    also check the commune against the gazetteer (returned, for its suggestions)."""
    parsed, errors = validate_fields(HomeCreate, schema_input(form), (*step.fields, *step.flags))
    form.errors.update(errors)
    problems: list[FieldProblem] = []
    if step.key == "characteristics" and {"rooms", "bedrooms"} <= parsed.keys():
        problems = home_problems(parsed["rooms"], parsed["bedrooms"], date.min, None)
    if step.key == "availability" and parsed.get("available_from") and parsed.get("available_until"):
        problems = home_problems(1, 0, parsed["available_from"], parsed["available_until"])
    if problems:
        form.fail(InvalidInput(problems))
    return places.check_form(form, "") if step.key == "address" else None


def step_of(field: str) -> Step:
    """The step where a field is typed (for an error found on saving)."""
    name = field.split(".")[0]
    return next((s for s in STEPS if name in s.fields or name in s.flags), STEPS[0])


def first_step_with_errors(form: Form) -> Step | None:
    return next((step_of(name) for name in form.errors), None) if form.errors else None


def values_of(home: Home) -> Form:
    """A stored home as the form shows it."""
    names = [name for step in STEPS for name in (*step.fields, *step.flags)]
    return form_of({name: getattr(home, name) for name in names})


def form_of(values: dict[str, Any]) -> Form:
    """Known values of a home (stored, or from a draft home) as the form shows them."""
    surface = values.get("surface_m2")
    if surface is not None and float(surface).is_integer():  # 45.0 m² shows as 45
        values = {**values, "surface_m2": int(surface)}
    return Form.of(values)


def review(form: Form) -> list[tuple[Step, list[tuple[str, str]]]]:
    """Each step with its fields as the owner will read them on the review page."""
    yes, no = gettext(N_("Yes")), gettext(N_("No"))
    shown = []
    for step in STEPS[:-1]:
        rows = [(gettext(LABELS[name]), form.value(name) or "—") for name in step.fields]
        rows += [(gettext(LABELS[name]), yes if form.ticked(name) else no) for name in step.flags]
        shown.append((step, rows))
    return shown
