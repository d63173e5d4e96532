"""Columnar views of a Problem: numpy arrays indexed by position, built once per solve.

The rules, the candidate search and the solver all work on these arrays so that a rule is written
once and applied to a million pairs or to one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
from numpy.typing import NDArray

from matching.geodesy import Points, unit_vectors
from matching.norms import Norms
from matching.problem import Problem

IntArray = NDArray[np.int64]
FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]
OPEN_ENDED = date.max.toordinal()


@dataclass(frozen=True)
class Tables:
    """Arrays for households (`hh_*`), homes (`home_*`), associations (`as_*`) and need classes.

    A need class is a distinct set of support needs; `offers[c, a]` says association a offers all of
    class c. Communes are coded as integers; preferences and exclusions are sorted arrays of
    `household * n_communes + commune` keys so a pair test is one `in_sorted`.
    """

    problem: Problem
    norms: Norms
    round_day: int
    hh_ids: tuple[str, ...]
    hh_persons: IntArray
    hh_bedrooms: IntArray
    hh_lat: FloatArray
    hh_lon: FloatArray
    hh_max_km: FloatArray
    hh_priority: IntArray
    hh_earliest: IntArray
    hh_wheelchair: BoolArray
    hh_no_stairs: BoolArray
    hh_pets: BoolArray
    hh_class: IntArray
    hh_vec: FloatArray
    home_ids: tuple[str, ...]
    home_occupants: IntArray
    home_bedrooms: IntArray
    home_surface: FloatArray
    home_lat: FloatArray
    home_lon: FloatArray
    home_commune: IntArray
    home_from: IntArray
    home_until: IntArray
    home_wheelchair: BoolArray
    home_step_free: BoolArray
    home_pets: BoolArray
    home_vec: FloatArray
    as_ids: tuple[str, ...]
    as_lat: FloatArray
    as_lon: FloatArray
    as_radius_km: FloatArray
    as_capacity: IntArray
    as_load: IntArray
    as_vec: FloatArray
    as_communes: tuple[IntArray, ...]
    communes: tuple[str, ...]
    preferred_keys: IntArray
    excluded_keys: IntArray
    classes: tuple[frozenset[str], ...]
    offers: BoolArray

    @property
    def n_communes(self) -> int:
        return len(self.communes)

    @property
    def hh_points(self) -> Points:
        return Points(self.hh_lat, self.hh_lon, self.hh_vec)

    @property
    def home_points(self) -> Points:
        return Points(self.home_lat, self.home_lon, self.home_vec)

    def commune_keys(self, hh: IntArray, home: IntArray) -> IntArray:
        """Keys matching `preferred_keys`/`excluded_keys` for aligned household/home pairs."""
        return hh * self.n_communes + self.home_commune[home]


def distinct(values: IntArray) -> IntArray:
    """The sorted distinct values: by counting when they span a small range, else by sorting (numpy's
    hashing `np.unique` is far slower on big ranges)."""
    values = np.asarray(values, dtype=np.int64)
    if not len(values):
        return values
    low, high = int(values.min()), int(values.max())
    if high - low <= 4 * len(values):
        return np.flatnonzero(np.bincount(values - low)) + low
    ordered = np.sort(values)
    return ordered[np.r_[True, ordered[1:] != ordered[:-1]]]


def compact(values: IntArray, n: int) -> tuple[IntArray, IntArray]:
    """The distinct values (sorted) among 0..n−1, and each value's position among them (by counting
    when n is not much more than the number of values, else by sorting)."""
    if n > 8 * len(values) + 1024:
        found, inverse = np.unique(values, return_inverse=True)
        return found.astype(np.int64), inverse.ravel().astype(np.int64)
    present = np.zeros(n, dtype=np.bool_)
    present[values] = True
    position = np.cumsum(present) - 1
    return np.flatnonzero(present), position[values].astype(np.int64)


def positions(table: IntArray, values: IntArray) -> IntArray:
    """The position of each value in a sorted, duplicate-free table of non-negative integers holding
    them all (a lookup array instead of a binary search per value)."""
    lookup = np.zeros(int(table[-1]) + 1 if len(table) else 0, dtype=np.int64)
    lookup[table] = np.arange(len(table), dtype=np.int64)
    return lookup[values]


def in_sorted(values: IntArray, table: IntArray) -> BoolArray:
    """Membership of each value in a sorted, duplicate-free table (a binary search per value)."""
    if not len(table):
        return np.zeros(len(values), dtype=np.bool_)
    at = np.minimum(np.searchsorted(table, values), len(table) - 1)
    return np.asarray(table[at] == values, dtype=np.bool_)


def build_tables(problem: Problem, norms: Norms) -> Tables:
    """Turn the dataclasses into arrays (one pass over each list)."""
    hhs, homes, assocs = problem.households, problem.homes, problem.associations
    commune_names = sorted(
        {h.commune for h in homes}
        | {c for a in assocs for c in a.communes}
        | {c for h in hhs for c in h.preferred_communes | h.excluded_communes}
    )
    code = {name: i for i, name in enumerate(commune_names)}
    n_c = len(commune_names)
    classes = tuple(sorted({h.support_needs for h in hhs}, key=lambda s: (len(s), sorted(s))))
    class_of = {c: i for i, c in enumerate(classes)}

    def ints(values: list[int]) -> IntArray:
        return np.asarray(values, dtype=np.int64).reshape(-1)

    def floats(values: list[float]) -> FloatArray:
        return np.asarray(values, dtype=np.float64).reshape(-1)

    def bools(values: list[bool]) -> BoolArray:
        return np.asarray(values, dtype=np.bool_).reshape(-1)

    def keys(attr: str) -> IntArray:
        found = [i * n_c + code[c] for i, h in enumerate(hhs) for c in getattr(h, attr)]
        return distinct(ints(found))

    hh_lat, hh_lon = floats([h.lat for h in hhs]), floats([h.lon for h in hhs])
    home_lat, home_lon = floats([h.lat for h in homes]), floats([h.lon for h in homes])
    as_lat, as_lon = floats([a.lat for a in assocs]), floats([a.lon for a in assocs])
    offers = np.array([[c <= a.support_offered for a in assocs] for c in classes], dtype=np.bool_).reshape(
        len(classes), len(assocs)
    )
    return Tables(
        problem=problem,
        norms=norms,
        round_day=problem.round_date.toordinal(),
        hh_ids=tuple(h.id for h in hhs),
        hh_persons=ints([h.persons for h in hhs]),
        hh_bedrooms=ints([h.bedrooms_needed for h in hhs]),
        hh_lat=hh_lat,
        hh_lon=hh_lon,
        hh_max_km=floats([h.max_km for h in hhs]),
        hh_priority=ints([h.priority for h in hhs]),
        hh_earliest=ints([h.earliest_start.toordinal() for h in hhs]),
        hh_wheelchair=bools([h.wheelchair for h in hhs]),
        hh_no_stairs=bools([h.no_stairs for h in hhs]),
        hh_pets=bools([h.pets for h in hhs]),
        hh_class=ints([class_of[h.support_needs] for h in hhs]),
        hh_vec=unit_vectors(hh_lat, hh_lon),
        home_ids=tuple(h.id for h in homes),
        home_occupants=ints([h.max_occupants for h in homes]),
        home_bedrooms=ints([h.bedrooms for h in homes]),
        home_surface=floats([h.surface_m2 for h in homes]),
        home_lat=home_lat,
        home_lon=home_lon,
        home_commune=ints([code[h.commune] for h in homes]),
        home_from=ints([h.available_from.toordinal() for h in homes]),
        home_until=ints(
            [OPEN_ENDED if h.available_until is None else h.available_until.toordinal() for h in homes]
        ),
        home_wheelchair=bools([h.wheelchair_accessible for h in homes]),
        home_step_free=bools([h.step_free or h.lift or h.floor == 0 for h in homes]),
        home_pets=bools([h.pets_allowed for h in homes]),
        home_vec=unit_vectors(home_lat, home_lon),
        as_ids=tuple(a.id for a in assocs),
        as_lat=as_lat,
        as_lon=as_lon,
        as_radius_km=floats([a.radius_km for a in assocs]),
        as_capacity=ints([a.capacity for a in assocs]),
        as_load=ints([a.current_load for a in assocs]),
        as_vec=unit_vectors(as_lat, as_lon),
        as_communes=tuple(ints(sorted(code[c] for c in a.communes)) for a in assocs),
        communes=tuple(commune_names),
        preferred_keys=keys("preferred_communes"),
        excluded_keys=keys("excluded_communes"),
        classes=classes,
        offers=offers,
    )
