"""What an estimate returns: money lines grouped in scenarios, with words around them."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any

from stirrup.tax.confidence import Confidence
from stirrup.tax.money import ZERO
from stirrup.tax.vacancy_tax import YearTax


class ScenarioKey(StrEnum):
    """The four scenarios, in the order they are shown."""

    VACANT = "vacant"
    FREE_LOAN = "free_loan"
    ASSOCIATION_DONATION = "association_donation"
    LONG_TERM = "long_term"


@dataclass(frozen=True)
class MoneyLine:
    """One amount saved (+), received (+) or owed (-), with its basis, law and confidence.

    `tax_year` is the year of the tax notice the amount lands on; None when the amount is not tied
    to the placement's years (the long-term schemes).
    """

    label: str
    amount_eur: Decimal
    basis: str
    legal_reference: str
    confidence: Confidence
    tax_year: int | None = None

    def to_dict(self) -> dict[str, Any]:
        """The five keys of the API's line."""
        return {
            "label": self.label,
            "amount_eur": float(self.amount_eur),
            "basis": self.basis,
            "legal_reference": self.legal_reference,
            "confidence": str(self.confidence),
        }


@dataclass(frozen=True)
class Scenario:
    """One way forward for the home, its money lines and what could change them.

    `variants` are whole-scenario totals under other assumptions (higher rates, other tax
    brackets); `conditions` are what must hold for the scenario to exist at all.
    """

    key: ScenarioKey
    title: str
    summary: str
    lines: tuple[MoneyLine, ...]
    variants: tuple[MoneyLine, ...] = ()
    conditions: tuple[str, ...] = ()

    @property
    def total_eur(self) -> Decimal:
        """The sum of the lines (each already rounded to the cent)."""
        return sum((line.amount_eur for line in self.lines), ZERO)

    @property
    def range_eur(self) -> tuple[Decimal, Decimal]:
        """Lowest and highest total over the base case and its variants."""
        totals = [self.total_eur, *(v.amount_eur for v in self.variants)]
        return min(totals), max(totals)

    def per_year(self) -> dict[int, Decimal]:
        """The total split by the tax year each line lands on."""
        years: dict[int, Decimal] = {}
        for line in self.lines:
            if line.tax_year is not None:
                years[line.tax_year] = years.get(line.tax_year, ZERO) + line.amount_eur
        return years

    def to_dict(self) -> dict[str, Any]:
        """key, total_eur and lines as the API promises, plus title, summary, range and variants."""
        low, high = self.range_eur
        return {
            "key": str(self.key),
            "total_eur": float(self.total_eur),
            "lines": [line.to_dict() for line in self.lines],
            "title": self.title,
            "summary": self.summary,
            "range_eur": [float(low), float(high)],
            "variants": [variant.to_dict() for variant in self.variants],
            "conditions": list(self.conditions),
        }


@dataclass(frozen=True)
class Estimate:
    """The comparison of the four scenarios for one home and one placement."""

    commune: str
    commune_name: str
    start: date
    end: date
    cadastral_value_eur: Decimal
    cadastral_value_estimated: bool
    affected_tax_years: tuple[int, ...]
    scenarios: tuple[Scenario, ...]
    vacancy_tax_by_year: tuple[YearTax, ...]  # if the home stays vacant, for the years shown
    timing_rule: str
    assumptions: tuple[str, ...]
    warnings: tuple[str, ...]
    figures_date: date
    disclaimer: str

    def scenario(self, key: ScenarioKey | str) -> Scenario:
        """One scenario by its key."""
        return next(s for s in self.scenarios if s.key == key)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: the API's shape (scenarios, assumptions) plus the extras the pages need."""
        years = sorted({y for s in self.scenarios for y in s.per_year()})
        return {
            "scenarios": [s.to_dict() for s in self.scenarios],
            "assumptions": list(self.assumptions),
            "warnings": list(self.warnings),
            "timing_rule": self.timing_rule,
            "per_year": [
                {
                    "tax_year": year,
                    "scenarios": {
                        str(s.key): float(s.per_year().get(year, ZERO))
                        for s in self.scenarios
                        if s.per_year()
                    },
                }
                for year in years
            ],
            "vacancy_tax_by_year": [
                {
                    "tax_year": t.tax_year,
                    "regime": t.regime,
                    "rate": float(t.rate),
                    "tax_eur": float(t.tax_eur),
                    "fees_eur": float(t.fees_eur),
                    "amount_eur": float(t.amount_eur),
                    "affected_by_placement": t.tax_year in self.affected_tax_years,
                    "basis": t.explanation,
                    "legal_reference": t.legal_reference,
                    "confidence": str(t.confidence),
                }
                for t in self.vacancy_tax_by_year
            ],
            "home": {
                "commune": self.commune,
                "commune_name": self.commune_name,
                "cadastral_value_eur": float(self.cadastral_value_eur),
                "cadastral_value_estimated": self.cadastral_value_estimated,
            },
            "placement": {"start": self.start.isoformat(), "end": self.end.isoformat()},
            "affected_tax_years": list(self.affected_tax_years),
            "figures_date": self.figures_date.isoformat(),
            "disclaimer": self.disclaimer,
        }
