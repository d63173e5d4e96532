"""Shared builders for the tax simulator's tests: the worked example's home and placement."""

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from stirrup.tax import Estimate, EstimateInput, TaxRules, default_rules, estimate


@pytest.fixture(scope="session")
def rules() -> TaxRules:
    """The repository's data files, loaded once."""
    return default_rules()


def roubaix(**changes: Any) -> EstimateInput:
    """The research note's worked example (§11): 45 m² in Roubaix, vacant since 2023, VLC €2,000."""
    fields: dict[str, Any] = {
        "commune": "59512",
        "surface_m2": Decimal("45"),
        "vacant_since": date(2023, 1, 1),
        "start": date(2026, 3, 1),
        "cadastral_value_eur": Decimal("2000"),
        "market_rent_eur_month": Decimal("450"),
        "marginal_rate_pct": 30,
    }
    fields.update(changes)
    return EstimateInput(**fields)


def run(**changes: Any) -> Estimate:
    """Estimate the worked example with some inputs changed."""
    return estimate(roubaix(**changes))


def euros(amount: Decimal | float) -> Decimal:
    """An amount as a Decimal to the cent, for exact comparisons."""
    return Decimal(str(amount)).quantize(Decimal("0.01"))
