"""Everything resolved once per estimate: the checked inputs, the tax base, the rent, the rate."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from stirrup.tax.cadastral import CadastralValue, cadastral_value
from stirrup.tax.confidence import Confidence
from stirrup.tax.errors import TaxInputError
from stirrup.tax.inputs import EstimateInput
from stirrup.tax.money import eur, format_eur
from stirrup.tax.occupancy import affected_tax_years
from stirrup.tax.parameters import ParameterTable
from stirrup.tax.rules import TaxRules


@dataclass(frozen=True)
class Assumed:
    """A value the owner gave, or the one we assumed instead, said in words."""

    value: Decimal
    confidence: Confidence
    explanation: str


@dataclass(frozen=True)
class Context:
    """One estimate's inputs with the rules and the values resolved from them."""

    inputs: EstimateInput
    rules: TaxRules
    base: CadastralValue
    monthly_rent: Assumed | None  # None: neither given nor estimable for this commune
    marginal_rate: Assumed  # as a ratio, 0.30 for 30 %

    @property
    def parameters(self) -> ParameterTable:
        """The dated figures."""
        return self.rules.parameters

    @property
    def affected_years(self) -> tuple[int, ...]:
        """The tax years the placement can change."""
        return affected_tax_years(self.inputs)

    @property
    def display_years(self) -> tuple[int, ...]:
        """The placement year, the affected years and the year after: the years shown."""
        return tuple(range(self.inputs.start.year, self.inputs.placement_end.year + 3))


def build_context(inputs: EstimateInput, rules: TaxRules) -> Context:
    """Check what needs the data files (known commune, covered dates) and resolve values."""
    if not rules.communes.is_known(inputs.commune):
        raise TaxInputError(
            "commune",
            f"{inputs.commune} is not in Stirrup's commune lists (the vacancy-tax zone, the Nord and "
            "Pas-de-Calais gazetteer): check the INSEE code (not the postcode)",
        )
    first_day = rules.communes.zone_data_start
    if first_day is None or inputs.start < first_day:
        raise TaxInputError("start", f"the tax figures cover placements from {first_day} only")
    return Context(
        inputs=inputs,
        rules=rules,
        base=cadastral_value(inputs, rules.parameters),
        monthly_rent=monthly_rent(inputs, rules.parameters),
        marginal_rate=marginal_rate(inputs, rules.parameters),
    )


def monthly_rent(inputs: EstimateInput, parameters: ParameterTable) -> Assumed | None:
    """The market rent the owner gave, else the commune's rent per m² times the surface."""
    if inputs.market_rent_eur_month is not None:
        return Assumed(
            inputs.market_rent_eur_month,
            Confidence.VERIFIED,
            f"Market rent {format_eur(inputs.market_rent_eur_month)} a month excluding charges, as given.",
        )
    proxy = parameters.find(f"rent_proxy.eur_per_m2_month.{inputs.commune}", inputs.start)
    if proxy is None:
        return None
    rent = eur(proxy.number * inputs.surface_m2)
    return Assumed(
        rent,
        proxy.confidence,
        f"Market rent not given: {format_eur(proxy.number)} per m² a month ({proxy.note}; "
        f"{proxy.source}) × {inputs.surface_m2} m² = {format_eur(rent)} a month, excluding charges.",
    )


def marginal_rate(inputs: EstimateInput, parameters: ParameterTable) -> Assumed:
    """The owner's marginal income-tax rate, checked against the brackets, or the assumed one."""
    allowed = marginal_rate_brackets(parameters, inputs.start)
    if inputs.marginal_rate_pct is not None:
        if inputs.marginal_rate_pct not in allowed:
            raise TaxInputError("marginal_rate_pct", f"must be one of {', '.join(map(str, allowed))} (%)")
        return Assumed(
            Decimal(inputs.marginal_rate_pct) / 100,
            Confidence.VERIFIED,
            f"Marginal income-tax rate {inputs.marginal_rate_pct} %, as given.",
        )
    default = parameters.get("ir.default_marginal_rate_pct", inputs.start)
    return Assumed(
        default.number / 100,
        Confidence.UNCERTAIN,
        f"Marginal income-tax rate not given: {default.number} % assumed ({default.note}); the other "
        "brackets are shown as variants.",
    )


def marginal_rate_brackets(parameters: ParameterTable, day: date) -> tuple[int, ...]:
    """The marginal income-tax rates (in %) owners choose from."""
    return tuple(int(b) for b in parameters.get("ir.marginal_rate_brackets", day).text.split(";"))
