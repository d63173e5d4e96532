"""Request and response bodies for proposals and their answers."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import Field

from stirrup.models import Decision, Party, PlacementStatus
from stirrup.schemas.common import Input, Output, Text

DeclineCode = Literal[
    "dates",
    "household_size",
    "no_association_contact",
    "too_far_from_school_or_work",
    "accessibility",
    "safety",
    "no_capacity",
    "outside_area",
    "support_not_offered",
    "other",
]


class AcceptIn(Input):
    model_config = Input.model_config | {
        "json_schema_extra": {"examples": [{"move_in_date": None}, {"move_in_date": "2027-01-04"}]}
    }

    move_in_date: date | None = Field(
        default=None,
        description="Leave empty to accept the proposed date; another date (within the home's "
        "availability) asks the other parties to accept it too",
    )


class DeclineIn(Input):
    model_config = Input.model_config | {
        "json_schema_extra": {
            "examples": [
                {"reason_code": "dates", "reason_text": "The flat is being repainted until March."},
                {"reason_code": "too_far_from_school_or_work", "reason_text": ""},
            ]
        }
    }

    reason_code: DeclineCode = Field(
        description="Landlords: dates, household_size, no_association_contact, other. Social workers: "
        "too_far_from_school_or_work, accessibility, safety, other. Associations: no_capacity, "
        "outside_area, support_not_offered, other"
    )
    reason_text: Text = Field(default="", description="Required with 'other'")


class AnswerOut(Output):
    party: Party
    decision: Decision | None = Field(description="Empty while this party has not answered")
    decided_at: datetime | None
    move_in_date: date | None
    reason_code: str | None
    reason_text: str | None = Field(description="Shown to the party that wrote it and to coordinators")


class ProposalHomeOut(Output):
    id: int
    street: str
    postal_code: str
    commune: str
    surface_m2: float
    rooms: int
    bedrooms: int
    max_occupants: int
    floor: int
    has_lift: bool
    step_free: bool
    wheelchair_accessible: bool
    furnished: bool
    pets_allowed: bool
    available_from: date
    available_until: date | None


class ProposalHouseholdOut(Output):
    """Landlords get the size only; the others the pseudonymous reference too."""

    id: int | None
    reference: str | None
    persons: int
    bedrooms_needed: int | None


class ReasonTextOut(Output):
    code: str
    text: str


class AlternativeOut(Output):
    home_id: int | None = Field(description="For coordinators")
    distance_km: float
    score: int
    taken: bool


class ExplanationOut(Output):
    """Why this home (not shown to landlords)."""

    distance_km: float | None
    score: int | None
    why: list[ReasonTextOut]
    held_back: list[ReasonTextOut]
    alternatives: list[AlternativeOut]


class ProposalOut(Output):
    id: int
    status: PlacementStatus
    matching_run_id: int | None
    proposed_at: datetime
    expires_at: datetime | None = Field(description="When it expires unless all three have accepted")
    move_in_date: date = Field(description="The proposed move-in date (the first possible one by default)")
    planned_end: date = Field(description="Move-in + 6 calendar months")
    earliest_move_in: date
    latest_move_in: date | None = Field(description="The last date that still leaves six months in the home")
    closed_at: datetime | None
    closed_reason: str | None
    my_party: Party | None
    answers: list[AnswerOut]
    home: ProposalHomeOut
    household: ProposalHouseholdOut
    association_id: int
    association_name: str
    explanation: ExplanationOut | None
