"""Request and response bodies for partner associations."""

from __future__ import annotations

from pydantic import Field

from stirrup.schemas.common import (
    ExternalRef,
    Input,
    InseeCode,
    Latitude,
    Line,
    Longitude,
    Output,
    Phone,
    PostalCode,
)

_EXAMPLE = {
    "organisation_id": 3,
    "base_postal_code": "59100",
    "base_commune": "Roubaix",
    "radius_km": 12,
    "communes": ["59650", "59599"],
    "support_offered": ["rights_paperwork", "employment", "budget"],
    "capacity": 25,
    "emergency_phone": "03 20 00 00 00",
}


class AssociationCreate(Input):
    model_config = Input.model_config | {"json_schema_extra": {"examples": [_EXAMPLE]}}

    organisation_id: int = Field(description="A partner-association organisation without a profile yet")
    external_ref: ExternalRef | None = Field(default=None, description="Its reference in your directory")
    base_postal_code: PostalCode
    base_commune: Line
    base_latitude: Latitude | None = None
    base_longitude: Longitude | None = None
    radius_km: float = Field(ge=0, le=200, allow_inf_nan=False)
    communes: list[InseeCode] = Field(default_factory=list, max_length=500)
    support_offered: list[str] = Field(min_length=1, max_length=20)
    capacity: int = Field(ge=0, le=10_000, description="Households it can follow at once")
    emergency_phone: Phone | None = None


class AssociationUpdate(Input):
    model_config = Input.model_config | {"json_schema_extra": {"examples": [{"capacity": 30}]}}

    external_ref: ExternalRef | None = None
    base_postal_code: PostalCode | None = None
    base_commune: Line | None = None
    base_latitude: Latitude | None = None
    base_longitude: Longitude | None = None
    radius_km: float | None = Field(default=None, ge=0, le=200, allow_inf_nan=False)
    communes: list[InseeCode] | None = Field(default=None, max_length=500)
    support_offered: list[str] | None = Field(default=None, min_length=1, max_length=20)
    capacity: int | None = Field(default=None, ge=0, le=10_000)
    emergency_phone: Phone | None = None


class AssociationOut(Output):
    id: int
    organisation_id: int
    external_ref: str | None
    name: str
    base_commune: str
    base_latitude: float
    base_longitude: float
    radius_km: float
    communes: list[str]
    support_offered: list[str]
    capacity: int
    current_load: int = Field(description="Households followed now (active placements)")
    emergency_phone: str | None
