"""The vacancy tax by year: TLV until 2026, TVLH from 2027, in and out of the zone."""

from datetime import date
from decimal import Decimal

from stirrup.tax import TaxRules
from stirrup.tax.context import build_context
from stirrup.tax.vacancy_tax import Rates, vacancy_tax
from tests.tax.conftest import roubaix


def tax(
    rules: TaxRules, year: int, vacant_since: date = date(2023, 1, 1), rates: Rates = Rates.DEFAULT, **changes
):
    ctx = build_context(roubaix(vacant_since=vacant_since, **changes), rules)
    return vacancy_tax(ctx, year, vacant_since, rates)


def test_2026_is_tlv_with_fees_and_2027_is_tvlh_without(rules: TaxRules):
    tlv, tvlh = tax(rules, 2026), tax(rules, 2027)
    assert (tlv.regime, tlv.amount_eur, tlv.confidence) == ("TLV", Decimal("741.20"), "secondary")
    assert (tvlh.regime, tvlh.amount_eur, tvlh.fees_eur, tvlh.confidence) == ("TVLH", 680, 0, "uncertain")
    assert "232" in tlv.legal_reference and "1406 bis" in tvlh.legal_reference


def test_the_highest_rates_exist_only_under_the_tvlh(rules: TaxRules):
    assert tax(rules, 2026, rates=Rates.MAXIMUM).amount_eur == Decimal("741.20")
    assert tax(rules, 2027, rates=Rates.MAXIMUM).amount_eur == Decimal("1200.00")


def test_first_year_of_taxation_is_charged_at_17_percent(rules: TaxRules):
    first = tax(rules, 2024)  # vacant since 1 January 2023: one year on 1 January 2024
    assert (first.rate, first.amount_eur) == (Decimal("0.17"), Decimal("370.60"))
    assert first.confidence == "secondary"
    assert tax(rules, 2028, vacant_since=date(2026, 9, 1), start=date(2026, 10, 1)).rate == Decimal("0.17")


def test_a_home_vacant_for_less_than_a_year_on_1_january_is_not_taxed(rules: TaxRules):
    result = tax(rules, 2027, vacant_since=date(2026, 1, 2), start=date(2026, 3, 1))
    assert result.amount_eur == 0 and "less than 1 year" in result.explanation


def test_a_furnished_home_owes_no_vacancy_tax(rules: TaxRules):
    result = tax(rules, 2027, furnished=True)
    assert result.amount_eur == 0 and "second-home tax" in result.explanation


def test_outside_the_zone_the_tax_is_not_computed_and_marked_uncertain(rules: TaxRules):
    before, after = tax(rules, 2026, commune="59375"), tax(rules, 2027, commune="59375")
    assert before.amount_eur == after.amount_eur == 0
    assert (before.regime, after.regime) == ("THLV", "TVLH")
    assert before.confidence == after.confidence == "uncertain"
    assert "taxe d'habitation rate" in before.explanation and "at most 50 %" in after.explanation
    assert "list 2° is not loaded" in after.explanation


def test_zone_history_before_our_data_makes_2024_uncertain(rules: TaxRules):
    assert tax(rules, 2024, vacant_since=date(2020, 1, 1), start=date(2024, 3, 1)).confidence == "uncertain"
