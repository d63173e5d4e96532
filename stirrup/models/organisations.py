"""Organisations: the landlord companies, social services, partner associations and coordination
bodies users belong to. The organisation is the tenant boundary for what a user may see."""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from stirrup.models.base import Base, Timestamped, enum_column


class OrganisationKind(StrEnum):
    LANDLORD_COMPANY = "landlord_company"
    SOCIAL_SERVICE = "social_service"
    PARTNER_ASSOCIATION = "partner_association"
    COORDINATION_BODY = "coordination_body"


class Organisation(Timestamped, Base):
    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[OrganisationKind] = mapped_column(enum_column(OrganisationKind, "organisation_kind"))
    name: Mapped[str] = mapped_column(String(200), unique=True)
    contact_email: Mapped[str | None] = mapped_column(String(254))
    contact_phone: Mapped[str | None] = mapped_column(String(40))
    contact_address: Mapped[str | None] = mapped_column(String(300))
