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
    GeocodePrecision,
    HomeStatus,
    HouseholdStatus,
    InsuranceHolder,
    OrganisationKind,
    PlacementStatus,
    ReportKind,
    Role,
    RoomCondition,
    Side,
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
    GeocodePrecision: {
        GeocodePrecision.ADDRESS: N_("exact address"),
        GeocodePrecision.STREET: N_("street"),
        GeocodePrecision.COMMUNE: N_("commune centre"),
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
