"""Vacant homes that owners lend for six months."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from stirrup.models.accounts import User
from stirrup.models.base import Base, Timestamped, enum_column
from stirrup.models.organisations import Organisation


class HomeStatus(StrEnum):
    DRAFT = "draft"
    AVAILABLE = "available"
    PROPOSED = "proposed"
    OCCUPIED = "occupied"
    WITHDRAWN = "withdrawn"


class GeocodePrecision(StrEnum):
    ADDRESS = "address"
    STREET = "street"
    COMMUNE = "commune"


class EnergyClass(StrEnum):
    A = "A"
    B = "B"
    C = "C"
    D = "D"
    E = "E"
    F = "F"
    G = "G"


class Home(Timestamped, Base):
    __tablename__ = "homes"
    __table_args__ = (
        CheckConstraint(
            "(owner_user_id IS NULL) <> (owner_organisation_id IS NULL)", name="exactly_one_owner"
        ),
        CheckConstraint("surface_m2 > 0 AND surface_m2 < 1000", name="surface_range"),
        CheckConstraint("max_occupants >= 1", name="occupants_positive"),
        CheckConstraint("bedrooms >= 0 AND rooms >= 1 AND bedrooms <= rooms", name="rooms_consistent"),
        CheckConstraint(
            "available_until IS NULL OR available_until > available_from", name="availability_order"
        ),
        # An owner's own reference for a home (from their spreadsheet): re-imports update by it.
        Index("uq_homes_owner_user_external_ref", "owner_user_id", "external_ref", unique=True),
        Index(
            "uq_homes_owner_organisation_external_ref", "owner_organisation_id", "external_ref", unique=True
        ),
        # Territories select by code prefix (LIKE '59%'): a pattern index on PostgreSQL serves
        # both that and equality (services.territory).
        Index("ix_homes_insee_code", "insee_code", postgresql_ops={"insee_code": "varchar_pattern_ops"}),
        Index("ix_homes_postal_code", "postal_code", postgresql_ops={"postal_code": "varchar_pattern_ops"}),
        # The candidate search: free homes in a latitude/longitude box (services.pools).
        Index("ix_homes_status_latitude_longitude", "status", "latitude", "longitude"),
        # The homes list: available on a date, with enough bedrooms (services.homes).
        Index("ix_homes_status_available_from", "status", "available_from"),
        Index("ix_homes_bedrooms_max_occupants", "bedrooms", "max_occupants"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    owner_organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), index=True)
    external_ref: Mapped[str | None] = mapped_column(String(60))

    street: Mapped[str] = mapped_column(String(200))
    postal_code: Mapped[str] = mapped_column(String(5))
    commune: Mapped[str] = mapped_column(String(100))
    insee_code: Mapped[str | None] = mapped_column(String(5))
    latitude: Mapped[float] = mapped_column(Float)
    longitude: Mapped[float] = mapped_column(Float)
    geocode_precision: Mapped[GeocodePrecision] = mapped_column(
        enum_column(GeocodePrecision, "geocode_precision")
    )

    surface_m2: Mapped[float] = mapped_column(Float)
    rooms: Mapped[int] = mapped_column(Integer)
    bedrooms: Mapped[int] = mapped_column(Integer)
    max_occupants: Mapped[int] = mapped_column(Integer)
    floor: Mapped[int] = mapped_column(Integer, default=0)
    has_lift: Mapped[bool] = mapped_column(Boolean, default=False)
    step_free: Mapped[bool] = mapped_column(Boolean, default=False)
    wheelchair_accessible: Mapped[bool] = mapped_column(Boolean, default=False)
    furnished: Mapped[bool] = mapped_column(Boolean, default=False)
    pets_allowed: Mapped[bool] = mapped_column(Boolean, default=False)
    energy_class: Mapped[EnergyClass | None] = mapped_column(enum_column(EnergyClass, "energy_class"))

    available_from: Mapped[date] = mapped_column(Date)
    available_until: Mapped[date | None] = mapped_column(Date)
    vacant_since: Mapped[date | None] = mapped_column(Date)
    cadastral_rental_value_eur: Mapped[Decimal | None] = mapped_column(Numeric(10, 2))

    status: Mapped[HomeStatus] = mapped_column(enum_column(HomeStatus, "home_status"), index=True)
    notes: Mapped[str] = mapped_column(Text, default="")

    owner_user: Mapped[User | None] = relationship(lazy="raise")
    owner_organisation: Mapped[Organisation | None] = relationship(lazy="raise")
