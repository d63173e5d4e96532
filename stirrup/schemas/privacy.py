"""A household's own data as it may ask for it (GDPR art. 15 and 20), and its erasure (art. 17)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import Field

from stirrup.models import Decision, InsuranceHolder, Party, PlacementStatus, Role
from stirrup.schemas.common import Input, Output
from stirrup.schemas.households import HouseholdOut


class DecisionExport(Output):
    party: Party
    decision: Decision
    decided_at: datetime
    reason_code: str | None
    reason_text: str | None


class InsuranceExport(Output):
    holder: InsuranceHolder
    insurer: str
    policy_number: str
    valid_from: date
    valid_until: date


class PlacementExport(Output):
    id: int
    status: PlacementStatus
    start_date: date
    planned_end: date
    actual_end: date | None
    address: str = Field(description="The home lent to the household")
    association: str = Field(description="The association that followed the placement")
    decisions: list[DecisionExport]
    insurance: list[InsuranceExport]
    explanation: dict[str, Any] = Field(description="Why the placement was proposed")
    follow_up: dict[str, list[dict[str, Any]]] = Field(
        description="Visits, milestones, incidents, exit plan, extensions and ending, field by field"
    )


class AccessExport(Output):
    """Who read or changed the file: roles and organisations (the recipients), never their notes."""

    at: datetime
    action: str
    actor_role: Role | None
    actor_organisation: str | None


class HouseholdExport(Output):
    generated_at: datetime
    household: HouseholdOut
    placements: list[PlacementExport]
    access_log: list[AccessExport]


class ErasureRequest(Input):
    model_config = Input.model_config | {
        "json_schema_extra": {"examples": [{"confirm_reference": "B-7Q4K2M"}]}
    }

    confirm_reference: str = Field(
        min_length=1, max_length=12, description="The household's reference, typed again: erasure is final"
    )


class ErasureOut(Output):
    reference: str
    anonymised_at: datetime
    erased: list[str] = Field(description="What was deleted or blanked")
