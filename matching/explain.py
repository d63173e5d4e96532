"""`explain`: why a household got this home or none, and what change would unlock a match."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from matching import rules, scoring
from matching.candidates import class_served, coverage, declined_keys
from matching.geodesy import pair_km
from matching.norms import load_norms
from matching.problem import Problem
from matching.reasons import reason, support_words
from matching.solution import Placement, Reason, Solution
from matching.tables import BoolArray, IntArray, Tables, build_tables


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
    t = build_tables(problem, solution.options.norms or load_norms(solution.options.norms_path))
    i = t.hh_ids.index(household_id)
    homes = np.arange(len(t.home_ids), dtype=np.int64)
    hh = np.full(len(homes), i, dtype=np.int64)
    km = pair_km(
        t.hh_vec[hh], t.home_vec, t.hh_lat[hh], t.hh_lon[hh], t.home_lat, t.home_lon, t.hh_max_km[hh]
    )
    cover_home, cover_assoc = coverage(t)
    holder = {p.home_id: p.household_id for p in solution.placements}
    taken = np.asarray([holder.get(h, "") not in ("", household_id) for h in t.home_ids], dtype=np.bool_)
    masks = {code: rule(t, hh, homes) for code, rule in rules.PAIR_RULES}
    masks["declined"] = rules.not_declined(t, hh, homes, declined_keys(t))
    masks["association"] = class_served(t, cover_home, cover_assoc)[:, t.hh_class[i]] > 0
    masks["distance"] = rules.within_distance(t, hh, km)
    placement = solution.placement_of(household_id)
    if placement is None:
        reasons = solution.unmatched.get(household_id, ())
        unlocks = _unlocks(t, i, km, masks, ~taken, solution, cover_home, cover_assoc)
        return Explanation(household_id, None, reasons, unlocks, ())
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
    ok = np.flatnonzero(
        np.logical_and.reduce(list(masks.values())) & (t.home_ids.index(placement.home_id) != homes)
    )
    d, p, s = scoring.score_parts(t, hh[ok], ok, km[ok], solution.options)
    order = np.lexsort((km[ok], -(d + p + s)))[: solution.options.alternatives]
    alternatives = tuple(
        Alternative(
            t.home_ids[ok[k]],
            round(float(km[ok[k]]), 3),
            int(d[k] + p[k] + s[k]),
            holder.get(t.home_ids[ok[k]], ""),
        )
        for k in order.tolist()
    )
    return Explanation(household_id, placement, (why,), (), alternatives)


def _all_but(masks: dict[str, BoolArray], *skip: str) -> BoolArray:
    return np.asarray(
        np.logical_and.reduce([m for code, m in masks.items() if code not in skip]), dtype=np.bool_
    )


def _unlocks(
    t: Tables,
    i: int,
    km: np.ndarray,
    masks: dict[str, BoolArray],
    free: BoolArray,
    solution: Solution,
    cover_home: IntArray,
    cover_assoc: IntArray,
) -> tuple[Reason, ...]:
    """One change per kind that would make a free home fit, nearest home first."""
    h = t.problem.households[i]
    found: list[Reason] = []
    far = np.flatnonzero(_all_but(masks, "distance") & free)
    if len(far):
        k = far[np.argmin(km[far])]
        found.append(
            reason(
                "raise_max_km", distance_km=float(km[k]), new_max_km=math.ceil(km[k]), home_id=t.home_ids[k]
            )
        )
    excluded = np.flatnonzero(_all_but(masks, "commune") & ~masks["commune"] & free)
    if len(excluded):
        k = excluded[np.argmin(km[excluded])]
        found.append(
            reason("lift_commune_exclusion", commune=t.communes[t.home_commune[k]], home_id=t.home_ids[k])
        )
    small = _all_but(masks, "size") & ~masks["size"] & free
    fewer = np.flatnonzero(
        small
        & (t.home_bedrooms < h.bedrooms_needed)
        & (t.home_occupants >= h.persons)
        & (t.home_surface >= t.norms.surface_for(h.persons))
    )
    if len(fewer):
        k = fewer[np.argmax(t.home_bedrooms[fewer])]
        found.append(reason("accept_fewer_bedrooms", bedrooms=int(t.home_bedrooms[k]), home_id=t.home_ids[k]))
    # Only a home some association covers can be unlocked by that association adding support.
    covered = np.zeros(len(t.home_ids), dtype=np.bool_)
    covered[cover_home] = True
    lacking = np.flatnonzero(_all_but(masks, "association") & ~masks["association"] & free & covered)
    if len(lacking):
        k = lacking[np.argmin(km[lacking])]
        a = int(cover_assoc[np.flatnonzero(cover_home == k)[0]])
        found.append(
            reason(
                "association_adds_support",
                association_id=t.as_ids[a],
                support=support_words(h.support_needs),
                home_id=t.home_ids[k],
            )
        )
    load = {a: 0 for a in t.as_ids}
    for p in solution.placements:
        load[p.association_id] = load.get(p.association_id, 0) + 1
    fits = np.flatnonzero(_all_but(masks) & free)
    for k in fits[np.argsort(km[fits])].tolist():
        for a in cover_assoc[cover_home == k].tolist():
            if t.offers[t.hh_class[i], a] and t.as_load[a] + load[t.as_ids[a]] >= t.as_capacity[a]:
                found.append(
                    reason("raise_association_capacity", association_id=t.as_ids[a], home_id=t.home_ids[k])
                )
                return tuple(found)
    return tuple(found)
