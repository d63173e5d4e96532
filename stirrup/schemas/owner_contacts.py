"""Bodies for owner contacts and draft homes: the rows of a Zéro Logement Vacant export as they
are checked, and what the vacant-housing team reads and changes."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Self

from pydantic import EmailStr, Field, StringConstraints, field_validator, model_validator

from stirrup import clock
from stirrup.errors import FieldProblem
from stirrup.models import EnergyClass, HousingKind, InvitationStatus
from stirrup.schemas.common import (
    ExternalRef,
    Input,
    InseeCode,
    Latitude,
    Line,
    Longitude,
    Output,
    Text,
    raise_first,
)
from stirrup.schemas.homes import HomeUpdate, Surface

#: A short code as ZLV writes it (a house number "12 bis", a foreign postal code).
Short = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=20)]
#: ZLV's words for the kinds of housing.
_HOUSING_KINDS = {"appartement": HousingKind.APARTMENT, "maison": HousingKind.HOUSE}


def _not_after_this_year(field: str, year: int | None) -> list[FieldProblem]:
    if year is not None and year > clock.today().year:
        return [FieldProblem(field, "cannot be in the future")]
    return []


class ZlvOwnerRef(Input):
    """The main owner of a home, from the owner columns of the "Logements" sheet: enough to find
    them in the "Propriétaires" sheet (some exports give only their name)."""

    full_name: Line
    birth_date: date | None = Field(default=None, description="Tells namesakes apart; never stored")
    lovac_address: Text | None = None
    ban_address: Line | None = None
    street_number: Short | None = None
    street: Line | None = None
    postal_code: Short | None = None
    commune: Line | None = None
    address_complement: Line | None = None
    relative_location: Line | None = None


class ZlvOwnerRow(ZlvOwnerRef):
    """An owner, from the "Propriétaires" sheet: someone the team can write to."""

    @model_validator(mode="after")
    def _has_an_address(self) -> Self:
        if not (self.lovac_address or self.ban_address):
            raise ValueError("lovac_address: give the owner's address (LOVAC or BAN) to write to")
        return self


class ZlvHomeRow(Input):
    """A home, from the "Logements" sheet, with its main owner."""

    external_ref: ExternalRef
    departmental_ref: ExternalRef | None = None
    cadastral_ref: ExternalRef | None = None
    insee_code: InseeCode
    lovac_address: Text = Field(min_length=1)
    address_details: Text | None = None
    ban_address: Line | None = None
    latitude: Latitude | None = None
    longitude: Longitude | None = None
    housing_kind: HousingKind | None = None
    energy_class: EnergyClass | None = None
    energy_assessed_on: date | None = None
    surface_m2: Surface | None = None
    rooms: int | None = Field(default=None, ge=1, le=30)
    building_year: int | None = Field(default=None, ge=1000)
    vacant_since_year: int | None = Field(default=None, ge=1900)
    occupancy: Line | None = None
    zlv_status: Line | None = None
    campaigns: Text = ""
    owner: ZlvOwnerRef

    @field_validator("housing_kind", mode="before")
    @classmethod
    def _zlv_words(cls, value: Any) -> Any:
        return _HOUSING_KINDS.get(value.strip().lower(), value) if isinstance(value, str) else value

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        problems = _not_after_this_year("building_year", self.building_year)
        problems += _not_after_this_year("vacant_since_year", self.vacant_since_year)
        if (self.latitude is None) != (self.longitude is None):
            problems.append(FieldProblem("latitude", "give both latitude and longitude, or neither"))
        raise_first(problems)
        return self


class OwnerContactOut(Output):
    id: int
    full_name: str
    postal_address: str
    street_number: str | None
    street: str | None
    postal_code: str | None
    commune: str | None
    address_complement: str | None
    relative_location: str | None
    invitation_status: InvitationStatus
    invitation_updated_at: datetime | None
    user_id: int | None = Field(description="The owner's landlord account, once the team linked it")
    account_email: str | None = Field(description="That account's e-mail")
    draft_homes: int = Field(description="Vacant homes of this owner in the team's imports")


class InvitationUpdate(Input):
    """Where the team is with inviting the owner."""

    model_config = Input.model_config | {
        "json_schema_extra": {
            "examples": [
                {"invitation_status": "invited"},
                {"invitation_status": "joined", "account_email": "owner@example.org"},
            ]
        }
    }

    invitation_status: InvitationStatus
    account_email: EmailStr | None = Field(
        default=None,
        description="With joined: the owner's landlord account, which may then claim their draft homes",
    )

    @model_validator(mode="after")
    def _account_when_joined(self) -> Self:
        if self.account_email is not None and self.invitation_status is not InvitationStatus.JOINED:
            raise ValueError("account_email: only with the invitation_status joined")
        return self


class DraftHomeOut(Output):
    id: int
    owner_contact_id: int | None
    external_ref: str
    departmental_ref: str | None
    cadastral_ref: str | None
    insee_code: str
    commune: str | None
    address: str
    address_details: str | None
    latitude: float | None
    longitude: float | None
    housing_kind: HousingKind | None
    energy_class: EnergyClass | None
    energy_assessed_on: date | None
    surface_m2: float | None
    rooms: int | None
    building_year: int | None
    vacant_since_year: int | None
    occupancy: str | None
    zlv_status: str | None
    campaigns: str
    converted_at: datetime | None = Field(description="When the draft became a home (claimed)")
    home_id: int | None = Field(description="The home it became")


class DraftHomeClaim(HomeUpdate):
    """What the draft does not say (bedrooms, occupants, the dates the home is free) and what the
    owner corrects; every field left out is taken from the draft (address, coordinates, surface,
    rooms, energy class). The owner is the account linked to the draft's owner contact."""

    model_config = HomeUpdate.model_config | {
        "json_schema_extra": {
            "examples": [{"bedrooms": 1, "max_occupants": 2, "available_from": "2027-01-04"}]
        }
    }
