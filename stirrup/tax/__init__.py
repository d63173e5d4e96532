"""The owner's tax-benefit simulator: pure rules over frozen dataclasses, figures in data/tax/.

from stirrup.tax import EstimateInput, estimate
result = estimate(EstimateInput(commune="59512", surface_m2=45, vacant_since=..., start=...))
result.to_dict()  # or render_table(result)
"""

from stirrup.tax.confidence import Confidence
from stirrup.tax.engine import estimate
from stirrup.tax.errors import TaxDataError, TaxInputError
from stirrup.tax.inputs import EstimateInput
from stirrup.tax.render import render_table
from stirrup.tax.results import Estimate, MoneyLine, Scenario, ScenarioKey
from stirrup.tax.rules import TaxRules, default_rules, import_zone_list, load_rules

__all__ = [
    "Confidence",
    "Estimate",
    "EstimateInput",
    "MoneyLine",
    "Scenario",
    "ScenarioKey",
    "TaxDataError",
    "TaxInputError",
    "TaxRules",
    "default_rules",
    "estimate",
    "import_zone_list",
    "load_rules",
    "render_table",
]
