"""Communes: INSEE codes, the vacancy-tax zone list and the other communes the simulator knows.

The zone is a dated list (décret n° 2013-392 annex, rewritten by décret n° 2023-822) kept as data so
that a new décret is a data change: read the official list with `read_official_list`, merge it with
`merge_zone_lists` and save it with `write_zone_list`.
"""

import csv
import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path

from stirrup.tax.errors import TaxDataError, TaxInputError
from stirrup.tax.parameters import parse_date
from stirrup.words import Words

INSEE_CODE = re.compile(r"^(?:\d{5}|2[AB]\d{3})$")
ZONE_COLUMNS = ("insee_code", "name", "zone_list", "legal_reference", "valid_from", "valid_to", "source")
# Column names under which official and open-data files publish the commune code.
CODE_COLUMNS = ("insee_code", "geo_code", "code_insee", "codgeo", "code_commune", "code commune", "com")
NAME_COLUMNS = ("name", "libgeo", "nom_commune", "commune", "communes", "libelle")


@dataclass(frozen=True)
class ZoneCommune:
    """One commune on one list of the vacancy-tax zone over one period."""

    insee_code: str
    name: str  # empty when the source list gives no name
    zone_list: str  # "1" (urban areas) or "2" (other tight markets) of CGI art. 232-I
    legal_reference: str
    valid_from: date
    valid_to: date | None
    source: str

    def covers(self, day: date) -> bool:
        """Whether the commune is on the list on `day`."""
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


@dataclass(frozen=True)
class KnownCommune:
    """A commune a list says exists (with its name when given), so that it is not taken for a typo."""

    insee_code: str
    name: str
    source: str
    note: str


class CommuneDirectory:
    """The communes the simulator can answer for: the zone list plus other lists of communes."""

    def __init__(self, zone: Iterable[ZoneCommune], known: Iterable[KnownCommune]) -> None:
        self.zone = tuple(zone)
        self.known = {c.insee_code: c for c in known}
        self._zone_codes = {c.insee_code for c in self.zone}

    @property
    def zone_data_start(self) -> date | None:
        """The first day our zone data covers; membership before it is unknown to us."""
        return min((c.valid_from for c in self.zone), default=None)

    def zone_entry(self, code: str, day: date) -> ZoneCommune | None:
        """The zone row covering `code` on `day`, or None when the commune is not in the zone then."""
        return next((c for c in self.zone if c.insee_code == code and c.covers(day)), None)

    def is_known(self, code: str) -> bool:
        """Whether the commune appears in any of our lists."""
        return code in self._zone_codes or code in self.known

    def name(self, code: str) -> str:
        """The commune's name when a list gives it, else an empty string."""
        names = [c.name for c in self.zone if c.insee_code == code and c.name]
        if names:
            return names[-1]
        known = self.known.get(code)
        return known.name if known else ""


def normalise_insee_code(code: str) -> str:
    """An INSEE commune code: 5 characters, digits or 2A/2B for Corsica, else an input error."""
    cleaned = code.strip().upper()
    if not INSEE_CODE.match(cleaned):
        raise TaxInputError(
            "commune",
            Words(
                "%(code)s is not an INSEE commune code (5 characters: digits, or 2A/2B then 3 digits)",
                code=repr(code),
            ),
        )
    return cleaned


def load_zone_list(path: Path) -> tuple[ZoneCommune, ...]:
    """Read a zone list saved in Stirrup's format (see data/tax/README.md)."""
    rows = []
    for line, raw in enumerate(read_csv(path, ZONE_COLUMNS), start=2):
        try:
            rows.append(
                ZoneCommune(
                    insee_code=checked_code(raw["insee_code"]),
                    name=raw["name"],
                    zone_list=raw["zone_list"],
                    legal_reference=required(raw, "legal_reference"),
                    valid_from=parse_date(required(raw, "valid_from"), "valid_from"),
                    valid_to=parse_date(raw["valid_to"], "valid_to") if raw["valid_to"] else None,
                    source=required(raw, "source"),
                )
            )
        except TaxDataError as error:
            raise TaxDataError(f"{path.name} line {line}: {error}") from None
    check_zone_periods(rows)
    return tuple(rows)


