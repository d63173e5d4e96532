"""Owners to invite, and the vacant homes the state's data says they own.

A town's vacant-housing team imports a Zéro Logement Vacant export: each owner becomes an owner
contact (a name and a postal address to write to — no account is created), each home a draft
home linked to its owner, so that the team can invite the owners to lend their homes through
Stirrup. Both belong to the team's organisation and are seen by its coordinators only. An owner's
birth date is read to tell two namesakes apart and never stored (see ``identity_key``).
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Date, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from stirrup.db import UTCDateTime
from stirrup.models.base import Base, Timestamped, enum_column
from stirrup.models.homes import EnergyClass
from stirrup.models.organisations import Organisation


class InvitationStatus(StrEnum):
    TO_INVITE = "to_invite"
    INVITED = "invited"
    #: The owner created an account.
    JOINED = "joined"
    DECLINED = "declined"


class HousingKind(StrEnum):
    APARTMENT = "apartment"
    HOUSE = "house"


class OwnerContact(Timestamped, Base):
    __tablename__ = "owner_contacts"
    __table_args__ = (
        Index("uq_owner_contacts_organisation_identity", "organisation_id", "identity_key", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The vacant-housing team that imported the owner, and the only one to see them.
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    #: SHA-256 of the owner's folded name, birth date and tax address: a re-import finds the same
    #: owner by it without the birth date being kept.
    identity_key: Mapped[str] = mapped_column(String(64))
    full_name: Mapped[str] = mapped_column(String(200))
    #: The address to write to, as the national address base (BAN) or the tax file (LOVAC) gives it.
    postal_address: Mapped[str] = mapped_column(Text)
    street_number: Mapped[str | None] = mapped_column(String(20))
    street: Mapped[str | None] = mapped_column(String(200))
    postal_code: Mapped[str | None] = mapped_column(String(10))
    commune: Mapped[str | None] = mapped_column(String(100))
    address_complement: Mapped[str | None] = mapped_column(String(200))
    #: Where the owner lives relative to the home (same commune, département, region…), as ZLV says.
    relative_location: Mapped[str | None] = mapped_column(String(200))
    invitation_status: Mapped[InvitationStatus] = mapped_column(
        enum_column(InvitationStatus, "invitation_status"), index=True
    )
    invitation_updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: The owner's landlord account once they joined, linked by the team: it may claim the
    #: owner's draft homes (services.draft_homes).
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)

    organisation: Mapped[Organisation] = relationship(lazy="raise")


class DraftHome(Timestamped, Base):
    """A vacant home known from the state's data, not yet listed by its owner. It holds what the
    export says (never a guess at what it does not say); the owner completes it into a home."""

    __tablename__ = "draft_homes"
    __table_args__ = (
        Index("uq_draft_homes_organisation_external_ref", "organisation_id", "external_ref", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    owner_contact_id: Mapped[int | None] = mapped_column(
        ForeignKey("owner_contacts.id", ondelete="SET NULL"), index=True
    )
    #: The national tax identifier of the home (ZLV's "Identifiant fiscal national").
    external_ref: Mapped[str] = mapped_column(String(60))
    departmental_ref: Mapped[str | None] = mapped_column(String(60))
    cadastral_ref: Mapped[str | None] = mapped_column(String(60))
    insee_code: Mapped[str] = mapped_column(String(5), index=True)
    commune: Mapped[str | None] = mapped_column(String(100))
    address: Mapped[str] = mapped_column(Text)
    address_details: Mapped[str | None] = mapped_column(Text)
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    housing_kind: Mapped[HousingKind | None] = mapped_column(enum_column(HousingKind, "housing_kind"))
    energy_class: Mapped[EnergyClass | None] = mapped_column(enum_column(EnergyClass, "energy_class"))
    energy_assessed_on: Mapped[date | None] = mapped_column(Date)
    surface_m2: Mapped[float | None] = mapped_column(Float)
    rooms: Mapped[int | None] = mapped_column(Integer)
    building_year: Mapped[int | None] = mapped_column(Integer)
    vacant_since_year: Mapped[int | None] = mapped_column(Integer)
    occupancy: Mapped[str | None] = mapped_column(String(100))
    zlv_status: Mapped[str | None] = mapped_column(String(100))
    campaigns: Mapped[str] = mapped_column(Text, default="")
    #: When the owner (or the team for them) turned the draft into a home, and which; the home may
    #: be deleted later, the draft stays converted (claimed once only).
    converted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    home_id: Mapped[int | None] = mapped_column(ForeignKey("homes.id", ondelete="SET NULL"))

    owner_contact: Mapped[OwnerContact | None] = relationship(lazy="raise")
