"""The serialised estimate keeps the API's promised shape, and the table shows the same figures."""

import json
from decimal import Decimal

from stirrup.tax import render_table
from tests.tax.conftest import euros, run

LINE_KEYS = ["label", "amount_eur", "basis", "legal_reference", "confidence"]


def test_to_dict_has_the_promised_shape_and_is_json():
    data = json.loads(json.dumps(run().to_dict()))
    assert [s["key"] for s in data["scenarios"]] == [
        "vacant",
        "free_loan",
        "association_donation",
        "long_term",
    ]
    for scenario in data["scenarios"]:
        assert {"key", "total_eur", "lines"} <= set(scenario)
        assert all(list(line) == LINE_KEYS for line in scenario["lines"])
        assert euros(scenario["total_eur"]) == sum(euros(x["amount_eur"]) for x in scenario["lines"])
        assert all(x["confidence"] in {"verified", "secondary", "uncertain"} for x in scenario["lines"])
    assert data["assumptions"] and all(isinstance(a, str) for a in data["assumptions"])
    assert {
        "disclaimer",
        "figures_date",
        "warnings",
        "per_year",
        "timing_rule",
        "vacancy_tax_by_year",
    } <= set(data)


def test_totals_match_the_worked_example_in_json():
    totals = {s["key"]: s["total_eur"] for s in run().to_dict()["scenarios"]}
    assert totals == {
        "vacant": -680.0,
        "free_loan": 680.0,
        "association_donation": 1749.92,
        "long_term": 2512.0,
    }


def test_per_year_figures_add_up_to_the_totals_of_dated_scenarios():
    result = run(start=run().start.replace(month=10, day=2))
    data = result.to_dict()
    for scenario in result.scenarios[:3]:
        by_year = [row["scenarios"][str(scenario.key)] for row in data["per_year"]]
        assert sum(euros(x) for x in by_year) == scenario.total_eur
    assert [row["tax_year"] for row in data["per_year"]] == [2027, 2028]


def test_disclaimer_says_estimate_not_advice_with_the_date_of_the_figures():
    data = run().to_dict()
    assert data["figures_date"] == "2026-07-23"
    assert "not tax advice" in data["disclaimer"] and "2026-07-23" in data["disclaimer"]


def test_uncertain_figures_carry_their_uncertainty_into_the_output():
    data = run().to_dict()
    tvlh = [row for row in data["vacancy_tax_by_year"] if row["regime"] == "TVLH"]
    assert tvlh and all(row["confidence"] == "uncertain" for row in tvlh)
    assert any("management fees are unknown" in a for a in data["assumptions"])
    assert any("TVLH replaces the TLV" in w for w in data["warnings"])


def test_the_table_shows_each_scenario_its_total_and_the_disclaimer():
    table = render_table(run())
    for text in (
        "The home stays vacant",
        "-€680.00",
        "€680.00 to €1,800.00",
        "€1,749.92",
        "75 % × €2,000.00",
        "2026                   TLV     34 %  €741.20  secondary",
        "not tax advice",
        "Assumptions:",
        "Warnings:",
    ):
        assert text in table, text
    assert max(len(line) for line in table.splitlines()) <= 110


def test_amounts_are_decimals_rounded_to_the_cent():
    for scenario in run().scenarios:
        for line in (*scenario.lines, *scenario.variants):
            assert isinstance(line.amount_eur, Decimal) and line.amount_eur == line.amount_eur.quantize(
                Decimal("0.01")
            )
