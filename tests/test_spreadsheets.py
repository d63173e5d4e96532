"""Spreadsheet files: reading CSV and XLSX as spreadsheet programs number them, and writing
cells that can never run as formulas."""

from __future__ import annotations

import io
from datetime import date

import pytest
from openpyxl import Workbook, load_workbook

from stirrup.errors import InvalidInput
from stirrup.spreadsheets import csv_lines, file_format, neutralise, read_table, restore, write_xlsx

DANGEROUS = ["=1+1", "+33 6 12 34 56 78", "-2", "@SUM(A1)", "\tcmd", "\r=x", '=HYPERLINK("http://x")']


@pytest.mark.parametrize("text", DANGEROUS)
def test_text_that_could_start_a_formula_is_neutralised_and_restored(text: str) -> None:
    assert neutralise(text) == "'" + text
    assert restore(str(neutralise(text))) == text


def test_safe_values_pass_unchanged() -> None:
    assert [neutralise(v) for v in ("Roubaix", "'quoted", 12, -3.5, None, date(2026, 1, 1))] == [
        "Roubaix",
        "'quoted",
        12,
        -3.5,
        None,
        date(2026, 1, 1),
    ]
    assert neutralise(["59512", "=x"]) == "59512; =x"
    assert neutralise(["=x", "59512"]) == "'=x; 59512"
    assert restore("'quoted") == "'quoted"


def test_csv_written_is_neutralised_and_opens_in_french_spreadsheets() -> None:
    text = "".join(csv_lines(["=Header", "b"], [["=cmd|' /C calc'!A0", True], ["@x", None]]))
    assert text.startswith("\ufeff'=Header;b\r\n")
    assert "'=cmd|' /C calc'!A0;true" in text and "'@x;" in text


def test_xlsx_written_holds_no_formula() -> None:
    target = io.BytesIO()
    write_xlsx(target, [("S", ["a"], [["=1+1"], ["+2"], [3]])])
    sheet = load_workbook(io.BytesIO(target.getvalue())).active
    assert [cell.data_type for (cell,) in sheet.iter_rows(min_row=2)] == ["s", "s", "n"]
    assert [cell.value for (cell,) in sheet.iter_rows(min_row=2)] == ["'=1+1", "'+2", 3]


@pytest.mark.parametrize(
    "content",
    [
        "a;b\r\n1;x\r\n\r\n3;é\r\n".encode(),
        "a,b\n1,x\n,\n3,é\n".encode("cp1252"),
        "\ufeffa\tb\n1\tx\n\n3\té\n".encode(),
    ],
)
def test_csv_rows_keep_their_spreadsheet_numbers(content: bytes) -> None:
    with read_table(content, "csv") as table:
        assert table.headers == ["a", "b"]
        assert list(table.rows) == [(2, ("1", "x")), (4, ("3", "é"))]


def test_xlsx_rows_keep_their_numbers_across_empty_rows() -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["a", "b", None])
    sheet.append([1, "x"])
    sheet.append([])
    sheet.append([None, None])
    sheet.cell(row=5, column=2, value="y")
    target = io.BytesIO()
    workbook.save(target)
    with read_table(target.getvalue(), "xlsx") as table:
        assert table.headers == ["a", "b"]
        assert [(n, row[:2]) for n, row in table.rows] == [(2, (1, "x")), (5, (None, "y"))]


def test_unreadable_files_and_names_are_refused() -> None:
    with pytest.raises(InvalidInput, match=r"not a readable \.xlsx"), read_table(b"not a zip", "xlsx"):
        pass
    with pytest.raises(InvalidInput, match=r"\.csv or \.xlsx"):
        file_format("homes.ods")
    assert file_format("Homes.XLSX") == "xlsx"
