"""Scenario 2: a free loan (prêt à usage) directly to the household.

No rent, so no income and no tax reduction (CGI art. 15-II; BOI-RFPI-CHAMP-20-20); the only gain
is the vacancy tax the occupation cancels.
"""

from stirrup.tax.confidence import Confidence
from stirrup.tax.context import Context
from stirrup.tax.money import ZERO
from stirrup.tax.results import MoneyLine, Scenario, ScenarioKey
from stirrup.tax.scenarios.common import property_tax_line, vacancy_savings, vacancy_variants
from stirrup.words import Euros, Words

# The law does not say the occupant must hold a lease; only low-quality secondary sources say a
# proven free occupation counts (research note §1.5, U/V1).
FREE_OCCUPATION = Confidence.UNCERTAIN


def free_loan(ctx: Context) -> Scenario:
    """Vacancy tax cancelled by the occupation; nothing else changes."""
    savings = vacancy_savings(ctx, FREE_OCCUPATION)
    lines = (
        *savings,
        MoneyLine(
            Words("Income tax: no change"),
            ZERO,
            Words(
                "Lending free of charge without a lease gives no taxable income and no tax reduction: the "
                "owner is treated as keeping the use of the home, and gifts count only to eligible bodies."
            ),
            "CGI art. 15-II; BOI-RFPI-CHAMP-20-20; CGI art. 200 (QE 97904, 2011)",
            Confidence.VERIFIED,
        ),
        property_tax_line(),
    )
    gain = sum((line.amount_eur for line in savings), ZERO)
    return Scenario(
        ScenarioKey.FREE_LOAN,
        Words("Six-month free loan to the household (prêt à usage)"),
        Words(
            "You save %(gain)s of vacancy tax and receive no money. Keep proof of the occupation (signed "
            "loan agreement, home insurance, meter readings).",
            gain=Euros(gain),
        ),
        lines,
        vacancy_variants(ctx, FREE_OCCUPATION, ZERO),
        (
            Words(
                "The occupant pays nothing beyond the costs of use (energy, water); any other payment may "
                "turn the loan into a lease under the loi de 1989 (3 years, full tenant protection)."
            ),
        ),
    )
