"""Request and response bodies for insurance certificates and their alerts."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Self

from pydantic import ConfigDict, StringConstraints, model_validator

from stirrup.errors import FieldProblem
from stirrup.models import InsuranceHolder
from stirrup.schemas.common import Input, Line, Output, raise_first

PolicyNumber = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=60, pattern=r"^[A-Za-z0-9 ./_-]+$")
]


class InsuranceCreate(Input):
    """The certificate (attestation d'assurance habitation) as it reads."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "holder": "association",
                    "insurer": "MAIF",
                    "policy_number": "HAB-2026-0042",
                    "valid_from": "2026-03-01",
                    "valid_until": "2027-02-28",
                }
            ]
        }
    )

    holder: InsuranceHolder
    insurer: Line
    policy_number: PolicyNumber
    valid_from: date
    valid_until: date

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.valid_until < self.valid_from:
            raise_first([FieldProblem("valid_until", "must not be before valid_from")])
        return self


class InsuranceOut(Output):
    """A certificate. Owners get ``policy_number`` empty when the household holds the policy: it
    is the household's contract, and the owner only needs to know the home is covered."""

    id: int
    placement_id: int
    holder: InsuranceHolder
    insurer: str
    policy_number: str | None
    valid_from: date
    valid_until: date


class CoverageOut(Output):
    placement_id: int
    start: date
    last_day: date
    first_uncovered_day: date | None
    certificates: list[InsuranceOut]
