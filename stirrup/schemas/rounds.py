"""Request and response bodies for matching rounds."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal, Self

from pydantic import Field, model_validator

from stirrup.errors import FieldProblem
from stirrup.geography import is_departement_code
from stirrup.models import MatchingRunStatus, RoundStage
from stirrup.schemas.common import Input, InseeCode, Output, raise_first


class TerritoryIn(Input):
    """Where the round looks: every home and household, one département, or a list of communes."""

    kind: Literal["all", "departement", "communes"] = "all"
    departement: str | None = Field(default=None, description="Département code, e.g. 59 (kind departement)")
    communes: list[InseeCode] = Field(
        default_factory=list, max_length=100, description="INSEE codes, e.g. 59512 (kind communes)"
    )

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        problems = []
        if self.kind == "departement":
            if self.departement is None or not is_departement_code(self.departement):
                problems.append(FieldProblem("departement", "give a département code such as 59 or 2A"))
        elif self.departement is not None:
            problems.append(FieldProblem("departement", "only with kind departement"))
        if self.kind == "communes" and not self.communes:
            problems.append(FieldProblem("communes", "list at least one INSEE code"))
        if self.kind != "communes" and self.communes:
            problems.append(FieldProblem("communes", "only with kind communes"))
        raise_first(problems)
        return self


class WeightsIn(Input):
    """Points a placement earns at most for closeness, a preferred commune and a size that fits;
    they order placements only among equally urgent sets (urgency always comes first)."""

    distance: int = Field(default=40, ge=0, le=1000)
    preferred_commune: int = Field(default=30, ge=0, le=1000)
    size_fit: int = Field(default=30, ge=0, le=1000)


class RoundCreate(Input):
    model_config = Input.model_config | {
        "json_schema_extra": {
            "examples": [
                {
                    "territory": {"kind": "departement", "departement": "59"},
                    "time_limit_s": 30,
                    "max_radius_km": None,
                    "weights": {"distance": 40, "preferred_commune": 30, "size_fit": 30},
                    "replace_unanswered": True,
                },
                {"territory": {"kind": "communes", "communes": ["59512", "59599"]}, "time_limit_s": 10},
            ]
        }
    }

    territory: TerritoryIn = Field(default_factory=TerritoryIn)
    time_limit_s: float = Field(default=30, gt=0, le=600, description="Longest the solver may search")
    max_radius_km: float | None = Field(
        default=None,
        gt=0,
        le=200,
        description="Search radius: caps each household's own maximum distance (empty: no cap)",
    )
    weights: WeightsIn = Field(default_factory=WeightsIn)
    replace_unanswered: bool = Field(
        default=True,
        description="Replace the proposals of the territory nobody has answered yet (they are "
        "cancelled as superseded unless the round proposes them again); false keeps them and "
        "matches only what is free",
    )


class PartitionOut(Output):
    """One département of a round partitioned by territory (docs/scaling.md)."""

    departement: str = Field(description="Département code, or 'rest' for households without an INSEE code")
    status: Literal["done", "failed"]
    error: str | None = Field(default=None, description="Why the part failed (its proposals only are lost)")
    solver_status: str | None = None
    counts: dict[str, int] = Field(default_factory=dict)
    timings_s: dict[str, float] = Field(default_factory=dict)
    peak_rss_mb: float | None = Field(default=None, description="Peak memory of the process that solved it")


class RoundOut(Output):
    """A round: its progress while it runs, the summary of its result once done."""

    id: int
    status: MatchingRunStatus
    stage: RoundStage
    progress: float = Field(description="From 0 to 1")
    started_at: datetime
    finished_at: datetime | None
    heartbeat_at: datetime
    started_by_id: int | None
    territory: dict[str, Any]
    parameters: dict[str, Any]
    solver_status: str | None
    objective: float | None
    bound: float | None
    gap: float | None = Field(description="Relative gap between the solution and the proven bound")
    error: str | None
    counts: dict[str, int]
    placed_by_priority: dict[str, int]
    timings_s: dict[str, float]
    messages: list[str]
    partitions: list[PartitionOut] = Field(
        default_factory=list, description="One entry per département when the round was partitioned"
    )


class ReasonOut(Output):
    code: str
    text: str = Field(description="In the reader's language (Accept-Language or ?lang=fr|en)")


class UnmatchedOut(Output):
    """Why a round left a household without a proposal (households by their pseudonymous reference)."""

    matching_run_id: int
    household_id: int
    household_reference: str
    decided_at: datetime | None
    reasons: list[ReasonOut]
    unlocks: list[ReasonOut]
