"""Input checks that turn bad data into messages instead of exceptions."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable

from matching.problem import Problem


def _duplicates(kind: str, ids: Iterable[str]) -> list[str]:
    return [f"{kind} id {i!r} appears {n} times" for i, n in Counter(ids).items() if n > 1]


def _coordinates(kind: str, item_id: str, lat: float, lon: float) -> list[str]:
    if not (math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180):
        return [f"{kind} {item_id!r}: coordinates ({lat}, {lon}) are not a valid latitude/longitude"]
    return []


def validate(problem: Problem) -> list[str]:
    """Every problem found in the input, in plain English; empty when the input can be solved."""
    try:
        return _validate(problem)
    except (TypeError, ValueError, AttributeError) as error:
        return [f"malformed input: {error}"]


def _validate(problem: Problem) -> list[str]:
    found: list[str] = []
    found += _duplicates("household", (h.id for h in problem.households))
    found += _duplicates("home", (h.id for h in problem.homes))
    found += _duplicates("association", (a.id for a in problem.associations))
    for h in problem.households:
        found += _coordinates("household", h.id, h.lat, h.lon)
        if h.priority not in range(1, 6):
            found.append(f"household {h.id!r}: priority {h.priority} is not between 1 and 5")
        if h.persons < 1 or h.bedrooms_needed < 0:
            found.append(f"household {h.id!r}: needs at least one person and no negative bedrooms")
        if not (math.isfinite(h.max_km) and h.max_km >= 0):
            found.append(f"household {h.id!r}: max_km {h.max_km} must be zero or positive")
    for m in problem.homes:
        found += _coordinates("home", m.id, m.lat, m.lon)
        if m.max_occupants < 0 or m.bedrooms < 0 or not (math.isfinite(m.surface_m2) and m.surface_m2 >= 0):
            found.append(f"home {m.id!r}: occupants, bedrooms and surface must be zero or positive")
        if m.available_until is not None and m.available_until < m.available_from:
            found.append(f"home {m.id!r}: available_until is before available_from")
    for a in problem.associations:
        found += _coordinates("association", a.id, a.lat, a.lon)
        if a.capacity < 0 or a.current_load < 0 or not (math.isfinite(a.radius_km) and a.radius_km >= 0):
            found.append(f"association {a.id!r}: capacity, load and radius must be zero or positive")
    households = {h.id for h in problem.households}
    homes = {m.id for m in problem.homes}
    associations = {a.id for a in problem.associations}
    for lock in problem.locked:
        if lock.household_id not in households or lock.home_id not in homes:
            found.append(
                f"locked placement {lock.household_id!r} → {lock.home_id!r}: unknown household or home"
            )
        if lock.association_id not in associations:
            found.append(
                f"locked placement of {lock.household_id!r}: unknown association {lock.association_id!r}"
            )
    return found
