"""The REST API under /api/v1: thin routes that parse, call one service, and serialise."""

from __future__ import annotations

from fastapi import APIRouter

from stirrup.api import (
    associations,
    auth,
    condition_reports,
    estimates,
    exports,
    homes,
    households,
    imports,
    insurance,
    organisations,
    owner_contacts,
    placements,
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
    imports,
    exports,
    owner_contacts,
):
    router.include_router(module.router)
