"""Tiny hand-built rounds: one place (Lille), one date, everything else by keyword."""

from __future__ import annotations

from datetime import date
from typing import Any

from matching import Association, Home, Household, Problem

ROUND = date(2025, 1, 31)
LAT, LON = 50.6292, 3.0573  # Lille, Grand-Place


def north_km(km: float) -> float:
    """Latitude offset (degrees) of a point `km` kilometres north of the Grand-Place, near enough."""
    return km / 111.2


def household(id: str = "h1", **kw: Any) -> Household:
    base: dict[str, Any] = dict(
        persons=2, bedrooms_needed=1, lat=LAT, lon=LON, max_km=10.0, priority=3, earliest_start=ROUND
    )
    return Household(id=id, **{**base, **kw})


def home(id: str = "m1", **kw: Any) -> Home:
    base: dict[str, Any] = dict(
        max_occupants=4,
        bedrooms=2,
        surface_m2=40.0,
        lat=LAT + north_km(1),
        lon=LON,
        commune="Lille",
        available_from=ROUND,
    )
    return Home(id=id, **{**base, **kw})


def association(id: str = "a1", **kw: Any) -> Association:
    base: dict[str, Any] = dict(lat=LAT, lon=LON, radius_km=30.0, capacity=10, support_offered=frozenset())
    return Association(id=id, **{**base, **kw})


def problem(
    households: list[Household], homes: list[Home], associations: list[Association] | None = None, **kw: Any
) -> Problem:
    return Problem(tuple(households), tuple(homes), tuple(associations or [association()]), ROUND, **kw)


def pairs(solution: Any) -> set[tuple[str, str]]:
    """(household, home) of every placement."""
    return {(p.household_id, p.home_id) for p in solution.placements}
