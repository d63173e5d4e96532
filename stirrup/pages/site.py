"""Every router of the site, in the order the app mounts them (fixed paths such as /homes/new
before /homes/{home_id}). A new page module adds its router here."""

from __future__ import annotations

from fastapi import APIRouter

from stirrup.pages import (
    admin,
    associations,
    auth,
    check_in,
    dashboard,
    draft_homes,
    estimates,
    followup,
    homes,
    household_page,
    households,
    imports,
    notifications,
    overview,
    owner_contacts,
    paperwork,
    placement_end,
    places,
    privacy,
    proposals,
    rounds,
    statistics,
)

ROUTERS: list[APIRouter] = [
    auth.router,
    dashboard.router,
    places.router,
    homes.router,
    households.router,
    household_page.router,
    associations.router,
    admin.router,
    overview.router,
    estimates.router,
    paperwork.router,
    proposals.router,
    rounds.router,
    imports.router,
    owner_contacts.router,
    draft_homes.router,
    followup.router,
    check_in.router,
    placement_end.router,
    statistics.router,
    notifications.router,
    privacy.router,
]
