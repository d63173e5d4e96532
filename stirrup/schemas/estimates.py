"""Request and response bodies of the owner's tax-benefit estimate (see docs/tax.md).

The response mirrors ``stirrup.tax.Estimate.to_dict()`` field for field, so the API, the pages
and ``stirrup estimate --json`` say the same thing.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, Literal

from pydantic import ConfigDict, Field

from stirrup.models import EnergyClass
from stirrup.schemas.common import Input, InseeCode, Output
from stirrup.schemas.homes import Surface

#: The research note's worked example (45 m² in Roubaix, vacant since 2023, VLC €2,000).
WORKED_EXAMPLE: dict[str, Any] = {
    "commune": "59512",
    "surface_m2": 45,
    "vacant_since": "2023-01-01",
    "start": "2026-03-01",
    "cadastral_value_eur": 2000,
    "market_rent_eur_month": 450,
    "marginal_rate_pct": 30,
}

ConfidenceLabel = Literal["verified", "secondary", "uncertain"]
ScenarioKeyLabel = Literal["vacant", "free_loan", "association_donation", "long_term"]


class EstimateRequest(Input):
    """A what-if for a home described by hand: no account, nothing stored."""

    model_config = ConfigDict(json_schema_extra={"examples": [WORKED_EXAMPLE]})

    commune: InseeCode = Field(description="INSEE code of the commune (59512 for Roubaix)")
    surface_m2: Surface
    vacant_since: date = Field(description="First day of the current vacancy")
    start: date = Field(description="First day of the placement")
    end: date | None = Field(default=None, description="Last day of the placement; six months when empty")
    furnished: bool = False
    energy_class: EnergyClass | None = None
    cadastral_value_eur: Decimal | None = Field(
        default=None,
        ge=0,
        le=1_000_000,
        max_digits=10,
        decimal_places=2,
        description="Cadastral rental value, EUR a year (twice the 'base' of the taxe foncière notice); "
        "estimated and marked so when empty",
    )
    marginal_rate_pct: int | None = Field(
        default=None, ge=0, le=100, description="Marginal income-tax rate: 0, 11, 30, 41 or 45"
    )
    market_rent_eur_month: Decimal | None = Field(
        default=None, ge=0, le=100_000, max_digits=10, decimal_places=2, description="EUR a month, no charges"
    )


class MoneyLineOut(Output):
    label: str
    amount_eur: float = Field(description="Saved or received (+), owed (-)")
    basis: str = Field(description="How the amount is computed, in words")
    legal_reference: str
    confidence: ConfidenceLabel = Field(
        description="verified: two sources or the law; secondary: one source; uncertain: not confirmed"
    )


class ScenarioOut(Output):
    key: ScenarioKeyLabel
    total_eur: float = Field(
        description="vacant: what staying vacant costs over the affected tax years (negative); "
        "others: the gain compared with staying vacant"
    )
    lines: list[MoneyLineOut]
    title: str
    summary: str
    range_eur: list[float] = Field(description="Lowest and highest total over the base case and its variants")
    variants: list[MoneyLineOut] = Field(description="Whole-scenario totals under other assumptions")
    conditions: list[str] = Field(description="What must hold for the scenario to exist at all")


class TaxYearOut(Output):
    tax_year: int
    scenarios: dict[ScenarioKeyLabel, float]


class VacancyTaxYearOut(Output):
    tax_year: int
    regime: str
    rate: float
    tax_eur: float
    fees_eur: float
    amount_eur: float
    affected_by_placement: bool
    basis: str
    legal_reference: str
    confidence: ConfidenceLabel


class EstimatedHomeOut(Output):
    commune: str
    commune_name: str
    cadastral_value_eur: float
    cadastral_value_estimated: bool


class PlacementDatesOut(Output):
    start: date
    end: date


_OUT_EXAMPLE: dict[str, Any] = {
    "scenarios": [
        {
            "key": "free_loan",
            "total_eur": 680.0,
            "lines": [
                {
                    "label": "2027 vacancy tax (TVLH) not due",
                    "amount_eur": 680.0,
                    "basis": "184 days of occupation in 2026 (more than 90 in a row): the 2027 vacancy "
                    "tax is not due. Saves TVLH 2027: 34 % × €2,000.00 = €680.00.",
                    "legal_reference": "CGI art. 1406 bis (90-day occupation test)",
                    "confidence": "uncertain",
                }
            ],
            "title": "Six-month free loan to the household (prêt à usage)",
            "summary": "You save €680.00 of vacancy tax and receive no money.",
            "range_eur": [680.0, 1800.0],
            "variants": [],
            "conditions": ["The occupant pays nothing beyond the costs of use (energy, water)."],
        }
    ],
    "assumptions": ["Roubaix (59512) is on list 1° of the vacancy-tax zone."],
    "warnings": ["Property tax (taxe foncière) stays due in every scenario, even while the home is lent."],
    "timing_rule": "The vacancy tax of a year is not due when the home was occupied more than 90 consecutive "
    "days in the year before.",
    "per_year": [{"tax_year": 2027, "scenarios": {"vacant": -680.0, "free_loan": 680.0}}],
    "vacancy_tax_by_year": [],
    "home": {
        "commune": "59512",
        "commune_name": "Roubaix",
        "cadastral_value_eur": 2000.0,
        "cadastral_value_estimated": False,
    },
    "placement": {"start": "2026-03-01", "end": "2026-08-31"},
    "affected_tax_years": [2027],
    "figures_date": "2026-07-23",
    "disclaimer": "An estimate, not tax advice. Figures as known on 2026-07-23.",
}


class EstimateOut(Output):
    """The four scenarios side by side for one home and one placement, with the words around them."""

    model_config = ConfigDict(json_schema_extra={"examples": [_OUT_EXAMPLE]})

    scenarios: list[ScenarioOut]
    assumptions: list[str]
    warnings: list[str] = Field(description="Traps and the uncertain figures to know about")
    timing_rule: str = Field(description="Which tax years the placement changes, and why")
    per_year: list[TaxYearOut]
    vacancy_tax_by_year: list[VacancyTaxYearOut] = Field(description="What staying vacant costs each year")
    home: EstimatedHomeOut
    placement: PlacementDatesOut
    affected_tax_years: list[int]
    figures_date: date = Field(description="The date the figures were last checked")
    disclaimer: str


DatesFrom = Literal["query", "placement", "availability"]


class HomeEstimateOut(EstimateOut):
    """A home's estimate: its own data, and the dates of a placement or of the what-if asked for."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{**_OUT_EXAMPLE, "dates_from": "placement", "placement_id": 12}]}
    )

    dates_from: DatesFrom = Field(
        description="query: the start asked for; placement: that placement's dates; "
        "availability: the home's first available day (no placement yet)"
    )
    placement_id: int | None
