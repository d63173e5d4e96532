"""The timing rule: which year's vacancy tax a placement cancels.

The vacancy tax of year N is not due when the home was occupied for more than 90 consecutive days
within year N-1 (CGI art. 232-V; same test for the TVLH). The research note infers a second case:
occupied on 1 January N by a spell of more than 90 days that goes on into year N.
"""

from dataclasses import dataclass
from datetime import date

from stirrup.tax.confidence import Confidence
from stirrup.tax.inputs import EstimateInput
from stirrup.tax.parameters import ParameterTable
from stirrup.words import Words


@dataclass(frozen=True)
class YearEffect:
    """Whether the placement cancels the vacancy tax of one tax year, and on what ground."""

    tax_year: int
    cancelled: bool
    confidence: Confidence
    legal_reference: str
    explanation: Words


def affected_tax_years(inputs: EstimateInput) -> tuple[int, ...]:
    """Tax years whose reference year (the year before) overlaps the placement."""
    return tuple(range(inputs.start.year + 1, inputs.placement_end.year + 2))


def days_within(inputs: EstimateInput, year: int) -> int:
    """Days of occupation falling in one calendar year."""
    first = max(inputs.start, date(year, 1, 1))
    last = min(inputs.placement_end, date(year, 12, 31))
    return max((last - first).days + 1, 0)


def spans_new_year(inputs: EstimateInput) -> bool:
    """Whether the placement runs across a 1 January."""
    return inputs.start.year != inputs.placement_end.year


def placement_effect(inputs: EstimateInput, tax_year: int, parameters: ParameterTable) -> YearEffect:
    """Apply the 90-day test of `tax_year` to the placement."""
    break_days = parameters.get("vacancy_tax.occupancy_break_days", date(tax_year, 1, 1))
    limit = int(break_days.number)
    reference_year = tax_year - 1
    days = days_within(inputs, reference_year)
    new_year = date(tax_year, 1, 1)
    if days > limit:
        # The rule itself is sure; that it cancels two years for a placement across 1 January is
        # the note's inference (§1.6), to be confirmed by the DGFiP.
        confidence = Confidence.UNCERTAIN if spans_new_year(inputs) else break_days.confidence
        return YearEffect(
            tax_year,
            True,
            confidence,
            break_days.legal_reference,
            Words(
                "%(days)s days of occupation in %(reference_year)s (more than %(limit)s in a row): the "
                "%(year)s vacancy tax is not due.",
                days=days,
                reference_year=reference_year,
                limit=limit,
                year=tax_year,
            ),
        )
    if inputs.start < new_year <= inputs.placement_end and inputs.occupied_days > limit:
        return YearEffect(
            tax_year,
            True,
            Confidence.UNCERTAIN,
            break_days.legal_reference,
            Words(
                "Occupied on 1 January %(year)s by a stay of %(days)s days: the %(year)s vacancy tax should "
                "not be due (inferred from the 'vacant on 1 January' wording, not confirmed).",
                year=tax_year,
                days=inputs.occupied_days,
            ),
        )
    return YearEffect(
        tax_year,
        False,
        break_days.confidence,
        break_days.legal_reference,
        Words(
            "Only %(days)s days of occupation in %(reference_year)s (%(limit)s or fewer): a short "
            "occupation does not end vacancy, so the %(year)s tax stays due.",
            days=days,
            reference_year=reference_year,
            limit=limit,
            year=tax_year,
        ),
    )
