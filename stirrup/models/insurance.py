"""Home insurance certificates for placements: who holds the policy, with whom, and for how long.

A placement may have several certificates (a renewal, a change of insurer); together they must
cover every day of the placement, or an alert is raised (see services.insurance).
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from sqlalchemy import CheckConstraint, Date, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from stirrup.models.base import Base, Timestamped, enum_column


class InsuranceHolder(StrEnum):
    """Who took out the policy: the household living there, or the association lending it on."""

    OCCUPANT = "occupant"
    ASSOCIATION = "association"


class InsuranceCertificate(Timestamped, Base):
    __tablename__ = "insurance_certificates"
    __table_args__ = (CheckConstraint("valid_until >= valid_from", name="validity_order"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    placement_id: Mapped[int] = mapped_column(ForeignKey("placements.id", ondelete="CASCADE"), index=True)
    holder: Mapped[InsuranceHolder] = mapped_column(enum_column(InsuranceHolder, "insurance_holder"))
    insurer: Mapped[str] = mapped_column(String(200))
    policy_number: Mapped[str] = mapped_column(String(60))
    valid_from: Mapped[date] = mapped_column(Date)
    #: The last day covered.
    valid_until: Mapped[date] = mapped_column(Date)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
