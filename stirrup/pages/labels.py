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
    EarlyEndReason,
    EmailStatus,
    ExitPlanKind,
    ExtensionStatus,
    GeocodePrecision,
    HomeStatus,
    HouseholdStatus,
    IncidentCategory,
    IncidentSeverity,
    IncidentStatus,
    InsuranceHolder,
    MilestoneKind,
    NotificationKind,
    OrganisationKind,
    Outcome,
    PlacementStatus,
    ReportKind,
    Role,
    RoomCondition,
    Side,
    VisitKind,
)

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


def choices(values: list[StrEnum] | tuple[str, ...]) -> list[tuple[str, str]]:
    """(value, label) pairs for a select, radio buttons or checkboxes."""
    return [(str(value), label(value)) for value in values]


def translated(table: dict[str, str]) -> dict[str, str]:
    """A table of field labels (marked with N_) in the reader's language, for a form's template."""
    return {name: gettext(text) for name, text in table.items()}
