"""Request and response bodies of the follow-up: visits, milestones, incidents and the exit plan.

Sensitive fields come back empty (null) to readers outside the follow-up team (coordinators)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Self

from pydantic import ConfigDict, Field, StringConstraints, model_validator

from stirrup.errors import FieldProblem
from stirrup.models import (
    ExitPlanKind,
    IncidentCategory,
    IncidentSeverity,
    IncidentStatus,
    MilestoneKind,
    VisitKind,
)
from stirrup.schemas.common import Input, Output, Text, raise_first

Rating = Annotated[int, Field(ge=1, le=5)]
#: A housing application's number as the registry prints it (letters, digits, spaces, dashes).
ApplicationNumber = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=3, max_length=40, pattern=r"^[A-Za-z0-9 ./-]+$")
]


def example(body: dict[str, Any]) -> ConfigDict:
    """The configuration of an input body documented by one example (merged with Input's)."""
    return ConfigDict(json_schema_extra={"examples": [body]})


class VisitCreate(Input):
    model_config = example(
        {
            "visited_on": "2026-03-12",
            "kind": "home_visit",
            "wellbeing": 4,
            "housing_condition": 5,
            "notes": "Settled in; the children go to school nearby. Appointment at the CAF next week.",
        }
    )

    visited_on: date
    kind: VisitKind
    wellbeing: Rating = Field(description="How the household is doing: 1 very badly … 5 very well")
    housing_condition: Rating | None = Field(
        default=None, description="How the home is kept, 1 … 5; leave empty when the home was not seen"
    )
    notes: Text = ""

    @model_validator(mode="after")
    def _seen_home(self) -> Self:
        if self.kind is VisitKind.PHONE and self.housing_condition is not None:
            raise_first([FieldProblem("housing_condition", "a phone call does not show the home")])
        return self


class VisitOut(Output):
    """A visit; ``wellbeing`` and ``notes`` are null outside the follow-up team."""

    id: int
    placement_id: int
    visited_on: date
    kind: VisitKind
    wellbeing: int | None
    housing_condition: int | None
    notes: str | None


class MilestoneIn(Input):
    model_config = example({"reached_on": "2026-04-02", "reference": "059 0426 00123 AB"})

    reached_on: date
    reference: ApplicationNumber | None = Field(
        default=None, description="The application's number; for (and only for) housing_application"
    )


class MilestoneOut(Output):
    """A right regained; ``reference`` is null outside the follow-up team."""

    placement_id: int
    kind: MilestoneKind
    reached_on: date
    reference: str | None


class IncidentCreate(Input):
    model_config = example(
        {
            "occurred_on": "2026-04-18",
            "severity": "moderate",
            "category": "neighbourhood",
            "description": "Noise complaint from the neighbour downstairs; mediation planned.",
        }
    )

    occurred_on: date
    severity: IncidentSeverity
    category: IncidentCategory
    description: Text = ""


class IncidentUpdate(Input):
    """Resolve an incident (with what was done), reopen it, or correct its severity."""

    model_config = example(
        {
            "status": "resolved",
            "resolution": "Mediation with the neighbour held.",
            "resolved_on": "2026-04-25",
        }
    )

    severity: IncidentSeverity | None = None
    status: IncidentStatus | None = None
    resolution: Text | None = None
    resolved_on: date | None = None

    @model_validator(mode="after")
    def _resolution_with_resolving(self) -> Self:
        for name in ("severity", "status", "resolution"):
            if name in self.model_fields_set and getattr(self, name) is None:
                raise_first([FieldProblem(name, "cannot be emptied")])
        if self.status is IncidentStatus.RESOLVED and not (self.resolution or "").strip():
            raise_first([FieldProblem("resolution", "say how the incident was resolved")])
        if self.resolved_on is not None and self.status is not IncidentStatus.RESOLVED:
            raise_first([FieldProblem("resolved_on", "give it with status 'resolved'")])
        return self


class IncidentOut(Output):
    """An incident; ``description`` and ``resolution`` are null outside the follow-up team."""

    id: int
    placement_id: int
    occurred_on: date
    severity: IncidentSeverity
    category: IncidentCategory
    status: IncidentStatus
    resolved_on: date | None
    description: str | None
    resolution: str | None


class ExitPlanIn(Input):
    model_config = example(
        {
            "kind": "social_housing",
            "expected_on": "2026-08-01",
            "details": "Offer from the social landlord accepted; lease to sign in July.",
        }
    )

    kind: ExitPlanKind
    expected_on: date | None = Field(default=None, description="When the move is expected, once known")
    details: Text = ""


class ExitPlanOut(Output):
    """The exit plan; ``details`` is null outside the follow-up team."""

    placement_id: int
    kind: ExitPlanKind
    expected_on: date | None
    recorded_on: date
    details: str | None
