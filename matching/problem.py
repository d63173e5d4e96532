"""The input of a matching round: households, homes, partner associations, and what is already decided.

Everything is a frozen dataclass so a Problem can be hashed, shared between processes and replayed.
Units are in the field names; dates are calendar dates (the round works in whole days).
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field, fields
from datetime import date
from operator import attrgetter
from typing import Any

import numpy as np
from numpy.typing import NDArray


@dataclass(frozen=True)
class Household:
    """A household asking for a home; priority 1 (lowest) to 5 (most urgent)."""

    id: str
    persons: int
    bedrooms_needed: int
    lat: float
    lon: float
    max_km: float
    priority: int
    earliest_start: date
    support_needs: frozenset[str] = frozenset()
    wheelchair: bool = False
    no_stairs: bool = False
    pets: bool = False
    preferred_communes: frozenset[str] = frozenset()
    excluded_communes: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Home:
    """A vacant home lent for six months; `available_until` None means open-ended."""

    id: str
    max_occupants: int
    bedrooms: int
    surface_m2: float
    lat: float
    lon: float
    commune: str
    available_from: date
    available_until: date | None = None
    wheelchair_accessible: bool = False
    step_free: bool = False
    lift: bool = False
    floor: int = 0
    pets_allowed: bool = False


@dataclass(frozen=True)
class Association:
    """A partner association that follows placed households within its area and capacity.

    `current_load` counts households it already follows outside this problem.
    """

    id: str
    lat: float
    lon: float
    radius_km: float
    capacity: int
    support_offered: frozenset[str]
    communes: frozenset[str] = frozenset()
    current_load: int = 0


@dataclass(frozen=True)
class Locked:
    """A placement already accepted or active: kept as it is and counted in its association's load.

    `start` is the placement's agreed start; when None the solver reports the start the rules give.
    """

    household_id: str
    home_id: str
    association_id: str
    start: date | None = None


@dataclass(frozen=True)
class Problem:
    """One matching round; `forbidden` holds (household id, home id) pairs never to propose."""

    households: tuple[Household, ...]
    homes: tuple[Home, ...]
    associations: tuple[Association, ...]
    round_date: date
    locked: tuple[Locked, ...] = ()
    forbidden: frozenset[tuple[str, str]] = field(default_factory=frozenset)
    # Columns read once and shared by the input check, the digest and the solver's tables.
    _columns: dict[tuple[str, str], Any] = field(default_factory=dict, init=False, repr=False, compare=False)

    def column(self, group: str, name: str) -> list[Any]:
        """Field `name` of every item of `group` ("households", "homes", "associations", "locked")."""
        key = (group, name)
        if key not in self._columns:
            self._columns[key] = list(map(attrgetter(name), getattr(self, group)))
        result: list[Any] = self._columns[key]
        return result

    def days(self, group: str, name: str) -> NDArray[np.int64]:
        """A date field of every item of `group` as ordinal days, −1 where it is None."""
        key = (group, f"{name}:days")
        if key not in self._columns:
            self._columns[key] = np.asarray(
                [-1 if day is None else day.toordinal() for day in self.column(group, name)], dtype=np.int64
            )
        result: NDArray[np.int64] = self._columns[key]
        return result

    def digest(self) -> str:
        """A SHA-256 of a canonical form (field by field, sets sorted), so a run can be matched with
        its exact input."""
        digest = hashlib.sha256()
        for kind, group in GROUPS:
            for name in (f.name for f in fields(kind)):
                digest.update(f"{name}=".encode() + self._column_bytes(group, name))
        digest.update(repr((self.round_date, sorted(self.forbidden))).encode())
        return digest.hexdigest()

    def _column_bytes(self, group: str, name: str) -> bytes:
        """One field of every item as bytes: numbers packed, text joined, sets sorted, the rest repr'd."""
        column = self.column(group, name)
        kinds = set(map(type, column))
        if kinds and kinds <= {date, type(None)}:
            return self.days(group, name).tobytes()
        return _column_bytes(column, kinds)


GROUPS = ((Household, "households"), (Home, "homes"), (Association, "associations"), (Locked, "locked"))


def _column_bytes(column: list[Any], kinds: set[type]) -> bytes:
    if kinds <= {int, float, bool} and kinds:
        return np.asarray(column, dtype=np.float64 if float in kinds else np.int64).tobytes() + b"|"
    if kinds == {str}:
        return "\x1f".join(column).encode() + b"|"
    if kinds == {frozenset}:
        column = [tuple(sorted(value)) if value else () for value in column]
    return repr(column).encode() + b"|"


def to_jsonable(problem: Problem) -> dict[str, Any]:
    """The problem as plain JSON types (sets sorted, dates ISO), for hashing and regression files."""

    def plain(value: Any) -> Any:
        if isinstance(value, frozenset | set):
            return sorted(plain(v) for v in value)
        if isinstance(value, tuple | list):
            return [plain(v) for v in value]
        if isinstance(value, dict):
            return {k: plain(v) for k, v in value.items()}
        if isinstance(value, date):
            return value.isoformat()
        return value

    return {
        "households": [plain(asdict(h)) for h in problem.households],
        "homes": [plain(asdict(h)) for h in problem.homes],
        "associations": [plain(asdict(a)) for a in problem.associations],
        "round_date": problem.round_date.isoformat(),
        "locked": [plain(asdict(lock)) for lock in problem.locked],
        "forbidden": sorted([list(pair) for pair in problem.forbidden]),
    }


def from_jsonable(data: dict[str, Any]) -> Problem:
    """Rebuild a Problem from `to_jsonable` output (regression instances are stored this way)."""

    def day(value: str | None) -> date | None:
        return None if value is None else date.fromisoformat(value)

    households = tuple(
        Household(
            **{
                **h,
                "earliest_start": day(h["earliest_start"]),
                "support_needs": frozenset(h["support_needs"]),
                "preferred_communes": frozenset(h["preferred_communes"]),
                "excluded_communes": frozenset(h["excluded_communes"]),
            }
        )
        for h in data["households"]
    )
    homes = tuple(
        Home(
            **{**h, "available_from": day(h["available_from"]), "available_until": day(h["available_until"])}
        )
        for h in data["homes"]
    )
    associations = tuple(
        Association(
            **{**a, "support_offered": frozenset(a["support_offered"]), "communes": frozenset(a["communes"])}
        )
        for a in data["associations"]
    )
    locked = tuple(Locked(**{**lock, "start": day(lock["start"])}) for lock in data["locked"])
    return Problem(
        households=households,
        homes=homes,
        associations=associations,
        round_date=date.fromisoformat(data["round_date"]),
        locked=locked,
        forbidden=frozenset((h, m) for h, m in data["forbidden"]),
    )
