"""/api/v1/estimates (a what-if anyone may ask, no account), and what an owner learns about their
home: /api/v1/homes/{id}/estimate and /api/v1/homes/{id}/occupancy."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request

from stirrup.api.errors import ErrorOut
from stirrup.deps import DB, CurrentPrincipal
from stirrup.schemas.common import IsoDate
from stirrup.schemas.estimates import EstimateOut, EstimateRequest, HomeEstimateOut
from stirrup.schemas.occupancy import OccupancyOut
from stirrup.services import estimates, occupancy
from stirrup.services.estimates import WhatIf

router = APIRouter(tags=["estimates"])


def rate_limited(request: Request) -> None:
    """Count the call against the client's address (the proxy-provided one behind a proxy)."""
    request.app.state.estimate_limiter.check(request.client.host if request.client else "unknown")


RateLimited = Depends(rate_limited)


@router.post(
    "/estimates",
    response_model=EstimateOut,
    summary="What lending a vacant home for six months is worth (no account needed)",
    description="Compares staying vacant, a free loan, the association route and long-term letting. "
    "Nothing is stored and no sign-in is needed: the request carries no cookie-based identity, so it "
    "needs no CSRF token. Limited per client address (429 with Retry-After beyond it). "
    "An estimate, not tax advice.",
    dependencies=[RateLimited],
    responses={429: {"model": ErrorOut, "description": "Too many estimates from this address"}},
)
def create_estimate(body: EstimateRequest) -> object:
    return estimates.compute(**body.model_dump()).to_dict()


@router.get(
    "/homes/{home_id}/estimate",
    response_model=HomeEstimateOut,
    summary="The estimate for one of your homes",
    description="For the home's owner and coordinators. Uses the home's commune, surface, furniture, "
    "energy class, cadastral value and vacancy date, and the dates of `start`/`end` when given, else "
    "of `placement_id`, else of the home's live or next proposed placement, else its first "
    "available day.",
)
def home_estimate(
    db: DB,
    principal: CurrentPrincipal,
    home_id: int,
    start: Annotated[IsoDate | None, Query(description="What-if first day")] = None,
    end: Annotated[IsoDate | None, Query(description="What-if last day (six months when empty)")] = None,
    placement_id: Annotated[int | None, Query(ge=1, description="Use this placement's dates")] = None,
    marginal_rate_pct: Annotated[int | None, Query(ge=0, le=100, description="0, 11, 30, 41 or 45")] = None,
    market_rent_eur_month: Annotated[Decimal | None, Query(ge=0, le=100_000)] = None,
) -> object:
    what_if = WhatIf(start, end, placement_id, marginal_rate_pct, market_rent_eur_month)
    return estimates.for_home(db, principal, home_id, what_if).to_dict()


@router.get(
    "/homes/{home_id}/occupancy",
    response_model=OccupancyOut,
    summary="Is your home lent, until when, and whom to call (owner and coordinators)",
)
def home_occupancy(db: DB, principal: CurrentPrincipal, home_id: int) -> object:
    return occupancy.for_owner(db, principal, home_id)
