"""Euro amounts: Decimal, rounded half-up to the cent at each money line.

Every money line is rounded to the cent when it is made; totals are sums of rounded lines, so
a total always equals the sum of the lines shown.
"""

from decimal import ROUND_HALF_UP, Decimal

from stirrup.words import Euros, Percent

CENT = Decimal("0.01")
ZERO = Decimal("0.00")


def eur(amount: Decimal) -> Decimal:
    """Round an amount to the cent, half-up, as every money line is."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def format_eur(amount: Decimal) -> str:
    """Write an amount for people: '€1,749.92', '-€680.00' (pages say it the reader's way)."""
    return str(Euros(amount))


def format_pct(ratio: Decimal) -> str:
    """Write a ratio as a percentage without trailing zeros: 0.17 -> '17 %', 0.125 -> '12.5 %'."""
    return str(Percent(ratio))
