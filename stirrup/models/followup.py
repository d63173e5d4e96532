"""The six-month follow-up of a placement by its association: visits and check-ins, milestones of
regained rights, incidents, the exit plan, and extensions the owner agrees to.

Visit notes and wellbeing, incident descriptions, exit-plan details and housing-application
numbers are sensitive: only the following association and the household's referent organisation
read them (see services.followup).
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from stirrup.models.accounts import User
from stirrup.models.base import Base, Timestamped, enum_column


def _placement_fk() -> ForeignKey:
    return ForeignKey("placements.id", ondelete="CASCADE")


def _user_column() -> Mapped[int | None]:
    return mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class VisitKind(StrEnum):
    HOME_VISIT = "home_visit"
    PHONE = "phone"
    OFFICE = "office"


class Visit(Timestamped, Base):
    """A visit or check-in: any contact between the follow-up team and the household."""

    __tablename__ = "visits"
    __table_args__ = (
        CheckConstraint("wellbeing BETWEEN 1 AND 5", name="wellbeing_range"),
        CheckConstraint(
            "housing_condition IS NULL OR housing_condition BETWEEN 1 AND 5", name="housing_condition_range"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    placement_id: Mapped[int] = mapped_column(_placement_fk(), index=True)
    visited_on: Mapped[date] = mapped_column(Date)
    kind: Mapped[VisitKind] = mapped_column(enum_column(VisitKind, "visit_kind"))
    #: How the household is doing, 1 (very badly) to 5 (very well). Sensitive.
    wellbeing: Mapped[int] = mapped_column(Integer)
    #: How the home is kept, 1 to 5; empty when the contact did not show the home (a phone call).
    housing_condition: Mapped[int | None] = mapped_column(Integer)
    notes: Mapped[str] = mapped_column(Text, default="")
    recorded_by_id: Mapped[int | None] = _user_column()


class MilestoneKind(StrEnum):
    """Rights regained during the placement."""

    POSTAL_ADDRESS = "postal_address"  # domiciliation
    HEALTH_COVER = "health_cover"
    BENEFITS = "benefits"  # family or housing benefits
    IDENTITY_PAPERS = "identity_papers"
    BANK_ACCOUNT = "bank_account"
    JOB_OR_TRAINING = "job_or_training"
    HOUSING_APPLICATION = "housing_application"  # long-term or social housing, with its number


class Milestone(Timestamped, Base):
    __tablename__ = "milestones"
    __table_args__ = (
        UniqueConstraint("placement_id", "kind"),
        CheckConstraint(
            "(kind = 'housing_application') = (reference IS NOT NULL)", name="reference_for_application"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    placement_id: Mapped[int] = mapped_column(_placement_fk())  # the unique constraint indexes it
    kind: Mapped[MilestoneKind] = mapped_column(enum_column(MilestoneKind, "milestone_kind"))
    reached_on: Mapped[date] = mapped_column(Date)
    #: The housing application's number (e.g. the social-housing "numéro unique"). Sensitive: it
    #: names the applicant in the registry.
    reference: Mapped[str | None] = mapped_column(String(40))
    recorded_by_id: Mapped[int | None] = _user_column()


class IncidentSeverity(StrEnum):
    MINOR = "minor"
    MODERATE = "moderate"
    SEVERE = "severe"


class IncidentCategory(StrEnum):
    NEIGHBOURHOOD = "neighbourhood"
    DAMAGE = "damage"
    HEALTH = "health"
    SAFETY = "safety"
    OTHER = "other"


class IncidentStatus(StrEnum):
    OPEN = "open"
    RESOLVED = "resolved"


class Incident(Timestamped, Base):
    __tablename__ = "incidents"
    __table_args__ = (
        CheckConstraint("(status = 'resolved') = (resolved_on IS NOT NULL)", name="resolved_when_dated"),
        CheckConstraint("resolved_on IS NULL OR resolved_on >= occurred_on", name="resolution_order"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    placement_id: Mapped[int] = mapped_column(_placement_fk(), index=True)
    occurred_on: Mapped[date] = mapped_column(Date)
    severity: Mapped[IncidentSeverity] = mapped_column(enum_column(IncidentSeverity, "incident_severity"))
    category: Mapped[IncidentCategory] = mapped_column(enum_column(IncidentCategory, "incident_category"))
    description: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[IncidentStatus] = mapped_column(enum_column(IncidentStatus, "incident_status"), index=True)
    resolution: Mapped[str] = mapped_column(Text, default="")
    resolved_on: Mapped[date | None] = mapped_column(Date)
    recorded_by_id: Mapped[int | None] = _user_column()


class ExitPlanKind(StrEnum):
    """Where the household is expected to go when the placement ends."""

    LONG_TERM_PRIVATE_HOUSING = "long_term_private_housing"
    SOCIAL_HOUSING = "social_housing"
    OTHER_SUPPORTED_HOUSING = "other_supported_housing"
    FAMILY_OR_FRIENDS = "family_or_friends"
    HOSPITAL_OR_CARE = "hospital_or_care"
    EXTENSION_REQUESTED = "extension_requested"
    OTHER = "other"


class ExitPlan(Timestamped, Base):
    """What the household will do at the end: one per placement, revised as it firms up."""

    __tablename__ = "exit_plans"

    id: Mapped[int] = mapped_column(primary_key=True)
    placement_id: Mapped[int] = mapped_column(_placement_fk(), unique=True)
    kind: Mapped[ExitPlanKind] = mapped_column(enum_column(ExitPlanKind, "exit_plan_kind"))
    #: When the move is expected, once known.
    expected_on: Mapped[date | None] = mapped_column(Date)
    details: Mapped[str] = mapped_column(Text, default="")
    recorded_on: Mapped[date] = mapped_column(Date)
    recorded_by_id: Mapped[int | None] = _user_column()


class ExtensionStatus(StrEnum):
    REQUESTED = "requested"
    CONSENTED = "consented"
    DECLINED = "declined"


_PENDING = text("status = 'requested'")


class Extension(Timestamped, Base):
    """A request to keep the household longer, by whole months, and the owner's answer."""

    __tablename__ = "extensions"
    __table_args__ = (
        CheckConstraint("months BETWEEN 1 AND 6", name="months_range"),
        Index(
            "uq_extensions_pending",
            "placement_id",
            unique=True,
            sqlite_where=_PENDING,
            postgresql_where=_PENDING,
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    placement_id: Mapped[int] = mapped_column(_placement_fk(), index=True)
    months: Mapped[int] = mapped_column(Integer)
    #: Written for the owner, who decides on it: why the household needs the time.
    reason: Mapped[str] = mapped_column(Text)
    status: Mapped[ExtensionStatus] = mapped_column(enum_column(ExtensionStatus, "extension_status"))
    requested_by_id: Mapped[int | None] = _user_column()
    requested_on: Mapped[date] = mapped_column(Date)
    #: The owner (or a member of the owning company) who consented or declined.
    answered_by_id: Mapped[int | None] = _user_column()
    answered_on: Mapped[date | None] = mapped_column(Date)
    decline_reason: Mapped[str] = mapped_column(Text, default="")
    previous_end: Mapped[date | None] = mapped_column(Date)
    new_end: Mapped[date | None] = mapped_column(Date)

    answered_by: Mapped[User | None] = relationship(lazy="raise", foreign_keys=[answered_by_id])
