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
from stirrup.models.homes import EnergyClass, GeocodePrecision, Home, HomeStatus
from stirrup.models.households import AnchorKind, Household, HouseholdContact, HouseholdStatus
from stirrup.models.insurance import InsuranceCertificate, InsuranceHolder
from stirrup.models.organisations import Organisation, OrganisationKind
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
    "MatchingRunStatus",
    "Organisation",
    "OrganisationKind",
    "Party",
    "Placement",
    "PlacementDecision",
    "PlacementStatus",
    "RecoveryCode",
    "ReportKind",
    "Role",
    "RoomCondition",
    "SessionKind",
    "Side",
    "SignInFailure",
    "User",
]
