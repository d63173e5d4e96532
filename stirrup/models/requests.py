"""Placement requests: a social worker asks for a home for a household between rounds."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, ForeignKey, Integer, Text
from sqlalchemy.orm import Mapped, mapped_column

from stirrup import clock
from stirrup.db import UTCDateTime
from stirrup.models.base import Base, enum_column


class RequestOutcome(StrEnum):
    #: The on-demand solve found a home: a proposal awaits the three parties' answers.
    PROPOSED = "proposed"
    #: No home fits now: the household waits, with the reasons, for the next round or home.
    UNMATCHED = "unmatched"
    #: The household's territory works by rounds only: it waits for the next round.
    ROUNDS_ONLY = "rounds_only"


class PlacementRequest(Base):
    __tablename__ = "placement_requests"
    __table_args__ = (CheckConstraint("priority BETWEEN 1 AND 5", name="priority_range"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("households.id", ondelete="CASCADE"), index=True)
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    #: The priority and its reason as the social worker gave them (sensitive, like the household's).
    priority: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(Text)
    outcome: Mapped[RequestOutcome] = mapped_column(enum_column(RequestOutcome, "request_outcome"))
    matching_run_id: Mapped[int | None] = mapped_column(ForeignKey("matching_runs.id", ondelete="SET NULL"))
    placement_id: Mapped[int | None] = mapped_column(ForeignKey("placements.id", ondelete="SET NULL"))
