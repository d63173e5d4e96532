"""The one bridge between the database and ``matching/``: a pool of homes, households, associations,
locked placements and declined pairs becomes a ``matching.Problem``; ``matching.solve`` answers;
its placements become proposals and its reasons are stored for the social workers to read.

Ids cross the bridge as strings of the database ids. A home's commune is its INSEE code (the
vocabulary of preferred and excluded communes and of association areas). Reasons are stored as
codes with parameters (``services.reasons`` writes the sentences), enriched with the names a
reader needs (the association, the commune) and without ids of other households.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

import matching
from stirrup import clock
from stirrup.config import Settings
from stirrup.geography import gazetteer
from stirrup.models import (
    Home,
    HomeStatus,
    Household,
    HouseholdStatus,
    MatchingRun,
    Placement,
    PlacementDecision,
    PlacementStatus,
    UnmatchedHousehold,
    User,
)
from stirrup.services import audit, lifecycle, notifications
from stirrup.services.access import Principal
from stirrup.services.lifecycle import CloseReason
from stirrup.services.pools import Pool

log = logging.getLogger(__name__)

#: Homes this much farther than a household's reach are still shown to ``explain`` (for "a home
#: 14 km away fits if the maximum distance is raised").
_EXPLAIN_MARGIN_KM = 15.0
#: The most homes an explanation looks at: the nearest ones (its cost grows with what it is given).
_EXPLAIN_MAX_HOMES = 300


@dataclass(frozen=True)
class Parameters:
    """A run's solver options as a coordinator gives them (stored in ``matching_runs.parameters``)."""

    time_limit_s: float = 30.0
    max_radius_km: float | None = None
    weight_distance: int = 40
    weight_preferred_commune: int = 30
    weight_size_fit: int = 30
    #: Whether the round may replace the unanswered proposals of its territory.
    replace_unanswered: bool = True
    #: The deployment's cap on each household's candidate homes (``Settings.round_candidate_cap``),
    #: recorded with the run so that its result can be read knowing it.
    max_candidates: int | None = None

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Parameters:
        return cls(**{k: v for k, v in data.items() if k in cls.__dataclass_fields__})

    def options(self) -> matching.Options:
        return matching.Options(
            weight_distance=self.weight_distance,
            weight_preferred_commune=self.weight_preferred_commune,
            weight_size_fit=self.weight_size_fit,
            time_limit_s=self.time_limit_s,
            max_candidates=self.max_candidates,
        )


def to_problem(
    pool: Pool, round_date: date, max_radius_km: float | None = None, shares: dict[int, int] | None = None
) -> matching.Problem:
    """The pool as the solver's input; ``max_radius_km`` caps every household's own maximum.

    ``shares`` (a partition of a round, services.partitions): the new households each association
    may take in this part; associations without a share are left out."""
    locked_here: dict[int, int] = {}
    for placement in pool.locked:
        locked_here[placement.association_id] = locked_here.get(placement.association_id, 0) + 1
    associations = [a for a in pool.associations if shares is None or a.id in shares or a.id in locked_here]
    return matching.Problem(
        households=tuple(_household(h, max_radius_km) for h in pool.households.values()),
        homes=tuple(_home(h) for h in pool.homes.values()),
        associations=tuple(
            _association(
                a,
                pool.loads.get(a.id, 0),
                locked_here.get(a.id, 0),
                None if shares is None else shares.get(a.id, 0),
            )
            for a in associations
        ),
        round_date=round_date,
        locked=tuple(
            matching.Locked(str(p.household_id), str(p.home_id), str(p.association_id), p.start_date)
            for p in pool.locked
        ),
        forbidden=frozenset((str(hh), str(home)) for hh, home in pool.forbidden),
    )


