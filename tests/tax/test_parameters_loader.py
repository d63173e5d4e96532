"""The parameters loader refuses what the rules cannot trust, listing every problem it finds."""

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from stirrup.tax import TaxDataError
from stirrup.tax.parameters import COLUMNS, load_parameters

GOOD = "rate,0.17,ratio,2023-01-01,2026-12-31,CGI art. 232,https://example.org,verified,2026-07-23,"


def write(tmp_path: Path, *rows: str) -> Path:
    path = tmp_path / "parameters.csv"
    path.write_text("\n".join([",".join(COLUMNS), *rows]) + "\n", encoding="utf-8")
    return path


def test_a_good_file_answers_the_value_on_a_date(tmp_path: Path):
    table = load_parameters(
        write(tmp_path, GOOD, GOOD.replace("0.17,", "0.2,").replace("2023-01-01,2026-12-31", "2027-01-01,"))
    )
    assert table.get("rate", date(2026, 12, 31)).number == Decimal("0.17")
    assert table.get("rate", date(2027, 1, 1)).number == Decimal("0.2")
    assert table.get("rate", date(2090, 1, 1)).valid_to is None
    assert table.find("rate", date(2022, 12, 31)) is None
    assert table.latest("rate", date(2090, 1, 1)).number == Decimal("0.2")


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (GOOD.replace("https://example.org", ""), "empty source"),
        (GOOD.replace("CGI art. 232", ""), "empty legal_reference"),
        (GOOD.replace("2023-01-01", ""), "empty valid_from"),
        (GOOD.replace("2023-01-01", "01/01/2023"), "not an ISO date"),
        (GOOD.replace("2026-12-31", "2020-12-31"), "before valid_from"),
        (GOOD.replace("verified", "sure"), "unknown confidence"),
        (GOOD.replace("0.17", "seventeen"), "not a number"),
        (GOOD.replace("0.17", "-1"), "non-negative"),
        (GOOD.replace("0.17,ratio", "Z,energy class"), "not an energy class"),
    ],
)
def test_bad_rows_are_refused_with_their_line(tmp_path: Path, row: str, message: str):
    with pytest.raises(TaxDataError, match=message) as caught:
        load_parameters(write(tmp_path, row))
    assert "line 2" in str(caught.value)


def test_every_bad_row_is_reported_at_once(tmp_path: Path):
    with pytest.raises(TaxDataError) as caught:
        load_parameters(write(tmp_path, GOOD.replace("https://example.org", ""), GOOD.replace("0.17", "x")))
    assert "line 2" in str(caught.value) and "line 3" in str(caught.value)


def test_overlapping_periods_are_refused(tmp_path: Path):
    overlapping = GOOD.replace("2023-01-01,2026-12-31", "2026-12-31,")
    with pytest.raises(TaxDataError, match="overlaps"):
        load_parameters(write(tmp_path, GOOD, overlapping))


def test_an_open_period_followed_by_another_is_an_overlap(tmp_path: Path):
    with pytest.raises(TaxDataError, match="overlaps"):
        load_parameters(
            write(
                tmp_path, GOOD.replace("2026-12-31", ""), GOOD.replace("2023-01-01,2026-12-31", "2030-01-01,")
            )
        )


def test_a_missing_column_is_refused(tmp_path: Path):
    path = tmp_path / "parameters.csv"
    path.write_text("name,value\nrate,1\n", encoding="utf-8")
    with pytest.raises(TaxDataError, match="missing columns"):
        load_parameters(path)


def test_asking_for_a_figure_that_does_not_exist_then_is_a_data_error(tmp_path: Path):
    table = load_parameters(write(tmp_path, GOOD))
    with pytest.raises(TaxDataError, match="no value for rate on 2027-01-01"):
        table.get("rate", date(2027, 1, 1))
