"""The tax-benefit estimate for a what-if typed by anyone, or for a home from its own data.

The rules live in ``stirrup.tax`` (pure, no database); this module only gathers the inputs and
turns the engine's ``TaxInputError`` into ``InvalidInput`` naming the same field. A
``TaxDataError`` (broken data files) is left to the app's handler: a 500 with a reference.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, Literal, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from stirrup import clock
from stirrup.errors import Forbidden, InvalidInput, NotFound
from stirrup.models import LIVE_STATUSES, Home, Placement, PlacementStatus
from stirrup.services import access, audit, homes
from stirrup.services.access import Principal
from stirrup.tax import Estimate, EstimateInput, TaxInputError, default_rules, estimate
from stirrup.tax.context import marginal_rate_brackets

DatesFrom = Literal["query", "placement", "availability"]
T = TypeVar("T")


def compute(**fields: Any) -> Estimate:
    """``EstimateInput(**fields)`` through the engine; a refused input names its field (422)."""
    try:
        return estimate(EstimateInput(**fields))
    except TaxInputError as error:
        raise InvalidInput.field(error.field, error.message) from None


def marginal_rates(day: date) -> tuple[int, ...]:
    """The brackets an owner may choose from (data, not code), for forms."""
    return marginal_rate_brackets(default_rules().parameters, day)


@dataclass(frozen=True)
class WhatIf:
    """What the owner may vary for their own home; the rest comes from the home."""

    start: date | None = None
    end: date | None = None
    placement_id: int | None = None
    marginal_rate_pct: int | None = None
    market_rent_eur_month: Decimal | None = None


@dataclass(frozen=True)
class HomeEstimate:
    estimate: Estimate
    dates_from: DatesFrom
    placement_id: int | None

    def to_dict(self) -> dict[str, Any]:
        return {**self.estimate.to_dict(), "dates_from": self.dates_from, "placement_id": self.placement_id}


def for_home(db: Session, principal: Principal, home_id: int, what_if: WhatIf) -> HomeEstimate:
    """The estimate of one home, for its owner and coordinators: invisible homes are not found,
    visible ones (a social worker's proposal) are refused, since the figures are the owner's."""
    home = homes.get_home(db, principal, home_id)
    if not access.can_see_home_tax_data(principal, home):
        raise Forbidden("the estimate is for the home's owner and coordinators")
    start, end, dates_from, placement_id = _dates(db, home, what_if)
    result = compute(
        commune=_required(home.insee_code, "insee_code", "the home has no INSEE code: check its address"),
        surface_m2=Decimal(str(home.surface_m2)),
        vacant_since=_required(
            home.vacant_since, "vacant_since", "record on the home the day it became vacant"
        ),
        start=start,
        end=end,
        furnished=home.furnished,
        energy_class=home.energy_class.value if home.energy_class else None,
        cadastral_value_eur=home.cadastral_rental_value_eur,
        marginal_rate_pct=what_if.marginal_rate_pct,
        market_rent_eur_month=what_if.market_rent_eur_month,
    )
    audit.record(db, principal, "read_estimate", "home", home.id, dates_from=dates_from)
    return HomeEstimate(result, dates_from, placement_id)


def _required(value: T | None, field: str, message: str) -> T:
    if value is None:
        raise InvalidInput.field(field, message)
    return value


def _dates(db: Session, home: Home, what_if: WhatIf) -> tuple[date, date | None, DatesFrom, int | None]:
    """The what-if start when given; else the placement asked for; else the home's live or next
    proposed placement; else the home's first available day (never in the past)."""
    if what_if.end is not None and what_if.start is None:
        raise InvalidInput.field("end", "give start with end")
    if what_if.start is not None:
        return what_if.start, what_if.end, "query", None
    placement = _placement(db, home, what_if.placement_id)
    if placement is not None:
        return placement.start_date, placement.actual_end or placement.planned_end, "placement", placement.id
    return max(home.available_from, clock.today()), None, "availability", None


def _placement(db: Session, home: Home, placement_id: int | None) -> Placement | None:
    stmt = select(Placement).where(Placement.home_id == home.id)
    if placement_id is not None:
        placement = db.scalar(stmt.where(Placement.id == placement_id))
        if placement is None:
            raise NotFound(f"placement {placement_id} not found for home {home.id}")
        return placement
    live = db.scalar(stmt.where(Placement.status.in_(LIVE_STATUSES)))
    return live or db.scalar(
        stmt.where(Placement.status == PlacementStatus.PROPOSED).order_by(Placement.start_date).limit(1)
    )