def _household(h: Household, max_radius_km: float | None) -> matching.Household:
    return matching.Household(
        id=str(h.id),
        persons=h.persons,
        bedrooms_needed=h.bedrooms_needed,
        lat=h.anchor_latitude,
        lon=h.anchor_longitude,
        max_km=min(h.max_distance_km, max_radius_km or math.inf),
        priority=h.priority,
        earliest_start=h.earliest_start,
        support_needs=frozenset(h.support_needs),
        wheelchair=h.needs_wheelchair_access,
        no_stairs=h.needs_step_free,
        pets=h.has_pets,
        preferred_communes=frozenset(h.preferred_communes),
        excluded_communes=frozenset(h.excluded_communes),
    )


def _home(h: Home) -> matching.Home:
    return matching.Home(
        id=str(h.id),
        max_occupants=h.max_occupants,
        bedrooms=h.bedrooms,
        surface_m2=h.surface_m2,
        lat=h.latitude,
        lon=h.longitude,
        commune=h.insee_code or h.commune,
        available_from=h.available_from,
        available_until=h.available_until,
        wheelchair_accessible=h.wheelchair_accessible,
        step_free=h.step_free,
        lift=h.has_lift,
        floor=h.floor,
        pets_allowed=h.pets_allowed,
    )


def _association(a: Any, load: int, locked: int, share: int | None = None) -> matching.Association:
    # An association already following more than its capacity (its capacity was lowered) gets no
    # new household, but must not make the whole round infeasible.
    capacity = max(a.capacity, load + locked) if share is None else load + locked + share
    return matching.Association(
        id=str(a.id),
        lat=a.base_latitude,
        lon=a.base_longitude,
        radius_km=a.radius_km,
        capacity=capacity,
        support_offered=frozenset(a.support_offered),
        communes=frozenset(a.communes),
        current_load=load,
    )


def principal_of(db: Session, user_id: int | None) -> Principal | None:
    """Whom a round acts for (the coordinator who started it; ``None``: the command line)."""
    user = db.get(User, user_id) if user_id is not None else None
    if user is None:
        return None
    return Principal(user.id, user.role, user.organisation_id, user.display_name, user.email)


def solve(problem: matching.Problem, parameters: Parameters) -> matching.Solution:
    """Call the solver (it always answers, with a status)."""
    return matching.solve(problem, parameters.options())


def explain_outcomes(
    problem: matching.Problem, solution: matching.Solution, pool: Pool, only: set[int] | None = None
) -> dict[int, dict[str, Any]]:
    """Per household (all, or those in ``only``): why this home and its alternatives, or why none
    and what would unlock one."""
    names = {str(a.id): a.organisation.name for a in pool.associations}
    locked = {p.household_id for p in solution.placements if p.locked}
    ids = [h.id for h in problem.households if h.id not in locked and (only is None or int(h.id) in only)]
    explained = _explanations(problem, solution, ids)
    out: dict[int, dict[str, Any]] = {}
    for household_id in ids:
        found = explained.get(household_id)
        placement = solution.placement_of(household_id)
        if placement is not None:
            out[int(household_id)] = {
                "distance_km": placement.distance_km,
                "score": placement.score,
                "parts": {
                    "distance": placement.parts.distance,
                    "preferred_commune": placement.parts.preferred_commune,
                    "size_fit": placement.parts.size_fit,
                },
                "why": [plain(r, names) for r in (found.reasons if found else ())],
                "alternatives": [
                    {
                        "home_id": int(a.home_id),
                        "distance_km": a.distance_km,
                        "score": a.score,
                        "taken": bool(a.taken_by),
                    }
                    for a in (found.alternatives if found else ())
                ],
            }
        else:
            out[int(household_id)] = {
                "reasons": [plain(r, names) for r in solution.unmatched.get(household_id, ())],
                "unlocks": [plain(r, names) for r in (found.unlocks if found else ())],
            }
    return out


def _explanations(
    problem: matching.Problem, solution: matching.Solution, ids: list[str]
) -> dict[str, matching.Explanation]:
    """``matching.explain_many`` over the homes around each household only: nothing farther matters
    to its explanation, and the cost stays flat as the country grows (docs/scaling.md)."""
    try:
        return matching.explain_many(
            problem, solution, ids, nearest=_EXPLAIN_MAX_HOMES, margin_km=_EXPLAIN_MARGIN_KM
        )
    except (IndexError, KeyError, ValueError):  # an explanation is a help, never a reason to fail a round
        log.warning("no explanations for the households of the round", exc_info=True)
        return {}


