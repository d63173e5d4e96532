"""How placements end and where the households are later: the outcome at the end, then the
situation 6, 12 and 24 months after it, from the same fixed list.

The share of households back on the street or in emergency shelter at each horizon is the measure
homelessness services use to judge whether a placement lasted (services.statistics).
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, Integer, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from stirrup import clock
from stirrup.db import UTCDateTime
from stirrup.models.base import Base, Timestamped, enum_column


class Outcome(StrEnum):
    """Where a household lives: at the end of its placement, and at each later check."""

    LONG_TERM_PRIVATE_HOUSING = "long_term_private_housing"
    SOCIAL_HOUSING = "social_housing"
    OTHER_SUPPORTED_HOUSING = "other_supported_housing"
    FAMILY_OR_FRIENDS = "family_or_friends"
    HOSPITAL_OR_CARE = "hospital_or_care"
    STREET_OR_EMERGENCY_SHELTER = "street_or_emergency_shelter"
    UNKNOWN = "unknown"


class EarlyEndReason(StrEnum):
    """Why a placement ended before its planned end."""

    HOUSED_EARLY = "housed_early"
    HOUSEHOLD_LEFT = "household_left"
    AGREEMENT_BREACH = "agreement_breach"
    OWNER_NEEDS_HOME = "owner_needs_home"
    OTHER = "other"


#: Months after the end at which the association finds out where the household is.
AFTER_END_HORIZONS = (6, 12, 24)


class PlacementEnding(Base):
    """The end of a placement: its outcome and, when early, why. (The date is the placement's
    ``actual_end``.)"""

    __tablename__ = "placement_endings"

    placement_id: Mapped[int] = mapped_column(
        ForeignKey("placements.id", ondelete="CASCADE"), primary_key=True
    )
    outcome: Mapped[Outcome] = mapped_column(enum_column(Outcome, "outcome"), index=True)
    early_end_reason: Mapped[EarlyEndReason | None] = mapped_column(
        enum_column(EarlyEndReason, "early_end_reason")
    )
    #: Free text for the follow-up team; sensitive.
    details: Mapped[str] = mapped_column(Text, default="")
    #: The owner takes the home back instead of lending it again.
    home_withdrawn: Mapped[bool] = mapped_column(Boolean, default=False)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)


class AfterEndCheck(Timestamped, Base):
    """Where the household was found to be some months after the end."""

    __tablename__ = "after_end_checks"
    __table_args__ = (
        UniqueConstraint("placement_id", "months"),
        CheckConstraint(f"months IN {AFTER_END_HORIZONS}", name="months_horizon"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    placement_id: Mapped[int] = mapped_column(ForeignKey("placements.id", ondelete="CASCADE"))
    months: Mapped[int] = mapped_column(Integer)
    situation: Mapped[Outcome] = mapped_column(enum_column(Outcome, "after_end_situation"))
    checked_on: Mapped[date] = mapped_column(Date)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
