"""The page each role lands on after signing in: its alerts first, then where to go next."""

from __future__ import annotations

from contextlib import suppress
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from stirrup.deps import DB
from stirrup.errors import NotFound
from stirrup.models import HouseholdStatus, PlacementStatus, Role
from stirrup.pages import alerts as shown_alerts
from stirrup.pages import rounds
from stirrup.pages.rendering import render
from stirrup.pages.security import PagePrincipal
from stirrup.services import (
    alerts,
    dashboards,
    homes,
    households,
    occupancy,
    placements,
    proposal_views,
    proposals,
    round_runs,
)
from stirrup.services.homes import HomeFilters
from stirrup.services.households import HouseholdFilters
from stirrup.services.listing import PageRequest
from stirrup.services.placements import PlacementFilters
from stirrup.services.proposals import PARTY_OF_ROLE, ProposalFilters

router = APIRouter(include_in_schema=False)

#: How many rows of each list the overview shows before "see all".
PREVIEW = PageRequest(page=1, page_size=5)


@router.get("/", response_class=HTMLResponse)
def dashboard(request: Request, db: DB, principal: PagePrincipal) -> Response:
    context: dict[str, Any] = {
        "preview": True,
        "status": "",
        "alerts": shown_alerts.shown(alerts.alerts_for(db, principal), principal),
    }
    if principal.role in PARTY_OF_ROLE:  # after the alerts, what waits for this side's answer
        waiting = ProposalFilters(to_answer=True)
        context["proposals"] = proposals.list_proposals(db, principal, waiting, PREVIEW)
        context["proposal_items"] = [proposal_views.view(principal, p) for p in context["proposals"].items]
    if principal.oversees_all:
        latest = round_runs.list_rounds(db, principal, PREVIEW)
        context["latest_rounds"] = latest
        context["round_items"] = [rounds.summary(run) for run in latest.items]
    if principal.role in (Role.LANDLORD, Role.COORDINATOR, Role.ADMIN):
        found = homes.list_homes(db, principal, HomeFilters(), PREVIEW)
        context["homes"] = found
        context["lent"] = occupancy.lent_homes(db, principal, [home.id for home in found.items])
        context["may_add"] = principal.role is Role.LANDLORD
    if principal.role in (Role.SOCIAL_WORKER, Role.COORDINATOR, Role.ADMIN):
        waiting = HouseholdFilters(status=HouseholdStatus.WAITING)
        context["households"] = households.list_households(db, principal, waiting, PREVIEW)
    if principal.role is Role.ASSOCIATION_STAFF:
        with suppress(NotFound):  # no profile yet: the page offers to write it
            context["board"] = dashboards.association_dashboard(db, principal)
    if principal.role in (Role.SOCIAL_WORKER, Role.LANDLORD, Role.ASSOCIATION_STAFF):
        page = placements.list_placements(
            db, principal, PlacementFilters(), PageRequest(page=1, page_size=20)
        )
        # The association's placements under way are in its board above; the others (proposed,
        # agreed, ended) are listed here.
        shown = [p for p in page.items if not ("board" in context and p.status is PlacementStatus.ACTIVE)]
        context["placements"] = [placements.view(principal, p) for p in shown]
    return render(request, "dashboard.html", context)
