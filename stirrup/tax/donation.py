"""Giving up the rent to an eligible association: taxed as income, reduced as a gift.

With a written lease to an art. 200 body and an express waiver, the waived rent is taxable
property income and also a gift in kind (BOI-IR-RICI-250-20, instruction 5 B-14-07). Each rent is
taken as waived, and given, on the day it falls due, so it counts in that calendar year.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from dateutil.relativedelta import relativedelta

from stirrup.tax.money import ZERO, eur
from stirrup.tax.parameters import Parameter, ParameterTable
from stirrup.words import Euros, Percent, Words, joined


@dataclass(frozen=True)
class RentPeriod:
    """One month's rent of the lease, due on its first day."""

    due: date
    amount_eur: Decimal


@dataclass(frozen=True)
class DonationYear:
    """The income-tax effect of one calendar year of waived rent (declared the next year)."""

    income_year: int
    waived_rent_eur: Decimal
    taxable_eur: Decimal
    income_tax_eur: Decimal
    social_levies_eur: Decimal
    reduction_eur: Decimal
    reduction_basis: Words
    over_micro_foncier: bool
    parameters: tuple[Parameter, ...]  # every figure used, for references and confidence


def rent_periods(start: date, end: date, monthly: Decimal) -> tuple[RentPeriod, ...]:
    """Monthly rents from `start` to `end` (inclusive); a last partial month is paid pro rata."""
    periods, month = [], 0
    while (due := start + relativedelta(months=month)) <= end:
        next_due = start + relativedelta(months=month + 1)
        last = min(next_due - timedelta(days=1), end)
        share = Decimal((last - due).days + 1) / Decimal((next_due - due).days)
        periods.append(RentPeriod(due, eur(monthly * share)))
        month += 1
    return tuple(periods)


def donation_years(
    parameters: ParameterTable, periods: tuple[RentPeriod, ...], marginal_rate: Decimal, coluche: bool
) -> tuple[DonationYear, ...]:
    """The effect of the waived rents, one calendar year at a time."""
    years = sorted({p.due.year for p in periods})
    return tuple(
        donation_year(parameters, [p for p in periods if p.due.year == y], marginal_rate, coluche)
        for y in years
    )


def donation_year(
    parameters: ParameterTable, periods: list[RentPeriod], marginal_rate: Decimal, coluche: bool
) -> DonationYear:
    """Income tax and social levies on the waived rent, and the gift reduction, for one year."""
    year_end = date(periods[0].due.year, 12, 31)
    abatement = parameters.get("ir.micro_foncier.abatement", year_end)
    threshold = parameters.get("ir.micro_foncier.threshold", year_end)
    levies = parameters.get("ps.property_income.rate", year_end)
    waived = sum((p.amount_eur for p in periods), ZERO)
    taxable = eur(waived * (1 - abatement.number))
    reduction, basis, used = gift_reduction(parameters, periods, coluche)
    if marginal_rate == 0:
        # A reduction only lowers income tax actually due; at a 0 % rate there is none to lower.
        reduction = ZERO
        basis = Words("%(basis)s, but at a 0 %% marginal rate no income tax is due to reduce", basis=basis)
    return DonationYear(
        income_year=year_end.year,
        waived_rent_eur=waived,
        taxable_eur=taxable,
        income_tax_eur=eur(taxable * marginal_rate),
        social_levies_eur=eur(taxable * levies.number),
        reduction_eur=reduction,
        reduction_basis=basis,
        over_micro_foncier=waived > threshold.number,
        parameters=(abatement, threshold, levies, *used),
    )


def gift_reduction(
    parameters: ParameterTable, periods: list[RentPeriod], coluche: bool
) -> tuple[Decimal, Words, tuple[Parameter, ...]]:
    """75 % of gifts up to the yearly cap for bodies housing people in difficulty, 66 % beyond."""
    at_high, at_general, total, used = ZERO, ZERO, ZERO, []
    high_rate = general_rate = ZERO
    for period in periods:
        general = parameters.get("ir.dons.rate_general", period.due)
        general_rate, part_high = general.number, ZERO
        used.append(general)
        if coluche:
            cap = parameters.get("ir.dons.coluche.cap", period.due)
            high = parameters.get("ir.dons.coluche.rate", period.due)
            high_rate, used = high.number, [*used, cap, high]
            part_high = min(period.amount_eur, max(cap.number - at_high, ZERO))
        at_high += part_high
        at_general += period.amount_eur - part_high
        total += part_high * high_rate + (period.amount_eur - part_high) * general_rate
    amount = eur(total)
    parts = [_share(high_rate, at_high)] if at_high else []
    parts += [_share(general_rate, at_general)] if at_general else []
    return amount, joined(parts, " + ") if parts else Words("no gift"), tuple(dict.fromkeys(used))


def _share(rate: Decimal, amount: Decimal) -> Words:
    return Words("%(rate)s × %(amount)s", rate=Percent(rate), amount=Euros(amount))
