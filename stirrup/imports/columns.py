"""Columns of an import: which header means which field, and how a cell is read.

Reading a cell only undoes spreadsheet spelling (``oui`` for true, ``01/12/2026`` for a date,
``45,5`` for 45.5, a postal code Excel turned into the number 1000); whether the value is allowed is
for the API's own schema and services to say, never decided here.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from enum import StrEnum
from functools import cached_property
from typing import Any

from stirrup.errors import FieldProblem, InvalidInput
from stirrup.spreadsheets import column_letter, restore


class CellKind(StrEnum):
    TEXT = "text"
    #: A postal or INSEE code, which a spreadsheet may have turned into a number (01000 → 1000).
    CODE = "code"
    NUMBER = "number"
    BOOLEAN = "boolean"
    DATE = "date"
    #: Several values in one cell, separated by semicolons or commas.
    LIST = "list"


@dataclass(frozen=True)
class Column:
    """One column of an import: the schema field it fills (dotted for a nested one, e.g.
    ``contact.phone``), its headers in English and French, and how its cells are read."""

    #: Empty for a column known and deliberately not imported (see docs/imports.md).
    field: str
    en: str
    fr: str
    kind: CellKind = CellKind.TEXT
    #: Other headers meaning the same (e.g. the names an older version of a source used).
    aliases: tuple[str, ...] = ()

    def headers(self) -> tuple[str, ...]:
        return tuple(name for name in (self.en, self.fr, self.field, *self.aliases) if name)

    def nested(self, parent: str) -> Column:
        """The same column filling ``parent.field`` (e.g. a home row's owner)."""
        return replace(self, field=f"{parent}.{self.field}" if self.field else "")


def header_key(header: str) -> str:
    """A header folded for matching: case, accents, spacing and punctuation do not count."""
    folded = unicodedata.normalize("NFKD", header).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", " ", folded).strip()


_TRUE = {"true", "yes", "y", "1", "x", "oui", "o", "vrai"}
_FALSE = {"false", "no", "n", "0", "non", "faux"}
_FRENCH_DATE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")


def read_cell(kind: CellKind, value: Any) -> Any:
    """The cell as the schema expects it; a value that cannot be read is passed on unchanged for
    the schema to refuse with its own message."""
    if isinstance(value, str):
        value = restore(value.strip())
    if value is None or value == "":
        return None
    if kind is CellKind.TEXT:
        return _text(value)
    if kind is CellKind.CODE:
        return f"{value:05d}" if isinstance(value, int) and not isinstance(value, bool) else _text(value)
    if kind is CellKind.NUMBER:
        return (
            value.replace(" ", "").replace("\u202f", "").replace(",", ".")
            if isinstance(value, str)
            else value
        )
    if kind is CellKind.BOOLEAN:
        return _boolean(value)
    if kind is CellKind.DATE:
        return _date(value)
    return [part.strip() for part in re.split(r"[;,\n]", _text(value)) if part.strip()]


def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
    return str(value)


def _boolean(value: Any) -> Any:
    if isinstance(value, str):
        folded = header_key(value)
        if folded in _TRUE:
            return True
        if folded in _FALSE:
            return False
    return value


def _date(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.date() if value.time() == datetime.min.time() else value
    if isinstance(value, str) and (found := _FRENCH_DATE.match(value)):
        day, month, year = (int(part) for part in found.groups())
        try:
            return date(year, month, day)
        except ValueError:
            return value
    return value


@dataclass
class ColumnMap:
    """How one file's header row maps onto a kind's columns."""

    columns: dict[int, Column]
    headers: list[str]
    unknown: list[str] = field(default_factory=list)

    @cached_property
    def fields(self) -> frozenset[str]:
        """The (top-level) fields the file has a column for."""
        return frozenset(column.field.partition(".")[0] for column in self.columns.values())

    @cached_property
    def _cells(self) -> list[tuple[int, CellKind, str, str]]:
        """Each mapped column's index, kind and field split at the dot (worked out once a file)."""
        return [(i, c.kind, *c.field.partition(".")[::2]) for i, c in self.columns.items()]

    def payload(self, values: Sequence[Any]) -> dict[str, Any]:
        """The row as the schema's input: fields present in the row only, nested where dotted."""
        payload: dict[str, Any] = {}
        width = len(values)
        for index, kind, parent, child in self._cells:
            if index >= width or values[index] is None:
                continue
            value = read_cell(kind, values[index])
            if value is None:
                continue
            if child:
                payload.setdefault(parent, {})[child] = value
            else:
                payload[parent] = value
        return payload

    def locate(self, field_name: str) -> tuple[str | None, str | None]:
        """The column letter and header a problem on ``field_name`` belongs to, if the file has it."""
        for index, column in self.columns.items():
            if column.field == field_name or column.field.startswith(field_name + "."):
                return column_letter(index), self.headers[index]
        return None, None


def map_headers(headers: Sequence[str], columns: Sequence[Column], required: Sequence[str]) -> ColumnMap:
    """Match a header row against a kind's columns. Unknown headers are listed, not guessed at; a
    column given twice or a required one missing makes the whole file invalid."""
    by_key = {header_key(name): column for column in columns for name in column.headers()}
    mapped: dict[int, Column] = {}
    unknown: list[str] = []
    seen: dict[str, int] = {}
    problems: list[FieldProblem] = []
    for index, header in enumerate(headers):
        column = by_key.get(header_key(header)) if header else None
        if column is None:
            if header:
                unknown.append(header)
            continue
        if not column.field:
            continue  # known, not imported
        if column.field in seen:
            first = column_letter(seen[column.field])
            problems.append(
                FieldProblem(
                    column.field, f"columns {first} and {column_letter(index)} are both {column.en!r}"
                )
            )
            continue
        seen[column.field] = index
        mapped[index] = column
    missing = [column for column in columns if column.field in required and column.field not in seen]
    problems += [
        FieldProblem(column.field, f"required column missing: {column.en!r} (or {column.fr!r})")
        for column in missing
    ]
    if problems:
        raise InvalidInput(problems)
    return ColumnMap(mapped, list(headers), unknown)
