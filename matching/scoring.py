"""Fit points of a pair and the lexicographic scale on which objectives are reported.

Fit (distance, preferred commune, size) only orders solutions that place the same number of
households of every priority; the priority order itself is enforced by the solver (see
docs/matching.md, "Objective"). `lexicographic_value` puts both on one integer scale for reporting:
a placement of priority p is worth p·δ + fit with δ larger than any total of fit points, so
(count₅, …, count₁, fit) compare in the same order as the reported objectives whenever the counts
of the higher levels agree.
"""

from __future__ import annotations

import numpy as np

from matching.options import Options
from matching.solution import ScoreParts
from matching.tables import FloatArray, IntArray, Tables, in_sorted

SPARE_BEDROOMS_FOR_ZERO = 3  # a home with this many spare bedrooms earns no size-fit points


def score_parts(
    t: Tables, hh: IntArray, home: IntArray, km: FloatArray, options: Options
) -> tuple[IntArray, IntArray, IntArray]:
    """Distance, preferred-commune and size-fit points of aligned pairs (integers, ≥ 0)."""
    reach = np.maximum(t.hh_max_km[hh], 1e-9)
    distance = np.rint(options.weight_distance * np.clip(1 - km / reach, 0, 1)).astype(np.int64)
    preferred = np.where(
        in_sorted(t.commune_keys(hh, home), t.preferred_keys), options.weight_preferred_commune, 0
    )
    spare = np.maximum(t.home_bedrooms[home] - t.hh_bedrooms[hh], 0)
    size = np.rint(options.weight_size_fit * np.clip(1 - spare / SPARE_BEDROOMS_FOR_ZERO, 0, 1)).astype(
        np.int64
    )
    return distance, preferred.astype(np.int64), size


def parts_of(distance: int, preferred: int, size: int) -> ScoreParts:
    """The public form of one pair's points."""
    return ScoreParts(distance=int(distance), preferred_commune=int(preferred), size_fit=int(size))


def max_fit(options: Options) -> int:
    """The most fit points one placement can earn."""
    return options.weight_distance + options.weight_preferred_commune + options.weight_size_fit


def delta(n_households: int, options: Options) -> int:
    """A priority step larger than the fit points of any set of placements."""
    return n_households * max_fit(options) + 1


def lexicographic_value(priority: IntArray, fit: IntArray, step: int) -> int:
    """Σ (priority · δ + fit) over placements: the reported objective."""
    return int(np.sum(priority * step + fit))
