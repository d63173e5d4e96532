"""The waived rent: months due, yearly split, the 75 % cap and its change on 14 October 2025."""

from datetime import date
from decimal import Decimal

from stirrup.tax import ScenarioKey, TaxRules
from stirrup.tax.donation import donation_years, rent_periods
from tests.tax.conftest import run


def test_six_months_of_rent_fall_due_on_the_first_of_each_month():
    periods = rent_periods(date(2026, 3, 1), date(2026, 8, 31), Decimal("450"))
    assert [p.due.month for p in periods] == [3, 4, 5, 6, 7, 8]
    assert sum(p.amount_eur for p in periods) == Decimal("2700.00")


def test_a_last_partial_month_is_paid_pro_rata():
    periods = rent_periods(date(2026, 3, 1), date(2026, 3, 16), Decimal("310"))
    assert [p.amount_eur for p in periods] == [Decimal("160.00")]  # 16 of 31 days


def test_a_placement_across_new_year_gives_two_income_years(rules: TaxRules):
    periods = rent_periods(date(2026, 10, 2), date(2027, 4, 1), Decimal("450"))
    years = donation_years(rules.parameters, periods, Decimal("0.30"), coluche=True)
    assert [(y.income_year, y.waived_rent_eur, y.reduction_eur) for y in years] == [
        (2026, Decimal("1350.00"), Decimal("1012.50")),
        (2027, Decimal("1350.00"), Decimal("1012.50")),
    ]
    association = run(start=date(2026, 10, 2)).scenario(ScenarioKey.ASSOCIATION_DONATION)
    assert set(association.per_year()) == {2027, 2028}


def test_the_75_percent_cap_rose_to_2000_for_gifts_from_14_october_2025(rules: TaxRules):
    periods = rent_periods(date(2025, 5, 1), date(2025, 12, 31), Decimal("450"))  # 8 × 450 = 3,600
    (year,) = donation_years(rules.parameters, periods, Decimal("0.30"), coluche=True)
    # May-September: 1,000 at 75 % then 1,250 at 66 %; from November the cap is 2,000, so 900 more at 75 %.
    assert year.reduction_basis == "75 % × €1,900.00 + 66 % × €1,700.00"
    assert year.reduction_eur == Decimal("2547.00")


def test_at_a_zero_rate_the_reduction_is_lost_but_the_levies_remain():
    result = run(marginal_rate_pct=0)
    association = result.scenario(ScenarioKey.ASSOCIATION_DONATION)
    lines = {x.label.split(" (")[0]: x.amount_eur for x in association.lines}
    assert lines["Gift reduction for the waived rent"] == 0
    assert lines["Social levies on the waived rent"] == Decimal("-325.08")
    assert association.total_eur == Decimal("354.92")
    assert any("0 % marginal rate" in w for w in result.warnings)


def test_without_a_market_rent_the_roubaix_rent_per_m2_is_used():
    result = run(market_rent_eur_month=None)
    assert result.scenario(ScenarioKey.ASSOCIATION_DONATION).total_eur == Decimal("1749.92")  # 10 €/m² × 45
    assert any(a.startswith("Market rent not given: €10.00 per m²") for a in result.assumptions)


def test_without_a_marginal_rate_30_percent_is_assumed_and_marked_uncertain():
    result = run(marginal_rate_pct=None)
    association = result.scenario(ScenarioKey.ASSOCIATION_DONATION)
    income_tax = [x for x in association.lines if x.label.startswith("Income tax")]
    assert income_tax[0].amount_eur == Decimal("-567.00") and income_tax[0].confidence == "uncertain"
    assert any("30 % assumed" in a for a in result.assumptions)
    assert {v.label for v in association.variants} >= {f"Marginal rate {p} %" for p in (0, 11, 41, 45)}