def plain(reason: matching.Reason, association_names: dict[str, str]) -> dict[str, Any]:
    """A solver reason as stored: code, parameters a reader can use, the solver's English text."""
    params = dict(reason.params)
    if "home_id" in params:
        params["home_id"] = int(params["home_id"])
    if "association_id" in params:
        params["association_name"] = association_names.get(str(params["association_id"]), "")
        params["association_id"] = int(params["association_id"])
    if "commune" in params:
        commune = gazetteer().by_insee(str(params["commune"]))
        params["commune_name"] = commune.name if commune else params["commune"]
    return {"code": reason.code, "params": params, "text": reason.text}


def propose(
    db: Session,
    actor: Principal | None,
    run: MatchingRun,
    pool: Pool,
    solution: matching.Solution,
    explained: dict[int, dict[str, Any]],
    settings: Settings,
) -> dict[str, int]:
    """Store a round's placements as proposals. Unanswered proposals of the pool the round does
    not confirm are superseded; a placement whose home or household was taken or left while the
    round ran is skipped. The statements it issues do not grow with the proposals: locks, checks
    and inserts are each done for all rows at once."""
    wanted = {(int(p.household_id), int(p.home_id)): p for p in solution.placements if not p.locked}
    lock_rows(
        db,
        {home for _, home in wanted} | {p.home_id for p in pool.replaceable.values()},
        {hh for hh, _ in wanted} | {p.household_id for p in pool.replaceable.values()},
    )
    confirmed, superseded = set(), []
    replaceable = lifecycle.lock_placements(db, pool.replaceable)
    answered = _answered(db, [p.id for p in replaceable])
    for proposal in replaceable:
        if proposal.status is not PlacementStatus.PROPOSED or proposal.id in answered:
            continue  # someone answered it while the round ran: it stays
        key = (proposal.household_id, proposal.home_id)
        if key in wanted and int(wanted[key].association_id) == proposal.association_id:
            confirmed.add(key)
        else:
            lifecycle.close(db, actor, proposal, CloseReason.SUPERSEDED, refresh=False)
            superseded.append(proposal)
    lifecycle.refresh_statuses(
        db, home_ids={p.home_id for p in superseded}, household_ids={p.household_id for p in superseded}
    )
    new = [key for key in wanted if key not in confirmed]
    free = free_pairs(db, new)
    created = add_proposals(
        db, actor, run, [(wanted[key], explained.get(key[0], {})) for key in new if key in free], settings
    )
    lifecycle.refresh_statuses(db, home_ids={k[1] for k in wanted}, household_ids={k[0] for k in wanted})
    return {
        "proposals": len(created),
        "confirmed": len(confirmed),
        "superseded": len(superseded),
        "skipped": len(new) - len(created),
    }


def lock_rows(db: Session, home_ids: set[int], household_ids: set[int]) -> None:
    """Lock households, then homes, in id order (the order every writer uses: services.lifecycle)."""
    db.execute(
        select(Household.id)
        .where(Household.id.in_(sorted(household_ids)))
        .order_by(Household.id)
        .with_for_update()
    ).all()
    db.execute(select(Home.id).where(Home.id.in_(sorted(home_ids))).order_by(Home.id).with_for_update()).all()


def is_free(db: Session, home_id: int, household_id: int) -> bool:
    """Whether the home is available and the household waiting, with no proposal or placement."""
    return (household_id, home_id) in free_pairs(db, [(household_id, home_id)])


