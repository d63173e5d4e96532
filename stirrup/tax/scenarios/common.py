"""What the scenarios share: the vacancy tax a placement saves, and the lines that never change."""

from datetime import date, timedelta
from decimal import Decimal

from stirrup.tax.confidence import Confidence, weakest
from stirrup.tax.context import Context
from stirrup.tax.money import ZERO
from stirrup.tax.occupancy import placement_effect
from stirrup.tax.results import MoneyLine
from stirrup.tax.vacancy_tax import Rates, YearTax, vacancy_tax
from stirrup.words import Euros, Percent, Words


def baseline(ctx: Context, tax_year: int, rates: Rates = Rates.DEFAULT) -> YearTax:
    """The vacancy tax of a year if the home simply stays vacant."""
    return vacancy_tax(ctx, tax_year, ctx.inputs.vacant_since, rates)


def property_tax_line() -> MoneyLine:
    """Taxe foncière: owed in every scenario, so it never changes the comparison."""
    return MoneyLine(
        Words("Property tax (taxe foncière): still due"),
        ZERO,
        Words(
            "The owner pays it whether the home is vacant, lent or let; there is no relief for a vacancy "
            "the owner chose or for lending free of charge. Same in every scenario, so not counted."
        ),
        "CGI art. 1388 and 1389",
        Confidence.VERIFIED,
    )


def vacancy_savings(
    ctx: Context, occupation: Confidence, rates: Rates = Rates.DEFAULT
) -> tuple[MoneyLine, ...]:
    """For each tax year the placement affects, the vacancy tax it cancels (or why it does not).

    `occupation` is how sure we are that this kind of occupation counts at all.
    """
    lines = []
    for year in ctx.affected_years:
        owed = baseline(ctx, year, rates)
        effect = placement_effect(ctx.inputs, year, ctx.parameters)
        if owed.amount_eur == 0:
            lines.append(
                MoneyLine(
                    Words("%(year)s vacancy tax: nothing to save", year=year),
                    ZERO,
                    owed.explanation,
                    owed.legal_reference,
                    owed.confidence,
                    year,
                )
            )
        elif effect.cancelled:
            lines.append(
                MoneyLine(
                    Words("%(year)s vacancy tax (%(regime)s) not due", year=year, regime=owed.regime),
                    owed.amount_eur,
                    Words("%(effect)s Saves %(tax)s", effect=effect.explanation, tax=owed.explanation),
                    f"{effect.legal_reference}; {owed.legal_reference}",
                    weakest(owed.confidence, effect.confidence, occupation),
                    year,
                )
            )
        else:
            lines.append(
                MoneyLine(
                    Words("%(year)s vacancy tax (%(regime)s) still due", year=year, regime=owed.regime),
                    ZERO,
                    effect.explanation,
                    effect.legal_reference,
                    effect.confidence,
                    year,
                )
            )
    return tuple(lines)


def restart_saving(ctx: Context, rates: Rates = Rates.DEFAULT) -> tuple[int, Decimal]:
    """The year after the affected ones, and what it saves if the first-year rate restarts.

    After a qualifying occupation a new vacancy begins, so the research note assumes (unconfirmed)
    that the next tax is charged at the first-year rate again. Kept out of the headline figure.
    """
    year = ctx.inputs.placement_end.year + 2
    if not any(placement_effect(ctx.inputs, y, ctx.parameters).cancelled for y in ctx.affected_years):
        return year, ZERO  # a stay too short to end vacancy starts no new vacancy either
    restarted = vacancy_tax(ctx, year, ctx.inputs.placement_end + timedelta(days=1), rates)
    return year, max(baseline(ctx, year, rates).amount_eur - restarted.amount_eur, ZERO)


def highest_rates_text(ctx: Context) -> Words:
    """The highest rates a commune may vote, said in words, from the first year they exist."""
    for year in ctx.display_years:
        day = date(year, 1, 1)
        first = ctx.parameters.find("vacancy_tax.rate_year1_max", day)
        later = ctx.parameters.find("vacancy_tax.rate_year2plus_max", day)
        if first and later:
            return Words(
                "from %(year)s a commune may raise the rates up to %(first)s and %(later)s (deliberation "
                "before 1 October of the year before).",
                year=year,
                first=Percent(first.number),
                later=Percent(later.number),
            )
    return Words("the commune may raise its rates.")


def vacancy_variants(ctx: Context, occupation: Confidence, other_lines: Decimal) -> tuple[MoneyLine, ...]:
    """Totals under the rates a commune may vote and the unconfirmed restart of the rate.

    `other_lines` is the scenario's total apart from the vacancy tax, unchanged in the variants.
    """
    base = sum((line.amount_eur for line in vacancy_savings(ctx, occupation)), ZERO)
    highest = sum((line.amount_eur for line in vacancy_savings(ctx, occupation, Rates.MAXIMUM)), ZERO)
    year, restart = restart_saving(ctx)
    _, restart_high = restart_saving(ctx, Rates.MAXIMUM)
    variants = []
    if highest != base:
        variants.append(
            MoneyLine(
                Words("If the commune votes the highest rates the law allows"),
                other_lines + highest,
                Words(
                    "Vacancy tax saved %(highest)s instead of %(base)s: %(rates)s",
                    highest=Euros(highest),
                    base=Euros(base),
                    rates=highest_rates_text(ctx),
                ),
                "CGI art. 1406 bis",
                Confidence.UNCERTAIN,
            )
        )
    if restart:
        variants.append(
            MoneyLine(
                Words("If the first-year rate restarts in %(year)s", year=year),
                other_lines + base + restart,
                Words(
                    "A further %(amount)s in %(year)s: after the placement a new vacancy begins, so the tax "
                    "may start again at the first-year rate (not confirmed).",
                    amount=Euros(restart),
                    year=year,
                ),
                "BOI-IF-AUT-60 (to confirm)",
                Confidence.UNCERTAIN,
            )
        )
    if restart_high and highest != base:
        variants.append(
            MoneyLine(
                Words("Highest rates and restarted first-year rate"),
                other_lines + highest + restart_high,
                Words("Both uncertain cases above together: the most the placement could save."),
                "CGI art. 1406 bis; BOI-IF-AUT-60 (to confirm)",
                Confidence.UNCERTAIN,
            )
        )
    return tuple(variants)
