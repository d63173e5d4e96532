"""/api/v1/proposals: the proposals you answer, and your answers."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from stirrup.deps import DB, CurrentPrincipal, PageDep
from stirrup.models import PlacementStatus
from stirrup.schemas.common import Page
from stirrup.schemas.proposals import AcceptIn, DeclineIn, ProposalOut
from stirrup.services import proposal_views, proposals
from stirrup.services.proposals import ProposalFilters

router = APIRouter(prefix="/proposals", tags=["proposals"])


@router.get(
    "",
    response_model=Page[ProposalOut],
    summary="Proposals you may see: those waiting for answers by default",
)
def list_proposals(
    db: DB,
    principal: CurrentPrincipal,
    page: PageDep,
    status_: Annotated[PlacementStatus | None, Query(alias="status")] = PlacementStatus.PROPOSED,
    matching_run_id: Annotated[int | None, Query(ge=1)] = None,
    to_answer: Annotated[bool, Query(description="Only those your side has not accepted yet")] = False,
) -> object:
    result = proposals.list_proposals(
        db, principal, ProposalFilters(status_, matching_run_id, to_answer), page
    )
    return {**result.__dict__, "items": [proposal_views.view(principal, p) for p in result.items]}


@router.get("/{proposal_id}", response_model=ProposalOut, summary="One proposal, as you may see it")
def get_proposal(db: DB, principal: CurrentPrincipal, proposal_id: int) -> object:
    return proposal_views.view(principal, proposals.get_proposal(db, principal, proposal_id))


@router.post(
    "/{proposal_id}/accept",
    response_model=ProposalOut,
    summary="Accept for your side (landlord, social worker or association); the third acceptance "
    "of the same move-in date makes the placement live",
)
def accept(db: DB, principal: CurrentPrincipal, proposal_id: int, body: AcceptIn) -> object:
    placement = proposals.accept(db, principal, proposal_id, body.move_in_date)
    return proposal_views.view(principal, placement)


@router.post(
    "/{proposal_id}/decline",
    response_model=ProposalOut,
    summary="Decline for your side, with a reason: the proposal ends and the pair is not proposed again",
)
def decline(db: DB, principal: CurrentPrincipal, proposal_id: int, body: DeclineIn) -> object:
    placement = proposals.decline(db, principal, proposal_id, body.reason_code, body.reason_text)
    return proposal_views.view(principal, placement)
