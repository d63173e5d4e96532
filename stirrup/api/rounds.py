"""/api/v1/rounds: matching rounds, run in the background and polled for progress."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, BackgroundTasks, Depends, Query, Request, status

from stirrup.deps import DB, CurrentPrincipal, PageDep, SettingsDep
from stirrup.models import MatchingRun, PlacementStatus
from stirrup.schemas.common import Page
from stirrup.schemas.proposals import ProposalOut
from stirrup.schemas.rounds import RoundCreate, RoundOut, UnmatchedOut
from stirrup.services import proposal_views, round_runs, unmatched

router = APIRouter(prefix="/rounds", tags=["rounds"])


def _queue(request: Request, background: BackgroundTasks) -> Callable[[MatchingRun], dict[str, Any]]:
    """Hand a recorded round to this process's runner — once the request's transaction has
    committed its row (background tasks run after the answer) — and show it."""

    def queue(run: MatchingRun) -> dict[str, Any]:
        background.add_task(request.app.state.round_runner.submit, run.id)
        return round_runs.view(run)

    return queue


Queue = Annotated[Callable[[MatchingRun], dict[str, Any]], Depends(_queue)]


@router.post(
    "",
    response_model=RoundOut,
    status_code=status.HTTP_202_ACCEPTED,
    summary="Start a matching round over a territory (coordinators); poll GET /rounds/{id}",
)
def start_round(
    db: DB, principal: CurrentPrincipal, settings: SettingsDep, queue: Queue, body: RoundCreate
) -> object:
    return queue(round_runs.start_round(db, principal, body, settings))


@router.get("", response_model=Page[RoundOut], summary="Rounds, latest first (coordinators)")
def list_rounds(db: DB, principal: CurrentPrincipal, page: PageDep) -> object:
    result = round_runs.list_rounds(db, principal, page)
    return {**result.__dict__, "items": [round_runs.view(run) for run in result.items]}


@router.get("/{round_id}", response_model=RoundOut, summary="A round's progress and result")
def get_round(db: DB, principal: CurrentPrincipal, round_id: int) -> object:
    return round_runs.view(round_runs.get_round(db, principal, round_id))


@router.post(
    "/{round_id}/restart",
    response_model=RoundOut,
    status_code=status.HTTP_202_ACCEPTED,
    summary="Start a failed round again with the same territory and options",
)
def restart_round(
    db: DB, principal: CurrentPrincipal, settings: SettingsDep, queue: Queue, round_id: int
) -> object:
    return queue(round_runs.restart_round(db, principal, round_id, settings))


@router.get("/{round_id}/proposals", response_model=Page[ProposalOut], summary="The proposals a round made")
def round_proposals(
    db: DB,
    principal: CurrentPrincipal,
    page: PageDep,
    round_id: int,
    status_: Annotated[PlacementStatus | None, Query(alias="status")] = None,
) -> object:
    result = round_runs.round_proposals(db, principal, round_id, status_, page)
    return {**result.__dict__, "items": [proposal_views.view(principal, p) for p in result.items]}


@router.get(
    "/{round_id}/unmatched",
    response_model=Page[UnmatchedOut],
    summary="Households a round left without a proposal, with the reasons (pseudonymised)",
)
def round_unmatched(db: DB, principal: CurrentPrincipal, page: PageDep, round_id: int) -> object:
    return unmatched.for_round(db, principal, round_id, page)
