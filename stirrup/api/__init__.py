"""The REST API under /api/v1: thin routes that parse, call one service, and serialise."""

from __future__ import annotations

from fastapi import APIRouter

from stirrup.api import (
    associations,
    auth,
    condition_reports,
    dashboards,
    estimates,
    exports,
    extensions,
    followup,
    homes,
    households,
    insurance,
    organisations,
    outcomes,
    placements,
    privacy,
    users,
)
from stirrup.api.errors import ERROR_RESPONSES

router = APIRouter(prefix="/api/v1", responses=ERROR_RESPONSES)
for module in (
    auth,
    homes,
    households,
    associations,
    organisations,
    users,
    placements,
    estimates,
    insurance,
    condition_reports,
    privacy,
    followup,
    extensions,
    outcomes,
    dashboards,
    exports,
):
    router.include_router(module.router)
