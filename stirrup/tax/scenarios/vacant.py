"""Scenario 1: the home stays vacant. Its total is what that costs over the affected tax years."""

from stirrup.tax.confidence import Confidence
from stirrup.tax.context import Context
from stirrup.tax.money import ZERO
from stirrup.tax.results import MoneyLine, Scenario, ScenarioKey
from stirrup.tax.scenarios.common import baseline, highest_rates_text, property_tax_line
from stirrup.tax.vacancy_tax import Rates
from stirrup.words import Euros, Words, listed


def vacant(ctx: Context) -> Scenario:
    """The vacancy tax owed for the years a placement could change, as negative amounts."""
    owed = [baseline(ctx, year) for year in ctx.affected_years]
    lines = (
        *tuple(
            MoneyLine(
                Words("%(year)s vacancy tax (%(regime)s)", year=tax.tax_year, regime=tax.regime)
                if tax.amount_eur
                else Words("%(year)s: no vacancy tax", year=tax.tax_year),
                -tax.amount_eur,
                tax.explanation,
                tax.legal_reference,
                tax.confidence,
                tax.tax_year,
            )
            for tax in owed
        ),
        property_tax_line(),
    )
    cost = sum((t.amount_eur for t in owed), ZERO)
    highest = sum((baseline(ctx, y, Rates.MAXIMUM).amount_eur for y in ctx.affected_years), ZERO)
    variants = (
        ()
        if highest == cost
        else (
            MoneyLine(
                Words("If the commune votes the highest rates the law allows"),
                -highest,
                highest_rates_text(ctx),
                "CGI art. 1406 bis",
                Confidence.UNCERTAIN,
            ),
        )
    )
    return Scenario(
        ScenarioKey.VACANT,
        Words("The home stays vacant"),
        Words(
            "Staying vacant costs %(cost)s in vacancy tax for %(years)s (the years the placement can "
            "change). Property tax is due anyway.",
            cost=Euros(cost),
            years=listed(ctx.affected_years),
        ),
        lines,
        variants,
    )
