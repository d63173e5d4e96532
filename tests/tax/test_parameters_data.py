"""Hygiene of data/tax/parameters.csv: sources, dates, no overlaps, every figure used and bounded."""

from datetime import date, timedelta
from itertools import pairwise, product

import pytest

from stirrup.tax import EstimateInput, TaxRules, estimate
from stirrup.tax.parameters import Parameter, ParameterTable
from stirrup.tax.rules import DEFAULT_DATA_DIR, PARAMETERS_FILE, load_rules
from tests.tax.conftest import roubaix

ALL_ROWS = [
    row for name in sorted(load_rules().parameters.names) for row in load_rules().parameters.rows(name)
]


class RecordingTable(ParameterTable):
    """A parameter table that remembers every name the engine asks for."""

    def __init__(self, table: ParameterTable) -> None:
        super().__init__(row for name in table.names for row in table.rows(name))
        self.asked: set[str] = set()

    def find(self, name: str, day: date) -> Parameter | None:
        self.asked.add(name)
        return super().find(name, day)

    def latest(self, name: str, day: date) -> Parameter | None:
        self.asked.add(name)
        return super().latest(name, day)

    def rows(self, name: str) -> tuple[Parameter, ...]:
        self.asked.add(name)
        return super().rows(name)


def grid() -> list[EstimateInput]:
    """Homes and placements that together reach every rule of the engine."""
    communes = [("59512", None), ("59350", None), ("59599", None), ("59650", None), ("59009", None)]
    cases = [roubaix(commune=c, cadastral_value_eur=v, market_rent_eur_month=None) for c, v in communes]
    for start, furnished, energy, rate, surface in product(
        (date(2024, 2, 1), date(2025, 9, 1), date(2026, 10, 2), date(2028, 3, 1)),
        (False, True),
        (None, "G"),
        (None, 0),
        (30, 45),
    ):
        cases.append(
            roubaix(
                start=start,
                furnished=furnished,
                energy_class=energy,
                marginal_rate_pct=rate,
                surface_m2=surface,
            )
        )
    cases.append(roubaix(commune="59375"))
    return cases


@pytest.fixture(scope="module")
def asked(rules: TaxRules) -> set[str]:
    """Every parameter name the engine asks for over the grid."""
    recording = RecordingTable(rules.parameters)
    recorded = TaxRules(recording, rules.communes)
    for case in grid():
        estimate(case, recorded)
    return recording.asked


@pytest.mark.parametrize("row", ALL_ROWS, ids=lambda r: f"{r.name}@{r.valid_from}")
def test_every_row_has_a_source_a_legal_reference_and_validity_dates(row: Parameter):
    assert row.source and row.legal_reference and row.valid_from and row.as_of
    assert row.valid_to is None or row.valid_to >= row.valid_from


def test_every_parameter_the_engine_uses_is_in_the_data_with_its_source(asked: set[str], rules: TaxRules):
    held = asked & rules.parameters.names
    for name in held:
        assert all(r.source and r.valid_from for r in rules.parameters.rows(name)), name
    # Names asked but absent are optional per-commune figures (a commune's voted rate, its rent).
    assert {n.rsplit(".", 1)[0] for n in asked - held} <= {
        "vacancy_tax.rate_year1",
        "vacancy_tax.rate_year2plus",
        "rent_proxy.eur_per_m2_month",
        "th.rate_commune",
        "th.rate_epci",
        "vlc.commune_average",
    }


def test_every_parameter_in_the_data_is_used(asked: set[str], rules: TaxRules):
    assert rules.parameters.names - asked == set()


def test_no_two_rows_of_a_parameter_overlap(rules: TaxRules):
    for name in rules.parameters.names:
        rows = rules.parameters.rows(name)
        for before, after in pairwise(rows):
            assert before.valid_to is not None and before.valid_to < after.valid_from, name


@pytest.mark.parametrize("row", ALL_ROWS, ids=lambda r: f"{r.name}@{r.valid_from}")
def test_boundary_dates_select_the_right_row(row: Parameter, rules: TaxRules):
    table = rules.parameters
    assert table.get(row.name, row.valid_from) == row
    before = table.find(row.name, row.valid_from - timedelta(days=1))
    assert before is None or before.valid_to == row.valid_from - timedelta(days=1)
    if row.valid_to is not None:
        assert table.get(row.name, row.valid_to) == row
        after = table.find(row.name, row.valid_to + timedelta(days=1))
        assert after is None or after.valid_from == row.valid_to + timedelta(days=1)


@pytest.mark.parametrize(
    ("name", "last_day", "old", "new"),
    [
        ("vacancy_tax.regime", date(2026, 12, 31), "TLV", "TVLH"),
        ("vacancy_tax.rate_year1", date(2022, 12, 31), "0.125", "0.17"),
        ("vacancy_tax.rate_year2plus", date(2022, 12, 31), "0.25", "0.34"),
        ("vacancy_tax.fees_rate", date(2026, 12, 31), "0.09", "0"),
        ("ir.dons.coluche.cap", date(2025, 10, 13), "1000", "2000"),
        ("decency.energy_worst_allowed_class", date(2027, 12, 31), "F", "E"),
        ("decency.energy_worst_allowed_class", date(2033, 12, 31), "E", "D"),
    ],
)
def test_known_changes_happen_on_their_day(rules: TaxRules, name: str, last_day: date, old: str, new: str):
    assert str(rules.parameters.get(name, last_day).value) == old
    assert str(rules.parameters.get(name, last_day + timedelta(days=1)).value) == new


@pytest.mark.parametrize(
    ("name", "last_day"),
    [("locav.rate.loc2.iml", date(2027, 12, 31)), ("vacancy_tax.rate_year1_max", None)],
)
def test_schemes_start_and_end_on_their_day(rules: TaxRules, name: str, last_day: date | None):
    rows = rules.parameters.rows(name)
    assert rules.parameters.find(name, rows[0].valid_from - timedelta(days=1)) is None
    if last_day is not None:
        assert rules.parameters.find(name, last_day) is not None
        assert rules.parameters.find(name, last_day + timedelta(days=1)) is None


def test_confidence_labels_follow_the_research_note(rules: TaxRules):
    table = rules.parameters
    assert table.get("vacancy_tax.fees_rate", date(2026, 1, 1)).confidence == "secondary"  # V1
    assert table.get("vacancy_tax.fees_rate", date(2027, 1, 1)).confidence == "uncertain"  # unknown
    assert table.get("vacancy_tax.rate_year2plus", date(2027, 1, 1)).confidence == "verified"  # V2
    assert table.get("anah.pil.sublet", date(2026, 1, 1)).confidence == "uncertain"  # validity U


def test_the_data_file_is_the_one_the_engine_reads():
    assert (DEFAULT_DATA_DIR / PARAMETERS_FILE).is_file()
