"""All models, imported here so that the metadata Alembic compares against is complete."""

from stirrup.models.accounts import AuthSession, Role, SessionKind, User
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
from stirrup.models.imports import FINISHED_STATUSES, ImportJob, ImportKind, ImportProblem, ImportStatus
from stirrup.models.insurance import InsuranceCertificate, InsuranceHolder
from stirrup.models.organisations import Organisation, OrganisationKind
from stirrup.models.outcomes import (
    AFTER_END_HORIZONS,
    AfterEndCheck,
    EarlyEndReason,
    Outcome,
    PlacementEnding,
)
from stirrup.models.owner_contacts import DraftHome, HousingKind, InvitationStatus, OwnerContact
from stirrup.models.placements import (
    LIVE_STATUSES,
    Decision,
    MatchingRun,
    MatchingRunKind,
    MatchingRunStatus,
    Party,
    Placement,
    PlacementDecision,
    PlacementStatus,
    RoundStage,
    UnmatchedHousehold,
)
from stirrup.models.reminders import ProposalReminder
from stirrup.models.requests import PlacementRequest, RequestOutcome

__all__ = [
    "AFTER_END_HORIZONS",
    "CONDITION_ORDER",
    "FINISHED_STATUSES",
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
    "DraftHome",
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
    "HousingKind",
    "ImportJob",
    "ImportKind",
    "ImportProblem",
    "ImportStatus",
    "Incident",
    "IncidentCategory",
    "IncidentSeverity",
    "IncidentStatus",
    "InsuranceCertificate",
    "InsuranceHolder",
    "InvitationStatus",
    "MatchingRun",
    "MatchingRunKind",
    "MatchingRunStatus",
    "Milestone",
    "MilestoneKind",
    "Organisation",
    "OrganisationKind",
    "Outcome",
    "OwnerContact",
    "Party",
    "Placement",
    "PlacementDecision",
    "PlacementEnding",
    "PlacementRequest",
    "PlacementStatus",
    "ProposalReminder",
    "ReportKind",
    "RequestOutcome",
    "Role",
    "RoomCondition",
    "RoundStage",
    "SessionKind",
    "Side",
    "UnmatchedHousehold",
    "User",
    "Visit",
    "VisitKind",
]
