"""The research note's worked example (§11), reproduced to the euro."""

from datetime import date
from decimal import Decimal

from stirrup.tax import ScenarioKey
from tests.tax.conftest import run


def line(scenario, label_start: str):
    """The one line whose label starts with `label_start`."""
    (found,) = [x for x in scenario.lines if x.label.startswith(label_start)]
    return found


def test_baseline_vacant_costs_741_20_then_680_then_680():
    result = run()
    by_year = {t.tax_year: t for t in result.vacancy_tax_by_year}
    assert [by_year[y].amount_eur for y in (2026, 2027, 2028)] == [
        Decimal("741.20"),
        Decimal("680.00"),
        Decimal("680.00"),
    ]
    assert (by_year[2026].regime, by_year[2026].tax_eur, by_year[2026].fees_eur) == (
        "TLV",
        680,
        Decimal("61.20"),
    )
    assert by_year[2027].regime == by_year[2028].regime == "TVLH"


def test_the_2026_tax_is_due_whatever_the_owner_does():
    result = run()
    assert result.affected_tax_years == (2027,)
    assert "The 2026 tax depends on 2025: the placement cannot change it" in result.timing_rule


def test_vacant_scenario_costs_680_over_the_affected_year():
    vacant = run().scenario(ScenarioKey.VACANT)
    assert vacant.total_eur == Decimal("-680.00")
    assert vacant.range_eur == (Decimal("-1200.00"), Decimal("-680.00"))


def test_free_loan_saves_680_with_a_range_up_to_1800():
    free_loan = run().scenario(ScenarioKey.FREE_LOAN)
    assert free_loan.total_eur == Decimal("680.00")
    assert free_loan.range_eur == (Decimal("680.00"), Decimal("1800.00"))
    restart = [v for v in free_loan.variants if "restarts in 2028" in v.label]
    assert restart and restart[0].amount_eur == Decimal("1020.00")  # the further €340 of A6
    assert line(free_loan, "Income tax").amount_eur == 0


def test_placement_across_new_year_saves_1360_or_2400_at_maximum_rates():
    free_loan = run(start=date(2026, 10, 2)).scenario(ScenarioKey.FREE_LOAN)
    assert free_loan.total_eur == Decimal("1360.00")
    highest = [v for v in free_loan.variants if v.label.startswith("If the commune votes")]
    assert highest[0].amount_eur == Decimal("2400.00")
    assert all(x.confidence == "uncertain" for x in free_loan.lines if x.amount_eur)


def test_association_route_gives_1069_92_of_income_tax_and_about_1750_in_all():
    association = run().scenario(ScenarioKey.ASSOCIATION_DONATION)
    assert line(association, "Income tax on the waived rent").amount_eur == Decimal("-567.00")
    assert line(association, "Social levies").amount_eur == Decimal("-325.08")
    reduction = line(association, "Gift reduction")
    assert reduction.amount_eur == Decimal("1962.00")
    assert reduction.basis == "75 % × €2,000.00 + 66 % × €700.00."
    assert line(association, "2027 vacancy tax").amount_eur == Decimal("680.00")
    assert association.total_eur == Decimal("1749.92")
    assert round(association.total_eur) == 1750
    assert association.per_year() == {2027: Decimal("1749.92")}


def test_association_route_at_other_brackets_and_at_66_percent():
    variants = {
        v.label: v.amount_eur - 680 for v in run().scenario(ScenarioKey.ASSOCIATION_DONATION).variants
    }
    assert round(variants["Marginal rate 11 %"]) == 1429
    assert round(variants["Marginal rate 41 %"]) == 862
    assert round(variants["If the association qualifies only for the 66 % rate"]) == 890


def test_long_term_schemes_are_stated_as_not_applying_to_six_months():
    long_term = run().scenario(ScenarioKey.LONG_TERM)
    assert long_term.summary.startswith("Not available for a six-month placement")
    assert any("at least 6 years" in c for c in long_term.conditions)
    assert any("at least 3 years" in c for c in long_term.conditions)
    assert all(x.tax_year is None for x in long_term.lines)
