"""Request and response bodies for homes."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Literal, Self

from pydantic import Field, model_validator

from stirrup.errors import FieldProblem
from stirrup.models import EnergyClass, GeocodePrecision, HomeStatus
from stirrup.schemas.common import (
    ExternalRef,
    Input,
    Latitude,
    Line,
    Longitude,
    Output,
    PostalCode,
    Text,
    raise_first,
)

Surface = Annotated[float, Field(gt=0, lt=1000, allow_inf_nan=False, description="Living area in m²")]
#: Statuses an owner sets; "proposed" and "occupied" follow from placements.
OwnerStatus = Literal["draft", "available", "withdrawn"]

_EXAMPLE = {
    "street": "12 rue de l'Épeule",
    "postal_code": "59100",
    "commune": "Roubaix",
    "surface_m2": 45,
    "rooms": 2,
    "bedrooms": 1,
    "max_occupants": 3,
    "floor": 1,
    "has_lift": False,
    "step_free": False,
    "wheelchair_accessible": False,
    "furnished": True,
    "pets_allowed": False,
    "energy_class": "D",
    "available_from": "2026-12-01",
    "available_until": None,
    "vacant_since": "2023-01-01",
    "cadastral_rental_value_eur": 2000,
    "status": "available",
    "notes": "Keys with the neighbour at number 14.",
}


class HomeFields(Input):
    external_ref: ExternalRef | None = Field(
        default=None, description="Your own reference for the home, unique among your homes"
    )
    surface_m2: Surface
    rooms: int = Field(ge=1, le=30)
    bedrooms: int = Field(ge=0, le=30)
    max_occupants: int = Field(ge=1, le=30)
    floor: int = Field(default=0, ge=-2, le=60)
    has_lift: bool = False
    step_free: bool = False
    wheelchair_accessible: bool = False
    furnished: bool = False
    pets_allowed: bool = False
    energy_class: EnergyClass | None = None
    available_from: date
    available_until: date | None = None
    vacant_since: date | None = None
    cadastral_rental_value_eur: Decimal | None = Field(
        default=None, ge=0, le=1_000_000, max_digits=10, decimal_places=2
    )
    notes: Text = ""

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        raise_first(home_problems(self.rooms, self.bedrooms, self.available_from, self.available_until))
        return self


def home_problems(
    rooms: int, bedrooms: int, available_from: date, available_until: date | None
) -> list[FieldProblem]:
    """Cross-field rules of a home, shared by creation and partial updates."""
    problems = []
    if bedrooms > rooms:
        problems.append(FieldProblem("bedrooms", "cannot exceed the number of rooms"))
    if available_until is not None and available_until <= available_from:
        problems.append(FieldProblem("available_until", "must be after available_from"))
    return problems


class HomeCreate(HomeFields):
    """A new home. Owners are set from the signed-in landlord; coordinators name the owner."""

    model_config = HomeFields.model_config | {"json_schema_extra": {"examples": [_EXAMPLE]}}

    street: Line
    postal_code: PostalCode
    commune: Line
    latitude: Latitude | None = Field(default=None, description="Give with longitude to skip geocoding")
    longitude: Longitude | None = None
    status: OwnerStatus = "draft"
    owner_user_id: int | None = Field(default=None, description="Coordinators only: the landlord")
    owner_organisation_id: int | None = Field(default=None, description="Coordinators only: the company")

    @model_validator(mode="after")
    def _both_coordinates(self) -> Self:
        if (self.latitude is None) != (self.longitude is None):
            raise ValueError("latitude: give both latitude and longitude, or neither")
        return self


class HomeUpdate(Input):
    """Fields to change; those left out keep their value."""

    model_config = Input.model_config | {
        "json_schema_extra": {"examples": [{"surface_m2": 47.5, "available_until": "2027-12-31"}]}
    }

    external_ref: ExternalRef | None = None
    street: Line | None = None
    postal_code: PostalCode | None = None
    commune: Line | None = None
    surface_m2: Surface | None = None
    rooms: int | None = Field(default=None, ge=1, le=30)
    bedrooms: int | None = Field(default=None, ge=0, le=30)
    max_occupants: int | None = Field(default=None, ge=1, le=30)
    floor: int | None = Field(default=None, ge=-2, le=60)
    has_lift: bool | None = None
    step_free: bool | None = None
    wheelchair_accessible: bool | None = None
    furnished: bool | None = None
    pets_allowed: bool | None = None
    energy_class: EnergyClass | None = None
    available_from: date | None = None
    available_until: date | None = None
    vacant_since: date | None = None
    cadastral_rental_value_eur: Decimal | None = Field(
        default=None, ge=0, le=1_000_000, max_digits=10, decimal_places=2
    )
    status: OwnerStatus | None = None
    notes: Text | None = None


class HomeOut(Output):
    id: int
    owner_user_id: int | None
    owner_organisation_id: int | None
    external_ref: str | None
    street: str
    postal_code: str
    commune: str
    insee_code: str | None
    latitude: float
    longitude: float
    geocode_precision: GeocodePrecision
    surface_m2: float
    rooms: int
    bedrooms: int
    max_occupants: int
    floor: int
    has_lift: bool
    step_free: bool
    wheelchair_accessible: bool
    furnished: bool
    pets_allowed: bool
    energy_class: EnergyClass | None
    available_from: date
    available_until: date | None
    vacant_since: date | None
    #: The owner's tax data: null for anyone but the owner and coordinators/admins.
    cadastral_rental_value_eur: Decimal | None
    status: HomeStatus
    notes: str
