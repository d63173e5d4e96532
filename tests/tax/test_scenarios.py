"""Scenario rules: the 2026/2027 regimes, traps, and the long-term schemes' conditions."""

from datetime import date
from decimal import Decimal

from stirrup.tax import ScenarioKey
from tests.tax.conftest import run


def test_a_2025_placement_cancels_the_2026_tlv_and_a_2026_one_the_2027_tvlh():
    in_2025 = run(start=date(2025, 3, 1)).scenario(ScenarioKey.ASSOCIATION_DONATION).lines[0]
    in_2026 = run().scenario(ScenarioKey.ASSOCIATION_DONATION).lines[0]
    assert (in_2025.label, in_2025.amount_eur, in_2025.confidence) == (
        "2026 vacancy tax (TLV) not due",
        Decimal("741.20"),
        "secondary",
    )
    assert (in_2026.label, in_2026.amount_eur, in_2026.confidence) == (
        "2027 vacancy tax (TVLH) not due",
        Decimal("680.00"),
        "uncertain",
    )


def test_property_tax_stays_due_in_every_scenario():
    result = run()
    for scenario in result.scenarios[:3]:
        assert any(x.label.startswith("Property tax") and x.amount_eur == 0 for x in scenario.lines)
    assert any(
        w.startswith("Property tax (taxe foncière) stays due in every scenario") for w in result.warnings
    )


def test_a_furnished_home_saves_no_vacancy_tax_and_is_warned_about_the_thrs():
    result = run(furnished=True)
    assert result.scenario(ScenarioKey.FREE_LOAN).total_eur == 0
    thrs = [w for w in result.warnings if "THRS" in w]
    assert (
        thrs[0].startswith("This home is furnished") and "28.9 % + 12.1 %" in thrs[0] and "€820.00" in thrs[0]
    )


def test_an_unfurnished_home_is_warned_that_furnishing_is_no_way_out():
    assert any(w.startswith("Furnishing the home is no way out") for w in run().warnings)


def test_a_commune_outside_the_zone_saves_nothing_and_says_why():
    result = run(commune="59375")
    assert result.scenario(ScenarioKey.VACANT).total_eur == 0
    assert (
        result.assumptions[0] == "Marchiennes (59375) is not on list 1° of the vacancy-tax zone in our data."
    )


def test_a_home_vacant_for_less_than_a_year_has_nothing_to_save():
    result = run(vacant_since=date(2026, 2, 1))
    assert result.scenario(ScenarioKey.FREE_LOAN).lines[0].label == "2027 vacancy tax: nothing to save"
    assert result.scenario(ScenarioKey.VACANT).total_eur == 0


def test_a_placement_of_90_days_is_warned_that_it_ends_no_vacancy():
    result = run(end=date(2026, 5, 29))
    free_loan = result.scenario(ScenarioKey.FREE_LOAN)
    assert free_loan.total_eur == 0
    assert not any("restarts" in v.label for v in free_loan.variants)
    assert any("too short to end vacancy" in w for w in result.warnings)


def test_a_g_rated_home_is_warned_and_shut_out_of_loc_avantages():
    result = run(energy_class="G")
    assert any(w.startswith("Energy class G: a main-residence lease is not allowed") for w in result.warnings)
    long_term = result.scenario(ScenarioKey.LONG_TERM)
    assert long_term.total_eur == 0 and "Energy class G is excluded" in long_term.lines[0].basis


def test_a_small_home_earns_the_premium_bonus():
    lines = run(surface_m2=40).scenario(ScenarioKey.LONG_TERM).lines
    assert [x.amount_eur for x in lines if x.label.startswith("Intermediation premium")] == [
        Decimal("2000.00")
    ]


def test_loc_avantages_is_closed_to_lettings_starting_after_2027():
    long_term = run(start=date(2027, 7, 1)).scenario(ScenarioKey.LONG_TERM)
    assert long_term.total_eur == 0
    assert "could be signed until 2027-12-31" in long_term.lines[0].basis


def test_every_uncertain_line_is_backed_by_a_warning():
    for result in (run(), run(cadastral_value_eur=None), run(start=date(2026, 10, 2))):
        if any(x.confidence == "uncertain" for s in result.scenarios for x in s.lines):
            assert any("'uncertain'" in w for w in result.warnings)
