"""Scenario 3: the same six months through an eligible association, with the rent waived.

The owner signs a lease with the association stating the market rent and expressly gives it up:
the waived rent is taxed as property income and earns the gift reduction of CGI art. 200.
"""

from decimal import Decimal

from stirrup.tax.confidence import Confidence, weakest
from stirrup.tax.context import Context, marginal_rate_brackets
from stirrup.tax.donation import DonationYear, donation_years, rent_periods
from stirrup.tax.money import ZERO
from stirrup.tax.results import MoneyLine, Scenario, ScenarioKey
from stirrup.tax.scenarios.common import property_tax_line, vacancy_savings, vacancy_variants
from stirrup.words import Euros, Percent, Words

# Occupation under a lease is occupation in the plainest sense of CGI art. 232-V.
LEASE_OCCUPATION = Confidence.VERIFIED
# The mechanism has two sources; the current BOFiP wording (BOI-IR-RICI-250-20) was not read.
MECHANISM = Confidence.SECONDARY
WAIVER_REFERENCE = "BOI-IR-RICI-250-20 (instruction 5 B-14-07, abandon de revenus)"


def association_donation(ctx: Context) -> Scenario:
    """Vacancy tax cancelled, plus the income-tax effect of giving up the rent."""
    savings = vacancy_savings(ctx, LEASE_OCCUPATION)
    saved = sum((line.amount_eur for line in savings), ZERO)
    income: tuple[MoneyLine, ...]
    if ctx.monthly_rent is None:
        income = (
            MoneyLine(
                Words("Waived rent: market rent needed"),
                ZERO,
                Words("Give the market rent you could ask to compute the tax and the gift reduction."),
                "CGI art. 200",
                Confidence.UNCERTAIN,
            ),
        )
        variants = vacancy_variants(ctx, LEASE_OCCUPATION, ZERO)
    else:
        income = donation_lines(ctx, ctx.marginal_rate.value, coluche=True)
        net = sum((line.amount_eur for line in income), ZERO)
        variants = (
            *vacancy_variants(ctx, LEASE_OCCUPATION, net),
            *bracket_variants(ctx, saved),
            scenario_variant(
                Words("If the association qualifies only for the 66 %% rate"),
                saved,
                donation_lines(ctx, ctx.marginal_rate.value, coluche=False),
            ),
        )
    net_income = sum((line.amount_eur for line in income), ZERO)
    return Scenario(
        ScenarioKey.ASSOCIATION_DONATION,
        Words("Six months through an eligible association, rent waived (gift)"),
        Words(
            "You save %(saved)s of vacancy tax and your income tax changes by %(net)s (gift reduction minus "
            "the tax and levies on the waived rent).",
            saved=Euros(saved),
            net=Euros(net_income),
        ),
        (*savings, *income, property_tax_line()),
        variants,
        conditions(ctx),
    )


def donation_lines(ctx: Context, marginal_rate: Decimal, coluche: bool) -> tuple[MoneyLine, ...]:
    """Income tax, social levies and gift reduction for each calendar year of waived rent."""
    assert ctx.monthly_rent is not None
    periods = rent_periods(ctx.inputs.start, ctx.inputs.placement_end, ctx.monthly_rent.value)
    lines: list[MoneyLine] = []
    for year in donation_years(ctx.parameters, periods, marginal_rate, coluche):
        lines += year_lines(ctx, year, marginal_rate)
    return tuple(lines)


