"""Candidate pairs found through a k-d tree, never by comparing every household with every home.

Households are grouped by similar `max_km`; each group's tree is joined with the homes' tree at the
chord that safely contains the group's largest radius (`geodesy.chord_for_km`). A pair whose chord is
inside `geodesy.chord_within_km` of its own limit is within reach without further ado; only the thin
band between the two chords gets its WGS-84 distance (`geodesy.pair_km`, exact near the limit). The
rules then decide, each on the pairs the previous ones let through; distances and dates are computed
for the candidates only.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

import numpy as np
from scipy.spatial import cKDTree

from matching import rules
from matching.geodesy import Points, chord_for_km, chord_within_km, indexed_km
from matching.tables import BoolArray, FloatArray, IntArray, Tables, distinct, in_sorted

GROUP_RATIO = 1.25  # households whose max_km is within this ratio share one tree query

# Why a pair within reach cannot be proposed; 0 means it can.
FAILS = ("ok", "declined", *(code for code, _ in rules.PAIR_RULES), "association")


@dataclass(frozen=True)
class Candidates:
    """Every household–home pair within the household's reach, with the first rule it breaks.

    `fail` indexes FAILS. The pairs with `fail == 0` (positions `ok`) are the solver's candidates, and
    `km`, `start` and `end` are given for them, aligned with `ok`; the others feed the explanations
    ("4 homes within 10 km, none with 3 bedrooms").
    """

    hh: IntArray
    home: IntArray
    fail: IntArray
    ok: IntArray
    km: FloatArray
    start: IntArray
    end: IntArray
    cover_home: IntArray  # association coverage as (home, association) pairs, sorted by home
    cover_assoc: IntArray


def reach_pairs(t: Tables) -> tuple[IntArray, IntArray, FloatArray]:
    """All (household, home) pairs with the geodesic distance within the household's `max_km`, and
    the chord between their unit vectors."""
    n_hh = len(t.hh_ids)
    if n_hh == 0 or not t.home_ids:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, np.zeros(0)
    homes_tree = cKDTree(t.home_vec)
    order = np.argsort(t.hh_max_km, kind="stable")
    radii = t.hh_max_km[order]
    parts = []
    start = 0
    while start < n_hh:
        stop = int(np.searchsorted(radii, radii[start] * GROUP_RATIO, side="right"))
        members = order[start:stop]
        found = cKDTree(t.hh_vec[members]).sparse_distance_matrix(
            homes_tree, float(chord_for_km(radii[stop - 1])), output_type="ndarray"
        )
        # Each group's pairs are decided before the next query, so the over-fetched ones never pile up.
        hh, home, chord = members[found["i"]], found["j"].astype(np.int64), found["v"].copy()
        del found
        keep = _within_reach(t, hh, home, chord)
        parts.append((hh[keep], home[keep], chord[keep]))
        start = stop
    hh, home, chord = (np.concatenate([part[k] for part in parts]) for k in range(3))
    return hh, home, chord


def _within_reach(t: Tables, hh: IntArray, home: IntArray, chord: FloatArray) -> BoolArray:
    """Which pairs found by a chord query are within their household's `max_km` (exact near the limit)."""
    within = chord <= chord_within_km(t.hh_max_km)[hh]
    band = np.flatnonzero(~within)
    km = indexed_km(t.hh_points, hh[band], t.home_points, home[band], t.hh_max_km[hh[band]], chord[band])
    within[band] = rules.within_distance(t, hh[band], km)
    return within


def coverage(t: Tables) -> tuple[IntArray, IntArray]:
    """(home, association) pairs where the association's area holds the home, sorted by home.

    One k-d tree join at the widest radius, each pair kept within its association's own chord, the
    thin band decided by the distance (as for households); plus the homes of every listed commune.
    """
    n_as = len(t.as_ids)
    if not n_as or not t.home_ids:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    found = cKDTree(t.as_vec).sparse_distance_matrix(
        cKDTree(t.home_vec), float(chord_for_km(t.as_radius_km.max())), output_type="ndarray"
    )
    assoc, home, chord = found["i"].astype(np.int64), found["j"].astype(np.int64), found["v"]
    near = chord <= chord_for_km(t.as_radius_km)[assoc]
    assoc, home, chord = assoc[near], home[near], chord[near]
    within = chord <= chord_within_km(t.as_radius_km)[assoc]
    band = np.flatnonzero(~within)
    as_points = Points(t.as_lat, t.as_lon, t.as_vec)
    km = indexed_km(
        as_points, assoc[band], t.home_points, home[band], t.as_radius_km[assoc[band]], chord[band]
    )
    within[band] = rules.covers(t, assoc[band], home[band], km)
    listed = [
        np.flatnonzero(in_sorted(t.home_commune, codes)) * n_as + a
        for a, codes in enumerate(t.as_communes)
        if len(codes)
    ]
    key = distinct(np.concatenate([home[within] * n_as + assoc[within], *listed]))
    return key // n_as, key % n_as


def declined_keys(t: Tables) -> IntArray:
    """The `forbidden` pairs as sorted keys household * n_homes + home (unknown ids are ignored)."""
    hh_pos = {hid: i for i, hid in enumerate(t.hh_ids)}
    home_pos = {hid: i for i, hid in enumerate(t.home_ids)}
    keys = [
        hh_pos[h] * len(t.home_ids) + home_pos[m]
        for h, m in t.problem.forbidden
        if h in hh_pos and m in home_pos
    ]
    return distinct(np.asarray(keys, dtype=np.int64))


def class_served(t: Tables, cover_home: IntArray, cover_assoc: IntArray) -> np.ndarray:
    """(n_homes, n_classes) count of covering associations offering each need class's support."""
    counts = np.zeros((len(t.home_ids), len(t.classes)), dtype=np.int64)
    for c in range(len(t.classes)):
        counts[:, c] = np.bincount(cover_home, weights=t.offers[c, cover_assoc], minlength=len(t.home_ids))
    return counts


def build_candidates(t: Tables) -> Candidates:
    """Pairs within reach, each marked with the first rule it fails (0 when it passes them all)."""
    hh, home, chord = reach_pairs(t)
    fail = np.zeros(len(hh), dtype=np.int64)
    cover_home, cover_assoc = coverage(t)
    served = class_served(t, cover_home, cover_assoc)
    declined = declined_keys(t)

    def not_declined(h: IntArray, m: IntArray) -> BoolArray:
        return rules.not_declined(t, h, m, declined)

    def supported(h: IntArray, m: IntArray) -> BoolArray:
        return np.asarray(served[m, t.hh_class[h]] > 0, dtype=np.bool_)

    checks: list[tuple[str, Callable[[IntArray, IntArray], BoolArray]]] = [
        ("declined", not_declined),
        *((code, partial(rule, t)) for code, rule in rules.PAIR_RULES),
        ("association", supported),
    ]
    open_ = np.arange(len(hh), dtype=np.int64)
    for code, allowed in checks:
        passed = allowed(hh[open_], home[open_])
        fail[open_[~passed]] = FAILS.index(code)
        open_ = open_[passed]
    km = indexed_km(t.hh_points, hh[open_], t.home_points, home[open_], t.hh_max_km[hh[open_]], chord[open_])
    start = rules.placement_start(t, hh[open_], home[open_])
    return Candidates(
        hh=hh,
        home=home,
        fail=fail,
        ok=open_,
        km=km,
        start=start,
        end=rules.six_months_later(start),
        cover_home=cover_home,
        cover_assoc=cover_assoc,
    )
