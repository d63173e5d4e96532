"""docs/tax.md stays honest: its worked example shows what the engine computes."""

from pathlib import Path

from stirrup.tax import ScenarioKey
from stirrup.tax.money import format_eur
from tests.tax.conftest import run

DOC = Path(__file__).resolve().parents[2] / "docs" / "tax.md"


def test_the_documented_worked_example_matches_the_engine():
    text = DOC.read_text(encoding="utf-8")
    result = run()
    for scenario in result.scenarios:
        assert f"`{scenario.key}`" in text
        assert format_eur(abs(scenario.total_eur)) in text, scenario.key
    for year in result.vacancy_tax_by_year:
        assert format_eur(year.amount_eur) in text
    across = run(start=result.start.replace(month=10, day=2)).scenario(ScenarioKey.FREE_LOAN)
    assert format_eur(across.total_eur) in text