def read_official_list(
    path: Path, *, zone_list: str, legal_reference: str, valid_from: date, source: str
) -> tuple[ZoneCommune, ...]:
    """Read a newly published list (one commune code per row, names optional) as open-ended rows."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        sample = handle.read(4096)
        handle.seek(0)
        reader = csv.DictReader(handle, dialect=sniff_dialect(sample))
        fields = {f.strip().lower(): f for f in reader.fieldnames or ()}
        code_column = next((fields[c] for c in CODE_COLUMNS if c in fields), None)
        if code_column is None:
            raise TaxDataError(
                f"{path.name}: no commune code column (expected one of {', '.join(CODE_COLUMNS)})"
            )
        name_column = next((fields[c] for c in NAME_COLUMNS if c in fields), None)
        codes = {
            checked_code(row[code_column]): (row[name_column].strip() if name_column else "")
            for row in reader
            if (row.get(code_column) or "").strip()
        }
    return tuple(
        ZoneCommune(code, name, zone_list, legal_reference, valid_from, None, source)
        for code, name in sorted(codes.items())
    )


def merge_zone_lists(current: Iterable[ZoneCommune], new: Iterable[ZoneCommune]) -> tuple[ZoneCommune, ...]:
    """Close the open rows of the lists being replaced the day before the new list starts.

    Names already known are carried over to the new rows when the new list has none.
    """
    new = tuple(new)
    starts = {c.zone_list: c.valid_from for c in new}
    known_names = {c.insee_code: c.name for c in current if c.name}
    merged = [
        replace(c, valid_to=starts[c.zone_list] - timedelta(days=1))
        if c.zone_list in starts and c.valid_to is None
        else c
        for c in current
    ]
    merged += [c if c.name else replace(c, name=known_names.get(c.insee_code, "")) for c in new]
    check_zone_periods(merged)
    return tuple(sorted(merged, key=lambda c: (c.zone_list, c.insee_code, c.valid_from)))


def write_zone_list(communes: Iterable[ZoneCommune], path: Path) -> None:
    """Save a zone list in Stirrup's format."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(ZONE_COLUMNS)
        for c in communes:
            writer.writerow(
                [
                    c.insee_code,
                    c.name,
                    c.zone_list,
                    c.legal_reference,
                    c.valid_from.isoformat(),
                    c.valid_to.isoformat() if c.valid_to else "",
                    c.source,
                ]
            )


def load_known_communes(path: Path) -> tuple[KnownCommune, ...]:
    """Read a list of communes: `insee_code` and `name` columns, `source` and `note` if present.

    Rows without a source are credited to the file itself (e.g. the gazetteer in data/communes/).
    """
    rows = read_csv(path, ("insee_code", "name"), optional=("source", "note"))
    return tuple(
        KnownCommune(checked_code(r["insee_code"]), r["name"], r["source"] or path.name, r["note"])
        for r in rows
    )


def check_zone_periods(rows: Iterable[ZoneCommune]) -> None:
    """A commune may not be on the same list twice over overlapping periods."""
    by_key: dict[tuple[str, str], list[ZoneCommune]] = {}
    for row in rows:
        if row.valid_to is not None and row.valid_to < row.valid_from:
            raise TaxDataError(f"zone list: {row.insee_code} ends before it starts")
        by_key.setdefault((row.insee_code, row.zone_list), []).append(row)
    for (code, zone_list), periods in by_key.items():
        periods.sort(key=lambda r: r.valid_from)
        for before, after in itertools.pairwise(periods):
            if before.valid_to is None or before.valid_to >= after.valid_from:
                raise TaxDataError(f"zone list {zone_list}: {code} has overlapping periods")


def read_csv(path: Path, columns: tuple[str, ...], optional: tuple[str, ...] = ()) -> list[dict[str, str]]:
    """Rows of a UTF-8 CSV with the given columns (optional ones read as empty), cells stripped."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in columns if c not in (reader.fieldnames or ())]
        if missing:
            raise TaxDataError(f"{path.name}: missing columns {', '.join(missing)}")
        return [{c: (row.get(c) or "").strip() for c in columns + optional} for row in reader]


def sniff_dialect(sample: str) -> type[csv.Dialect] | csv.Dialect:
    """Official lists come with commas, semicolons or tabs; a one-column file has no delimiter."""
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        return csv.excel


def checked_code(code: str) -> str:
    """A commune code from a data file; a bad one is a data error, not an input error."""
    try:
        return normalise_insee_code(code)
    except TaxInputError as error:
        raise TaxDataError(error.message) from None


def required(row: dict[str, str], column: str) -> str:
    """A cell that may not be empty."""
    if not row[column]:
        raise TaxDataError(f"{row.get('insee_code', '?')}: empty {column}")
    return row[column]
