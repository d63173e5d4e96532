"""Request and response bodies for households (beneficiaries)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal, Self

from pydantic import EmailStr, Field, model_validator

from stirrup import clock
from stirrup.errors import FieldProblem
from stirrup.models import AnchorKind, HouseholdStatus
from stirrup.schemas.common import (
    ExternalRef,
    Input,
    InseeCode,
    Latitude,
    Line,
    Longitude,
    Output,
    Phone,
    PostalCode,
    Text,
    raise_first,
)

_EXAMPLE = {
    "adults": 1,
    "children": 2,
    "needs_wheelchair_access": False,
    "needs_step_free": True,
    "has_pets": False,
    "anchor_kind": "school",
    "anchor_postal_code": "59100",
    "anchor_commune": "Roubaix",
    "max_distance_km": 8,
    "preferred_communes": ["59512"],
    "excluded_communes": [],
    "earliest_start": "2026-12-15",
    "support_needs": ["rights_paperwork", "budget"],
    "priority": 4,
    "priority_reason": "Sleeping in a car with two children since October.",
    "consent_given_on": "2026-11-20",
    "consent_purpose": "Placement in a lent home and its six-month follow-up",
    "notes": "",
    "contact": {"full_name": "Camille Martin", "phone": "06 12 34 56 78", "email": None},
}


class ContactIn(Input):
    full_name: Line
    phone: Phone | None = None
    email: EmailStr | None = None


class ContactOut(Output):
    full_name: str
    phone: str | None
    email: str | None


class HouseholdCreate(Input):
    """A household registered by its referent social worker, with its consent recorded."""

    model_config = Input.model_config | {"json_schema_extra": {"examples": [_EXAMPLE]}}

    external_ref: ExternalRef | None = Field(
        default=None, description="Your organisation's own reference, unique within it"
    )
    adults: int = Field(ge=1, le=12)
    children: int = Field(default=0, ge=0, le=15)
    bedrooms_needed: int | None = Field(
        default=None, ge=0, le=10, description="Leave empty to derive it from the household's size"
    )
    needs_wheelchair_access: bool = False
    needs_step_free: bool = Field(
        default=False, description="Cannot climb stairs: step-free, ground floor or lift"
    )
    has_pets: bool = False
    anchor_kind: AnchorKind
    anchor_postal_code: PostalCode
    anchor_commune: Line
    anchor_latitude: Latitude | None = None
    anchor_longitude: Longitude | None = None
    max_distance_km: float = Field(gt=0, le=200, allow_inf_nan=False)
    preferred_communes: list[InseeCode] = Field(default_factory=list, max_length=50)
    excluded_communes: list[InseeCode] = Field(default_factory=list, max_length=50)
    earliest_start: date
    support_needs: list[str] = Field(default_factory=list, max_length=20)
    priority: int = Field(ge=1, le=5, description="1 lowest to 5 most urgent")
    priority_reason: Text = Field(min_length=1)
    consent_given_on: date
    consent_purpose: Text = Field(min_length=1)
    referent_id: int | None = Field(default=None, description="Another social worker of your organisation")
    notes: Text = ""
    contact: ContactIn | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        raise_first(
            household_problems(
                self.anchor_latitude,
                self.anchor_longitude,
                self.preferred_communes,
                self.excluded_communes,
                self.consent_given_on,
            )
        )
        return self


def household_problems(
    latitude: float | None,
    longitude: float | None,
    preferred: list[str],
    excluded: list[str],
    consent_given_on: date | None,
) -> list[FieldProblem]:
    problems = []
    if (latitude is None) != (longitude is None):
        problems.append(FieldProblem("anchor_latitude", "give anchor_latitude and anchor_longitude together"))
    clash = sorted(set(preferred) & set(excluded))
    if clash:
        problems.append(FieldProblem("excluded_communes", f"also listed as preferred: {', '.join(clash)}"))
    if consent_given_on is not None and consent_given_on > clock.today():
        problems.append(FieldProblem("consent_given_on", "cannot be in the future"))
    return problems


class HouseholdUpdate(Input):
    model_config = Input.model_config | {
        "json_schema_extra": {
            "examples": [{"priority": 5, "priority_reason": "Shelter place ends on Friday."}]
        }
    }

    external_ref: ExternalRef | None = None
    adults: int | None = Field(default=None, ge=1, le=12)
    children: int | None = Field(default=None, ge=0, le=15)
    bedrooms_needed: int | None = Field(default=None, ge=0, le=10)
    needs_wheelchair_access: bool | None = None
    needs_step_free: bool | None = None
    has_pets: bool | None = None
    anchor_kind: AnchorKind | None = None
    anchor_postal_code: PostalCode | None = None
    anchor_commune: Line | None = None
    anchor_latitude: Latitude | None = None
    anchor_longitude: Longitude | None = None
    max_distance_km: float | None = Field(default=None, gt=0, le=200, allow_inf_nan=False)
    preferred_communes: list[InseeCode] | None = Field(default=None, max_length=50)
    excluded_communes: list[InseeCode] | None = Field(default=None, max_length=50)
    earliest_start: date | None = None
    support_needs: list[str] | None = Field(default=None, max_length=20)
    priority: int | None = Field(default=None, ge=1, le=5)
    priority_reason: Text | None = None
    referent_id: int | None = None
    status: Literal["waiting", "exited"] | None = Field(
        default=None, description="Put back on the waiting list, or record that the household left"
    )
    notes: Text | None = None
    contact: ContactIn | None = None


class HouseholdOut(Output):
    """A household as the caller may see it: ``visibility`` says which fields are filled.

    - ``full``: the referent organisation (names, contact, needs, notes);
    - ``follow``: the association following it (needs and notes, no names or contact);
    - ``pseudonymised``: coordinators (no names, contact, needs or notes).
    """

    id: int
    reference: str
    visibility: Literal["full", "follow", "pseudonymised"]
    organisation_id: int
    referent_id: int
    status: HouseholdStatus
    adults: int
    children: int
    persons: int
    bedrooms_needed: int
    priority: int
    anchor_kind: AnchorKind
    anchor_commune: str
    anchor_insee_code: str | None = None
    anchor_latitude: float
    anchor_longitude: float
    max_distance_km: float
    preferred_communes: list[str]
    excluded_communes: list[str]
    earliest_start: date
    waiting_since: datetime
    priority_reason: str | None = None
    needs_wheelchair_access: bool | None = None
    needs_step_free: bool | None = None
    has_pets: bool | None = None
    support_needs: list[str] | None = None
    consent_given_on: date | None = None
    consent_purpose: str | None = None
    notes: str | None = None
    external_ref: str | None = None
    contact: ContactOut | None = None


class HouseholdSummary(Output):
    """One line of a household list: nothing sensitive, so lists need no audit entry per row."""

    id: int
    reference: str
    organisation_id: int
    referent_id: int
    status: HouseholdStatus
    persons: int
    bedrooms_needed: int
    priority: int
    anchor_commune: str
    earliest_start: date
    waiting_since: datetime
