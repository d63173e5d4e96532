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
from stirrup.tax.money import eur, format_eur
from stirrup.tax.parameters import ParameterTable


@dataclass(frozen=True)
class CadastralValue:
    """The base used for every tax year, and whether it is the owner's figure or our estimate."""

    amount_eur: Decimal
    estimated: bool
    confidence: Confidence
    explanation: str


def cadastral_value(inputs: EstimateInput, parameters: ParameterTable) -> CadastralValue:
    """The owner's cadastral value, or an estimate clearly marked as one."""
    if inputs.cadastral_value_eur is not None:
        return CadastralValue(
            inputs.cadastral_value_eur,
            False,
            Confidence.VERIFIED,
            f"Cadastral rental value {format_eur(inputs.cadastral_value_eur)} as given by the owner, "
            "used for every tax year (in reality it is revalued each year by about 1 %).",
        )
    return estimated_value(inputs, parameters)


def estimated_value(inputs: EstimateInput, parameters: ParameterTable) -> CadastralValue:
    """Commune average x yearly revaluations x surface / average surface (low confidence)."""
    average = parameters.latest(f"vlc.commune_average.{inputs.commune}", inputs.start)
    if average is None:
        raise TaxInputError(
            "cadastral_value_eur",
            "Stirrup has no average rental value for this commune: enter the cadastral rental value "
            "(twice the 'base' shown on your taxe foncière notice)",
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
        f"ESTIMATE: cadastral rental value not given, estimated at {format_eur(amount)} from the "
        f"{average.valid_from.year} average rental value of a dwelling in the commune "
        f"({format_eur(average.number)}, {average.legal_reference}), revalued to {inputs.start.year} and "
        f"scaled by {inputs.surface_m2} m² / {surface.number} m². This is a rough proxy: the real "
        "figure is twice the 'base' on your taxe foncière notice.",
    )
