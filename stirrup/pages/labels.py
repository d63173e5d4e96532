"""The words the pages show for coded values (statuses, roles, kinds of support), in one place.

``{{ home.status | label }}`` reads the reader's language; a code without a label shows as itself,
made readable ("budget_advice" → "budget advice"), so a new support kind set in the settings never
breaks a page.
"""

from __future__ import annotations

from enum import StrEnum

from stirrup.i18n import N_, gettext
from stirrup.models import (
    AnchorKind,
    Decision,
    EarlyEndReason,
    EmailStatus,
    ExitPlanKind,
    ExtensionStatus,
    GeocodePrecision,
    HomeStatus,
    HouseholdStatus,
    ImportKind,
    ImportStatus,
    IncidentCategory,
    IncidentSeverity,
    IncidentStatus,
    InsuranceHolder,
    InvitationStatus,
    MatchingRunStatus,
    MilestoneKind,
    NotificationKind,
    OrganisationKind,
    Outcome,
    Party,
    PlacementStatus,
    ReportKind,
    RequestOutcome,
    Role,
    RoomCondition,
    RoundStage,
    Side,
    VisitKind,
)
from stirrup.services.lifecycle import CloseReason

#: Labels by coded type: StrEnum members equal their strings ("proposed" is a home's, a
#: household's and a placement's status), so each type has its own table.
LABELS: dict[type[StrEnum], dict[str, str]] = {
    HomeStatus: {
        HomeStatus.DRAFT: N_("Draft"),
        HomeStatus.AVAILABLE: N_("Available"),
        HomeStatus.PROPOSED: N_("Proposed to a household"),
        HomeStatus.OCCUPIED: N_("Occupied"),
        HomeStatus.WITHDRAWN: N_("Withdrawn"),
    },
    HouseholdStatus: {
        HouseholdStatus.WAITING: N_("Waiting"),
        HouseholdStatus.PROPOSED: N_("Home proposed"),
        HouseholdStatus.PLACED: N_("Housed"),
        HouseholdStatus.EXITED: N_("Left the programme"),
    },
    PlacementStatus: {
        PlacementStatus.PROPOSED: N_("Proposed"),
        PlacementStatus.ACCEPTED: N_("Accepted"),
        PlacementStatus.ACTIVE: N_("Under way"),
        PlacementStatus.ENDED: N_("Ended"),
        PlacementStatus.DECLINED: N_("Declined"),
        PlacementStatus.CANCELLED: N_("Cancelled"),
    },
    Role: {
        Role.LANDLORD: N_("Landlord"),
        Role.SOCIAL_WORKER: N_("Social worker"),
        Role.ASSOCIATION_STAFF: N_("Association staff"),
        Role.COORDINATOR: N_("Coordinator"),
        Role.ADMIN: N_("Administrator"),
    },
    OrganisationKind: {
        OrganisationKind.LANDLORD_COMPANY: N_("Landlord company"),
        OrganisationKind.SOCIAL_SERVICE: N_("Social service"),
        OrganisationKind.PARTNER_ASSOCIATION: N_("Partner association"),
        OrganisationKind.COORDINATION_BODY: N_("Coordination body"),
    },
    AnchorKind: {
        AnchorKind.SCHOOL: N_("School"),
        AnchorKind.WORK: N_("Work"),
        AnchorKind.CARE: N_("Care"),
        AnchorKind.FAMILY: N_("Family"),
        AnchorKind.SUPPORT: N_("Support services"),
        AnchorKind.OTHER: N_("Other"),
    },
    InsuranceHolder: {
        InsuranceHolder.OCCUPANT: N_("the household"),
        InsuranceHolder.ASSOCIATION: N_("the association"),
    },
    Side: {
        Side.LENDER: N_("Lender (owner)"),
        Side.BORROWER: N_("Borrower (association)"),
    },
    ReportKind: {
        ReportKind.ENTRY: N_("Entry report"),
        ReportKind.EXIT: N_("Exit report"),
    },
    RoomCondition: {
        RoomCondition.NEW: N_("new"),
        RoomCondition.GOOD: N_("good"),
        RoomCondition.WORN: N_("worn (normal wear)"),
        RoomCondition.POOR: N_("poor"),
    },
    NotificationKind: {
        "proposal_to_answer": N_("A new proposal to answer"),
        "proposal_reminder": N_("A reminder of a proposal still to answer"),
        "proposal_answered": N_("A proposal accepted or declined by another side"),
        "placement_starting": N_("A placement agreed by all three sides"),
        "ending_without_exit_plan": N_("A placement ending soon without an exit plan"),
        "no_recent_check_in": N_("No visit or check-in for three weeks"),
        "severe_incident": N_("A severe incident open"),
        "insurance_lapsed": N_("Home insurance lapsed"),
    },
    EmailStatus: {
        "pending": N_("Waiting to be sent"),
        "sending": N_("Being sent"),
        "sent": N_("Sent"),
        "kept": N_("Kept here (e-mail sending is off)"),
        "failed": N_("Failed"),
    },
    GeocodePrecision: {
        GeocodePrecision.ADDRESS: N_("exact address"),
        GeocodePrecision.STREET: N_("street"),
        GeocodePrecision.COMMUNE: N_("commune centre"),
    },
    Party: {
        Party.LANDLORD: N_("The owner"),
        Party.SOCIAL_WORKER: N_("The household's social worker"),
        Party.ASSOCIATION: N_("The association"),
    },
    Decision: {
        Decision.ACCEPTED: N_("Accepted"),
        Decision.DECLINED: N_("Declined"),
    },
    CloseReason: {
        CloseReason.DECLINED: N_("declined"),
        CloseReason.EXPIRED: N_("expired without an answer from everyone"),
        CloseReason.SUPERSEDED: N_("replaced by a newer matching round"),
        CloseReason.HOME_TAKEN: N_("the home was promised to another household"),
        CloseReason.HOUSEHOLD_PLACED: N_("the household accepted another home"),
        CloseReason.HOME_WITHDRAWN: N_("the home was withdrawn by its owner"),
        CloseReason.HOUSEHOLD_EXITED: N_("the household left the programme"),
    },
    MatchingRunStatus: {
        MatchingRunStatus.RUNNING: N_("Running"),
        MatchingRunStatus.DONE: N_("Done"),
        MatchingRunStatus.FAILED: N_("Failed"),
    },
    RoundStage: {
        RoundStage.QUEUED: N_("Waiting to start"),
        RoundStage.BUILDING: N_("Reading the homes and households"),
        RoundStage.SOLVING: N_("Looking for the best placements"),
        RoundStage.EXPLAINING: N_("Writing the explanations"),
        RoundStage.STORING: N_("Saving the proposals"),
        RoundStage.DONE: N_("Done"),
        RoundStage.FAILED: N_("Failed"),
    },
    RequestOutcome: {
        RequestOutcome.PROPOSED: N_("a home was proposed"),
        RequestOutcome.UNMATCHED: N_("no home fits yet"),
        RequestOutcome.ROUNDS_ONLY: N_("waits for the next round"),
    },
    ImportKind: {
        ImportKind.HOMES: N_("Homes"),
        ImportKind.HOUSEHOLDS: N_("Households"),
        ImportKind.ASSOCIATIONS: N_("Associations"),
        ImportKind.ZLV: N_("Zéro Logement Vacant export"),
    },
    ImportStatus: {
        ImportStatus.QUEUED: N_("Waiting to start"),
        ImportStatus.CHECKING: N_("Checking the rows"),
        ImportStatus.WRITING: N_("Writing"),
        ImportStatus.DONE: N_("Imported"),
        ImportStatus.CHECKED: N_("Checked: no problem"),
        ImportStatus.INVALID: N_("Problems found: nothing written"),
        ImportStatus.FAILED: N_("Could not be imported"),
    },
    InvitationStatus: {
        InvitationStatus.TO_INVITE: N_("To invite"),
        InvitationStatus.INVITED: N_("Invited"),
        InvitationStatus.JOINED: N_("Joined"),
        InvitationStatus.DECLINED: N_("Declined"),
    },
    # The follow-up of a placement (docs/followup.md).
    VisitKind: {
        VisitKind.HOME_VISIT: N_("Home visit"),
        VisitKind.PHONE: N_("Phone call"),
        VisitKind.OFFICE: N_("At the office"),
    },
    MilestoneKind: {
        MilestoneKind.POSTAL_ADDRESS: N_("Postal address (domiciliation)"),
        MilestoneKind.HEALTH_COVER: N_("Health cover"),
        MilestoneKind.BENEFITS: N_("Family or housing benefits"),
        MilestoneKind.IDENTITY_PAPERS: N_("Identity papers"),
        MilestoneKind.BANK_ACCOUNT: N_("Bank account"),
        MilestoneKind.JOB_OR_TRAINING: N_("Job or training"),
        MilestoneKind.HOUSING_APPLICATION: N_("Application for long-term or social housing"),
    },
    IncidentSeverity: {
        IncidentSeverity.MINOR: N_("minor"),
        IncidentSeverity.MODERATE: N_("moderate"),
        IncidentSeverity.SEVERE: N_("severe"),
    },
    IncidentCategory: {
        IncidentCategory.NEIGHBOURHOOD: N_("neighbourhood"),
        IncidentCategory.DAMAGE: N_("damage"),
        IncidentCategory.HEALTH: N_("health"),
        IncidentCategory.SAFETY: N_("safety"),
        IncidentCategory.OTHER: N_("other"),
    },
    IncidentStatus: {
        IncidentStatus.OPEN: N_("Open"),
        IncidentStatus.RESOLVED: N_("Resolved"),
    },
    ExitPlanKind: {
        ExitPlanKind.LONG_TERM_PRIVATE_HOUSING: N_("Long-term private housing"),
        ExitPlanKind.SOCIAL_HOUSING: N_("Social housing"),
        ExitPlanKind.OTHER_SUPPORTED_HOUSING: N_("Other supported housing"),
        ExitPlanKind.FAMILY_OR_FRIENDS: N_("Family or friends"),
        ExitPlanKind.HOSPITAL_OR_CARE: N_("Hospital or care"),
        ExitPlanKind.EXTENSION_REQUESTED: N_("Extension asked of the owner"),
        ExitPlanKind.OTHER: N_("Other"),
    },
    Outcome: {
        Outcome.LONG_TERM_PRIVATE_HOUSING: N_("Long-term private housing"),
        Outcome.SOCIAL_HOUSING: N_("Social housing"),
        Outcome.OTHER_SUPPORTED_HOUSING: N_("Other supported housing"),
        Outcome.FAMILY_OR_FRIENDS: N_("Family or friends"),
        Outcome.HOSPITAL_OR_CARE: N_("Hospital or care"),
        Outcome.STREET_OR_EMERGENCY_SHELTER: N_("Street or emergency shelter"),
        Outcome.UNKNOWN: N_("Unknown"),
    },
    EarlyEndReason: {
        EarlyEndReason.HOUSED_EARLY: N_("Housed before the planned end"),
        EarlyEndReason.HOUSEHOLD_LEFT: N_("The household left"),
        EarlyEndReason.AGREEMENT_BREACH: N_("The agreement was broken"),
        EarlyEndReason.OWNER_NEEDS_HOME: N_("The owner needs the home back"),
        EarlyEndReason.OTHER: N_("Other reason"),
    },
    ExtensionStatus: {
        ExtensionStatus.REQUESTED: N_("Waiting for the owner"),
        ExtensionStatus.CONSENTED: N_("Agreed by the owner"),
        ExtensionStatus.DECLINED: N_("Declined by the owner"),
    },
}

