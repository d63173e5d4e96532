"""Placements (proposed, then accepted by the three parties, active for six months, ended) and the
matching runs that propose them.

The database itself forbids two live placements (accepted or active) on one home or one household:
partial unique indexes, so that two people acting at once can never both win.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Date, Float, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from stirrup import clock
from stirrup.db import UTCDateTime
from stirrup.models.associations import Association
from stirrup.models.base import Base, Timestamped, enum_column
from stirrup.models.homes import Home
from stirrup.models.households import Household


class PlacementStatus(StrEnum):
    PROPOSED = "proposed"
    ACCEPTED = "accepted"
    ACTIVE = "active"
    ENDED = "ended"
    DECLINED = "declined"
    CANCELLED = "cancelled"


#: Statuses in which a placement holds its home and its household.
LIVE_STATUSES = (PlacementStatus.ACCEPTED, PlacementStatus.ACTIVE)
_LIVE = text("status IN ('accepted', 'active')")


class Party(StrEnum):
    LANDLORD = "landlord"
    SOCIAL_WORKER = "social_worker"
    ASSOCIATION = "association"


class Decision(StrEnum):
    ACCEPTED = "accepted"
    DECLINED = "declined"


class MatchingRunStatus(StrEnum):
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class MatchingRun(Base):
    __tablename__ = "matching_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    status: Mapped[MatchingRunStatus] = mapped_column(enum_column(MatchingRunStatus, "matching_run_status"))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    started_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    parameters: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    solver_status: Mapped[str | None] = mapped_column(String(32))
    objective: Mapped[float | None] = mapped_column(Float)
    bound: Mapped[float | None] = mapped_column(Float)
    result: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class Placement(Timestamped, Base):
    __tablename__ = "placements"
    __table_args__ = (
        Index("uq_placements_live_home", "home_id", unique=True, sqlite_where=_LIVE, postgresql_where=_LIVE),
        Index(
            "uq_placements_live_household",
            "household_id",
            unique=True,
            sqlite_where=_LIVE,
            postgresql_where=_LIVE,
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("households.id"), index=True)
    home_id: Mapped[int] = mapped_column(ForeignKey("homes.id"), index=True)
    association_id: Mapped[int] = mapped_column(ForeignKey("associations.id"), index=True)
    status: Mapped[PlacementStatus] = mapped_column(
        enum_column(PlacementStatus, "placement_status"), index=True
    )
    start_date: Mapped[date] = mapped_column(Date)
    #: start + 6 calendar months, moved only by a recorded extension.
    planned_end: Mapped[date] = mapped_column(Date)
    actual_end: Mapped[date | None] = mapped_column(Date)
    matching_run_id: Mapped[int | None] = mapped_column(ForeignKey("matching_runs.id"), index=True)
    score: Mapped[float | None] = mapped_column(Float)
    explanation: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    household: Mapped[Household] = relationship(lazy="raise")
    home: Mapped[Home] = relationship(lazy="raise")
    association: Mapped[Association] = relationship(lazy="raise")
    decisions: Mapped[list[PlacementDecision]] = relationship(
        lazy="raise", back_populates="placement", order_by="PlacementDecision.decided_at"
    )


class PlacementDecision(Base):
    """One party's answer to a placement: who, when, and why when it is a decline."""

    __tablename__ = "placement_decisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    placement_id: Mapped[int] = mapped_column(ForeignKey("placements.id", ondelete="CASCADE"), index=True)
    party: Mapped[Party] = mapped_column(enum_column(Party, "party"))
    decision: Mapped[Decision] = mapped_column(enum_column(Decision, "decision"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    reason_code: Mapped[str | None] = mapped_column(String(40))
    reason_text: Mapped[str | None] = mapped_column(Text)

    placement: Mapped[Placement] = relationship(lazy="raise", back_populates="decisions")
