"""Request and response bodies for placement requests."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from stirrup.models import HouseholdStatus, RequestOutcome
from stirrup.schemas.common import Input, Output, Text
from stirrup.schemas.proposals import ProposalOut
from stirrup.schemas.rounds import ReasonOut


class PlacementRequestIn(Input):
    model_config = Input.model_config | {
        "json_schema_extra": {
            "examples": [{"priority": 4, "reason": "Emergency shelter place ends on Friday; two children."}]
        }
    }

    priority: int = Field(ge=1, le=5, description="1 lowest to 5 most urgent; becomes the household's")
    reason: Text = Field(min_length=1, description="Why this priority (kept with the household's data)")


class PlacementRequestOut(Output):
    """The request and what it led to: a proposal, the reasons no home fits now, or a wait for
    the next round where the territory works by rounds only."""

    id: int
    household_id: int
    requested_at: datetime
    priority: int
    outcome: RequestOutcome
    matching_run_id: int | None
    proposal: ProposalOut | None
    reasons: list[ReasonOut]


class UnmatchedReasonsOut(Output):
    """The reasons of the latest run that found no home for the household (empty when none did)."""

    household_id: int
    household_reference: str
    household_status: HouseholdStatus
    matching_run_id: int | None
    decided_at: datetime | None
    reasons: list[ReasonOut]
    unlocks: list[ReasonOut]
