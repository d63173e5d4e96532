"""`explain`: why a household got this home or none, and what change would unlock a match."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

import numpy as np
from scipy.spatial import cKDTree

from matching import rules, scoring
from matching.candidates import class_served, cover_pointers, coverage, declined_keys
from matching.chunk import expand_cover
from matching.geodesy import chord_for_km, pair_km
from matching.norms import load_norms
from matching.problem import Household, Problem
from matching.reasons import reason, support_words
from matching.solution import Placement, Reason, Solution
from matching.tables import BoolArray, IntArray, Tables, build_tables, distinct


@dataclass(frozen=True)
class Alternative:
    """Another home the household could have had, and who has it now ("" if free)."""

    home_id: str
    distance_km: float
    score: int
    taken_by: str


@dataclass(frozen=True)
class Explanation:
    """Reasons for the outcome of one household, changes that would unlock a match, alternatives."""

    household_id: str
    placement: Placement | None
    reasons: tuple[Reason, ...]
    unlocks: tuple[Reason, ...]
    alternatives: tuple[Alternative, ...]


def explain(problem: Problem, solution: Solution, household_id: str) -> Explanation:
    """Explain one household's outcome in `solution` (computed from the rules, not the solver)."""
    return explain_many(problem, solution, (household_id,))[household_id]


