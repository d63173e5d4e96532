"""Spreadsheet files in and out: CSV and XLSX read as a stream of rows, and written so that no cell
can run as a formula when the file is opened (CSV/formula injection).

Every export and every file Stirrup hands back goes through :func:`neutralise`; every import reads
through :func:`read_table`, which streams (openpyxl's read-only mode; CSV line by line) so that a
100,000-row file never sits in memory as cells.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import IO, Any
from zipfile import BadZipFile

from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from stirrup.errors import InvalidInput

#: What a spreadsheet program may take for the start of a formula (OWASP, "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#: How CSV files Stirrup writes separate cells: French spreadsheet programs expect semicolons.
CSV_DELIMITER = ";"

Cell = str | int | float | Decimal | bool | date | datetime | None


def neutralise(value: Any) -> Cell:
    """A value safe to put in a cell: text that could be read as a formula gets a leading
    apostrophe (shown as text by every spreadsheet program); enums become their value."""
    if isinstance(value, Enum):
        value = value.value
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    if isinstance(value, list | tuple):
        return neutralise("; ".join(str(item) for item in value))
    return value  # type: ignore[no-any-return]


def restore(text: str) -> str:
    """Undo :func:`neutralise` on a cell read back, so an exported file re-imports unchanged."""
    if text.startswith("'") and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text


def column_letter(index: int) -> str:
    """The spreadsheet letter of the 0-based column ``index`` (0 → A, 26 → AA)."""
    return get_column_letter(index + 1)


@dataclass
class Table:
    """One sheet being read: its header row and its data rows, numbered as the spreadsheet shows
    them (the header is row 1). ``expected_rows`` is the sheet's declared size, for progress."""

    name: str
    headers: list[str]
    rows: Iterator[tuple[int, tuple[Any, ...]]]
    expected_rows: int | None


def file_format(filename: str) -> str:
    """ "csv" or "xlsx" from the file name; anything else is refused."""
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if suffix not in ("csv", "xlsx"):
        raise InvalidInput.field("file", "must be a .csv or .xlsx file")
    return suffix


@contextmanager
def read_table(data: bytes, fmt: str, sheet: str | None = None) -> Iterator[Table]:
    """The rows of a CSV file, or of one sheet of a workbook (the first unless ``sheet`` is named)."""
    if fmt == "csv":
        yield _csv_table(data)
        return
    with open_workbook(data) as workbook:
        yield sheet_table(workbook, sheet)


@contextmanager
def open_workbook(data: bytes) -> Iterator[Any]:
    """A workbook opened for streaming (read-only, computed values instead of formulas)."""
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, BadZipFile, KeyError, OSError, ValueError) as error:
        raise InvalidInput.field("file", f"is not a readable .xlsx workbook ({error})") from None
    try:
        yield workbook
    finally:
        workbook.close()


def sheet_table(workbook: Any, sheet: str | None) -> Table:
    """One sheet of an open workbook as a :class:`Table`."""
    if sheet is None:
        worksheet = workbook.worksheets[0]
    elif sheet in workbook.sheetnames:
        worksheet = workbook[sheet]
    else:
        names = ", ".join(workbook.sheetnames)
        raise InvalidInput.field("file", f"has no sheet named {sheet!r} (its sheets: {names})")
    rows = enumerate(worksheet.iter_rows(values_only=True), start=1)
    header = next(rows, (1, ()))[1]
    expected = worksheet.max_row - 1 if worksheet.max_row else None
    return Table(worksheet.title, _headers(header), _data_rows(rows), expected)


def _csv_table(data: bytes) -> Table:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")  # what French spreadsheet programs save
    first_line = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows = enumerate(reader, start=1)
    header = next(rows, (1, []))[1]
    expected = text.count("\n") - 1 if text.endswith("\n") else text.count("\n")
    return Table("CSV", _headers(header), _data_rows(rows), expected)


def _headers(row: Sequence[Any]) -> list[str]:
    headers = ["" if value is None else str(value).strip() for value in row]
    while headers and not headers[-1]:
        headers.pop()
    return headers


def _data_rows(rows: Iterable[tuple[int, Sequence[Any]]]) -> Iterator[tuple[int, tuple[Any, ...]]]:
    """Rows with empty strings read as empty cells; wholly empty rows skipped (they keep their number)."""
    for number, row in rows:
        values = tuple(None if value == "" else value for value in row)
        if any(value is not None for value in values):
            yield number, values


def csv_lines(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> Iterator[str]:
    """A CSV file as text chunks to stream: UTF-8 with a byte-order mark (for spreadsheet programs),
    semicolons, every cell neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=CSV_DELIMITER, lineterminator="\r\n")
    buffer.write("\ufeff")
    writer.writerow([neutralise(header) for header in headers])
    for count, row in enumerate(rows, start=1):
        writer.writerow([_csv_cell(value) for value in row])
        if count % 500 == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def _csv_cell(value: Any) -> Cell:
    value = neutralise(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def write_xlsx(
    target: IO[bytes], sheets: Iterable[tuple[str, Sequence[str], Iterable[Sequence[Any]]]]
) -> None:
    """A workbook written as it streams (openpyxl's write-only mode), every cell neutralised."""
    workbook = Workbook(write_only=True)
    for title, headers, rows in sheets:
        worksheet = workbook.create_sheet(title)
        worksheet.append([neutralise(header) for header in headers])
        for row in rows:
            worksheet.append([neutralise(value) for value in row])
    workbook.save(target)