#: Why a side declines a proposal (services.proposals.DECLINE_REASONS), by code.
DECLINE_REASONS: dict[str, str] = {
    "dates": N_("The dates do not suit"),
    "household_size": N_("The household is too large or too small for the home"),
    "no_association_contact": N_("No contact yet with the association"),
    "too_far_from_school_or_work": N_("Too far from school or work"),
    "accessibility": N_("The home is not accessible enough"),
    "safety": N_("Safety"),
    "no_capacity": N_("No place left to follow one more household"),
    "outside_area": N_("Outside the area we cover"),
    "support_not_offered": N_("We do not offer the support needed"),
    "other": N_("Another reason"),
}

#: The default vocabulary of kinds of support (settings.support_needs).
SUPPORT_KINDS: dict[str, str] = {
    "rights_paperwork": N_("Rights and paperwork"),
    "employment": N_("Employment"),
    "health_care_access": N_("Access to health care"),
    "mental_health_support": N_("Mental-health support"),
    "addiction_support": N_("Addiction support"),
    "parenting": N_("Parenting"),
    "budget": N_("Budget"),
    "language": N_("Learning French"),
}


def label(value: StrEnum | str | None) -> str:
    """What a coded value is called in the reader's language."""
    if value is None:
        return ""
    table = LABELS.get(type(value), SUPPORT_KINDS) if isinstance(value, StrEnum) else SUPPORT_KINDS
    known = table.get(value)
    return gettext(known) if known else str(value).replace("_", " ")


def decline_reason(code: str | None) -> str:
    """Why a side declined, in the reader's language."""
    if code is None:
        return ""
    known = DECLINE_REASONS.get(code)
    return gettext(known) if known else code.replace("_", " ")


def close_reason(code: str | None) -> str:
    """Why a proposal closed (``placements.closed_reason``), in the reader's language."""
    return label(CloseReason(code)) if code in set(CloseReason) else (code or "")


def choices(values: list[StrEnum] | tuple[str, ...]) -> list[tuple[str, str]]:
    """(value, label) pairs for a select, radio buttons or checkboxes."""
    return [(str(value), label(value)) for value in values]


def translated(table: dict[str, str]) -> dict[str, str]:
    """A table of field labels (marked with N_) in the reader's language, for a form's template."""
    return {name: gettext(text) for name, text in table.items()}
