"""Request and response bodies for condition reports (états des lieux)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Self

from pydantic import ConfigDict, Field, StringConstraints, model_validator

from stirrup.errors import FieldProblem
from stirrup.models import ReportKind, RoomCondition, Side
from stirrup.schemas.common import Input, Line, Output, Text, raise_first

RoomName = Annotated[Line, StringConstraints(max_length=100)]

_ROOMS_EXAMPLE: list[Any] = [
    {"name": "Entrée", "condition": "good", "remarks": ""},
    {"name": "Cuisine", "condition": "worn", "remarks": "Plan de travail rayé près de l'évier."},
    {"name": "Chambre", "condition": "good", "remarks": "Trace d'humidité sous la fenêtre."},
]


class RoomIn(Input):
    name: RoomName
    condition: RoomCondition = Field(description="new, good, worn (état d'usage) or poor, best first")
    remarks: Text = ""


class RoomsIn(Input):
    """The day of the inspection and the rooms, in the order they are walked through."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"inspected_on": "2026-03-01", "rooms": _ROOMS_EXAMPLE}]}
    )

    inspected_on: date
    rooms: list[RoomIn] = Field(min_length=1, max_length=40)

    @model_validator(mode="after")
    def _distinct_rooms(self) -> Self:
        seen: set[str] = set()
        for room in self.rooms:
            key = room.name.casefold()
            if key in seen:
                raise_first([FieldProblem("rooms", f"name each room once: '{room.name}' is there twice")])
            seen.add(key)
        return self


class ConditionReportCreate(RoomsIn):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"kind": "entry", "inspected_on": "2026-03-01", "rooms": _ROOMS_EXAMPLE}]
        }
    )

    kind: ReportKind


class SignatureIn(Input):
    """A signature as typed by the signer (the paper copy bears the handwritten one)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"side": "lender", "name": "Martine Lefebvre", "signed_on": "2026-03-01"}]
        }
    )

    side: Side = Field(description="lender: the owner's side; borrower: the association's side")
    name: Line
    signed_on: date


class PhotoOut(Output):
    id: int
    content_type: str
    size_bytes: int


class RoomOut(Output):
    id: int
    position: int
    name: str
    condition: RoomCondition
    remarks: str
    photos: list[PhotoOut]


class ConditionReportOut(Output):
    id: int
    placement_id: int
    kind: ReportKind
    inspected_on: date
    rooms: list[RoomOut]
    lender_signed_name: str | None
    lender_signed_on: date | None
    borrower_signed_name: str | None
    borrower_signed_on: date | None
    signed: bool = Field(description="Signed by both sides: the report can no longer change")


class RoomComparisonOut(Output):
    name: str
    entry: RoomCondition | None = Field(description="Empty when the room is not in the entry report")
    exit: RoomCondition | None = Field(description="Empty when the room was not inspected at exit")
    entry_remarks: str
    exit_remarks: str
    worse: bool = Field(description="The condition got worse between entry and exit")


class ComparisonOut(Output):
    placement_id: int
    entry_report_id: int
    exit_report_id: int
    rooms: list[RoomComparisonOut]
    worse_rooms: list[str]
