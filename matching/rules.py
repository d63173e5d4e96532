"""The hard rules, one named function each, written once for arrays of pairs.

Pair rules take aligned arrays `hh` (household positions) and `home` (home positions) and return a
boolean mask, True where the pair is allowed. The solver applies them to millions of candidate pairs,
`check` to the placements of a solution, `explain` to one household against every home; all three
therefore agree. Rules about the whole matching (one-to-one, locks, capacities) live in `check.py`
and are built into the solver's network.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

import numpy as np
from dateutil.relativedelta import relativedelta

from matching.tables import BoolArray, FloatArray, IntArray, Tables, distinct, in_sorted

PLACEMENT_MONTHS = 6
DAY_TABLE_LIMIT = 20_000  # start days spread wider than this are looked up one by one


def six_months_later(days: IntArray) -> IntArray:
    """Ordinal day six calendar months after each ordinal day (31 August → 28/29 February)."""
    if not len(days):
        return np.zeros(0, dtype=np.int64)
    first, last = int(days.min()), int(days.max())
    if last - first > DAY_TABLE_LIMIT:
        unique, inverse = np.unique(days, return_inverse=True)
        return np.asarray([_later(int(d)) for d in unique], dtype=np.int64)[inverse]
    table = np.asarray([_later(d) for d in range(first, last + 1)], dtype=np.int64)
    return table[days - first]


@lru_cache(maxsize=65_536)
def _later(day: int) -> int:
    return int((date.fromordinal(day) + relativedelta(months=PLACEMENT_MONTHS)).toordinal())


def placement_start(t: Tables, hh: IntArray, home: IntArray) -> IntArray:
    """Rule 5: the start is the latest of the round date, the household's and the home's dates."""
    return np.maximum(np.maximum(t.hh_earliest[hh], t.home_from[home]), t.round_day)


def not_declined(t: Tables, hh: IntArray, home: IntArray, declined: IntArray) -> BoolArray:
    """Rule 1: a pair declined earlier (a `forbidden` key hh * n_homes + home) is never proposed."""
    return ~in_sorted(hh * len(t.home_ids) + home, declined)


def size_fits(t: Tables, hh: IntArray, home: IntArray) -> BoolArray:
    """Rule 2: occupants, bedrooms and the overcrowding surface norm for the household size."""
    persons = t.hh_persons[hh]
    return (
        (persons <= t.home_occupants[home])
        & (t.hh_bedrooms[hh] <= t.home_bedrooms[home])
        & (t.norms.surfaces_for(persons) <= t.home_surface[home])
    )


def accessible(t: Tables, hh: IntArray, home: IntArray) -> BoolArray:
    """Rule 3: wheelchair users need an accessible home; no-stairs households step-free, lift or floor 0."""
    return (~t.hh_wheelchair[hh] | t.home_wheelchair[home]) & (~t.hh_no_stairs[hh] | t.home_step_free[home])


def pets_welcome(t: Tables, hh: IntArray, home: IntArray) -> BoolArray:
    """Rule 4: a household with pets only gets a home that allows them."""
    return ~t.hh_pets[hh] | t.home_pets[home]


def available_six_months(t: Tables, hh: IntArray, home: IntArray) -> BoolArray:
    """Rule 5: the home is available until six calendar months after the start (or open-ended)."""
    return six_months_later(placement_start(t, hh, home)) <= t.home_until[home]


def within_distance(t: Tables, hh: IntArray, km: FloatArray) -> BoolArray:
    """Rule 6: the geodesic distance from the household's anchor is within its maximum."""
    return km <= t.hh_max_km[hh]


def commune_allowed(t: Tables, hh: IntArray, home: IntArray) -> BoolArray:
    """Rule 6: a home in a commune the household excluded is never proposed."""
    return ~in_sorted(t.commune_keys(hh, home), t.excluded_keys)


def covers(t: Tables, assoc: IntArray, home: IntArray, km: FloatArray) -> BoolArray:
    """Rule 7: an association's area holds the home (within its radius, or the home's commune is listed)."""
    listed = in_sorted(assoc * t.n_communes + t.home_commune[home], association_commune_keys(t))
    return (km <= t.as_radius_km[assoc]) | listed


def association_commune_keys(t: Tables) -> IntArray:
    """Sorted `association * n_communes + commune` keys of the communes each association lists."""
    keys = [a * t.n_communes + c for a, codes in enumerate(t.as_communes) for c in codes.tolist()]
    return distinct(np.asarray(keys, dtype=np.int64))


def offers_support(t: Tables, hh: IntArray, assoc: IntArray) -> BoolArray:
    """Rule 7: the association offers every kind of support the household needs."""
    return np.asarray(t.offers[t.hh_class[hh], assoc], dtype=np.bool_)


# Pair rules in the order a social worker reads them; the code names the rule that fails.
PAIR_RULES = (
    ("size", size_fits),
    ("access", accessible),
    ("pets", pets_welcome),
    ("dates", available_six_months),
    ("commune", commune_allowed),
)
