"""The annotated copy of an invalid file: its rows as they were, each cell at fault highlighted and
a last column saying what is wrong, so the importer can correct the file and import it again."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill

from stirrup.models import ImportProblem
from stirrup.spreadsheets import column_letter, neutralise, open_workbook, read_table, sheet_table

PROBLEMS_HEADER = "Problèmes / Problems"
_FAULT = PatternFill("solid", start_color="FFC7CE")  # the light red spreadsheet programs use for errors
_HEADER_FAULT = PatternFill("solid", start_color="FF9999")


def write_annotated(
    target: IO[bytes],
    source: bytes,
    fmt: str,
    sheets: Iterable[str | None],
    problems: Iterable[ImportProblem],
) -> None:
    """Write the annotated copy of ``source`` (always a workbook, whatever the file was)."""
    by_row: dict[tuple[str | None, int | None], list[ImportProblem]] = defaultdict(list)
    for problem in problems:
        by_row[(problem.sheet, problem.row)].append(problem)
    workbook = Workbook(write_only=True)
    if fmt == "csv":
        with read_table(source, fmt) as table:
            _copy(workbook, table.name, table.headers, table.rows, None, by_row)
    else:
        with open_workbook(source) as book:
            for name in sheets:
                table = sheet_table(book, name)
                _copy(workbook, table.name, table.headers, table.rows, name, by_row)
    workbook.save(target)


def _copy(
    workbook: Workbook,
    title: str,
    headers: list[str],
    rows: Iterable[tuple[int, tuple[Any, ...]]],
    sheet: str | None,
    by_row: dict[tuple[str | None, int | None], list[ImportProblem]],
) -> None:
    worksheet = workbook.create_sheet(title)
    worksheet.freeze_panes = "A2"
    bold = Font(bold=True)
    file_problems = by_row.get((sheet, 1), []) + by_row.get((sheet, None), [])
    header = [WriteOnlyCell(worksheet, neutralise(name)) for name in headers]
    for cell in header:
        cell.font = bold
    header.append(_messages_cell(worksheet, file_problems, _HEADER_FAULT, bold))
    worksheet.append(header)
    expected = 2
    for number, values in rows:
        for _ in range(expected, number):
            worksheet.append([])  # keep the row numbers the problems name
        expected = number + 1
        problems = by_row.get((sheet, number), [])
        faulty = {problem.column for problem in problems}
        width = max(len(values), len(headers))
        cells = []
        for index in range(width):
            cell = WriteOnlyCell(worksheet, neutralise(values[index] if index < len(values) else None))
            if column_letter(index) in faulty:
                cell.fill = _FAULT
                messages = [p.message for p in problems if p.column == column_letter(index)]
                cell.comment = Comment("\n".join(messages), "Stirrup")
            cells.append(cell)
        cells += [None] * (len(headers) - width)
        cells.append(_messages_cell(worksheet, problems, _FAULT, None))
        worksheet.append(cells)


def _messages_cell(
    worksheet: Any, problems: list[ImportProblem], fill: PatternFill, font: Font | None
) -> Any:
    cell = WriteOnlyCell(worksheet, PROBLEMS_HEADER if font else None)
    if font:
        cell.font = font
    if problems:
        lines = [_line(problem) for problem in problems]
        cell.value = neutralise("\n".join(([PROBLEMS_HEADER] if font else []) + lines))
        cell.fill = fill
    return cell


def _line(problem: ImportProblem) -> str:
    where = f"{problem.column} ({problem.header})" if problem.column else (problem.field or "row")
    return f"{where}: {problem.message}"
