"""Reminders to the parties of a proposal who have not answered it: raised once each, sent by the
notifications (which set ``sent_at``)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from stirrup import clock
from stirrup.db import UTCDateTime
from stirrup.models.base import Base, enum_column
from stirrup.models.placements import Party


class ProposalReminder(Base):
    __tablename__ = "proposal_reminders"
    # One reminder per party and proposal, however often the job runs.
    __table_args__ = (UniqueConstraint("placement_id", "party"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    placement_id: Mapped[int] = mapped_column(ForeignKey("placements.id", ondelete="CASCADE"), index=True)
    party: Mapped[Party] = mapped_column(enum_column(Party, "party"))
    raised_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
