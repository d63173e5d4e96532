"""Every router of the site, in the order the app mounts them (fixed paths such as /homes/new
before /homes/{home_id}). A new page module adds its router here."""

from __future__ import annotations

from fastapi import APIRouter

from stirrup.pages import (
    admin,
    associations,
    auth,
    dashboard,
    estimates,
    homes,
    households,
    overview,
    paperwork,
    places,
)

ROUTERS: list[APIRouter] = [
    auth.router,
    dashboard.router,
    places.router,
    homes.router,
    households.router,
    associations.router,
    admin.router,
    overview.router,
    estimates.router,
    paperwork.router,
]
