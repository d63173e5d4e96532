"""Overcrowding surface norms, read from a data file so the legal figures are not buried in code."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

DATA_DIR = Path(__file__).resolve().parents[1] / "data" / "matching"
NORMS_PATH = DATA_DIR / "overcrowding_norms.csv"


@dataclass(frozen=True)
class Norms:
    """Minimum surface by number of persons; the last entry holds for that many persons or more."""

    min_surface_m2: tuple[float, ...]  # index 0 is one person
    source: str = ""

    def surface_for(self, persons: int) -> float:
        """The minimum surface for a household of `persons` people."""
        return self.min_surface_m2[min(max(persons, 1), len(self.min_surface_m2)) - 1]

    def surfaces_for(self, persons: NDArray[np.int64]) -> NDArray[np.float64]:
        """Vectorised `surface_for`."""
        table = np.asarray(self.min_surface_m2, dtype=np.float64)
        return table[np.clip(persons, 1, len(table)) - 1]


def load_norms(path: Path | None = None) -> Norms:
    """Read a norms CSV (`persons,min_surface_m2,source`), rows for 1, 2, … persons without gaps."""
    return _load(path or NORMS_PATH)


@lru_cache(maxsize=8)
def _load(path: Path) -> Norms:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = sorted(csv.DictReader(handle), key=lambda row: int(row["persons"]))
    if not rows or [int(row["persons"]) for row in rows] != list(range(1, len(rows) + 1)):
        raise ValueError(f"{path}: expected rows for 1, 2, … persons without gaps")
    surfaces = tuple(float(row["min_surface_m2"]) for row in rows)
    return Norms(min_surface_m2=surfaces, source=rows[0]["source"])
