"""Everything resolved once per estimate: the checked inputs, the tax base, the rent, the rate."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from stirrup.tax.cadastral import CadastralValue, cadastral_value
from stirrup.tax.confidence import Confidence
from stirrup.tax.errors import TaxInputError
from stirrup.tax.inputs import EstimateInput
from stirrup.tax.money import eur
from stirrup.tax.occupancy import affected_tax_years
from stirrup.tax.parameters import ParameterTable
from stirrup.tax.rules import TaxRules
from stirrup.words import Euros, Words


@dataclass(frozen=True)
class Assumed:
    """A value the owner gave, or the one we assumed instead, said in words."""

    value: Decimal
    confidence: Confidence
    explanation: Words


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
            Words(
                "%(code)s is not in Stirrup's commune lists (the vacancy-tax zone, the Nord and "
                "Pas-de-Calais gazetteer): check the INSEE code (not the postcode)",
                code=inputs.commune,
            ),
        )
    first_day = rules.communes.zone_data_start
    if first_day is None or inputs.start < first_day:
        raise TaxInputError(
            "start", Words("the tax figures cover placements from %(day)s only", day=first_day)
        )
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
            Words(
                "Market rent %(rent)s a month excluding charges, as given.",
                rent=Euros(inputs.market_rent_eur_month),
            ),
        )
    proxy = parameters.find(f"rent_proxy.eur_per_m2_month.{inputs.commune}", inputs.start)
    if proxy is None:
        return None
    rent = eur(proxy.number * inputs.surface_m2)
    return Assumed(
        rent,
        proxy.confidence,
        Words(
            "Market rent not given: %(per_m2)s per m² a month (%(note)s; %(source)s) × %(surface)s m² = "
            "%(rent)s a month, excluding charges.",
            per_m2=Euros(proxy.number),
            note=proxy.quoted_note,
            source=proxy.source,
            surface=inputs.surface_m2,
            rent=Euros(rent),
        ),
    )


def marginal_rate(inputs: EstimateInput, parameters: ParameterTable) -> Assumed:
    """The owner's marginal income-tax rate, checked against the brackets, or the assumed one."""
    allowed = marginal_rate_brackets(parameters, inputs.start)
    if inputs.marginal_rate_pct is not None:
        if inputs.marginal_rate_pct not in allowed:
            raise TaxInputError(
                "marginal_rate_pct",
                Words("must be one of %(rates)s (%%)", rates=", ".join(map(str, allowed))),
            )
        return Assumed(
            Decimal(inputs.marginal_rate_pct) / 100,
            Confidence.VERIFIED,
            Words("Marginal income-tax rate %(rate)s %%, as given.", rate=inputs.marginal_rate_pct),
        )
    default = parameters.get("ir.default_marginal_rate_pct", inputs.start)
    return Assumed(
        default.number / 100,
        Confidence.UNCERTAIN,
        Words(
            "Marginal income-tax rate not given: %(rate)s %% assumed (%(note)s); the other brackets are "
            "shown as variants.",
            rate=default.number,
            note=default.quoted_note,
        ),
    )


def marginal_rate_brackets(parameters: ParameterTable, day: date) -> tuple[int, ...]:
    """The marginal income-tax rates (in %) owners choose from."""
    return tuple(int(b) for b in parameters.get("ir.marginal_rate_brackets", day).text.split(";"))
