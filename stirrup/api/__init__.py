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
    imports,
    insurance,
    organisations,
    outcomes,
    owner_contacts,
    placements,
    proposals,
    record_exports,
    requests,
    rounds,
    users,
)
from stirrup.api.errors import ERROR_RESPONSES

router = APIRouter(prefix="/api/v1", responses=ERROR_RESPONSES)
for module in (
    auth,
    homes,
    households,
    requests,
    associations,
    organisations,
    users,
    placements,
    rounds,
    proposals,
    estimates,
    insurance,
    condition_reports,
    followup,
    extensions,
    outcomes,
    dashboards,
    exports,
    imports,
    record_exports,
    owner_contacts,
):
    router.include_router(module.router)
