"""The cadastral rental value (valeur locative cadastrale), the base of the vacancy tax.

The owner's figure is best (twice the 'base' on the taxe foncière notice). Without it, the
research note allows only a rough estimate: the commune's average rental value per dwelling,
revalued to the placement year and scaled by surface.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from stirrup.tax.confidence import Confidence, weakest
from stirrup.tax.errors import TaxInputError
from stirrup.tax.inputs import EstimateInput
from stirrup.tax.money import eur
from stirrup.tax.parameters import ParameterTable
from stirrup.words import Euros, Words


@dataclass(frozen=True)
class CadastralValue:
    """The base used for every tax year, and whether it is the owner's figure or our estimate."""

    amount_eur: Decimal
    estimated: bool
    confidence: Confidence
    explanation: Words


def cadastral_value(inputs: EstimateInput, parameters: ParameterTable) -> CadastralValue:
    """The owner's cadastral value, or an estimate clearly marked as one."""
    if inputs.cadastral_value_eur is not None:
        return CadastralValue(
            inputs.cadastral_value_eur,
            False,
            Confidence.VERIFIED,
            Words(
                "Cadastral rental value %(value)s as given by the owner, used for every tax year (in "
                "reality it is revalued each year by about 1 %%).",
                value=Euros(inputs.cadastral_value_eur),
            ),
        )
    return estimated_value(inputs, parameters)


def estimated_value(inputs: EstimateInput, parameters: ParameterTable) -> CadastralValue:
    """Commune average x yearly revaluations x surface / average surface (low confidence)."""
    average = parameters.latest(f"vlc.commune_average.{inputs.commune}", inputs.start)
    if average is None:
        raise TaxInputError(
            "cadastral_value_eur",
            Words(
                "Stirrup has no average rental value for this commune: enter the cadastral rental value "
                "(twice the 'base' shown on your taxe foncière notice)"
            ),
        )
    surface = parameters.get("vlc.average_dwelling_surface_m2", inputs.start)
    value, used = average.number, [average, surface]
    for year in range(average.valid_from.year + 1, inputs.start.year + 1):
        coefficient = parameters.find("vlc.revaluation_coef", date(year, 1, 1))
        if coefficient is not None:  # a year without a published coefficient is held flat
            value *= coefficient.number
            used.append(coefficient)
    amount = eur(value * inputs.surface_m2 / surface.number)
    return CadastralValue(
        amount,
        True,
        weakest(*(p.confidence for p in used), Confidence.UNCERTAIN),
        Words(
            "ESTIMATE: cadastral rental value not given, estimated at %(amount)s from the %(year)s average "
            "rental value of a dwelling in the commune (%(average)s, %(reference)s), revalued to "
            "%(to_year)s and scaled by %(surface)s m² / %(average_surface)s m². This is a rough proxy: "
            "the real figure is twice the 'base' on your taxe foncière notice.",
            amount=Euros(amount),
            year=average.valid_from.year,
            average=Euros(average.number),
            reference=average.legal_reference,
            to_year=inputs.start.year,
            surface=inputs.surface_m2,
            average_surface=surface.number,
        ),
    )
