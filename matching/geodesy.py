"""WGS-84 distances: a fast vectorised formula everywhere, the exact geodesic where it decides.

Points are mapped to unit vectors on the sphere of *reduced* latitudes. The chord between two such
vectors gives the central angle σ of the Andoyer–Lambert formula, which corrects the spherical
distance for the flattening; against Karney's exact geodesic it errs by about 1e-6 relative at the
distances we use. A pair whose approximate distance lies within `BAND` of a limit is settled with the
exact geodesic (pyproj's `Geod.inv`, Karney's algorithm), so every yes/no on a distance is exact and the
solver, `check` and `explain` all take the same decision from the same function.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from pyproj import Geod

A_KM = 6378.137
F = 1 / 298.257223563
BAND = 1e-4  # relative width around a limit decided by the exact geodesic (≫ the formula's error)
_GEOD = Geod(ellps="WGS84")

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]


def unit_vectors(lat: FloatArray, lon: FloatArray) -> FloatArray:
    """(n, 3) unit vectors on the sphere of reduced latitudes, for k-d trees and chords."""
    beta = np.arctan((1 - F) * np.tan(np.radians(lat)))
    lam = np.radians(lon)
    cos_beta = np.cos(beta)
    return np.column_stack([cos_beta * np.cos(lam), cos_beta * np.sin(lam), np.sin(beta)])


def chord_for_km(km: FloatArray | float) -> FloatArray:
    """A chord length that every pair within `km` (geodesic) is inside of, for spatial queries.

    The geodesic is at least a·σ·(1 − f·(1 + σ)), so querying at the σ solving that for `km` misses
    nothing; the slack is about 0.3 % of the radius, against the 0.4 % the haversine rule needs.
    """
    sigma = np.asarray(km, dtype=np.float64) / (A_KM * (1 - 1.01 * F))
    sigma = sigma * (1 + F * 4 * sigma)
    return np.asarray(2 * np.sin(np.minimum(sigma, np.pi) / 2), dtype=np.float64)


def chord_within_km(km: FloatArray | float) -> FloatArray:
    """A chord that no pair farther than `km` (geodesic) is inside of: closer pairs need no distance.

    On the sphere of reduced latitudes the geodesic is at most a·σ (and at least (1 − f)·a·σ), so
    between this chord and `chord_for_km` lies a band about f ≈ 0.34 % wide where the distance decides.
    """
    sigma = np.asarray(km, dtype=np.float64) / A_KM * (1 - 1e-9)
    return np.asarray(2 * np.sin(np.minimum(sigma, np.pi) / 2), dtype=np.float64)


def andoyer_km(chord: FloatArray, sin_beta1: FloatArray, sin_beta2: FloatArray) -> FloatArray:
    """Andoyer–Lambert distance from chords between reduced-latitude unit vectors (no cancellation)."""
    h = np.clip(chord * chord / 4, 0.0, 1.0)
    sigma = 2 * np.arcsin(np.sqrt(h))
    sin_sigma = 2 * np.sqrt(h * (1 - h))
    with np.errstate(divide="ignore", invalid="ignore"):
        x = (sigma - sin_sigma) * (sin_beta1 + sin_beta2) ** 2 / 4 / (1 - h)
        y = (sigma + sin_sigma) * (sin_beta2 - sin_beta1) ** 2 / 4 / h
    x = np.where(h < 1, x, 0.0)
    y = np.where(h > 0, y, 0.0)
    return np.asarray(A_KM * (sigma - F / 2 * (x + y)), dtype=np.float64)


def exact_km(lat1: FloatArray, lon1: FloatArray, lat2: FloatArray, lon2: FloatArray) -> FloatArray:
    """Karney's exact WGS-84 geodesic distance in kilometres."""
    _, _, metres = _GEOD.inv(lon1, lat1, lon2, lat2)
    return np.asarray(metres, dtype=np.float64) / 1000.0


@dataclass(frozen=True)
class Points:
    """Latitudes, longitudes and `unit_vectors` of a set of points."""

    lat: FloatArray
    lon: FloatArray
    vec: FloatArray


def indexed_km(
    a: Points, ia: IntArray, b: Points, ib: IntArray, limit_km: FloatArray, chord: FloatArray | None = None
) -> FloatArray:
    """Distances from points `ia` of `a` to points `ib` of `b`, exact within `BAND` of their limit.

    `chord` may be given when already known (a k-d tree join returns it).
    """
    if chord is None:
        chord = np.sqrt(np.sum((a.vec[ia] - b.vec[ib]) ** 2, axis=1))
    km = andoyer_km(chord, a.vec[ia, 2], b.vec[ib, 2])
    close = np.flatnonzero(np.abs(km - limit_km) <= BAND * np.maximum(limit_km, 1e-3))
    if len(close):
        i, j = ia[close], ib[close]
        km[close] = exact_km(a.lat[i], a.lon[i], b.lat[j], b.lon[j])
    return km


def pair_km(
    vec1: FloatArray,
    vec2: FloatArray,
    lat1: FloatArray,
    lon1: FloatArray,
    lat2: FloatArray,
    lon2: FloatArray,
    limit_km: FloatArray,
) -> FloatArray:
    """Distances of aligned pairs, exact wherever they are within `BAND` of their own limit.

    The vectors are the `unit_vectors` of each side, already gathered per pair.
    """
    every = np.arange(len(vec1), dtype=np.int64)
    return indexed_km(Points(lat1, lon1, vec1), every, Points(lat2, lon2, vec2), every, limit_km)


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float, limit_km: float) -> float:
    """One pair's distance as the solver sees it (see `pair_km`)."""
    la1, lo1, la2, lo2 = (np.array([v], dtype=np.float64) for v in (lat1, lon1, lat2, lon2))
    km = pair_km(unit_vectors(la1, lo1), unit_vectors(la2, lo2), la1, lo1, la2, lo2, np.array([limit_km]))
    return float(km[0])
