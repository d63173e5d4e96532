"""Partner associations: where they work, what support they give, how many households at once.

Their current load is derived from active placements and never stored.
"""

from __future__ import annotations

from sqlalchemy import CheckConstraint, Float, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from stirrup.db import StrList
from stirrup.models.base import Base, Timestamped
from stirrup.models.organisations import Organisation


class Association(Timestamped, Base):
    __tablename__ = "associations"
    __table_args__ = (
        CheckConstraint("capacity >= 0", name="capacity_non_negative"),
        CheckConstraint("radius_km >= 0", name="radius_non_negative"),
        # The reference of the directory spreadsheet it came from: re-imports update by it.
        Index("uq_associations_external_ref", "external_ref", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), unique=True)
    external_ref: Mapped[str | None] = mapped_column(String(60))
    base_commune: Mapped[str] = mapped_column(String(100))
    base_latitude: Mapped[float] = mapped_column(Float)
    base_longitude: Mapped[float] = mapped_column(Float)
    radius_km: Mapped[float] = mapped_column(Float)
    #: INSEE codes of communes served whatever their distance from the base.
    communes: Mapped[list[str]] = mapped_column(StrList, default=list)
    support_offered: Mapped[list[str]] = mapped_column(StrList, default=list)
    capacity: Mapped[int] = mapped_column(Integer)
    emergency_phone: Mapped[str | None] = mapped_column(String(40))

    organisation: Mapped[Organisation] = relationship(lazy="raise")
