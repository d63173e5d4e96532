"""Placement requests between rounds, and the on-demand solve a request — or a home that becomes
available — triggers over the homes, households and associations still free.

The on-demand solve holds back scarce homes: a large or accessible home is not proposed to a
household that does not need what makes it scarce when a free waiting household of equal or
higher priority, which does need it, could have it. The request is then answered with the next
best home, and the reason (``held_back``) is kept with the proposal or the household's reasons.
Territories listed in ``STIRRUP_ROUNDS_ONLY_TERRITORIES`` wait for the next round instead.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

import matching
from stirrup import clock
from stirrup.config import Settings
from stirrup.errors import Conflict, Forbidden
from stirrup.models import (
    Home,
    Household,
    HouseholdStatus,
    MatchingRun,
    MatchingRunKind,
    MatchingRunStatus,
    Placement,
    PlacementRequest,
    RequestOutcome,
    RoundStage,
    UnmatchedHousehold,
)
from stirrup.schemas.requests import PlacementRequestIn
from stirrup.services import (
    access,
    audit,
    households,
    lifecycle,
    pools,
    proposal_views,
    proposals,
    reasons,
    rounds,
)
from stirrup.services.access import Principal
from stirrup.services.pools import Pool
from stirrup.services.rounds import Parameters
from stirrup.services.territory import rounds_only

#: Attempts when the home chosen was taken by someone acting at the same moment.
_ATTEMPTS = 3


@dataclass
class OnDemand:
    """What an on-demand solve did: the proposal it made, or the reasons why none."""

    run: MatchingRun | None = None
    proposal: Placement | None = None
    reasons: list[dict[str, Any]] = field(default_factory=list)


def request_placement(
    db: Session, principal: Principal, household_id: int, data: PlacementRequestIn, settings: Settings
) -> tuple[PlacementRequest, OnDemand]:
    """Put a household on the waiting list with its priority and reason, and look for a home now
    unless its territory works by rounds only."""
    household = households.get_household(db, principal, household_id, for_update=True)
    if not access.is_referent_organisation(principal, household):
        raise Forbidden("only the household's referent organisation requests a placement for it")
    if household.status in (HouseholdStatus.PROPOSED, HouseholdStatus.PLACED):
        raise Conflict(
            f"household {household.reference} is {household.status.value}: answer its current proposal "
            "or wait for its placement to end before requesting another"
        )
    household.priority, household.priority_reason = data.priority, data.reason
    if household.status is HouseholdStatus.EXITED:
        household.status, household.waiting_since = HouseholdStatus.WAITING, clock.now()
    request = PlacementRequest(
        household_id=household.id,
        requested_by_id=principal.user_id,
        priority=data.priority,
        reason=data.reason,
        outcome=RequestOutcome.ROUNDS_ONLY,
    )
    db.add(request)
    db.flush()
    if rounds_only(settings, [household.anchor_insee_code]):
        outcome = OnDemand(reasons=[{"code": "rounds_only", "params": {}, "text": ""}])
    else:
        outcome = for_household(db, principal, household, settings)
        if outcome.proposal is not None:  # with what its view needs
            outcome.proposal = proposals.get_proposal(db, principal, outcome.proposal.id)
        request.outcome = RequestOutcome.PROPOSED if outcome.proposal else RequestOutcome.UNMATCHED
        request.matching_run_id = outcome.run.id if outcome.run else None
        request.placement_id = outcome.proposal.id if outcome.proposal else None
    db.flush()
    audit.record(db, principal, "request_placement", "household", household.id, outcome=request.outcome.value)
    return request, outcome


def view(principal: Principal, request: PlacementRequest, outcome: OnDemand) -> dict[str, Any]:
    """The request and its outcome, the proposal as the social worker sees it."""
    return {
        **{
            name: getattr(request, name)
            for name in ("id", "household_id", "requested_at", "priority", "outcome")
        },
        "matching_run_id": request.matching_run_id,
        "proposal": proposal_views.view(principal, outcome.proposal) if outcome.proposal else None,
        "reasons": reasons.rendered(outcome.reasons),
    }


def for_household(db: Session, actor: Principal | None, household: Household, settings: Settings) -> OnDemand:
    """Solve for one waiting household over the free homes within its reach."""
    pool = pools.for_household(db, household, settings)
    run = _new_run(db, actor, {"household_id": household.id})
    held: list[dict[str, Any]] = []
    for _ in range(_ATTEMPTS):
        solution = _solve(pool, settings)
        placement = solution.placement_of(str(household.id))
        while placement is not None and (reason := _held_back(db, pool, household, placement)) is not None:
            held.append(reason)
            pool.homes.pop(int(placement.home_id))
            solution = _solve(pool, settings)
            placement = solution.placement_of(str(household.id))
        if placement is None or _claim(db, household.id, int(placement.home_id)):
            break
        pool.homes.pop(int(placement.home_id))  # proposed to someone else meanwhile: look again
    else:
        raise Conflict("the homes found were all proposed to others at the same moment; try again")
    explained = rounds.explain_outcomes(_problem(pool), solution, pool).get(household.id, {})
    _finish(run, solution)
    if placement is None:
        # The held-back homes were the ones within reach: "no home within reach" would mislead.
        found = [
            r for r in explained.get("reasons", []) if not (held and r["code"] == "no_home_within_reach")
        ]
        reasons = [*held, *found]
        db.add(
            UnmatchedHousehold(
                matching_run_id=run.id,
                household_id=household.id,
                reasons=reasons,
                unlocks=explained.get("unlocks", []),
            )
        )
        db.flush()
        return OnDemand(run, None, reasons)
    proposal = rounds.add_proposal(db, actor, run, placement, {**explained, "held_back": held}, settings)
    lifecycle.refresh_statuses(db, home_ids=[proposal.home_id], household_ids=[household.id])
    return OnDemand(run, proposal, held)


def for_home(db: Session, actor: Principal | None, home: Home, settings: Settings) -> OnDemand:
    """A home has become available: propose it to the free waiting household that suits it best
    (by priority first, then fit), unless its territory works by rounds only."""
    if rounds_only(settings, [home.insee_code]):
        return OnDemand()
    pool = pools.for_home(db, home, settings)
    if not pool.households:
        return OnDemand()
    run = _new_run(db, actor, {"home_id": home.id})
    for _ in range(_ATTEMPTS):
        solution = _solve(pool, settings)
        placement = next((p for p in solution.placements if not p.locked), None)
        if placement is None or _claim(db, int(placement.household_id), home.id):
            break
        pool.households.pop(int(placement.household_id))  # proposed elsewhere meanwhile
    else:
        placement = None
    _finish(run, solution)
    if placement is None:
        return OnDemand(run)
    chosen = int(placement.household_id)
    explained = rounds.explain_outcomes(_problem(pool), solution, pool, {chosen}).get(chosen, {})
    proposal = rounds.add_proposal(db, actor, run, placement, explained, settings)
    lifecycle.refresh_statuses(db, home_ids=[home.id], household_ids=[proposal.household_id])
    return OnDemand(run, proposal)


def _problem(pool: Pool) -> matching.Problem:
    return rounds.to_problem(pool, clock.today())


def _solve(pool: Pool, settings: Settings) -> matching.Solution:
    return rounds.solve(_problem(pool), Parameters(time_limit_s=settings.on_demand_time_limit_s))


def _claim(db: Session, household_id: int, home_id: int) -> bool:
    """Lock the pair and check it is still free (someone may have acted while we solved)."""
    rounds.lock_rows(db, {home_id}, {household_id})
    return rounds.is_free(db, home_id, household_id)


def _held_back(
    db: Session, pool: Pool, household: Household, placement: matching.Placement
) -> dict[str, Any] | None:
    """The ``held_back`` reason when the home found is scarce and wanted by a waiting household
    that needs what makes it scarce; None when the household may have it."""
    home = pool.homes[int(placement.home_id)]
    features = scarce_features(home, household)
    if not features:
        return None
    others = pools.waiting_for_features(db, home, household.id, household.priority)
    for feature in features:
        needy = {i: w for i, w in others.items() if needs(w, feature, household)}
        if not needy:
            continue
        trial = Pool(
            needy, {home.id: home}, pool.associations, pool.loads, forbidden=pools.declined(db, needy)
        )
        if any(not p.locked for p in _solve_quick(trial).placements):
            params = {"bedrooms": home.bedrooms, "distance_km": placement.distance_km, "feature": feature}
            return {"code": "held_back", "params": params, "text": ""}
    return None


def _solve_quick(pool: Pool) -> matching.Solution:
    return rounds.solve(_problem(pool), Parameters(time_limit_s=2.0))


def scarce_features(home: Home, household: Household) -> list[str]:
    """What makes a home scarce for this household: accessibility it does not need, or at least
    two bedrooms more than it needs."""
    features = []
    if (home.wheelchair_accessible or home.step_free) and not (
        household.needs_wheelchair_access or household.needs_step_free
    ):
        features.append("accessible")
    if home.bedrooms >= household.bedrooms_needed + 2:
        features.append("large")
    return features


def needs(other: Household, feature: str, household: Household) -> bool:
    """Whether ``other`` needs the feature that ``household`` does not."""
    if feature == "accessible":
        return other.needs_wheelchair_access or other.needs_step_free
    return other.bedrooms_needed >= household.bedrooms_needed + 2


def _new_run(db: Session, actor: Principal | None, trigger: dict[str, int]) -> MatchingRun:
    run = MatchingRun(
        kind=MatchingRunKind.ON_DEMAND,
        status=MatchingRunStatus.RUNNING,
        stage=RoundStage.SOLVING,
        started_by_id=actor.user_id if actor else None,
        territory={"kind": "all"},
        territory_key=f"on_demand:{next(iter(trigger.values()))}",
        parameters=trigger,
    )
    db.add(run)
    db.flush()
    return run


def _finish(run: MatchingRun, solution: matching.Solution) -> None:
    run.status, run.stage = MatchingRunStatus.DONE, RoundStage.DONE
    run.finished_at = run.stage_changed_at = clock.now()
    run.solver_status, run.objective, run.bound, run.gap = (
        solution.status.value,
        solution.objective,
        solution.bound,
        solution.gap,
    )
    run.result = {
        "timings_s": {k: round(v, 4) for k, v in solution.timings_s.items()},
        "counts": {"candidate_pairs": solution.candidate_pairs, "proposals": len(solution.placements)},
    }
