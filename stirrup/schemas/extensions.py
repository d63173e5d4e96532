"""Request and response bodies of extensions: asked for by the follow-up team, answered by the
owner."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import Field, StringConstraints

from stirrup.models import ExtensionStatus
from stirrup.schemas.common import Input, Output, Text
from stirrup.schemas.followup import example

Reason = Annotated[Text, StringConstraints(strip_whitespace=True, min_length=1)]


class ExtensionCreate(Input):
    """The request, written for the owner who decides on it: no personal details."""

    model_config = example(
        {"months": 2, "reason": "A social housing offer is expected in June; two more months avoid a gap."}
    )

    months: int = Field(ge=1, le=6, description="Whole months added to the planned end")
    reason: Reason


class ExtensionDecline(Input):
    model_config = example({"reason": "I need the flat back for my daughter from July."})

    reason: Text = ""


class ExtensionOut(Output):
    id: int
    placement_id: int
    months: int
    reason: str
    status: ExtensionStatus
    requested_on: date
    answered_on: date | None
    answered_by: str | None = Field(description="Who consented or declined, for the owner")
    decline_reason: str
    previous_end: date | None
    new_end: date | None
