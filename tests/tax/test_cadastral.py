"""Without the owner's cadastral value the simulator estimates it, and says so everywhere."""

from decimal import Decimal

from stirrup.tax import ScenarioKey
from tests.tax.conftest import run


def test_unknown_value_is_estimated_from_the_commune_average_and_surface():
    result = run(cadastral_value_eur=None)
    # 1,834 (2022) × 1.071 × 1.039 × 1.017 × 1.008 ≈ 2,092 in 2026, × 45 / 69 ≈ 1,364 (note: "≈ €1,360").
    assert result.cadastral_value_eur == Decimal("1364.42")
    assert result.cadastral_value_estimated


def test_the_estimate_is_marked_in_assumptions_warnings_lines_and_json():
    result = run(cadastral_value_eur=None)
    assert any(a.startswith("ESTIMATE: cadastral rental value not given") for a in result.assumptions)
    assert any("ESTIMATE" in w for w in result.warnings)
    vacancy_lines = [x for x in result.scenario(ScenarioKey.VACANT).lines if "vacancy tax" in x.label]
    assert vacancy_lines and all(x.confidence == "uncertain" for x in vacancy_lines)
    assert result.to_dict()["home"]["cadastral_value_estimated"] is True


def test_a_given_value_is_not_marked_as_an_estimate():
    result = run()
    assert not result.cadastral_value_estimated
    assert not any("ESTIMATE" in text for text in (*result.assumptions, *result.warnings))


def test_the_estimate_follows_the_placement_year():
    assert run(cadastral_value_eur=None, start=run().start.replace(year=2025)).cadastral_value_eur < Decimal(
        "1364.42"
    )
