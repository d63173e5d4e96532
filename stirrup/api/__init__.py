"""The REST API under /api/v1: thin routes that parse, call one service, and serialise."""

from __future__ import annotations

from fastapi import APIRouter

from stirrup.api import (
    associations,
    auth,
    condition_reports,
    estimates,
    homes,
    households,
    insurance,
    organisations,
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
):
    router.include_router(module.router)
