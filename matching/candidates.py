"""Candidate pairs found through a k-d tree, never by comparing every household with every home.

Households are grouped by similar `max_km`; each group's tree is joined with the homes' tree at the
chord that safely contains the group's largest radius (`geodesy.chord_for_km`), then every returned
pair gets its WGS-84 distance (`geodesy.pair_km`, exact near the limit) and the rules decide.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.spatial import cKDTree

from matching import rules
from matching.geodesy import chord_for_km, pair_km
from matching.tables import FloatArray, IntArray, Tables

GROUP_RATIO = 1.25  # households whose max_km is within this ratio share one tree query

# Why a pair within reach cannot be proposed; 0 means it can.
FAILS = ("ok", "declined", *(code for code, _ in rules.PAIR_RULES), "association")


@dataclass(frozen=True)
class Candidates:
    """Every household–home pair within the household's reach, with the first rule it breaks.

    `fail` indexes FAILS. The pairs with `fail == 0` are the solver's candidates; the others feed the
    explanations ("4 homes within 10 km, none with 3 bedrooms").
    """

    hh: IntArray
    home: IntArray
    km: FloatArray
    fail: IntArray
    start: IntArray
    end: IntArray
    cover_home: IntArray  # association coverage as (home, association) pairs, sorted by home
    cover_assoc: IntArray

    @property
    def ok(self) -> IntArray:
        """Positions of the pairs that pass every rule."""
        return np.flatnonzero(self.fail == 0)


def reach_pairs(t: Tables) -> tuple[IntArray, IntArray, FloatArray]:
    """All (household, home, km) with the geodesic distance within the household's `max_km`."""
    n_hh = len(t.hh_ids)
    if n_hh == 0 or not t.home_ids:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, np.zeros(0)
    homes_tree = cKDTree(t.home_vec)
    order = np.argsort(t.hh_max_km, kind="stable")
    radii = t.hh_max_km[order]
    parts: list[tuple[IntArray, IntArray]] = []
    start = 0
    while start < n_hh:
        stop = int(np.searchsorted(radii, radii[start] * GROUP_RATIO, side="right"))
        members = order[start:stop]
        tree = cKDTree(t.hh_vec[members])
        found = tree.sparse_distance_matrix(
            homes_tree, float(chord_for_km(radii[stop - 1])), output_type="ndarray"
        )
        parts.append((members[found["i"]], found["j"].astype(np.int64)))
        start = stop
    hh = np.concatenate([p[0] for p in parts])
    home = np.concatenate([p[1] for p in parts])
    key = np.sort(hh * len(t.home_ids) + home)
    hh, home = key // len(t.home_ids), key % len(t.home_ids)
    km = pair_km(
        t.hh_vec[hh],
        t.home_vec[home],
        t.hh_lat[hh],
        t.hh_lon[hh],
        t.home_lat[home],
        t.home_lon[home],
        t.hh_max_km[hh],
    )
    keep = rules.within_distance(t, hh, km)
    return hh[keep], home[keep], km[keep]


def coverage(t: Tables) -> tuple[IntArray, IntArray]:
    """(home, association) pairs where the association's area holds the home, sorted by home."""
    if not t.as_ids or not t.home_ids:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    tree = cKDTree(t.home_vec)
    near = tree.query_ball_point(t.as_vec, chord_for_km(t.as_radius_km))
    assoc = np.concatenate([np.full(len(found), a, dtype=np.int64) for a, found in enumerate(near)])
    home = np.concatenate([np.asarray(found, dtype=np.int64) for found in near])
    listed_a, listed_h = [], []
    for a, codes in enumerate(t.as_communes):
        if len(codes):
            hits = np.flatnonzero(np.isin(t.home_commune, codes))
            listed_a.append(np.full(len(hits), a, dtype=np.int64))
            listed_h.append(hits)
    key = np.unique(
        np.concatenate(
            [
                home * len(t.as_ids) + assoc,
                *[h * len(t.as_ids) + a for a, h in zip(listed_a, listed_h, strict=True)],
            ]
        )
    )
    home, assoc = key // len(t.as_ids), key % len(t.as_ids)
    km = pair_km(
        t.as_vec[assoc],
        t.home_vec[home],
        t.as_lat[assoc],
        t.as_lon[assoc],
        t.home_lat[home],
        t.home_lon[home],
        t.as_radius_km[assoc],
    )
    keep = rules.covers(t, assoc, home, km)
    return home[keep], assoc[keep]


def declined_keys(t: Tables) -> IntArray:
    """The `forbidden` pairs as sorted keys household * n_homes + home (unknown ids are ignored)."""
    hh_pos = {hid: i for i, hid in enumerate(t.hh_ids)}
    home_pos = {hid: i for i, hid in enumerate(t.home_ids)}
    keys = [
        hh_pos[h] * len(t.home_ids) + home_pos[m]
        for h, m in t.problem.forbidden
        if h in hh_pos and m in home_pos
    ]
    return np.unique(np.asarray(keys, dtype=np.int64))


def class_served(t: Tables, cover_home: IntArray, cover_assoc: IntArray) -> np.ndarray:
    """(n_homes, n_classes) count of covering associations offering each need class's support."""
    counts = np.zeros((len(t.home_ids), len(t.classes)), dtype=np.int64)
    for c in range(len(t.classes)):
        counts[:, c] = np.bincount(cover_home, weights=t.offers[c, cover_assoc], minlength=len(t.home_ids))
    return counts


def build_candidates(t: Tables) -> Candidates:
    """Pairs within reach, each marked with the first rule it fails (0 when it passes them all)."""
    hh, home, km = reach_pairs(t)
    fail = np.zeros(len(hh), dtype=np.int64)

    def mark(code: str, allowed: np.ndarray) -> None:
        fail[(fail == 0) & ~allowed] = FAILS.index(code)

    mark("declined", rules.not_declined(t, hh, home, declined_keys(t)))
    for code, rule in rules.PAIR_RULES:
        mark(code, rule(t, hh, home))
    cover_home, cover_assoc = coverage(t)
    served = class_served(t, cover_home, cover_assoc)
    mark("association", served[home, t.hh_class[hh]] > 0)
    start = rules.placement_start(t, hh, home)
    return Candidates(
        hh=hh,
        home=home,
        km=km,
        fail=fail,
        start=start,
        end=rules.six_months_later(start),
        cover_home=cover_home,
        cover_assoc=cover_assoc,
    )
