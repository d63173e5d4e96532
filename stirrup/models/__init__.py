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
from stirrup.models.homes import EnergyClass, GeocodePrecision, Home, HomeStatus
from stirrup.models.households import AnchorKind, Household, HouseholdContact, HouseholdStatus
from stirrup.models.insurance import InsuranceCertificate, InsuranceHolder
from stirrup.models.organisations import Organisation, OrganisationKind
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
    "CONDITION_ORDER",
    "LIVE_STATUSES",
    "AnchorKind",
    "Association",
    "AuditEvent",
    "AuthSession",
    "Base",
    "ConditionReport",
    "ConditionReportPhoto",
    "ConditionReportRoom",
    "Decision",
    "EnergyClass",
    "GeocodePrecision",
    "Home",
    "HomeStatus",
    "Household",
    "HouseholdContact",
    "HouseholdStatus",
    "InsuranceCertificate",
    "InsuranceHolder",
    "MatchingRun",
    "MatchingRunKind",
    "MatchingRunStatus",
    "Organisation",
    "OrganisationKind",
    "Party",
    "Placement",
    "PlacementDecision",
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
]
