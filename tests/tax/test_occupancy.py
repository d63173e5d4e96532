"""The timing rule: more than 90 consecutive days in year N-1 cancels the tax of year N."""

from datetime import date

import pytest

from stirrup.tax import TaxRules
from stirrup.tax.occupancy import affected_tax_years, placement_effect
from tests.tax.conftest import roubaix


def effects(rules: TaxRules, start: date, end: date) -> dict[int, tuple[bool, str]]:
    inputs = roubaix(start=start, end=end)
    return {
        year: (effect.cancelled, str(effect.confidence))
        for year in affected_tax_years(inputs)
        for effect in [placement_effect(inputs, year, rules.parameters)]
    }


def test_six_months_inside_one_year_cancel_the_next_year_only(rules: TaxRules):
    # The 90-day test is in the law for the TLV; for the TVLH secondary sources say it is unchanged.
    assert effects(rules, date(2025, 3, 1), date(2025, 8, 31)) == {2026: (True, "verified")}
    assert effects(rules, date(2026, 3, 1), date(2026, 8, 31)) == {2027: (True, "secondary")}


def test_91_days_on_each_side_of_new_year_cancel_two_years_unconfirmed(rules: TaxRules):
    assert effects(rules, date(2026, 10, 2), date(2027, 4, 1)) == {
        2027: (True, "uncertain"),
        2028: (True, "uncertain"),
    }


@pytest.mark.parametrize(("end", "cancelled"), [(date(2026, 8, 29), False), (date(2026, 8, 30), True)])
def test_90_days_are_not_enough_91_are(rules: TaxRules, end: date, cancelled: bool):
    # 1 June to 29 August is 90 days; to 30 August, 91.
    assert effects(rules, date(2026, 6, 1), end)[2027][0] is cancelled


def test_a_stay_across_new_year_with_few_days_before_it_cancels_both_years_by_inference(rules: TaxRules):
    found = effects(rules, date(2026, 11, 15), date(2027, 5, 14))
    assert found[2027] == (True, "uncertain")  # occupied on 1 January 2027: inferred rule
    assert found[2028][0] is True  # 134 days in 2027


def test_a_short_stay_across_new_year_cancels_nothing(rules: TaxRules):
    assert effects(rules, date(2026, 12, 1), date(2027, 1, 31)) == {
        2027: (False, "secondary"),
        2028: (False, "secondary"),
    }
