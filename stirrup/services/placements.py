"""Placements as each party may see them. Their workflow lives beside: rounds and their bridge to
``matching/`` (services.round_runs, services.rounds), proposals and acceptance (services.proposals),
the state machine (services.lifecycle), the follow-up (services.followup, services.outcomes)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from stirrup.errors import NotFound
from stirrup.models import Placement, PlacementStatus, Role
from stirrup.services import access
from stirrup.services.access import Principal
from stirrup.services.listing import Page, PageRequest, paginate

SORTABLE = {
    "id": Placement.id,
    "start_date": Placement.start_date,
    "planned_end": Placement.planned_end,
    "status": Placement.status,
    "created_at": Placement.created_at,
}


@dataclass(frozen=True)
class PlacementFilters:
    status: PlacementStatus | None = None
    home_id: int | None = None
    household_id: int | None = None
    association_id: int | None = None


def _query() -> Any:
    return select(Placement).options(selectinload(Placement.household), selectinload(Placement.decisions))


def list_placements(
    db: Session, principal: Principal, filters: PlacementFilters, page: PageRequest
) -> Page[Placement]:
    stmt = _query().where(access.placements_visible_to(principal))
    for name in ("status", "home_id", "household_id", "association_id"):
        value = getattr(filters, name)
        if value is not None:
            stmt = stmt.where(getattr(Placement, name) == value)
    result: Page[Placement] = paginate(db, stmt, page, SORTABLE, "-created_at", Placement.id)
    return result


def get_placement(db: Session, principal: Principal, placement_id: int) -> Placement:
    placement = db.scalar(
        _query().where(Placement.id == placement_id, access.placements_visible_to(principal))
    )
    if placement is None:
        raise NotFound(f"placement {placement_id} not found")
    return placement


def view(principal: Principal, placement: Placement) -> dict[str, Any]:
    """A placement for ``principal``: an owner sees dates and household size, never who they are."""
    owner_view = principal.role is Role.LANDLORD
    return {
        **{
            name: getattr(placement, name)
            for name in (
                "id",
                "status",
                "home_id",
                "association_id",
                "start_date",
                "planned_end",
                "actual_end",
                "matching_run_id",
                "score",
                "decisions",
            )
        },
        "household_id": None if owner_view else placement.household_id,
        "household_reference": None if owner_view else placement.household.reference,
        "persons": placement.household.persons,
        "explanation": None if owner_view else placement.explanation,
    }
