"""Candidate pairs found through a k-d tree, never by comparing every household with every home.

Households are grouped by similar `max_km`; each group's tree is joined with the homes' tree at the
chord that safely contains the group's largest radius (`geodesy.chord_for_km`). A pair whose chord is
inside `geodesy.chord_within_km` of its own limit is within reach without further ado; only the thin
band between the two chords gets its WGS-84 distance (`geodesy.pair_km`, exact near the limit). The
rules then decide, each on the pairs the previous ones let through; distances and dates are computed
for the candidates only.

With `Options.max_candidates`, households are taken a block at a time and each keeps only its best
suitable homes (most fit points, then nearest): a dense département's pairs then never exist all at
once, which is what bounds a national round's memory (docs/matching.md, "Capped candidates").
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial

import numpy as np
from scipy.spatial import cKDTree

from matching import rules, scoring
from matching.geodesy import Points, chord_for_km, chord_within_km, indexed_km
from matching.options import Options
from matching.tables import BoolArray, FloatArray, IntArray, Tables, compact, distinct, in_sorted

GROUP_RATIO = 1.25  # households whose max_km is within this ratio share one tree query
CAPPED_BLOCK = 256  # households per tree query when candidates are capped (bounds the pairs held at once)
SET_KEEP = 3  # homes a household keeps with a set of associations it picks for an association it lacks

# Why a pair within reach cannot be proposed; 0 means it can.
FAILS = ("ok", "declined", *(code for code, _ in rules.PAIR_RULES), "association")


@dataclass(frozen=True)
class Candidates:
    """Household–home pairs within the household's reach, with the first rule each breaks.

    `fail` indexes FAILS. The pairs with `fail == 0` (positions `ok`) are the solver's candidates, and
    `km`, `start` and `end` are given for them, aligned with `ok`. `fail_counts[h, f]` counts every pair
    of household h within reach by the first rule it fails; it feeds the explanations ("4 homes within
    10 km, none with 3 bedrooms"). Without a cap the pairs are all of them; with a cap they are the
    kept candidates only, and `beyond_cap[h]` counts the suitable homes household h did not keep.
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
    fail_counts: IntArray
    beyond_cap: IntArray


def reach_pairs(t: Tables) -> tuple[IntArray, IntArray, FloatArray]:
    """All (household, home) pairs with the geodesic distance within the household's `max_km`, and
    the chord between their unit vectors."""
    parts = list(reach_blocks(t))
    if not parts:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, np.zeros(0)
    hh, home, chord = (np.concatenate([part[k] for part in parts]) for k in range(3))
    return hh, home, chord


def reach_blocks(t: Tables, block: int | None = None) -> Iterator[tuple[IntArray, IntArray, FloatArray]]:
    """`reach_pairs` a group of households at a time, each group of at most `block` households
    (None: all those of similar reach); every household's pairs are in one group."""
    n_hh = len(t.hh_ids)
    if n_hh == 0 or not t.home_ids:
        return
    homes_tree = cKDTree(t.home_vec)
    order = np.argsort(t.hh_max_km, kind="stable")
    radii = t.hh_max_km[order]
    start = 0
    while start < n_hh:
        stop = int(np.searchsorted(radii, radii[start] * GROUP_RATIO, side="right"))
        if block is not None:
            stop = min(stop, start + block)
        members = order[start:stop]
        found = cKDTree(t.hh_vec[members]).sparse_distance_matrix(
            homes_tree, float(chord_for_km(radii[stop - 1])), output_type="ndarray"
        )
        # Each group's pairs are decided before the next query, so the over-fetched ones never pile up.
        hh, home, chord = members[found["i"]], found["j"].astype(np.int64), found["v"].copy()
        del found
        keep = _within_reach(t, hh, home, chord)
        yield hh[keep], home[keep], chord[keep]
        start = stop


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


def cover_pointers(cover_home: IntArray, n_homes: int) -> IntArray:
    """Where each home's run of the coverage (sorted by home) starts, and the end: CSR rows."""
    return np.searchsorted(cover_home, np.arange(n_homes + 1)).astype(np.int64)


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


Check = Callable[[IntArray, IntArray], BoolArray]


def _checks(t: Tables, cover_home: IntArray, cover_assoc: IntArray) -> list[tuple[str, Check]]:
    """The rules a pair within reach must pass, in the order of FAILS."""
    served = class_served(t, cover_home, cover_assoc)
    declined = declined_keys(t)

    def not_declined(h: IntArray, m: IntArray) -> BoolArray:
        return rules.not_declined(t, h, m, declined)

    def supported(h: IntArray, m: IntArray) -> BoolArray:
        return np.asarray(served[m, t.hh_class[h]] > 0, dtype=np.bool_)

    return [
        ("declined", not_declined),
        *((code, partial(rule, t)) for code, rule in rules.PAIR_RULES),
        ("association", supported),
    ]


def _decide(hh: IntArray, home: IntArray, checks: list[tuple[str, Check]]) -> tuple[IntArray, IntArray]:
    """The first rule each pair fails (0: none), and the positions of the pairs that pass them all."""
    fail = np.zeros(len(hh), dtype=np.int64)
    open_ = np.arange(len(hh), dtype=np.int64)
    h, m = hh, home  # the open pairs, compacted as they go (cheaper than gathering them again)
    for code, allowed in checks:
        passed = allowed(h, m)
        fail[open_[~passed]] = FAILS.index(code)
        open_, h, m = open_[passed], h[passed], m[passed]
    return fail, open_


def _fail_counts(t: Tables, hh: IntArray, fail: IntArray) -> IntArray:
    n = len(t.hh_ids) * len(FAILS)
    return np.bincount(hh * len(FAILS) + fail, minlength=n).reshape(len(t.hh_ids), len(FAILS))


def build_candidates(t: Tables, options: Options | None = None) -> Candidates:
    """Pairs within reach, each marked with the first rule it fails (0 when it passes them all); with
    `options.max_candidates`, only each household's best suitable homes (see `best_per_household`)."""
    cover_home, cover_assoc = coverage(t)
    checks = _checks(t, cover_home, cover_assoc)
    if options is not None and options.max_candidates is not None:
        return _capped(t, checks, cover_home, cover_assoc, options, options.max_candidates)
    hh, home, chord = reach_pairs(t)
    fail, open_ = _decide(hh, home, checks)
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
        fail_counts=_fail_counts(t, hh, fail),
        beyond_cap=np.zeros(len(t.hh_ids), dtype=np.int64),
    )