def explain_many(
    problem: Problem,
    solution: Solution,
    household_ids: Iterable[str],
    nearest: int | None = None,
    margin_km: float = 0.0,
) -> dict[str, Explanation]:
    """Explain several households' outcomes, the round's tables and coverage built once.

    Each household looks at every home, or with `nearest` at its `nearest` homes within its reach
    plus `margin_km` (and the home it is placed at): in a dense place the nearest few hundred homes
    are enough to say why, and explaining a household then costs the same in a town and in a country.
    Households are taken a batch at a time so that their pairs stay within a few million.
    """
    t = build_tables(problem, solution.options.norms or load_norms(solution.options.norms_path))
    ctx = _Context.of(t, solution)
    wanted = np.asarray([ctx.hh_pos[h] for h in household_ids], dtype=np.int64)
    per = len(t.home_ids) if nearest is None else min(nearest, len(t.home_ids))
    batch = max(1, _BATCH_PAIRS // max(per + 1, 1))
    out: dict[str, Explanation] = {}
    for first in range(0, len(wanted), batch):
        out.update(_explain_batch(t, ctx, solution, wanted[first : first + batch], nearest, margin_km))
    return out


_BATCH_PAIRS = 2_000_000


@dataclass(frozen=True)
class _Context:
    """What every batch shares: positions, coverage, who holds each home, which associations are full."""

    hh_pos: dict[str, int]
    home_pos: dict[str, int]
    holder: dict[str, str]
    holder_pos: IntArray  # per home: position of the household placed in it, −1 if free
    placed_home: IntArray  # per household: position of its home, −1 if unplaced
    cover_home: IntArray
    cover_assoc: IntArray
    cover_ptr: IntArray
    served: np.ndarray
    declined: IntArray
    full: BoolArray  # per association: no place left after this solution
    home_vec: np.ndarray

    @cached_property
    def homes_tree(self) -> cKDTree:
        """The homes' k-d tree, built once for every batch (and only when `nearest` asks for it)."""
        return cKDTree(self.home_vec)

    @classmethod
    def of(cls, t: Tables, solution: Solution) -> _Context:
        hh_pos = {h: i for i, h in enumerate(t.hh_ids)}
        home_pos = {m: j for j, m in enumerate(t.home_ids)}
        holder = {p.home_id: p.household_id for p in solution.placements}
        holder_pos = np.full(len(t.home_ids), -1, dtype=np.int64)
        placed_home = np.full(len(t.hh_ids), -1, dtype=np.int64)
        for p in solution.placements:
            if p.home_id in home_pos:
                holder_pos[home_pos[p.home_id]] = hh_pos.get(p.household_id, len(t.hh_ids))
                if p.household_id in hh_pos:
                    placed_home[hh_pos[p.household_id]] = home_pos[p.home_id]
        cover_home, cover_assoc = coverage(t)
        loads = solution.association_loads
        full = np.asarray(
            [t.as_load[a] + loads[as_id] >= t.as_capacity[a] for a, as_id in enumerate(t.as_ids)],
            dtype=np.bool_,
        )
        return cls(
            hh_pos=hh_pos,
            home_pos=home_pos,
            holder=holder,
            holder_pos=holder_pos,
            placed_home=placed_home,
            cover_home=cover_home,
            cover_assoc=cover_assoc,
            cover_ptr=cover_pointers(cover_home, len(t.home_ids)),
            served=class_served(t, cover_home, cover_assoc),
            declined=declined_keys(t),
            full=full.reshape(-1),
            home_vec=t.home_vec,
        )


def _pairs(
    t: Tables, ctx: _Context, rows: IntArray, nearest: int | None, margin_km: float
) -> tuple[IntArray, IntArray]:
    """(household, home) pairs to look at, grouped by household and by home within each."""
    n_homes = len(t.home_ids)
    if nearest is None or not n_homes:
        hh = np.repeat(rows, n_homes)
        return hh, np.tile(np.arange(n_homes, dtype=np.int64), len(rows))
    reach = t.hh_max_km[rows] + margin_km
    found_chord, found = ctx.homes_tree.query(
        t.hh_vec[rows], k=min(nearest, n_homes), distance_upper_bound=float(chord_for_km(reach.max()))
    )
    found, found_chord = found.reshape(len(rows), -1), found_chord.reshape(len(rows), -1)
    inside = found_chord <= chord_for_km(reach)[:, None]
    hh = np.concatenate([np.repeat(rows, inside.sum(axis=1)), rows[ctx.placed_home[rows] >= 0]])
    home = np.concatenate([found[inside], ctx.placed_home[rows][ctx.placed_home[rows] >= 0]]).astype(np.int64)
    key = distinct(hh * n_homes + home)
    return key // n_homes, key % n_homes


def _first_per_household(hh: IntArray, chosen: BoolArray, *keys: np.ndarray) -> dict[int, int]:
    """For each household, the pair (position) that comes first by `keys` among the chosen ones."""
    at = np.flatnonzero(chosen)
    if not len(at):
        return {}
    order = at[np.lexsort((*(k[at] for k in reversed(keys)), hh[at]))]
    ranked = hh[order]
    first = np.r_[True, ranked[1:] != ranked[:-1]]
    return dict(zip(ranked[first].tolist(), order[first].tolist(), strict=True))


def _explain_batch(
    t: Tables, ctx: _Context, solution: Solution, rows: IntArray, nearest: int | None, margin_km: float
) -> dict[str, Explanation]:
    hh, homes = _pairs(t, ctx, rows, nearest, margin_km)
    km = pair_km(
        t.hh_vec[hh],
        t.home_vec[homes],
        t.hh_lat[hh],
        t.hh_lon[hh],
        t.home_lat[homes],
        t.home_lon[homes],
        t.hh_max_km[hh],
    )
    masks = {code: rule(t, hh, homes) for code, rule in rules.PAIR_RULES}
    masks["declined"] = rules.not_declined(t, hh, homes, ctx.declined)
    masks["association"] = ctx.served[homes, t.hh_class[hh]] > 0
    masks["distance"] = rules.within_distance(t, hh, km)
    holder = ctx.holder_pos[homes]
    free = (holder < 0) | (holder == hh)
    fits = _all_but(masks)
    unplaced = ctx.placed_home[hh] < 0
    # Placed households: their best other homes by fit points, then distance.
    alternative = fits & ~unplaced & (homes != ctx.placed_home[hh])
    d, p, s = scoring.score_parts(t, hh[alternative], homes[alternative], km[alternative], solution.options)
    score = np.zeros(len(hh), dtype=np.int64)
    score[alternative] = d + p + s
    at = np.flatnonzero(alternative)
    order = at[np.lexsort((homes[at], km[at], -score[at], hh[at]))]
    ranked = hh[order]
    rank = np.arange(len(order)) - np.searchsorted(ranked, ranked, side="left")
    alternatives: dict[int, list[int]] = {}
    for i, k in zip(
        ranked[rank < solution.options.alternatives].tolist(),
        order[rank < solution.options.alternatives].tolist(),
        strict=True,
    ):
        alternatives.setdefault(i, []).append(k)
    # Unplaced households: one change per kind that would make a free home fit, nearest home first.
    open_ = unplaced & free
    far = _first_per_household(hh, open_ & _all_but(masks, "distance"), km, homes)
    excluded = _first_per_household(hh, open_ & _all_but(masks, "commune") & ~masks["commune"], km, homes)
    fewer = _first_per_household(
        hh,
        open_
        & _all_but(masks, "size")
        & ~masks["size"]
        & (t.home_bedrooms[homes] < t.hh_bedrooms[hh])
        & (t.home_occupants[homes] >= t.hh_persons[hh])
        & (t.home_surface[homes] >= t.norms.surfaces_for(t.hh_persons[hh])),
        -t.home_bedrooms[homes],
        homes,
    )
    covered = ctx.cover_ptr[homes + 1] > ctx.cover_ptr[homes]
    lacking = _first_per_household(
        hh, open_ & _all_but(masks, "association") & ~masks["association"] & covered, km, homes
    )
    capacity = _full_association(t, ctx, hh, homes, open_ & fits, km)
    out: dict[str, Explanation] = {}
    for i in rows.tolist():
        h = t.problem.households[i]
        placement = solution.placement_of(h.id)
        if placement is None:
            unlocks = _unlocks(t, ctx, h, km, homes, i, far, excluded, fewer, lacking, capacity)
            out[h.id] = Explanation(h.id, None, solution.unmatched.get(h.id, ()), unlocks, ())
            continue
        why = reason(
            "placement_fit",
            home_id=placement.home_id,
            distance_km=placement.distance_km,
            score=placement.score,
            distance=placement.parts.distance,
            preferred_points=placement.parts.preferred_commune,
            size=placement.parts.size_fit,
            preferred=" in a preferred commune" if placement.parts.preferred_commune else "",
        )
        others = tuple(
            Alternative(
                t.home_ids[homes[k]],
                round(float(km[k]), 3),
                int(score[k]),
                ctx.holder.get(t.home_ids[homes[k]], ""),
            )
            for k in alternatives.get(i, [])
        )
        out[h.id] = Explanation(h.id, placement, (why,), (), others)
    return out


def _full_association(
    t: Tables, ctx: _Context, hh: IntArray, homes: IntArray, fitting: BoolArray, km: np.ndarray
) -> dict[int, tuple[int, int]]:
    """Per household, the nearest free fitting home with a covering association that offers the
    household's support but is full, and that association (the first such in the coverage)."""
    at = np.flatnonzero(fitting)
    owner, assoc = expand_cover(ctx.cover_ptr, ctx.cover_assoc, homes[at])
    pair = at[owner]
    blocked = t.offers[t.hh_class[hh[pair]], assoc] & ctx.full[assoc]
    pair, assoc, entry = pair[blocked], assoc[blocked], np.flatnonzero(blocked)
    if not len(pair):
        return {}
    order = np.lexsort((entry, homes[pair], km[pair], hh[pair]))
    ranked = hh[pair[order]]
    first = order[np.r_[True, ranked[1:] != ranked[:-1]]]
    return {int(hh[pair[k]]): (int(pair[k]), int(assoc[k])) for k in first.tolist()}


def _all_but(masks: dict[str, BoolArray], *skip: str) -> BoolArray:
    return np.asarray(
        np.logical_and.reduce([m for code, m in masks.items() if code not in skip]), dtype=np.bool_
    )


def _unlocks(
    t: Tables,
    ctx: _Context,
    h: Household,
    km: np.ndarray,
    homes: IntArray,
    i: int,
    far: dict[int, int],
    excluded: dict[int, int],
    fewer: dict[int, int],
    lacking: dict[int, int],
    capacity: dict[int, tuple[int, int]],
) -> tuple[Reason, ...]:
    """The changes found for household `i`, in the order a social worker reads them."""
    found: list[Reason] = []
    if i in far:
        k = far[i]
        found.append(
            reason(
                "raise_max_km",
                distance_km=float(km[k]),
                new_max_km=math.ceil(km[k]),
                home_id=t.home_ids[homes[k]],
            )
        )
    if i in excluded:
        m = homes[excluded[i]]
        found.append(
            reason("lift_commune_exclusion", commune=t.communes[t.home_commune[m]], home_id=t.home_ids[m])
        )
    if i in fewer:
        m = homes[fewer[i]]
        found.append(reason("accept_fewer_bedrooms", bedrooms=int(t.home_bedrooms[m]), home_id=t.home_ids[m]))
    if i in lacking:
        m = homes[lacking[i]]
        a = int(ctx.cover_assoc[ctx.cover_ptr[m]])
        found.append(
            reason(
                "association_adds_support",
                association_id=t.as_ids[a],
                support=support_words(h.support_needs),
                home_id=t.home_ids[m],
            )
        )
    if i in capacity:
        k, a = capacity[i]
        found.append(
            reason("raise_association_capacity", association_id=t.as_ids[a], home_id=t.home_ids[homes[k]])
        )
    return tuple(found)
