"""/api/v1/households/{id}/placement-request and /unmatched-reasons: asking for a home between
rounds, and reading why none was found."""

from __future__ import annotations

from fastapi import APIRouter, status

from stirrup.deps import DB, CurrentPrincipal, SettingsDep
from stirrup.schemas.requests import PlacementRequestIn, PlacementRequestOut, UnmatchedReasonsOut
from stirrup.services import requests, unmatched

router = APIRouter(prefix="/households", tags=["households"])


@router.post(
    "/{household_id}/placement-request",
    response_model=PlacementRequestOut,
    status_code=status.HTTP_201_CREATED,
    summary="Request a placement (the household's social worker): a home is looked for at once, "
    "unless its territory works by rounds only",
)
def request_placement(
    db: DB, principal: CurrentPrincipal, settings: SettingsDep, household_id: int, body: PlacementRequestIn
) -> object:
    request, outcome = requests.request_placement(db, principal, household_id, body, settings)
    return requests.view(principal, request, outcome)


@router.get(
    "/{household_id}/unmatched-reasons",
    response_model=UnmatchedReasonsOut,
    summary="Why no home was found for the household, in plain words",
)
def unmatched_reasons(db: DB, principal: CurrentPrincipal, household_id: int) -> object:
    return unmatched.latest_for_household(db, principal, household_id)