def _capped(
    t: Tables,
    checks: list[tuple[str, Check]],
    cover_home: IntArray,
    cover_assoc: IntArray,
    options: Options,
    cap: int,
) -> Candidates:
    """`build_candidates` keeping each household's best suitable homes only, a block at a time."""
    counts = np.zeros((len(t.hh_ids), len(FAILS)), dtype=np.int64)
    sets, set_bits = association_sets(t, cover_home, cover_assoc)
    kept_hh: list[IntArray] = [np.zeros(0, dtype=np.int64)]
    kept_home: list[IntArray] = [np.zeros(0, dtype=np.int64)]
    kept_km: list[FloatArray] = [np.zeros(0, dtype=np.float64)]
    for hh, home, chord in reach_blocks(t, CAPPED_BLOCK):
        fail, open_ = _decide(hh, home, checks)
        counts += _fail_counts(t, hh, fail)
        h, m = hh[open_], home[open_]
        km = indexed_km(t.hh_points, h, t.home_points, m, t.hh_max_km[h], chord[open_])
        distance, preferred, size = scoring.score_parts(t, h, m, km, options)
        best = best_per_household(h, distance + preferred + size, km, cap, sets[m, t.hh_class[h]], set_bits)
        kept_hh.append(h[best])
        kept_home.append(m[best])
        kept_km.append(km[best])
    hh, home, km = np.concatenate(kept_hh), np.concatenate(kept_home), np.concatenate(kept_km)
    start = rules.placement_start(t, hh, home)
    return Candidates(
        hh=hh,
        home=home,
        fail=np.zeros(len(hh), dtype=np.int64),
        ok=np.arange(len(hh), dtype=np.int64),
        km=km,
        start=start,
        end=rules.six_months_later(start),
        cover_home=cover_home,
        cover_assoc=cover_assoc,
        fail_counts=counts,
        beyond_cap=counts[:, 0] - np.bincount(hh, minlength=len(t.hh_ids)),
    )


