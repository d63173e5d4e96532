"""Input checks that turn bad data into messages instead of exceptions.

Each check runs over a whole column at once; only the items that fail are looked at one by one.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from operator import attrgetter
from typing import Any

import numpy as np

from matching.problem import Problem


def _duplicates(kind: str, ids: Iterable[str]) -> list[str]:
    return [f"{kind} id {i!r} appears {n} times" for i, n in Counter(ids).items() if n > 1]


def _column(items: Sequence[Any], name: str) -> np.ndarray:
    return np.asarray(list(map(attrgetter(name), items)), dtype=np.float64)


def _failing(items: Sequence[Any], bad: np.ndarray) -> list[Any]:
    return [items[i] for i in np.flatnonzero(bad).tolist()]


def _coordinates(kind: str, items: Sequence[Any]) -> list[str]:
    if not items:
        return []
    with np.errstate(invalid="ignore"):
        lat, lon = _column(items, "lat"), _column(items, "lon")
        bad = ~(np.isfinite(lat) & np.isfinite(lon) & (np.abs(lat) <= 90) & (np.abs(lon) <= 180))
    return [
        f"{kind} {x.id!r}: coordinates ({x.lat}, {x.lon}) are not a valid latitude/longitude"
        for x in _failing(items, bad)
    ]


def validate(problem: Problem) -> list[str]:
    """Every problem found in the input, in plain English; empty when the input can be solved."""
    try:
        return _validate(problem)
    except (TypeError, ValueError, AttributeError) as error:
        return [f"malformed input: {error}"]


def _validate(problem: Problem) -> list[str]:
    hhs, homes, assocs = problem.households, problem.homes, problem.associations
    found: list[str] = []
    found += _duplicates("household", (h.id for h in hhs))
    found += _duplicates("home", (h.id for h in homes))
    found += _duplicates("association", (a.id for a in assocs))
    found += (
        _coordinates("household", hhs) + _coordinates("home", homes) + _coordinates("association", assocs)
    )
    if hhs:
        priority, max_km = _column(hhs, "priority"), _column(hhs, "max_km")
        found += [
            f"household {h.id!r}: priority {h.priority} is not between 1 and 5"
            for h in _failing(hhs, ~np.isin(priority, [1, 2, 3, 4, 5]))
        ]
        found += [
            f"household {h.id!r}: needs at least one person and no negative bedrooms"
            for h in _failing(hhs, (_column(hhs, "persons") < 1) | (_column(hhs, "bedrooms_needed") < 0))
        ]
        with np.errstate(invalid="ignore"):
            bad_reach = ~(np.isfinite(max_km) & (max_km >= 0))
        found += [
            f"household {h.id!r}: max_km {h.max_km} must be zero or positive"
            for h in _failing(hhs, bad_reach)
        ]
    for m in homes:
        if m.max_occupants < 0 or m.bedrooms < 0 or not (np.isfinite(m.surface_m2) and m.surface_m2 >= 0):
            found.append(f"home {m.id!r}: occupants, bedrooms and surface must be zero or positive")
        if m.available_until is not None and m.available_until < m.available_from:
            found.append(f"home {m.id!r}: available_until is before available_from")
    for a in assocs:
        if a.capacity < 0 or a.current_load < 0 or not (np.isfinite(a.radius_km) and a.radius_km >= 0):
            found.append(f"association {a.id!r}: capacity, load and radius must be zero or positive")
    households = {h.id for h in hhs}
    home_ids = {m.id for m in homes}
    associations = {a.id for a in assocs}
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
