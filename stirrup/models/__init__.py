"""All models, imported here so that the metadata Alembic compares against is complete."""

from stirrup.models.accounts import AuthSession, RecoveryCode, Role, SessionKind, SignInFailure, User
from stirrup.models.associations import Association
from stirrup.models.audit import AuditEvent
from stirrup.models.base import Base
from stirrup.models.condition_reports import (
    CONDITION_ORDER,
    ConditionReport,
    ConditionReportPhoto,
    ConditionReportRoom,
    ReportKind,
    RoomCondition,
    Side,
)
from stirrup.models.followup import (
    ExitPlan,
    ExitPlanKind,
    Extension,
    ExtensionStatus,
    Incident,
    IncidentCategory,
    IncidentSeverity,
    IncidentStatus,
    Milestone,
    MilestoneKind,
    Visit,
    VisitKind,
)
from stirrup.models.homes import EnergyClass, GeocodePrecision, Home, HomeStatus
from stirrup.models.households import AnchorKind, Household, HouseholdContact, HouseholdStatus
from stirrup.models.insurance import InsuranceCertificate, InsuranceHolder
from stirrup.models.organisations import Organisation, OrganisationKind
from stirrup.models.outcomes import (
    AFTER_END_HORIZONS,
    AfterEndCheck,
    EarlyEndReason,
    Outcome,
    PlacementEnding,
)
from stirrup.models.placements import (
    LIVE_STATUSES,
    Decision,
    MatchingRun,
    MatchingRunStatus,
    Party,
    Placement,
    PlacementDecision,
    PlacementStatus,
)

__all__ = [
    "AFTER_END_HORIZONS",
    "CONDITION_ORDER",
    "LIVE_STATUSES",
    "AfterEndCheck",
    "AnchorKind",
    "Association",
    "AuditEvent",
    "AuthSession",
    "Base",
    "ConditionReport",
    "ConditionReportPhoto",
    "ConditionReportRoom",
    "Decision",
    "EarlyEndReason",
    "EnergyClass",
    "ExitPlan",
    "ExitPlanKind",
    "Extension",
    "ExtensionStatus",
    "GeocodePrecision",
    "Home",
    "HomeStatus",
    "Household",
    "HouseholdContact",
    "HouseholdStatus",
    "Incident",
    "IncidentCategory",
    "IncidentSeverity",
    "IncidentStatus",
    "InsuranceCertificate",
    "InsuranceHolder",
    "MatchingRun",
    "MatchingRunStatus",
    "Milestone",
    "MilestoneKind",
    "Organisation",
    "OrganisationKind",
    "Outcome",
    "Party",
    "Placement",
    "PlacementDecision",
    "PlacementEnding",
    "PlacementStatus",
    "RecoveryCode",
    "ReportKind",
    "Role",
    "RoomCondition",
    "SessionKind",
    "Side",
    "SignInFailure",
    "User",
    "Visit",
    "VisitKind",
]