def association_sets(t: Tables, cover_home: IntArray, cover_assoc: IntArray) -> tuple[IntArray, np.ndarray]:
    """Which associations may follow a household of each need class in each home, as a number per
    (home, class) for the set, and each set's bits (association a is bit a % 64 of word a // 64)."""
    words = max(1, (len(t.as_ids) + 63) // 64)
    masks = np.zeros((len(t.home_ids) * len(t.classes), words), dtype=np.uint64)
    bits = np.left_shift(np.uint64(1), (cover_assoc % 64).astype(np.uint64))
    ptr = cover_pointers(cover_home, len(t.home_ids))
    covered = np.flatnonzero(np.diff(ptr))  # coverage is sorted by home: one OR per home's run
    for c in range(len(t.classes) if len(covered) else 0):
        for w in range(words):
            chosen = t.offers[c, cover_assoc] & (cover_assoc // 64 == w)
            masks[covered * len(t.classes) + c, w] = np.bitwise_or.reduceat(
                np.where(chosen, bits, np.uint64(0)), ptr[covered]
            )
    # Sets are told apart by a hash of their words (odd multipliers, wrapping), then numbered.
    hashed = (masks * _WORD_MIX[: masks.shape[1]]).sum(axis=1, dtype=np.uint64)
    _, first, numbers = np.unique(hashed, return_index=True, return_inverse=True)
    return numbers.reshape(len(t.home_ids), len(t.classes)).astype(np.int64), masks[first]


_WORD_MIX = np.random.default_rng(0).integers(1, 2**62, size=4096, dtype=np.int64).view(
    np.uint64
) | np.uint64(1)


def best_per_household(
    hh: IntArray,
    fit: IntArray,
    km: FloatArray,
    cap: int,
    sets: IntArray | None = None,
    set_bits: np.ndarray | None = None,
) -> IntArray:
    """Positions of each household's `cap` best pairs (most fit points, then the nearest) and, with
    `sets` (each pair's association set, see `association_sets`) and their `set_bits`, of the homes
    that let every association able to follow the household do so.

    Fit is what the solver maximises once priorities are served, so a household's best-fitting homes
    are the ones it would be given when homes are plentiful. But which association may follow it
    depends on the home: a household whose best homes are all in full associations' areas needs a
    home where another association has room, or a more urgent household loses its place to a less
    urgent one. So, round by round, each household also keeps its best home among those that a new
    association could follow it in, until every association it could have is one it has
    (docs/matching.md, "Capped candidates").
    """
    if not len(hh):
        return np.zeros(0, dtype=np.int64)
    missing = fit.max() - fit  # points short of the block's best: 0 first
    _, local = compact(hh, int(hh.max()) + 1)
    keep = _best_in_groups(local, missing, km, cap)
    if sets is None or set_bits is None:
        return np.flatnonzero(keep)
    have = np.zeros((int(local.max()) + 1, set_bits.shape[1]), dtype=np.uint64)
    for w in range(set_bits.shape[1]):
        np.bitwise_or.at(have[:, w], local[keep], set_bits[sets[keep], w])
    # A household's pick of a set brings its SET_KEEP best homes of that set (one may go to someone
    # else); only those, and first the best of each, can ever be picked.
    rest = np.flatnonzero(~keep)
    _, group = compact(local[rest] * len(set_bits) + sets[rest], (int(local.max()) + 1) * len(set_bits))
    chosen = _best_in_groups(group, missing[rest], km[rest], SET_KEEP)
    rest, group = rest[chosen], group[chosen]
    firsts = _bringing_more(rest[_best_of_each(group, missing[rest], km[rest])], local, sets, set_bits, have)
    while len(firsts):
        picked = firsts[_best_of_each(local[firsts], missing[firsts], km[firsts])]
        keep[rest[np.isin(group, group[np.searchsorted(rest, picked)])]] = True
        have[local[picked]] |= set_bits[sets[picked]]  # one pick per household: no two rows collide
        firsts = _bringing_more(firsts[~keep[firsts]], local, sets, set_bits, have)
    return np.flatnonzero(keep)


def _best_of_each(group: IntArray, missing: IntArray, km: FloatArray) -> IntArray:
    """`_best_in_groups` with a cap of 1, in a few passes over the pairs (minima per group) instead of
    a matrix of levels per group: the association rounds call it on every pair of a block."""
    if not len(group):
        return np.zeros(0, dtype=np.int64)
    _, group = compact(group, int(group.max()) + 1)
    n = int(group.max()) + 1
    fewest = np.full(n, np.iinfo(np.int64).max, dtype=np.int64)
    np.minimum.at(fewest, group, missing)
    level = np.flatnonzero(missing == fewest[group])
    nearest = np.full(n, np.inf)
    np.minimum.at(nearest, group[level], km[level])
    best = level[km[level] == nearest[group[level]]]
    first = np.full(n, len(group), dtype=np.int64)
    np.minimum.at(first, group[best], best)
    return first


def _bringing_more(
    pairs: IntArray, local: IntArray, sets: IntArray, set_bits: np.ndarray, have: np.ndarray
) -> IntArray:
    """The pairs whose home a household's associations so far could not all follow it in."""
    more: BoolArray = (set_bits[sets[pairs]] & ~have[local[pairs]]).any(axis=1)
    return pairs[more]


def _best_in_groups(group: IntArray, missing: IntArray, km: FloatArray, cap: int) -> BoolArray:
    """The `cap` best pairs of each group (fewest missing points, then the nearest). Points are whole
    numbers: counting each group's pairs per number of points finds the level where its cap falls,
    and only the pairs of that level are sorted, a few in a hundred instead of all."""
    if not len(group):
        return np.zeros(0, dtype=np.bool_)
    levels = int(missing.max()) + 1
    counts = np.bincount(group * levels + missing, minlength=(int(group.max()) + 1) * levels).reshape(
        -1, levels
    )
    better = (np.cumsum(counts, axis=1) - counts)[group, missing]  # pairs of the group ahead of each
    keep = better + counts[group, missing] <= cap
    split = np.flatnonzero(~keep & (better < cap))  # the level where the group's cap falls
    order = split[np.lexsort((km[split], group[split]))]
    ranked = group[order]
    rank = np.arange(len(order)) - np.searchsorted(ranked, ranked, side="left")
    keep[order[rank < cap - better[order]]] = True
    return keep