def year_lines(ctx: Context, year: DonationYear, marginal_rate: Decimal) -> tuple[MoneyLine, ...]:
    """The three lines of one income year, declared (and landing on the tax notice) the year after."""
    assert ctx.monthly_rent is not None
    by_name = {p.name: p for p in year.parameters}
    abatement, levies = by_name["ir.micro_foncier.abatement"], by_name["ps.property_income.rate"]
    gifts = [p for p in year.parameters if p.name.startswith("ir.dons.")]
    common = [MECHANISM, ctx.monthly_rent.confidence, abatement.confidence]
    if year.over_micro_foncier:
        common.append(Confidence.UNCERTAIN)  # the real regime applies; its expenses are unknown
    taxable = Words(
        "%(waived)s waived rent in %(year)s, taxable as property income, less the %(deduction)s flat "
        "deduction (micro-foncier) = %(taxable)s",
        waived=Euros(year.waived_rent_eur),
        year=year.income_year,
        deduction=Percent(abatement.number),
        taxable=Euros(year.taxable_eur),
    )
    return (
        MoneyLine(
            Words("Income tax on the waived rent (%(year)s income)", year=year.income_year),
            -year.income_tax_eur,
            Words("%(taxable)s × %(rate)s marginal rate.", taxable=taxable, rate=Percent(marginal_rate)),
            f"{WAIVER_REFERENCE}; {abatement.legal_reference}",
            weakest(*common, ctx.marginal_rate.confidence),
            year.income_year + 1,
        ),
        MoneyLine(
            Words("Social levies on the waived rent (%(year)s income)", year=year.income_year),
            -year.social_levies_eur,
            Words("%(taxable)s × %(rate)s.", taxable=taxable, rate=Percent(levies.number)),
            levies.legal_reference,
            weakest(*common, levies.confidence),
            year.income_year + 1,
        ),
        MoneyLine(
            Words("Gift reduction for the waived rent (%(year)s gifts)", year=year.income_year),
            year.reduction_eur,
            Words("%(basis)s.", basis=year.reduction_basis),
            "; ".join(dict.fromkeys(p.legal_reference for p in gifts)),
            weakest(*common, *(p.confidence for p in gifts)),
            year.income_year + 1,
        ),
    )


def scenario_variant(label: Words, saved: Decimal, lines: tuple[MoneyLine, ...]) -> MoneyLine:
    """A whole-scenario total with other income-tax lines."""
    from_lines = sum((line.amount_eur for line in lines), ZERO)
    return MoneyLine(
        label,
        saved + from_lines,
        Words(
            "Income-tax effect %(effect)s, vacancy tax saved %(saved)s.",
            effect=Euros(from_lines),
            saved=Euros(saved),
        ),
        "; ".join(dict.fromkeys(line.legal_reference for line in lines)),
        weakest(*(line.confidence for line in lines)),
    )


def bracket_variants(ctx: Context, saved: Decimal) -> tuple[MoneyLine, ...]:
    """The same scenario at every other marginal rate an owner may have."""
    chosen = ctx.marginal_rate.value
    return tuple(
        scenario_variant(
            Words("Marginal rate %(rate)s %%", rate=pct), saved, donation_lines(ctx, Decimal(pct) / 100, True)
        )
        for pct in marginal_rate_brackets(ctx.parameters, ctx.inputs.start)
        if Decimal(pct) / 100 != chosen
    )


def conditions(ctx: Context) -> tuple[Words, ...]:
    """What must hold for the waiver to count, with the figures of the year it is made."""
    day = ctx.inputs.start
    income_cap = ctx.parameters.get("ir.dons.cap_income_ratio", day)
    threshold = ctx.parameters.get("ir.micro_foncier.threshold", day)
    return (
        Words(
            "The association is eligible under CGI art. 200 (it issues a tax receipt, Cerfa 11580); the "
            "75 %% rate needs a body that helps house people in difficulty."
        ),
        Words(
            "A written lease states the rent and a written waiver gives it up entirely: a reduced or nominal "
            "rent gives no reduction."
        ),
        Words(
            "You declare the waived rent as property income (form 2044 or box 4BE) and the gift (box 7UD, "
            "or 7UF for other bodies); the boxes are not verified."
        ),
        Words(
            "The reduction cannot exceed your income tax, gifts above %(cap)s of taxable income are carried "
            "forward, and the 75 %% cap is shared with your household's other such gifts that year.",
            cap=Percent(income_cap.number),
        ),
        Words(
            "Micro-foncier applies while your gross property income stays under %(threshold)s a year; above "
            "it the real regime applies and these figures do not.",
            threshold=Euros(threshold.number),
        ),
    )
