"""Seeded synthetic rounds shaped like Nord and Pas-de-Calais, for the benchmark and tests.

People and homes cluster around the departments' towns, weighted by population; communes are small
grid cells named after the nearest town; associations sit in towns with areas and capacities that bind.
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np

from matching.problem import Association, Home, Household, Problem

TOWNS = (  # (name, lat, lon, share of population), rounded from INSEE figures
    ("Lille", 50.630, 3.060, 0.26),
    ("Roubaix", 50.690, 3.180, 0.12),
    ("Valenciennes", 50.360, 3.520, 0.08),
    ("Dunkerque", 51.030, 2.370, 0.08),
    ("Lens", 50.430, 2.830, 0.09),
    ("Douai", 50.370, 3.080, 0.06),
    ("Béthune", 50.530, 2.640, 0.06),
    ("Arras", 50.290, 2.780, 0.05),
    ("Calais", 50.950, 1.860, 0.05),
    ("Boulogne-sur-Mer", 50.730, 1.610, 0.05),
    ("Maubeuge", 50.280, 3.970, 0.05),
    ("Saint-Omer", 50.750, 2.250, 0.05),
)
SUPPORTS = ("addiction", "mental_health", "domestic_violence", "disability")
ROUND = date(2025, 3, 1)


def _places(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray, list[str]]:
    share = np.array([t[3] for t in TOWNS])
    town = rng.choice(len(TOWNS), size=n, p=share / share.sum())
    lat = np.array([TOWNS[k][1] for k in town]) + rng.normal(0, 0.15, n)
    lon = np.array([TOWNS[k][2] for k in town]) + rng.normal(0, 0.22, n)
    communes = [f"{TOWNS[k][0]}-{int(a * 20)}-{int(b * 20)}" for k, a, b in zip(town, lat, lon, strict=True)]
    return lat, lon, communes


def synthetic_problem(
    n_households: int, n_homes: int, n_associations: int, seed: int = 0, support: bool = True
) -> Problem:
    """A reproducible round; with `support=False` every association offers every kind of support."""
    rng = np.random.default_rng(seed)
    lat, lon, communes = _places(rng, n_households)
    reach = (10_000 / max(n_households, 1)) ** 0.5  # similar candidate counts at every size
    households = []
    for i in range(n_households):
        persons = int(rng.choice([1, 1, 2, 2, 3, 3, 4, 5, 6]))
        needs = frozenset({str(rng.choice(SUPPORTS))}) if support and rng.random() < 0.3 else frozenset()
        households.append(
            Household(
                id=f"H{i}",
                persons=persons,
                bedrooms_needed=max(1, persons - 1),
                lat=float(lat[i]),
                lon=float(lon[i]),
                max_km=float(rng.choice([3.0, 4.0, 5.0, 6.0]) * reach),
                priority=int(rng.integers(1, 6)),
                earliest_start=ROUND + timedelta(days=int(rng.integers(0, 30))),
                support_needs=needs,
                wheelchair=bool(rng.random() < 0.03),
                no_stairs=bool(rng.random() < 0.08),
                pets=bool(rng.random() < 0.15),
                preferred_communes=frozenset({communes[i]}) if rng.random() < 0.5 else frozenset(),
            )
        )
    lat, lon, communes = _places(rng, n_homes)
    homes = []
    for j in range(n_homes):
        bedrooms = int(rng.integers(1, 6))
        start = ROUND + timedelta(days=int(rng.integers(-30, 45)))
        homes.append(
            Home(
                id=f"M{j}",
                max_occupants=bedrooms * 2,
                bedrooms=bedrooms,
                surface_m2=float(12 + 18 * bedrooms + rng.integers(0, 15)),
                lat=float(lat[j]),
                lon=float(lon[j]),
                commune=communes[j],
                available_from=start,
                available_until=None
                if rng.random() < 0.6
                else start + timedelta(days=int(rng.integers(150, 400))),
                wheelchair_accessible=bool(rng.random() < 0.1),
                step_free=bool(rng.random() < 0.2),
                lift=bool(rng.random() < 0.2),
                floor=int(rng.integers(0, 5)),
                pets_allowed=bool(rng.random() < 0.5),
            )
        )
    lat, lon, _ = _places(rng, n_associations)
    per = max(1, int(0.45 * n_households / max(n_associations, 1)))
    associations = [
        Association(
            id=f"A{a}",
            lat=float(lat[a]),
            lon=float(lon[a]),
            radius_km=float(rng.uniform(15, 30)),
            capacity=int(rng.integers(per // 2, per * 3 // 2 + 1)),
            support_offered=frozenset(
                rng.choice(SUPPORTS, size=int(rng.integers(1, 3)), replace=False).tolist()
            )
            if support
            else frozenset(SUPPORTS),
            current_load=int(rng.integers(0, max(1, per // 10))),
        )
        for a in range(n_associations)
    ]
    return Problem(tuple(households), tuple(homes), tuple(associations), ROUND)