def free_pairs(db: Session, pairs: list[tuple[int, int]]) -> set[tuple[int, int]]:
    """The (household id, home id) pairs that may be proposed, checked in order in three
    statements: the home available and the household waiting, neither held by a proposal or a
    placement, nor by an earlier pair of the list."""
    if not pairs:
        return set()
    home_ids, household_ids = sorted({h for _, h in pairs}), sorted({hh for hh, _ in pairs})
    fresh = {"populate_existing": True}  # re-read: another transaction may just have changed them
    homes = {
        h.id: h.status for h in db.scalars(select(Home).where(Home.id.in_(home_ids)), execution_options=fresh)
    }
    households = {
        h.id: h.status
        for h in db.scalars(select(Household).where(Household.id.in_(household_ids)), execution_options=fresh)
    }
    holding = (PlacementStatus.PROPOSED, PlacementStatus.ACCEPTED, PlacementStatus.ACTIVE)
    held = db.execute(
        select(Placement.home_id, Placement.household_id).where(
            Placement.status.in_(holding),
            Placement.home_id.in_(home_ids) | Placement.household_id.in_(household_ids),
        )
    ).all()
    busy_homes, busy_households = {row.home_id for row in held}, {row.household_id for row in held}
    free = set()
    for household_id, home_id in pairs:
        if (
            homes.get(home_id) is HomeStatus.AVAILABLE
            and households.get(household_id) is HouseholdStatus.WAITING
            and home_id not in busy_homes
            and household_id not in busy_households
        ):
            free.add((household_id, home_id))
            busy_homes.add(home_id)
            busy_households.add(household_id)
    return free


def add_proposal(
    db: Session,
    actor: Principal | None,
    run: MatchingRun,
    placement: matching.Placement,
    explanation: dict[str, Any],
    settings: Settings,
) -> Placement:
    """A solver placement as a proposal waiting for the three parties' answers, until it expires."""
    return add_proposals(db, actor, run, [(placement, explanation)], settings)[0]


def add_proposals(
    db: Session,
    actor: Principal | None,
    run: MatchingRun,
    chosen: list[tuple[matching.Placement, dict[str, Any]]],
    settings: Settings,
) -> list[Placement]:
    """Solver placements (with their explanations) as proposals, each with its audit event and
    its notifications, inserted a batch per table."""
    expires_at = clock.now() + timedelta(days=settings.proposal_expiry_days)
    rows = [
        {
            "household_id": int(placement.household_id),
            "home_id": int(placement.home_id),
            "association_id": int(placement.association_id),
            "status": PlacementStatus.PROPOSED,
            "start_date": placement.start,
            "planned_end": lifecycle.six_months_after(placement.start),
            "matching_run_id": run.id,
            "score": float(placement.score),
            "explanation": explanation,
            "expires_at": expires_at,
        }
        for placement, explanation in chosen
    ]
    if not rows:
        return []
    # One INSERT ... RETURNING for all; its rows may come back in any order (SQLite gives no
    # guarantee), so they are put back in the solver's order by household, one each.
    inserted = {p.household_id: p for p in db.scalars(insert(Placement).returning(Placement), rows)}
    proposals = [inserted[row["household_id"]] for row in rows]
    audit.record_all(db, actor, "propose", "placement", [p.id for p in proposals], matching_run_id=run.id)
    notifications.proposals_made(db, proposals)
    return proposals


def store_unmatched(
    db: Session, run: MatchingRun, solution: matching.Solution, explained: dict[int, dict[str, Any]]
) -> int:
    """Keep each unmatched household's reasons for its social worker."""
    rows = [
        UnmatchedHousehold(
            matching_run_id=run.id,
            household_id=int(hid),
            reasons=explained.get(int(hid), {}).get("reasons", []),
            unlocks=explained.get(int(hid), {}).get("unlocks", []),
        )
        for hid in solution.unmatched
    ]
    db.add_all(rows)
    db.flush()
    return len(rows)


def _answered(db: Session, placement_ids: list[int]) -> set[int]:
    """Which of these placements someone has answered."""
    if not placement_ids:
        return set()
    return set(
        db.scalars(
            select(PlacementDecision.placement_id)
            .where(PlacementDecision.placement_id.in_(placement_ids))
            .distinct()
        )
    )
