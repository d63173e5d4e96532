"""`solve`: candidates, build, solve, explain — and a Solution whatever happens."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date

import numpy as np

from matching import partition, rules, scoring
from matching.candidates import Candidates, build_candidates
from matching.chunk import Chunk
from matching.geodesy import pair_km
from matching.norms import load_norms
from matching.options import Options
from matching.problem import Problem
from matching.reasons import reason
from matching.solution import Placement, Reason, ScoreParts, Solution, Status
from matching.tables import IntArray, Tables, build_tables, distinct, in_sorted
from matching.unmatched import unmatched_reasons
from matching.validate import validate

WRAP_UP_SHARE = 0.2  # of the time limit, kept for the final bounds, placements and reasons
PARALLEL_SHARE = 0.2  # chunks go to processes only when each worker gets this share of the pairs


@dataclass(frozen=True)
class Locks:
    """Positions of the locked placements and the capacity they leave to each association."""

    hh: IntArray
    home: IntArray
    assoc: IntArray
    capacity_left: IntArray
    problems: tuple[str, ...]


def lock_positions(t: Tables) -> Locks:
    """Where the locked placements sit, and which rules they break among themselves (rule 1 and 7)."""
    hh_pos = {h: i for i, h in enumerate(t.hh_ids)}
    home_pos = {h: i for i, h in enumerate(t.home_ids)}
    as_pos = {a: i for i, a in enumerate(t.as_ids)}
    locks = t.problem.locked
    hh = np.asarray([hh_pos[lk.household_id] for lk in locks], dtype=np.int64)
    home = np.asarray([home_pos[lk.home_id] for lk in locks], dtype=np.int64)
    assoc = np.asarray([as_pos[lk.association_id] for lk in locks], dtype=np.int64)
    left = t.as_capacity - t.as_load - np.bincount(assoc, minlength=len(t.as_ids))
    found = [
        f"household {t.hh_ids[i]!r} is locked more than once"
        for i in np.unique(hh[np.diff(np.sort(hh), prepend=-1) == 0])
    ]
    found += [
        f"home {t.home_ids[i]!r} is locked more than once"
        for i in np.unique(np.sort(home)[np.diff(np.sort(home), prepend=-1) == 0])
    ]
    found += [f"association {t.as_ids[a]!r} follows more than its capacity" for a in np.flatnonzero(left < 0)]
    return Locks(hh, home, assoc, np.maximum(left, 0), tuple(found))


def solve(problem: Problem, options: Options | None = None) -> Solution:
    """Propose six-month placements; always returns a Solution (see Status)."""
    options = options or Options()
    started = time.perf_counter()
    try:
        messages = validate(problem)
        digest = problem.digest()
    except Exception as error:
        messages, digest = [f"malformed input: {error}"], ""
    if messages:
        return _empty(problem, options, Status.INVALID_INPUT, digest, tuple(messages), {}, started)
    try:
        return _solve(problem, options, digest, started)
    except Exception as error:
        return _empty(
            problem, options, Status.INVALID_INPUT, digest, (f"could not solve: {error!r}",), {}, started
        )


def _empty(
    problem: Problem,
    options: Options,
    status: Status,
    digest: str,
    messages: tuple[str, ...],
    timings: dict[str, float],
    started: float,
    placements: tuple[Placement, ...] = (),
) -> Solution:
    placed = {p.household_id for p in placements}
    code = "round_infeasible" if status == Status.INFEASIBLE else "not_solved"
    unmatched: dict[str, tuple[Reason, ...]] = {
        h.id: (reason(code),) for h in problem.households if h.id not in placed
    }
    return Solution(
        status=status,
        placements=placements,
        unmatched=unmatched,
        objective=0,
        bound=0,
        placed_by_priority={},
        timings_s={**timings, "total": time.perf_counter() - started},
        options=options,
        input_hash=digest,
        messages=messages,
    )


class _Clock:
    def __init__(self) -> None:
        self.last = time.perf_counter()
        self.laps: dict[str, float] = {}

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.laps[name] = now - self.last
        self.last = now


def _solve(problem: Problem, options: Options, digest: str, started: float) -> Solution:
    clock = _Clock()
    t = build_tables(problem, options.norms or load_norms(options.norms_path))
    locks = lock_positions(t)
    clock.lap("tables")
    cands = build_candidates(t, options)
    clock.lap("candidates")
    locked_placements = _locked_placements(t, locks, options)
    if locks.problems:
        return _empty(
            problem,
            options,
            Status.INFEASIBLE,
            digest,
            locks.problems,
            clock.laps,
            started,
            locked_placements,
        )
    ok, km, start, end = cands.ok, cands.km, cands.start, cands.end
    if len(locks.hh):  # the pairs of locked households and homes are out of the round
        free = np.flatnonzero(
            ~in_sorted(cands.hh[cands.ok], distinct(locks.hh))
            & ~in_sorted(cands.home[cands.ok], distinct(locks.home))
        )
        ok, km, start, end = ok[free], km[free], start[free], end[free]
    distance, preferred, size = scoring.score_parts(t, cands.hh[ok], cands.home[ok], km, options)
    fit = distance + preferred + size
    step = scoring.delta(len(t.hh_ids), options)
    chunks, globals_ = build_chunks(t, cands, ok, fit, locks.capacity_left, options)
    clock.lap("build")
    # The time limit bounds the whole call: the search stops early enough for the bounds and reasons.
    search_s = options.time_limit_s * (1 - WRAP_UP_SHARE) - (time.perf_counter() - started)
    results = partition.solve_all(chunks, search_s, options.max_lagrangian_iterations, options.workers)
    clock.lap("solve")
    chosen = np.concatenate(
        [g[r.pairs] for g, r in zip(globals_, results, strict=True)] + [np.zeros(0, dtype=np.int64)]
    )
    assoc = np.concatenate([r.assoc for r in results] + [np.zeros(0, dtype=np.int64)])
    order = np.argsort(chosen)
    chosen, assoc = chosen[order], assoc[order]
    pos = ok[chosen]
    columns = (cands.hh[pos], cands.home[pos], assoc, start[chosen], end[chosen], km[chosen])
    points = (fit[chosen], distance[chosen], preferred[chosen], size[chosen])
    new = tuple(
        Placement(
            household_id=t.hh_ids[h],
            home_id=t.home_ids[m],
            association_id=t.as_ids[a],
            start=date.fromordinal(first),
            end=date.fromordinal(last),
            distance_km=round(d_km, 3),
            score=score,
            parts=ScoreParts(distance=d, preferred_commune=p, size_fit=z),
        )
        for (h, m, a, first, last, d_km), (score, d, p, z) in zip(
            zip(*(c.tolist() for c in columns), strict=True),
            zip(*(c.tolist() for c in points), strict=True),
            strict=True,
        )
    )
    objective = scoring.lexicographic_value(t.hh_priority[cands.hh[pos]], fit[chosen], step)
    bound = max(objective, sum(r.bound for r in results))
    proven = all(r.proven for r in results)
    timed_out = any(r.timed_out for r in results)
    within_tolerance = bound - objective <= options.gap_tolerance * bound
    status = Status.OPTIMAL if proven or (within_tolerance and options.gap_tolerance > 0) else Status.FEASIBLE
    if timed_out:
        status = Status.TIMED_OUT
    capacity_left = locks.capacity_left - np.bincount(assoc, minlength=len(t.as_ids))
    unmatched = unmatched_reasons(t, cands, ok, pos, capacity_left, locks.hh)
    clock.lap("explain")
    counts = np.bincount(t.hh_priority[cands.hh[pos]], minlength=6)
    return Solution(
        status=status,
        placements=locked_placements + new,
        unmatched=unmatched,
        objective=objective,
        bound=bound,
        placed_by_priority={p: int(counts[p]) for p in range(5, 0, -1)},
        timings_s={**clock.laps, "total": time.perf_counter() - started},
        options=options,
        input_hash=digest,
        messages=_cap_messages(cands, options),
        candidate_pairs=len(ok),
        capped_households=int(np.count_nonzero(cands.beyond_cap)),
    )


def _cap_messages(cands: Candidates, options: Options) -> tuple[str, ...]:
    """Say when the cap on candidates left suitable homes out (optimality is then among the kept)."""
    capped = int(np.count_nonzero(cands.beyond_cap))
    if not capped:
        return ()
    return (
        f"{capped} household(s) had more suitable homes than they kept (their {options.max_candidates} "
        "best, and a home for each association able to follow them); the placements are optimal among "
        "the homes kept",
    )


def build_chunks(
    t: Tables, cands: Candidates, ok: IntArray, fit: IntArray, capacity: IntArray, options: Options
) -> tuple[list[Chunk], list[IntArray]]:
    """The chunks to solve, and for each the positions (in `ok`) of its pairs."""
    chunks, positions = [], []
    bins = _bins(t, cands, ok, options)
    for members in bins:
        pairs = np.arange(len(ok)) if len(bins) == 1 else np.flatnonzero(np.isin(cands.hh[ok], members))
        chunk, _, _ = partition.make_chunk(
            members,
            pairs,
            cands.hh[ok],
            cands.home[ok],
            fit,
            t.hh_priority,
            t.hh_class,
            cands.cover_home,
            cands.cover_assoc,
            t.offers,
            capacity,
            scoring.delta(len(t.hh_ids), options),
        )
        chunks.append(chunk)
        positions.append(pairs)
    return chunks, positions


def _bins(t: Tables, cands: Candidates, ok: IntArray, options: Options) -> list[IntArray]:
    """Households of each chunk: one chunk unless the instance is big enough to pay for processes."""
    with_pairs = distinct(cands.hh[ok])
    if len(ok) < options.parallel_min_pairs or options.workers <= 1:
        return [with_pairs]
    labels = partition.components(
        len(t.hh_ids),
        len(t.home_ids),
        len(t.as_ids),
        cands.hh[ok],
        cands.home[ok],
        cands.cover_home,
        cands.cover_assoc,
    )
    bins = partition.pack(labels, cands.hh[ok], options.workers)
    load = np.bincount(bins[cands.hh[ok]], minlength=options.workers)
    if load.min() < PARALLEL_SHARE * len(ok):  # a small side job costs more in processes than it saves
        return [with_pairs]
    return [m for b in range(options.workers) if len(m := with_pairs[bins[with_pairs] == b])]


def _locked_placements(t: Tables, locks: Locks, options: Options) -> tuple[Placement, ...]:
    """The locked placements as the caller gave them, with dates, distance and points filled in."""
    if not len(locks.hh):
        return ()
    km = pair_km(
        t.hh_vec[locks.hh],
        t.home_vec[locks.home],
        t.hh_lat[locks.hh],
        t.hh_lon[locks.hh],
        t.home_lat[locks.home],
        t.home_lon[locks.home],
        t.hh_max_km[locks.hh],
    )
    d, p, s = scoring.score_parts(t, locks.hh, locks.home, km, options)
    computed = rules.placement_start(t, locks.hh, locks.home)
    starts = np.asarray(
        [
            lk.start.toordinal() if lk.start else int(c)
            for lk, c in zip(t.problem.locked, computed, strict=True)
        ],
        dtype=np.int64,
    )
    ends = rules.six_months_later(starts)
    out = []
    for k, lk in enumerate(t.problem.locked):
        parts = scoring.parts_of(d[k], p[k], s[k])
        out.append(
            Placement(
                household_id=lk.household_id,
                home_id=lk.home_id,
                association_id=lk.association_id,
                start=date.fromordinal(int(starts[k])),
                end=date.fromordinal(int(ends[k])),
                distance_km=round(float(km[k]), 3),
                score=parts.total,
                parts=parts,
                locked=True,
            )
        )
    return tuple(out)
