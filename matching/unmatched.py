"""Why each unmatched household got nothing, counted from the rules over the homes within its reach."""

from __future__ import annotations

import numpy as np

from matching.candidates import FAILS, Candidates
from matching.problem import Household
from matching.reasons import sorted_reason, support_words
from matching.solution import Reason
from matching.tables import IntArray, Tables

FAIL_CODES = {
    "declined": "pairs_declined",
    "size": "homes_too_small",
    "access": "homes_not_accessible",
    "pets": "homes_without_pets",
    "dates": "homes_not_available",
    "commune": "homes_in_excluded_communes",
    "association": "no_association_for_homes",
}


def open_support(t: Tables, cands: Candidates, capacity_left: IntArray) -> np.ndarray:
    """(n_homes, n_classes): whether an association covering the home, offering the class, has room."""
    room = np.zeros((len(t.home_ids), len(t.classes)), dtype=np.bool_)
    has_room = capacity_left[cands.cover_assoc] > 0
    for c in range(len(t.classes)):
        w = t.offers[c, cands.cover_assoc] & has_room
        room[:, c] = np.bincount(cands.cover_home, weights=w, minlength=len(t.home_ids)) > 0
    return room


def unmatched_reasons(
    t: Tables, cands: Candidates, ok: IntArray, placed: IntArray, capacity_left: IntArray, locked_hh: IntArray
) -> dict[str, tuple[Reason, ...]]:
    """Reasons for every household neither placed nor locked (positions `placed` index the candidates)."""
    n_hh, n_fail = len(t.hh_ids), len(FAILS)
    is_placed = np.zeros(n_hh, dtype=np.bool_)
    is_placed[cands.hh[placed]] = True
    is_placed[locked_hh] = True
    taker = np.zeros(len(t.home_ids), dtype=np.int64)  # priority of whoever has the home, 0 if free
    taker[cands.home[placed]] = t.hh_priority[cands.hh[placed]]
    home_pos = {home_id: j for j, home_id in enumerate(t.home_ids)}
    for lk in t.problem.locked:
        taker[home_pos[lk.home_id]] = 6  # locked homes are out of reach for everyone
    counts = cands.fail_counts
    hh_ok, home_ok = cands.hh[ok], cands.home[ok]
    mine = ~is_placed[hh_ok]
    hh_ok, home_ok = hh_ok[mine], home_ok[mine]
    took = taker[home_ok]
    own = t.hh_priority[hh_ok]
    room = open_support(t, cands, capacity_left)[home_ok, t.hh_class[hh_ok]]
    higher = np.bincount(hh_ok[took > own], minlength=n_hh)
    others = np.bincount(hh_ok[(took > 0) & (took <= own)], minlength=n_hh)
    full = np.bincount(hh_ok[(took == 0) & ~room], minlength=n_hh)
    free = np.bincount(hh_ok[(took == 0) & room], minlength=n_hh)
    unplaced = np.flatnonzero(~is_placed)
    # Plain lists: numpy scalars cost more than the reasons themselves over thousands of households.
    table = np.column_stack(
        [counts[unplaced], higher[unplaced], others[unplaced], full[unplaced], free[unplaced]]
    )
    codes = [FAIL_CODES[fail] for fail in FAILS[1:]]
    households = t.problem.households
    beyond = cands.beyond_cap.tolist()
    out: dict[str, tuple[Reason, ...]] = {}
    for i, row in zip(unplaced.tolist(), table.tolist(), strict=True):
        h = households[i]
        km = h.max_km
        found: list[Reason] = []
        if not any(row[:n_fail]):
            found.append(sorted_reason("no_home_within_reach", (("max_km", km),)))
        for k in range(1, n_fail):
            if row[k]:
                found.append(_fail_reason(t, h, codes[k - 1], row[k]))
        n_higher, n_others, n_full, n_free = row[n_fail:]
        if n_higher:
            found.append(sorted_reason("homes_taken_by_higher_priority", (("count", n_higher),)))
        if n_others:
            found.append(sorted_reason("homes_taken_by_others", (("count", n_others),)))
        if n_full:
            support = support_words(h.support_needs)
            found.append(sorted_reason("associations_full", (("count", n_full), ("support", support))))
        if n_free:
            found.append(sorted_reason("not_selected", (("count", n_free),)))
        if beyond[i]:
            found.append(sorted_reason("candidates_limited", (("count", int(beyond[i])),)))
        out[h.id] = tuple(found)
    return out


def _fail_reason(t: Tables, h: Household, code: str, count: int) -> Reason:
    """A rule's reason, its parameters sorted by name (see `reasons.sorted_reason`)."""
    if code == "homes_too_small":
        surface = t.norms.surface_for(h.persons)
        return sorted_reason(
            code,
            (
                ("bedrooms", h.bedrooms_needed),
                ("count", count),
                ("max_km", h.max_km),
                ("persons", h.persons),
                ("surface_m2", surface),
            ),
        )
    if code == "homes_not_accessible":
        need = "wheelchair access" if h.wheelchair else "step-free access"
        return sorted_reason(code, (("count", count), ("max_km", h.max_km), ("need", need)))
    if code == "no_association_for_homes":
        support = support_words(h.support_needs)
        return sorted_reason(code, (("count", count), ("max_km", h.max_km), ("support", support)))
    return sorted_reason(code, (("count", count), ("max_km", h.max_km)))
