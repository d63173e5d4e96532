"""Response bodies for placements (read-only until the workflow lands)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from stirrup.models import Decision, Party, PlacementStatus
from stirrup.schemas.common import Output


class DecisionOut(Output):
    party: Party
    decision: Decision
    decided_at: datetime
    reason_code: str | None
    reason_text: str | None


class PlacementOut(Output):
    """A placement. Landlords get ``household_reference`` and ``explanation`` empty: an owner sees
    the dates and the size of the household, never who they are."""

    id: int
    status: PlacementStatus
    home_id: int
    association_id: int
    household_id: int | None
    household_reference: str | None
    persons: int
    start_date: date
    planned_end: date
    actual_end: date | None
    matching_run_id: int | None
    score: float | None
    explanation: dict[str, Any] | None
    decisions: list[DecisionOut]
