"""The owner's view of the placement in their home."""

from __future__ import annotations

from datetime import date

from stirrup.models import PlacementStatus
from stirrup.schemas.common import Output


class AssociationContactOut(Output):
    name: str
    phone: str | None
    email: str | None
    emergency_phone: str | None


class OwnerPlacementOut(Output):
    id: int
    status: PlacementStatus
    start: date
    occupied_until: date
    persons: int
    association: AssociationContactOut


class OccupancyOut(Output):
    """Dates, household size and whom to call: never who the household is."""

    home_id: int
    placement: OwnerPlacementOut | None
