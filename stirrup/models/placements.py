"""Placements (proposed, then accepted by the three parties, active for six months, ended) and the
matching runs that propose them.

The database itself forbids two live placements (accepted or active) on one home or one household:
partial unique indexes, so that two people acting at once can never both win.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Date, Float, ForeignKey, Index, String, Text, UniqueConstraint, text
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


class MatchingRunKind(StrEnum):
    #: A coordinator's round over a territory.
    ROUND = "round"
    #: The solve a placement request or a newly available home triggers between rounds.
    ON_DEMAND = "on_demand"


class RoundStage(StrEnum):
    """How far a run has got, for progress reports (see services.round_runs)."""

    QUEUED = "queued"
    BUILDING = "building"
    SOLVING = "solving"
    EXPLAINING = "explaining"
    STORING = "storing"
    DONE = "done"
    FAILED = "failed"


_RUNNING_ROUND = text("status = 'running' AND kind = 'round'")


class MatchingRun(Base):
    __tablename__ = "matching_runs"
    __table_args__ = (
        # One running round per territory; overlapping territories are refused under a lock
        # (services.round_runs.start_round).
        Index(
            "uq_matching_runs_running_territory",
            "territory_key",
            unique=True,
            sqlite_where=_RUNNING_ROUND,
            postgresql_where=_RUNNING_ROUND,
        ),
        # The rounds list (newest first) and the running rounds a start compares with.
        Index("ix_matching_runs_kind_started_at", "kind", "started_at"),
        Index("ix_matching_runs_status", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[MatchingRunKind] = mapped_column(
        enum_column(MatchingRunKind, "matching_run_kind"), default=MatchingRunKind.ROUND
    )
    status: Mapped[MatchingRunStatus] = mapped_column(enum_column(MatchingRunStatus, "matching_run_status"))
    stage: Mapped[RoundStage] = mapped_column(
        enum_column(RoundStage, "round_stage"), default=RoundStage.QUEUED
    )
    stage_changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    #: Touched while the run works; a running round whose heartbeat is old has crashed.
    heartbeat_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    #: The process running the round (``host:pid:start``, see stirrup.processes): once it is gone from
    #: this host, the round is failed without waiting for its heartbeat to grow old.
    worker: Mapped[str | None] = mapped_column(String(300))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    started_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    #: {"kind": "all" | "departement" | "communes", "departement": "59", "communes": [...]}
    territory: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    territory_key: Mapped[str] = mapped_column(String(700), default="all")
    parameters: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    solver_status: Mapped[str | None] = mapped_column(String(32))
    objective: Mapped[float | None] = mapped_column(Float)
    bound: Mapped[float | None] = mapped_column(Float)
    gap: Mapped[float | None] = mapped_column(Float)
    #: Counts, timings and the solver's messages (never personal data).
    result: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    error: Mapped[str | None] = mapped_column(Text)


class UnmatchedHousehold(Base):
    """Why a run left a household without a proposal: reason codes with their parameters, turned
    into sentences in the reader's language when read (services.reasons)."""

    __tablename__ = "unmatched_households"
    __table_args__ = (UniqueConstraint("matching_run_id", "household_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    matching_run_id: Mapped[int] = mapped_column(ForeignKey("matching_runs.id", ondelete="CASCADE"))
    household_id: Mapped[int] = mapped_column(ForeignKey("households.id", ondelete="CASCADE"), index=True)
    #: [{"code": ..., "params": {...}, "text": English sentence from the solver}]
    reasons: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    #: Changes that would unlock a match, same shape.
    unlocks: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)


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
        # Proposals of a round by status (services.proposals, rounds' pages).
        Index("ix_placements_matching_run_id_status", "matching_run_id", "status"),
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
    #: A proposal expires then unless all three parties have accepted it (fixed when it is made).
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: When and why a proposal stopped being one without becoming live (declined, expired,
    #: superseded, home withdrawn, household exited…): see services.lifecycle.
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_reason: Mapped[str | None] = mapped_column(String(40))

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
    #: The move-in date an acceptance agreed to: all three must agree on the same one.
    move_in_date: Mapped[date | None] = mapped_column(Date)

    placement: Mapped[Placement] = relationship(lazy="raise", back_populates="decisions")
