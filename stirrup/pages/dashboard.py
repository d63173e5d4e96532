"""The page each role lands on after signing in."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from stirrup.deps import DB
from stirrup.models import Role
from stirrup.pages.rendering import render
from stirrup.pages.security import PagePrincipal
from stirrup.services import homes, households, placements
from stirrup.services.homes import HomeFilters
from stirrup.services.households import HouseholdFilters
from stirrup.services.listing import PageRequest
from stirrup.services.placements import PlacementFilters

router = APIRouter(include_in_schema=False)


@router.get("/", response_class=HTMLResponse)
def dashboard(request: Request, db: DB, principal: PagePrincipal) -> Response:
    first_page = PageRequest(page=1, page_size=20)
    context: dict[str, object] = {}
    if principal.role in (Role.LANDLORD, Role.COORDINATOR, Role.ADMIN):
        context["homes"] = homes.list_homes(db, principal, HomeFilters(), first_page)
    if principal.role in (Role.SOCIAL_WORKER, Role.COORDINATOR, Role.ADMIN):
        context["households"] = households.list_households(db, principal, HouseholdFilters(), first_page)
    if principal.role in (Role.ASSOCIATION_STAFF, Role.SOCIAL_WORKER, Role.LANDLORD):
        page = placements.list_placements(db, principal, PlacementFilters(), first_page)
        context["placements"] = [placements.view(principal, p) for p in page.items]
    return render(request, "dashboard.html", context)
