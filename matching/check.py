"""`check`: every rule verified on a solution without the solver; returns all violations found."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import numpy as np

from matching import rules
from matching.candidates import declined_keys
from matching.geodesy import pair_km
from matching.norms import load_norms
from matching.problem import Problem
from matching.solution import Placement, Solution
from matching.tables import Tables, build_tables


@dataclass(frozen=True)
class Violation:
    """One broken rule: a stable code, a sentence, and the ids involved."""

    code: str
    text: str
    household_id: str = ""
    home_id: str = ""
    association_id: str = ""


def check(problem: Problem, solution: Solution) -> list[Violation]:
    """All rule violations of `solution` for `problem`; an empty list means it is valid."""
    t = build_tables(problem, solution.options.norms or load_norms(solution.options.norms_path))
    found = one_to_one(solution.placements) + locks_kept(problem, solution.placements)
    ids = (set(t.hh_ids), set(t.home_ids), set(t.as_ids))
    known = [
        p
        for p in solution.placements
        if p.household_id in ids[0] and p.home_id in ids[1] and p.association_id in ids[2]
    ]
    found += [
        Violation(
            "unknown_id",
            f"placement {p.household_id} → {p.home_id} names an unknown id",
            p.household_id,
            p.home_id,
        )
        for p in solution.placements
        if not (p.household_id in ids[0] and p.home_id in ids[1] and p.association_id in ids[2])
    ]
    found += pair_rules(t, [p for p in known if not p.locked])
    found += capacities(t, known)
    return found


def one_to_one(placements: tuple[Placement, ...]) -> list[Violation]:
    """Rule 1: one home per household and one household per home."""
    found = [
        Violation("household_placed_twice", f"household {h} is placed {n} times", household_id=h)
        for h, n in Counter(p.household_id for p in placements).items()
        if n > 1
    ]
    found += [
        Violation("home_used_twice", f"home {h} is given {n} times", home_id=h)
        for h, n in Counter(p.home_id for p in placements).items()
        if n > 1
    ]
    return found


def locks_kept(problem: Problem, placements: tuple[Placement, ...]) -> list[Violation]:
    """Rule 1: locked placements are kept as they are."""
    present = {(p.household_id, p.home_id, p.association_id) for p in placements if p.locked}
    return [
        Violation(
            "lock_not_kept",
            f"locked placement {lk.household_id} → {lk.home_id} was changed",
            lk.household_id,
            lk.home_id,
        )
        for lk in problem.locked
        if (lk.household_id, lk.home_id, lk.association_id) not in present
    ]


def pair_rules(t: Tables, placements: list[Placement]) -> list[Violation]:
    """Rules 1 (declined), 2–6 and 7 (area and support) on each proposed placement."""
    if not placements:
        return []
    hh_pos = {key: i for i, key in enumerate(t.hh_ids)}
    home_pos = {key: i for i, key in enumerate(t.home_ids)}
    as_pos = {key: i for i, key in enumerate(t.as_ids)}
    hh = np.asarray([hh_pos[p.household_id] for p in placements], dtype=np.int64)
    home = np.asarray([home_pos[p.home_id] for p in placements], dtype=np.int64)
    assoc = np.asarray([as_pos[p.association_id] for p in placements], dtype=np.int64)
    km = pair_km(
        t.hh_vec[hh],
        t.home_vec[home],
        t.hh_lat[hh],
        t.hh_lon[hh],
        t.home_lat[home],
        t.home_lon[home],
        t.hh_max_km[hh],
    )
    as_km = pair_km(
        t.as_vec[assoc],
        t.home_vec[home],
        t.as_lat[assoc],
        t.as_lon[assoc],
        t.home_lat[home],
        t.home_lon[home],
        t.as_radius_km[assoc],
    )
    start = rules.placement_start(t, hh, home)
    checks = {
        "declined": rules.not_declined(t, hh, home, declined_keys(t)),
        "size": rules.size_fits(t, hh, home),
        "access": rules.accessible(t, hh, home),
        "pets": rules.pets_welcome(t, hh, home),
        "dates": rules.available_six_months(t, hh, home),
        "distance": rules.within_distance(t, hh, km),
        "commune": rules.commune_allowed(t, hh, home),
        "association_area": rules.covers(t, assoc, home, as_km),
        "association_support": rules.offers_support(t, hh, assoc),
        "start_date": np.asarray([p.start.toordinal() for p in placements]) == start,
        "end_date": np.asarray([p.end.toordinal() for p in placements]) == rules.six_months_later(start),
    }
    found = []
    for code, allowed in checks.items():
        for k in np.flatnonzero(~allowed).tolist():
            p = placements[k]
            found.append(
                Violation(
                    code,
                    f"{p.household_id} → {p.home_id} breaks the {code} rule",
                    p.household_id,
                    p.home_id,
                    p.association_id,
                )
            )
    return found


def capacities(t: Tables, placements: list[Placement]) -> list[Violation]:
    """Rule 7: no association follows more than its capacity, counting its current load."""
    load = Counter(p.association_id for p in placements)
    return [
        Violation(
            "association_over_capacity",
            f"association {a} follows {t.as_load[i] + load[a]} > {t.as_capacity[i]}",
            association_id=a,
        )
        for i, a in enumerate(t.as_ids)
        if t.as_load[i] + load[a] > t.as_capacity[i]
    ]
