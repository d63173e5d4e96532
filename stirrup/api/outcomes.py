"""/api/v1/placements/{id}/end and /outcome: how a placement ended, and where the household is
6, 12 and 24 months later."""

from __future__ import annotations

from fastapi import APIRouter, Path

from stirrup.deps import DB, CurrentPrincipal
from stirrup.schemas.outcomes import AfterEndCheckIn, OutcomeOut, PlacementEnd
from stirrup.services import outcomes

router = APIRouter(prefix="/placements/{placement_id}", tags=["outcomes"])


@router.post(
    "/end",
    response_model=OutcomeOut,
    summary="End an active placement with its outcome (and, when early, why); frees the home",
)
def end_placement(db: DB, principal: CurrentPrincipal, placement_id: int, body: PlacementEnd) -> object:
    return outcomes.end_placement(db, principal, placement_id, body)


@router.get(
    "/outcome",
    response_model=OutcomeOut,
    summary="How the placement ended, the milestones reached, and the checks 6, 12, 24 months later",
)
def get_outcome(db: DB, principal: CurrentPrincipal, placement_id: int) -> object:
    return outcomes.get_outcome(db, principal, placement_id)


@router.put(
    "/outcome/months-later/{months}",
    response_model=OutcomeOut,
    summary="Record where the household lives 6, 12 or 24 months after the end",
)
def record_after_end(
    db: DB,
    principal: CurrentPrincipal,
    placement_id: int,
    body: AfterEndCheckIn,
    months: int = Path(description="6, 12 or 24"),
) -> object:
    return outcomes.record_after_end(db, principal, placement_id, months, body)
