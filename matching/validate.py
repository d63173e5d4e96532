"""Input checks that turn bad data into messages instead of exceptions.

Each check runs over a whole column at once; only the items that fail are looked at one by one.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

import numpy as np

from matching.problem import Problem


def _duplicates(kind: str, ids: list[str]) -> list[str]:
    if len(set(ids)) == len(ids):  # the usual case, without counting
        return []
    return [f"{kind} id {i!r} appears {n} times" for i, n in Counter(ids).items() if n > 1]


def _column(problem: Problem, group: str, name: str) -> np.ndarray:
    return np.asarray(problem.column(group, name), dtype=np.float64)


def _failing(items: Sequence[Any], bad: np.ndarray) -> list[Any]:
    return [items[i] for i in np.flatnonzero(bad).tolist()]


def _coordinates(problem: Problem, kind: str, group: str) -> list[str]:
    items = getattr(problem, group)
    if not items:
        return []
    with np.errstate(invalid="ignore"):
        lat, lon = _column(problem, group, "lat"), _column(problem, group, "lon")
        bad = ~(np.isfinite(lat) & np.isfinite(lon) & (np.abs(lat) <= 90) & (np.abs(lon) <= 180))
    return [
        f"{kind} {x.id!r}: coordinates ({x.lat}, {x.lon}) are not a valid latitude/longitude"
        for x in _failing(items, bad)
    ]


def _not_negative(problem: Problem, group: str, *names: str) -> np.ndarray:
    """Items with a field among `names` negative or not a finite number."""
    bad = np.zeros(len(getattr(problem, group)), dtype=np.bool_)
    with np.errstate(invalid="ignore"):
        for name in names:
            values = _column(problem, group, name)
            bad |= ~(np.isfinite(values) & (values >= 0))
    return bad


def validate(problem: Problem) -> list[str]:
    """Every problem found in the input, in plain English; empty when the input can be solved."""
    try:
        return _validate(problem)
    except (TypeError, ValueError, AttributeError) as error:
        return [f"malformed input: {error}"]


def _validate(problem: Problem) -> list[str]:
    hhs, homes, assocs = problem.households, problem.homes, problem.associations
    found: list[str] = []
    found += _duplicates("household", problem.column("households", "id"))
    found += _duplicates("home", problem.column("homes", "id"))
    found += _duplicates("association", problem.column("associations", "id"))
    found += (
        _coordinates(problem, "household", "households")
        + _coordinates(problem, "home", "homes")
        + _coordinates(problem, "association", "associations")
    )
    if hhs:
        priority, max_km = (
            _column(problem, "households", "priority"),
            _column(problem, "households", "max_km"),
        )
        found += [
            f"household {h.id!r}: priority {h.priority} is not between 1 and 5"
            for h in _failing(hhs, ~np.isin(priority, [1, 2, 3, 4, 5]))
        ]
        persons, bedrooms = (
            _column(problem, "households", "persons"),
            _column(problem, "households", "bedrooms_needed"),
        )
        found += [
            f"household {h.id!r}: needs at least one person and no negative bedrooms"
            for h in _failing(hhs, (persons < 1) | (bedrooms < 0))
        ]
        with np.errstate(invalid="ignore"):
            bad_reach = ~(np.isfinite(max_km) & (max_km >= 0))
        found += [
            f"household {h.id!r}: max_km {h.max_km} must be zero or positive"
            for h in _failing(hhs, bad_reach)
        ]
    bad_size = _not_negative(problem, "homes", "max_occupants", "bedrooms", "surface_m2")
    available = problem.days("homes", "available_from")
    until = problem.days("homes", "available_until")
    bad_dates = (until >= 0) & (until < available)
    for k in np.flatnonzero(bad_size | bad_dates).tolist():
        m = homes[k]
        if bad_size[k]:
            found.append(f"home {m.id!r}: occupants, bedrooms and surface must be zero or positive")
        if bad_dates[k]:
            found.append(f"home {m.id!r}: available_until is before available_from")
    for a in _failing(
        assocs, _not_negative(problem, "associations", "capacity", "current_load", "radius_km")
    ):
        found.append(f"association {a.id!r}: capacity, load and radius must be zero or positive")
    households = set(problem.column("households", "id"))
    home_ids = set(problem.column("homes", "id"))
    associations = set(problem.column("associations", "id"))
    for lock in problem.locked:
        if lock.household_id not in households or lock.home_id not in home_ids:
            found.append(
                f"locked placement {lock.household_id!r} → {lock.home_id!r}: unknown household or home"
            )
        if lock.association_id not in associations:
            found.append(
                f"locked placement of {lock.household_id!r}: unknown association {lock.association_id!r}"
            )
    return found
