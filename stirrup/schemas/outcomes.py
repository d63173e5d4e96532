"""Request and response bodies of a placement's end and of the checks 6, 12 and 24 months later."""

from __future__ import annotations

from datetime import date

from pydantic import Field

from stirrup.models import EarlyEndReason, MilestoneKind, Outcome
from stirrup.schemas.common import Input, Output, Text
from stirrup.schemas.followup import example


class PlacementEnd(Input):
    model_config = example(
        {
            "ended_on": "2026-09-30",
            "outcome": "social_housing",
            "early_end_reason": None,
            "details": "Moved into a T3 with the social landlord; lease signed on 28 September.",
            "home_withdrawn": False,
        }
    )

    ended_on: date | None = Field(default=None, description="The last day in the home; today when omitted")
    outcome: Outcome = Field(description="Where the household went")
    early_end_reason: EarlyEndReason | None = Field(
        default=None, description="Required when the placement ends before its planned end"
    )
    details: Text = ""
    home_withdrawn: bool = Field(
        default=False, description="The owner takes the home back instead of lending it again"
    )


class AfterEndCheckIn(Input):
    model_config = example({"situation": "social_housing", "checked_on": "2027-03-30"})

    situation: Outcome = Field(
        description="Where the household lives now; 'unknown' when it could not be found out"
    )
    checked_on: date | None = Field(default=None, description="When it was found out; today when omitted")


class MilestoneReachedOut(Output):
    kind: MilestoneKind
    reached_on: date


class AfterEndCheckOut(Output):
    months: int
    due_on: date
    situation: Outcome | None = Field(description="Null while nobody has recorded it")
    checked_on: date | None


class OutcomeOut(Output):
    """How a placement ended; ``details`` is null outside the follow-up team."""

    placement_id: int
    start_date: date
    planned_end: date
    ended_on: date
    ended_early: bool
    outcome: Outcome
    early_end_reason: EarlyEndReason | None
    details: str | None
    home_withdrawn: bool
    milestones_reached: list[MilestoneReachedOut]
    after_end: list[AfterEndCheckOut]
