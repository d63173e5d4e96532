"""Columnar views of a Problem: numpy arrays indexed by position, built once per solve.

The rules, the candidate search and the solver all work on these arrays so that a rule is written
once and applied to a million pairs or to one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

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
    assocs = problem.associations
    commune_names = sorted(
        set(problem.column("homes", "commune")).union(
            *problem.column("associations", "communes"),
            *problem.column("households", "preferred_communes"),
            *problem.column("households", "excluded_communes"),
        )
    )
    code = {name: i for i, name in enumerate(commune_names)}
    n_c = len(commune_names)
    classes = tuple(
        sorted(set(problem.column("households", "support_needs")), key=lambda s: (len(s), sorted(s)))
    )
    class_of = {c: i for i, c in enumerate(classes)}

    def ints(values: list[int]) -> IntArray:
        return np.asarray(values, dtype=np.int64).reshape(-1)

    def floats(values: list[float]) -> FloatArray:
        return np.asarray(values, dtype=np.float64).reshape(-1)

    def bools(values: list[bool]) -> BoolArray:
        return np.asarray(values, dtype=np.bool_).reshape(-1)

    def keys(attr: str) -> IntArray:
        found = [i * n_c + code[c] for i, chosen in enumerate(hh(attr)) if chosen for c in chosen]
        return distinct(ints(found))

    def hh(name: str) -> list[Any]:
        return problem.column("households", name)

    def home(name: str) -> list[Any]:
        return problem.column("homes", name)

    def assoc(name: str) -> list[Any]:
        return problem.column("associations", name)

    hh_lat, hh_lon = floats(hh("lat")), floats(hh("lon"))
    home_lat, home_lon = floats(home("lat")), floats(home("lon"))
    as_lat, as_lon = floats(assoc("lat")), floats(assoc("lon"))
    offers = np.array([[c <= a.support_offered for a in assocs] for c in classes], dtype=np.bool_).reshape(
        len(classes), len(assocs)
    )
    until = problem.days("homes", "available_until").reshape(-1)
    return Tables(
        problem=problem,
        norms=norms,
        round_day=problem.round_date.toordinal(),
        hh_ids=tuple(hh("id")),
        hh_persons=ints(hh("persons")),
        hh_bedrooms=ints(hh("bedrooms_needed")),
        hh_lat=hh_lat,
        hh_lon=hh_lon,
        hh_max_km=floats(hh("max_km")),
        hh_priority=ints(hh("priority")),
        hh_earliest=problem.days("households", "earliest_start").reshape(-1),
        hh_wheelchair=bools(hh("wheelchair")),
        hh_no_stairs=bools(hh("no_stairs")),
        hh_pets=bools(hh("pets")),
        hh_class=ints([class_of[needs] for needs in hh("support_needs")]),
        hh_vec=unit_vectors(hh_lat, hh_lon),
        home_ids=tuple(home("id")),
        home_occupants=ints(home("max_occupants")),
        home_bedrooms=ints(home("bedrooms")),
        home_surface=floats(home("surface_m2")),
        home_lat=home_lat,
        home_lon=home_lon,
        home_commune=ints([code[c] for c in home("commune")]),
        home_from=problem.days("homes", "available_from").reshape(-1),
        home_until=np.where(until < 0, OPEN_ENDED, until).astype(np.int64),
        home_wheelchair=bools(home("wheelchair_accessible")),
        home_step_free=bools(home("step_free")) | bools(home("lift")) | (ints(home("floor")) == 0),
        home_pets=bools(home("pets_allowed")),
        home_vec=unit_vectors(home_lat, home_lon),
        as_ids=tuple(assoc("id")),
        as_lat=as_lat,
        as_lon=as_lon,
        as_radius_km=floats(assoc("radius_km")),
        as_capacity=ints(assoc("capacity")),
        as_load=ints(assoc("current_load")),
        as_vec=unit_vectors(as_lat, as_lon),
        as_communes=tuple(ints(sorted(code[c] for c in a.communes)) for a in assocs),
        communes=tuple(commune_names),
        preferred_keys=keys("preferred_communes"),
        excluded_keys=keys("excluded_communes"),
        classes=classes,
        offers=offers,
    )
