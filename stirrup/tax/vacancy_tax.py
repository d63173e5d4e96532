"""The vacancy tax of one tax year: TLV until 2026, TVLH from 2027, whichever the data says.

Rates, fees and the regime are read for 1 January of the tax year, so the 2027 change of regime
is a change of rows in parameters.csv, not of this code.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from dateutil.relativedelta import relativedelta

from stirrup.tax.confidence import Confidence, weakest
from stirrup.tax.context import Context
from stirrup.tax.money import ZERO, eur
from stirrup.tax.parameters import Parameter
from stirrup.words import Euros, Percent, Words


class Rates(StrEnum):
    """Which rates a commune applies: the default ones, or the highest it may vote (TVLH)."""

    DEFAULT = "default"
    MAXIMUM = "maximum"


@dataclass(frozen=True)
class YearTax:
    """The vacancy tax owed for one year, with how it was worked out."""

    tax_year: int
    regime: str
    rate: Decimal  # 0 when not taxable
    tax_eur: Decimal
    fees_eur: Decimal
    confidence: Confidence
    legal_reference: str
    explanation: Words

    @property
    def amount_eur(self) -> Decimal:
        """Tax plus management fees."""
        return self.tax_eur + self.fees_eur


def vacancy_tax(ctx: Context, tax_year: int, vacant_since: date, rates: Rates = Rates.DEFAULT) -> YearTax:
    """The vacancy tax of `tax_year` for a home vacant since `vacant_since` and never occupied since."""
    day = date(tax_year, 1, 1)
    parameters = ctx.parameters
    regime = parameters.get("vacancy_tax.regime", day)
    if ctx.inputs.furnished:
        return untaxed(
            tax_year,
            regime,
            regime.confidence,
            Words(
                "Furnished home: the %(regime)s does not apply (a second-home tax may, see warnings).",
                regime=regime.text,
            ),
        )
    zone = ctx.rules.communes.zone_entry(ctx.inputs.commune, day)
    if zone is None:
        return outside_zone(ctx, tax_year)
    minimum = parameters.get("vacancy_tax.min_vacancy_years", day)
    if not vacant_for(vacant_since, minimum, day):
        return untaxed(
            tax_year,
            regime,
            minimum.confidence,
            Words(
                "Vacant for less than %(years)s year on 1 January %(year)s: no %(regime)s for %(year)s.",
                years=minimum.number,
                year=tax_year,
                regime=regime.text,
            ),
        )
    first_year, history = first_taxed_year(ctx, tax_year, vacant_since, minimum)
    rate = rate_row(ctx, tax_year, first_year, rates)
    fees = parameters.get("vacancy_tax.fees_rate", day)
    tax = eur(ctx.base.amount_eur * rate.number)
    fees_eur = eur(tax * fees.number)
    which = Words("first year of taxation") if first_year else Words("second year of taxation or later")
    fees_text = (
        Words(" + %(rate)s management fees (%(fees)s)", rate=Percent(fees.number), fees=Euros(fees_eur))
        if fees.number
        else ""
    )
    return YearTax(
        tax_year,
        regime.text,
        rate.number,
        tax,
        fees_eur,
        weakest(regime.confidence, rate.confidence, fees.confidence, ctx.base.confidence, history),
        rate.legal_reference,
        Words(
            "%(regime)s %(year)s (%(which)s): %(rate)s × %(base)s = %(tax)s%(fees)s.",
            regime=regime.text,
            year=tax_year,
            which=which,
            rate=Percent(rate.number),
            base=Euros(ctx.base.amount_eur),
            tax=Euros(tax),
            fees=fees_text,
        ),
    )


def vacant_for(vacant_since: date, minimum: Parameter, day: date) -> bool:
    """Whether the home has been vacant for at least the minimum number of years on `day`."""
    reached: date = vacant_since + relativedelta(years=int(minimum.number))
    return reached <= day


def first_taxed_year(
    ctx: Context, tax_year: int, vacant_since: date, minimum: Parameter
) -> tuple[bool, Confidence]:
    """Whether `tax_year` is the first taxed year of this vacancy, and how sure we are of it.

    The year before was taxed if the home was already vacant long enough and the commune was in
    the zone; before our zone data starts we assume it was, and say we are unsure.
    """
    previous = date(tax_year - 1, 1, 1)
    if not vacant_for(vacant_since, minimum, previous):
        return True, Confidence.VERIFIED
    start = ctx.rules.communes.zone_data_start
    if start is not None and previous < start:
        return False, Confidence.UNCERTAIN
    return ctx.rules.communes.zone_entry(ctx.inputs.commune, previous) is None, Confidence.VERIFIED


def rate_row(ctx: Context, tax_year: int, first_year: bool, rates: Rates) -> Parameter:
    """The rate row: a commune's voted rate if we hold one, else the default; or the legal maximum."""
    day = date(tax_year, 1, 1)
    name = "vacancy_tax.rate_year1" if first_year else "vacancy_tax.rate_year2plus"
    if rates is Rates.MAXIMUM:
        maximum = ctx.parameters.find(f"{name}_max", day)
        if maximum is not None:
            return maximum
    voted = ctx.parameters.find(f"{name}.{ctx.inputs.commune}", day)
    return voted or ctx.parameters.get(name, day)


def outside_zone(ctx: Context, tax_year: int) -> YearTax:
    """Outside the zone the tax exists only where the commune voted it; we cannot compute it."""
    day = date(tax_year, 1, 1)
    regime = ctx.parameters.get("vacancy_tax.outside_zone.regime", day)
    minimum = ctx.parameters.get("vacancy_tax.outside_zone.min_vacancy_years", day)
    cap = ctx.parameters.find("vacancy_tax.outside_zone.rate_max", day)
    rate_text = (
        Words("at most %(rate)s", rate=Percent(cap.number))
        if cap
        else Words("the local taxe d'habitation rate")
    )
    return untaxed(
        tax_year,
        regime,
        Confidence.UNCERTAIN,
        Words(
            "Commune not on list 1° of the vacancy-tax zone in our data (list 2° is not loaded). A "
            "%(regime)s is due in %(year)s only if the commune voted it, after %(years)s years of vacancy, "
            "at %(rate)s of the rental value (%(reference)s): not computed here.",
            regime=regime.text,
            year=tax_year,
            years=minimum.number,
            rate=rate_text,
            reference=minimum.legal_reference,
        ),
    )


def untaxed(tax_year: int, regime: Parameter, confidence: Confidence, explanation: Words) -> YearTax:
    """A year with no vacancy tax, and why."""
    return YearTax(tax_year, regime.text, ZERO, ZERO, ZERO, confidence, regime.legal_reference, explanation)
