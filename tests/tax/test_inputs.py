"""Inputs are checked when made, and bad ones are refused with the field name and a clear message."""

from datetime import date
from decimal import Decimal

import pytest

from stirrup.tax import EstimateInput, TaxInputError, estimate
from tests.tax.conftest import roubaix


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (date(2026, 3, 1), date(2026, 8, 31)),
        (date(2026, 1, 31), date(2026, 7, 30)),
        (date(2026, 8, 31), date(2027, 2, 27)),  # 31 August + 6 months = 28 February (exclusive)
        (date(2027, 8, 31), date(2028, 2, 28)),  # leap year: 29 February is the exclusive end
        (date(2026, 10, 2), date(2027, 4, 1)),  # the note's 182-day example, 91 + 91 days
    ],
)
def test_the_placement_lasts_six_calendar_months_unless_an_end_is_given(start: date, end: date):
    assert roubaix(start=start).placement_end == end


def test_an_explicit_end_is_kept_and_may_be_the_start_day():
    assert roubaix(end=date(2026, 3, 1)).occupied_days == 1


def test_numbers_of_any_kind_become_decimals():
    made = roubaix(surface_m2=45.5, cadastral_value_eur="2000", market_rent_eur_month=450)
    assert (made.surface_m2, made.cadastral_value_eur, made.market_rent_eur_month) == (
        Decimal("45.5"),
        Decimal("2000"),
        Decimal("450"),
    )


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"surface_m2": -45}, "surface_m2", "more than 0"),
        ({"surface_m2": 0}, "surface_m2", "more than 0"),
        ({"surface_m2": float("nan")}, "surface_m2", "not a finite number"),
        ({"surface_m2": "big"}, "surface_m2", "not a number"),
        ({"cadastral_value_eur": -1}, "cadastral_value_eur", "must not be negative"),
        ({"market_rent_eur_month": -450}, "market_rent_eur_month", "must not be negative"),
        ({"end": date(2026, 2, 28)}, "end", "ends (2026-02-28) before it starts (2026-03-01)"),
        ({"vacant_since": date(2026, 4, 1)}, "vacant_since", "already be vacant"),
        ({"energy_class": "H"}, "energy_class", "one letter from A to G"),
        ({"energy_class": "AB"}, "energy_class", "one letter from A to G"),
        ({"marginal_rate_pct": 30.0}, "marginal_rate_pct", "whole percentage"),
        ({"marginal_rate_pct": True}, "marginal_rate_pct", "whole percentage"),
        ({"commune": "5951"}, "commune", "not an INSEE commune code"),
    ],
)
def test_bad_inputs_are_refused_when_made(changes: dict, field: str, message: str):
    with pytest.raises(TaxInputError) as caught:
        roubaix(**changes)
    assert caught.value.field == field
    assert message in caught.value.message
    assert str(caught.value).startswith(f"{field}: ")


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"commune": "12345"}, "commune", "not in Stirrup's commune lists"),
        ({"marginal_rate_pct": 14}, "marginal_rate_pct", "one of 0, 11, 30, 41, 45"),
        ({"start": date(2023, 6, 1), "vacant_since": date(2020, 1, 1)}, "start", "from 2024-01-01"),
        ({"commune": "75056", "cadastral_value_eur": None}, "cadastral_value_eur", "no average rental value"),
    ],
)
def test_inputs_the_data_cannot_answer_for_are_refused_by_the_estimate(
    changes: dict, field: str, message: str
):
    with pytest.raises(TaxInputError) as caught:
        estimate(roubaix(**changes))
    assert caught.value.field == field and message in caught.value.message


def test_energy_class_is_normalised():
    assert roubaix(energy_class=" g ").energy_class == "G"


def test_inputs_are_frozen():
    made = roubaix()
    with pytest.raises(AttributeError):
        made.surface_m2 = Decimal(1)  # type: ignore[misc]
    assert isinstance(made, EstimateInput)
