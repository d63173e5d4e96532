"""The page each role lands on after signing in: what needs them first, and where to go next."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from stirrup.deps import DB
from stirrup.models import HouseholdStatus, Role
from stirrup.pages.rendering import render
from stirrup.pages.security import PagePrincipal
from stirrup.services import homes, households, occupancy, placements
from stirrup.services.homes import HomeFilters
from stirrup.services.households import HouseholdFilters
from stirrup.services.listing import PageRequest
from stirrup.services.placements import PlacementFilters

router = APIRouter(include_in_schema=False)

#: How many rows of each list the overview shows before "see all".
PREVIEW = PageRequest(page=1, page_size=5)


@router.get("/", response_class=HTMLResponse)
def dashboard(request: Request, db: DB, principal: PagePrincipal) -> Response:
    context: dict[str, Any] = {"preview": True, "status": ""}
    if principal.role in (Role.LANDLORD, Role.COORDINATOR, Role.ADMIN):
        found = homes.list_homes(db, principal, HomeFilters(), PREVIEW)
        context["homes"] = found
        context["lent"] = occupancy.lent_homes(db, principal, [home.id for home in found.items])
        context["may_add"] = principal.role is Role.LANDLORD
    if principal.role in (Role.SOCIAL_WORKER, Role.COORDINATOR, Role.ADMIN):
        waiting = HouseholdFilters(status=HouseholdStatus.WAITING)
        context["households"] = households.list_households(db, principal, waiting, PREVIEW)
    if principal.role in (Role.ASSOCIATION_STAFF, Role.SOCIAL_WORKER, Role.LANDLORD):
        page = placements.list_placements(
            db, principal, PlacementFilters(), PageRequest(page=1, page_size=20)
        )
        context["placements"] = [placements.view(principal, p) for p in page.items]
    return render(request, "dashboard.html", context)
