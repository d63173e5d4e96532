"""Response bodies of the dashboards and their statistics (definitions in docs/followup.md)."""

from __future__ import annotations

from datetime import date

from pydantic import Field

from stirrup.models import ExitPlanKind, HomeStatus, MilestoneKind, Outcome
from stirrup.schemas.alerts import AlertOut
from stirrup.schemas.common import Output


class FollowedPlacementOut(Output):
    placement_id: int
    household_reference: str
    commune: str
    start_date: date
    planned_end: date
    days_left: int = Field(description="Days until the planned end; negative once past it")
    last_visit: date | None
    open_incidents: int
    exit_plan: ExitPlanKind | None
    milestones_reached: list[MilestoneKind]
    alerts: list[str] = Field(description="Kinds of the alerts raised on this placement")


class AssociationDashboardOut(Output):
    association_id: int
    name: str
    capacity: int
    load: int = Field(description="Active placements followed now")
    placements: list[FollowedPlacementOut]
    milestones_reached: dict[MilestoneKind, int] = Field(
        description="How many of the placements followed now reached each milestone"
    )
    alerts: list[AlertOut]


class OutcomeRateOut(Output):
    outcome: Outcome
    count: int
    rate: float = Field(description="count / ended")


class OutcomeRatesOut(Output):
    ended: int = Field(description="Ended placements with a recorded outcome (the denominator)")
    outcomes: list[OutcomeRateOut]


class CommuneOutcomesOut(OutcomeRatesOut):
    insee_code: str | None
    commune: str


class AssociationOutcomesOut(OutcomeRatesOut):
    association_id: int
    name: str


class OutcomesOut(OutcomeRatesOut):
    by_commune: list[CommuneOutcomesOut]
    by_association: list[AssociationOutcomesOut]


class MonthOut(Output):
    month: str = Field(examples=["2026-03"])
    started: int
    ended: int


class StreetShareOut(Output):
    """Of the households whose situation is known at a horizon, the share on the street or in
    emergency shelter."""

    months: int = Field(description="Months after the end; 0 is the end itself")
    due: int = Field(description="Ended placements for which this horizon has come")
    known: int = Field(description="Answers other than 'unknown': the denominator")
    street_or_shelter: int
    share: float | None = Field(description="street_or_shelter / known; null when nothing is known")
    unknown: int = Field(description="Answered 'unknown'")
    not_recorded: int = Field(description="Due but not answered")


class CoordinatorDashboardOut(Output):
    homes_by_status: dict[HomeStatus, int]
    households_waiting_by_priority: dict[int, int]
    placements_active: int
    outcomes: OutcomesOut
    average_days_waiting: float | None = Field(
        description="Mean days from entering the waiting list to moving in, over started placements"
    )
    placements_per_month: list[MonthOut]
    street_or_shelter: list[StreetShareOut]
    alerts: list[AlertOut]
