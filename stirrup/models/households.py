"""Households followed by social workers (called beneficiaries in the pages).

Matching data (size, housing requirements, where they must stay near) lives in ``households``;
names and contact details live apart in ``household_contacts`` and are shown only to the referent
organisation. Mobility needs are stored as what a home must offer, never as a medical condition.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Boolean, CheckConstraint, Date, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from stirrup.db import StrList, UTCDateTime
from stirrup.models.accounts import User
from stirrup.models.base import Base, Timestamped, enum_column
from stirrup.models.organisations import Organisation


class HouseholdStatus(StrEnum):
    WAITING = "waiting"
    PROPOSED = "proposed"
    PLACED = "placed"
    EXITED = "exited"


class AnchorKind(StrEnum):
    """Why the household must stay near a place: enough to weigh it, nothing more."""

    SCHOOL = "school"
    WORK = "work"
    CARE = "care"
    FAMILY = "family"
    SUPPORT = "support"
    OTHER = "other"


class Household(Timestamped, Base):
    __tablename__ = "households"
    __table_args__ = (
        CheckConstraint("adults >= 1", name="adults_positive"),
        CheckConstraint("children >= 0", name="children_non_negative"),
        CheckConstraint("priority BETWEEN 1 AND 5", name="priority_range"),
        CheckConstraint("max_distance_km > 0", name="distance_positive"),
        # The referent organisation's own reference (from its spreadsheet): re-imports update by it.
        Index("uq_households_organisation_external_ref", "organisation_id", "external_ref", unique=True),
        Index(
            "ix_households_anchor_insee_code",
            "anchor_insee_code",
            postgresql_ops={"anchor_insee_code": "varchar_pattern_ops"},
        ),
        # The candidate search from a home: waiting households in a box (services.pools).
        Index(
            "ix_households_status_anchor_latitude_anchor_longitude",
            "status",
            "anchor_latitude",
            "anchor_longitude",
        ),
        # The households list by priority (services.households).
        Index("ix_households_status_priority", "status", "priority"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Pseudonymous reference shown everywhere instead of names (e.g. "B-7Q4K2M").
    reference: Mapped[str] = mapped_column(String(12), unique=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    referent_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    external_ref: Mapped[str | None] = mapped_column(String(60))

    adults: Mapped[int] = mapped_column(Integer)
    children: Mapped[int] = mapped_column(Integer, default=0)
    #: Set only when the social worker overrides the derived number (see services.households).
    bedrooms_override: Mapped[int | None] = mapped_column(Integer)
    needs_wheelchair_access: Mapped[bool] = mapped_column(Boolean, default=False)
    needs_step_free: Mapped[bool] = mapped_column(Boolean, default=False)
    has_pets: Mapped[bool] = mapped_column(Boolean, default=False)

    anchor_kind: Mapped[AnchorKind] = mapped_column(enum_column(AnchorKind, "anchor_kind"))
    anchor_commune: Mapped[str] = mapped_column(String(100))
    #: INSEE code of the anchor's commune when known: which territory's rounds include the household.
    anchor_insee_code: Mapped[str | None] = mapped_column(String(5))
    anchor_latitude: Mapped[float] = mapped_column(Float)
    anchor_longitude: Mapped[float] = mapped_column(Float)
    max_distance_km: Mapped[float] = mapped_column(Float)
    preferred_communes: Mapped[list[str]] = mapped_column(StrList, default=list)
    excluded_communes: Mapped[list[str]] = mapped_column(StrList, default=list)

    earliest_start: Mapped[date] = mapped_column(Date)
    support_needs: Mapped[list[str]] = mapped_column(StrList, default=list)
    priority: Mapped[int] = mapped_column(Integer)
    priority_reason: Mapped[str] = mapped_column(Text, default="")

    consent_given_on: Mapped[date] = mapped_column(Date)
    consent_purpose: Mapped[str] = mapped_column(Text)
    consent_recorded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))

    status: Mapped[HouseholdStatus] = mapped_column(
        enum_column(HouseholdStatus, "household_status"), index=True
    )
    waiting_since: Mapped[datetime] = mapped_column(UTCDateTime)
    notes: Mapped[str] = mapped_column(Text, default="")
    #: When the personal data was erased (on request or at the end of retention); what is left
    #: (size, commune, dates, statuses) only feeds statistics.
    anonymised_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    organisation: Mapped[Organisation] = relationship(lazy="raise")
    referent: Mapped[User] = relationship(lazy="raise", foreign_keys=[referent_id])
    contact: Mapped[HouseholdContact | None] = relationship(
        lazy="raise", back_populates="household", cascade="all, delete-orphan"
    )

    @property
    def persons(self) -> int:
        return self.adults + self.children

    @property
    def bedrooms_needed(self) -> int:
        """The social worker's figure when set, else :func:`required_bedrooms`."""
        if self.bedrooms_override is not None:
            return self.bedrooms_override
        return required_bedrooms(self.adults, self.children)


def required_bedrooms(adults: int, children: int) -> int:
    """Bedrooms a household needs by default: one for the adult couple or single parent, one per
    further adult, one per two children — and none for a person alone, for whom a studio is fine."""
    if adults == 1 and children == 0:
        return 0
    return 1 + max(0, adults - 2) + (children + 1) // 2


class HouseholdContact(Timestamped, Base):
    """Who the household is and how to reach them: for the referent organisation's eyes only."""

    __tablename__ = "household_contacts"

    household_id: Mapped[int] = mapped_column(
        ForeignKey("households.id", ondelete="CASCADE"), primary_key=True
    )
    full_name: Mapped[str] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(40))
    email: Mapped[str | None] = mapped_column(String(254))

    household: Mapped[Household] = relationship(lazy="raise", back_populates="contact")
