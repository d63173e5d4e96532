"""The entry point: one home, one placement in; four scenarios side by side out."""

from stirrup.tax import explain
from stirrup.tax.context import build_context
from stirrup.tax.inputs import EstimateInput
from stirrup.tax.results import Estimate
from stirrup.tax.rules import TaxRules, default_rules
from stirrup.tax.scenarios import association_donation, free_loan, long_term, vacant
from stirrup.tax.scenarios.common import baseline


def estimate(inputs: EstimateInput, rules: TaxRules | None = None) -> Estimate:
    """Compare staying vacant, a free loan, the association route and long-term letting.

    Raises TaxInputError (with the field name) when the inputs cannot be answered for.
    """
    ctx = build_context(inputs, rules or default_rules())
    scenarios = (vacant(ctx), free_loan(ctx), association_donation(ctx), long_term(ctx))
    figures_date = ctx.parameters.as_of
    return Estimate(
        commune=inputs.commune,
        commune_name=ctx.rules.communes.name(inputs.commune),
        start=inputs.start,
        end=inputs.placement_end,
        cadastral_value_eur=ctx.base.amount_eur,
        cadastral_value_estimated=ctx.base.estimated,
        affected_tax_years=ctx.affected_years,
        scenarios=scenarios,
        vacancy_tax_by_year=tuple(baseline(ctx, year) for year in ctx.display_years),
        timing_rule=explain.timing_rule(ctx),
        assumptions=explain.assumptions(ctx),
        warnings=explain.warnings(ctx, scenarios),
        figures_date=figures_date,
        disclaimer=explain.disclaimer(figures_date),
    )
