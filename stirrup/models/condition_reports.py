"""Condition reports (états des lieux) at the start and at the end of a placement.

Room by room, on a fixed scale, signed (name and date) by both sides of the loan: the lender (the
owner) and the borrower (the association that makes the home available to the household). Once
both have signed, a report can no longer change.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, Date, ForeignKey, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from stirrup import clock
from stirrup.db import UTCDateTime
from stirrup.models.base import Base, Timestamped, enum_column


class ReportKind(StrEnum):
    ENTRY = "entry"
    EXIT = "exit"


class RoomCondition(StrEnum):
    """The usual French scale, best first: neuf, bon état, état d'usage, mauvais état."""

    NEW = "new"
    GOOD = "good"
    WORN = "worn"
    POOR = "poor"


#: Best first, so a higher index is a worse condition.
CONDITION_ORDER: tuple[RoomCondition, ...] = tuple(RoomCondition)


class Side(StrEnum):
    """The two sides that sign: the lender (owner) and the borrower (association)."""

    LENDER = "lender"
    BORROWER = "borrower"


def _signed_together(side: str) -> CheckConstraint:
    return CheckConstraint(
        f"({side}_signed_name IS NULL) = ({side}_signed_on IS NULL)", name=f"{side}_signature_whole"
    )


class ConditionReport(Timestamped, Base):
    __tablename__ = "condition_reports"
    __table_args__ = (
        UniqueConstraint("placement_id", "kind"),
        _signed_together("lender"),
        _signed_together("borrower"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    placement_id: Mapped[int] = mapped_column(ForeignKey("placements.id", ondelete="CASCADE"), index=True)
    kind: Mapped[ReportKind] = mapped_column(enum_column(ReportKind, "report_kind"))
    inspected_on: Mapped[date] = mapped_column(Date)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    lender_signed_name: Mapped[str | None] = mapped_column(String(200))
    lender_signed_on: Mapped[date | None] = mapped_column(Date)
    borrower_signed_name: Mapped[str | None] = mapped_column(String(200))
    borrower_signed_on: Mapped[date | None] = mapped_column(Date)

    rooms: Mapped[list[ConditionReportRoom]] = relationship(
        lazy="raise", cascade="all, delete-orphan", order_by="ConditionReportRoom.position"
    )

    @property
    def signed(self) -> bool:
        """Signed by both sides, hence final."""
        return self.lender_signed_on is not None and self.borrower_signed_on is not None


class ConditionReportRoom(Base):
    __tablename__ = "condition_report_rooms"
    __table_args__ = (UniqueConstraint("report_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("condition_reports.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(100))
    condition: Mapped[RoomCondition] = mapped_column(enum_column(RoomCondition, "room_condition"))
    remarks: Mapped[str] = mapped_column(Text, default="")

    photos: Mapped[list[ConditionReportPhoto]] = relationship(
        lazy="raise", cascade="all, delete-orphan", order_by="ConditionReportPhoto.id"
    )


class ConditionReportPhoto(Base):
    """A photo of a room. Its bytes live in the database, far from any web root, and go with the
    report's transaction and backups; no original file name is kept (it may say who took it)."""

    __tablename__ = "condition_report_photos"

    id: Mapped[int] = mapped_column(primary_key=True)
    room_id: Mapped[int] = mapped_column(
        ForeignKey("condition_report_rooms.id", ondelete="CASCADE"), index=True
    )
    content_type: Mapped[str] = mapped_column(String(40))
    size_bytes: Mapped[int] = mapped_column(Integer)
    #: Loaded only when the photo itself is asked for.
    data: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
