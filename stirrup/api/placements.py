"""/api/v1/placements (read-only here; actions arrive with the workflow)"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from stirrup.deps import DB, CurrentPrincipal, PageDep
from stirrup.models import PlacementStatus
from stirrup.schemas.common import Page
from stirrup.schemas.placements import PlacementOut
from stirrup.services import placements
from stirrup.services.placements import PlacementFilters

router = APIRouter(prefix="/placements", tags=["placements"])


@router.get("", response_model=Page[PlacementOut], summary="Placements you may see")
def list_placements(
    db: DB,
    principal: CurrentPrincipal,
    page: PageDep,
    status_: Annotated[PlacementStatus | None, Query(alias="status")] = None,
    home_id: Annotated[int | None, Query(ge=1)] = None,
    household_id: Annotated[int | None, Query(ge=1)] = None,
    association_id: Annotated[int | None, Query(ge=1)] = None,
) -> object:
    result = placements.list_placements(
        db, principal, PlacementFilters(status_, home_id, household_id, association_id), page
    )
    return {**result.__dict__, "items": [placements.view(principal, p) for p in result.items]}


@router.get("/{placement_id}", response_model=PlacementOut, summary="One placement")
def get_placement(db: DB, principal: CurrentPrincipal, placement_id: int) -> object:
    return placements.view(principal, placements.get_placement(db, principal, placement_id))
