"""Dated tax parameters: every figure the rules use, read from data/tax/parameters.csv.

A figure changes by adding a row with new validity dates, so next year's rates are a data change.
"""

import csv
import itertools
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

from stirrup.tax.confidence import Confidence
from stirrup.tax.errors import TaxDataError
from stirrup.words import Words

COLUMNS = (
    "name",
    "value",
    "unit",
    "valid_from",
    "valid_to",
    "legal_reference",
    "source",
    "confidence",
    "as_of",
    "note",
)
#: Parameters (names or name prefixes) whose note an estimate quotes to the owner: the catalogues
#: extract those notes for translation (stirrup.catalogues), so a new one to quote goes here.
NOTES_QUOTED = ("vacancy_tax.fees_rate", "rent_proxy.eur_per_m2_month.", "ir.default_marginal_rate_pct")
# Units whose values are words, not numbers.
TEXT_UNITS = frozenset({"regime", "energy class", "percent list"})
ENERGY_CLASSES = "ABCDEFG"


@dataclass(frozen=True)
class Parameter:
    """One row: the value of one figure over one period, with where it comes from."""

    name: str
    value: Decimal | str
    unit: str
    valid_from: date
    valid_to: date | None  # None: still in force
    legal_reference: str
    source: str
    confidence: Confidence
    as_of: date  # date of the research snapshot the figure was taken from
    note: str = ""

    def covers(self, day: date) -> bool:
        """Whether this row is in force on `day` (both ends inclusive)."""
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)

    @property
    def number(self) -> Decimal:
        """The value as a number; a text parameter read as a number is a data error."""
        if not isinstance(self.value, Decimal):
            raise TaxDataError(f"{self.name} is not a number: {self.value!r}")
        return self.value

    @property
    def quoted_note(self) -> Words:
        """The note, to quote to the owner in their language (see NOTES_QUOTED)."""
        if not self.name.startswith(NOTES_QUOTED):
            raise TaxDataError(f"{self.name}'s note is not in NOTES_QUOTED, so it is not translated")
        return Words.data(self.note)

    @property
    def text(self) -> str:
        """The value as text (regime names, energy classes, lists)."""
        return str(self.value)


class ParameterTable:
    """All rows, answering 'the value of parameter X on date D'."""

    def __init__(self, rows: Iterable[Parameter]) -> None:
        by_name: dict[str, list[Parameter]] = defaultdict(list)
        for row in rows:
            by_name[row.name].append(row)
        self._rows = {name: sorted(rs, key=lambda r: r.valid_from) for name, rs in by_name.items()}
        problems = overlap_problems(self._rows)
        if problems:
            raise TaxDataError("; ".join(problems))

    @property
    def names(self) -> frozenset[str]:
        """Every parameter name in the table."""
        return frozenset(self._rows)

    @property
    def as_of(self) -> date:
        """The oldest research snapshot among the figures: the date the estimate's figures are from."""
        return min(r.as_of for rows in self._rows.values() for r in rows)

    def rows(self, name: str) -> tuple[Parameter, ...]:
        """All periods of one parameter, oldest first."""
        return tuple(self._rows.get(name, ()))

    def find(self, name: str, day: date) -> Parameter | None:
        """The row of `name` in force on `day`, or None when the figure does not exist then."""
        return next((r for r in self._rows.get(name, ()) if r.covers(day)), None)

    def get(self, name: str, day: date) -> Parameter:
        """The row of `name` in force on `day`; a missing figure is a data error."""
        row = self.find(name, day)
        if row is None:
            raise TaxDataError(f"no value for {name} on {day.isoformat()}")
        return row

    def latest(self, name: str, day: date) -> Parameter | None:
        """The row in force on `day`, else the most recent earlier one (e.g. a 2022 local rate)."""
        earlier = [r for r in self._rows.get(name, ()) if r.valid_from <= day]
        return earlier[-1] if earlier else None


def overlap_problems(rows_by_name: dict[str, list[Parameter]]) -> list[str]:
    """Describe every pair of rows of the same parameter whose periods overlap."""
    problems = []
    for name, rows in rows_by_name.items():
        for before, after in itertools.pairwise(rows):
            if before.valid_to is None or before.valid_to >= after.valid_from:
                problems.append(
                    f"{name}: period from {before.valid_from} overlaps period from {after.valid_from}"
                )
    return problems


def load_parameters(path: Path) -> ParameterTable:
    """Read and check a parameters CSV; every problem found is reported at once."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in COLUMNS if c not in (reader.fieldnames or ())]
        if missing:
            raise TaxDataError(f"{path.name}: missing columns {', '.join(missing)}")
        rows, problems = [], []
        for line, raw in enumerate(reader, start=2):
            try:
                rows.append(parse_row(raw))
            except TaxDataError as error:
                problems.append(f"{path.name} line {line}: {error}")
    if problems:
        raise TaxDataError("; ".join(problems))
    return ParameterTable(rows)


def parse_row(raw: dict[str, str]) -> Parameter:
    """Turn one CSV row into a Parameter, refusing empty sources, bad dates or bad values."""
    cells = {key: (raw.get(key) or "").strip() for key in COLUMNS}
    for required in ("name", "value", "unit", "valid_from", "legal_reference", "source", "as_of"):
        if not cells[required]:
            raise TaxDataError(f"{cells['name'] or '?'}: empty {required}")
    valid_from = parse_date(cells["valid_from"], "valid_from")
    valid_to = parse_date(cells["valid_to"], "valid_to") if cells["valid_to"] else None
    if valid_to is not None and valid_to < valid_from:
        raise TaxDataError(f"{cells['name']}: valid_to {valid_to} is before valid_from {valid_from}")
    try:
        confidence = Confidence(cells["confidence"])
    except ValueError:
        raise TaxDataError(f"{cells['name']}: unknown confidence {cells['confidence']!r}") from None
    return Parameter(
        name=cells["name"],
        value=parse_value(cells["name"], cells["value"], cells["unit"]),
        unit=cells["unit"],
        valid_from=valid_from,
        valid_to=valid_to,
        legal_reference=cells["legal_reference"],
        source=cells["source"],
        confidence=confidence,
        as_of=parse_date(cells["as_of"], "as_of"),
        note=cells["note"],
    )


def parse_date(text: str, column: str) -> date:
    """An ISO date, or a data error naming the column."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise TaxDataError(f"{column} {text!r} is not an ISO date (YYYY-MM-DD)") from None


def parse_value(name: str, text: str, unit: str) -> Decimal | str:
    """A number, or a checked word for the text units."""
    if unit == "energy class":
        if text not in ENERGY_CLASSES:
            raise TaxDataError(f"{name}: {text!r} is not an energy class A-G")
        return text
    if unit in TEXT_UNITS:
        return text
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise TaxDataError(f"{name}: {text!r} is not a number") from None
    if not value.is_finite() or value < 0:
        raise TaxDataError(f"{name}: {text!r} must be a finite, non-negative number")
    return value
