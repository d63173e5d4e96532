"""Who may see and change what: the object-level rules, in one place.

Every list and every fetch goes through a ``*_visible_to`` filter, so an object a user may not see
is simply not found (404) — ids leak nothing. Write rules are the ``can_*`` functions.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, false, or_, select, true

from stirrup.models import (
    Association,
    DraftHome,
    Email,
    Home,
    Household,
    Organisation,
    OwnerContact,
    Placement,
    PlacementStatus,
    Role,
    User,
)

#: Placements through which an association or a social service sees a home or a household.
FOLLOWED_STATUSES = (
    PlacementStatus.PROPOSED,
    PlacementStatus.ACCEPTED,
    PlacementStatus.ACTIVE,
    PlacementStatus.ENDED,
)
#: Placements through which an association sees the household itself (its needs and requirements):
#: only while it is proposed to follow it or follows it. Once the placement has ended the association
#: keeps the placement's record (the later checks are its), not the household's.
LIVE_FOLLOWED_STATUSES = (PlacementStatus.PROPOSED, PlacementStatus.ACCEPTED, PlacementStatus.ACTIVE)


@dataclass(frozen=True)
class Principal:
    """The signed-in user acting on this request."""

    user_id: int
    role: Role
    organisation_id: int | None
    display_name: str
    email: str
    locale: str = "fr"
    session_id: str | None = None
    csrf_token: str | None = None
    #: Signed in with a password alone while the role needs two-factor sign-in: only the
    #: enrolment and signing out are open to this session.
    enrolment_only: bool = False

    @property
    def oversees_all(self) -> bool:
        """Coordinators and admins see every record (households pseudonymised)."""
        return self.role in (Role.COORDINATOR, Role.ADMIN)


def _association_ids_of(principal: Principal) -> ColumnElement[bool] | None:
    if principal.role is not Role.ASSOCIATION_STAFF or principal.organisation_id is None:
        return None
    return Placement.association_id.in_(
        select(Association.id).where(Association.organisation_id == principal.organisation_id)
    )


def _followed_placements(principal: Principal) -> ColumnElement[bool]:
    """Placements the principal's association follows (or has been proposed to follow)."""
    followed = _association_ids_of(principal)
    if followed is None:
        return false()
    return followed & Placement.status.in_(FOLLOWED_STATUSES)


def homes_visible_to(principal: Principal) -> ColumnElement[bool]:
    if principal.oversees_all:
        return true()
    if principal.role is Role.LANDLORD:
        return owned_by(principal)
    if principal.role is Role.SOCIAL_WORKER:
        proposed_to_mine = select(Placement.home_id).where(
            Placement.household_id.in_(
                select(Household.id).where(Household.organisation_id == principal.organisation_id)
            ),
            Placement.status.in_(FOLLOWED_STATUSES),
        )
        return Home.id.in_(proposed_to_mine)
    if principal.role is Role.ASSOCIATION_STAFF:
        return Home.id.in_(select(Placement.home_id).where(_followed_placements(principal)))
    return false()


def owned_by(principal: Principal) -> ColumnElement[bool]:
    """Homes owned by the landlord, or by the landlord company they work for."""
    mine = Home.owner_user_id == principal.user_id
    if principal.organisation_id is None:
        return mine
    return or_(mine, Home.owner_organisation_id == principal.organisation_id)


def can_edit_home(principal: Principal, home: Home) -> bool:
    if principal.oversees_all:
        return True
    if principal.role is not Role.LANDLORD:
        return False
    return home.owner_user_id == principal.user_id or (
        principal.organisation_id is not None and home.owner_organisation_id == principal.organisation_id
    )


def can_see_home_tax_data(principal: Principal, home: Home) -> bool:
    """The cadastral value and the tax estimate are the owner's financial data, and the home's notes
    are written for the coordinators: for the owner and coordinators, the people who may change the
    home."""
    return can_edit_home(principal, home)


def households_visible_to(principal: Principal) -> ColumnElement[bool]:
    if principal.oversees_all:
        return true()
    if principal.role is Role.SOCIAL_WORKER:
        return Household.organisation_id == principal.organisation_id
    if principal.role is Role.ASSOCIATION_STAFF:
        followed = _followed_placements(principal) & Placement.status.in_(LIVE_FOLLOWED_STATUSES)
        return Household.id.in_(select(Placement.household_id).where(followed))
    return false()


def is_referent_organisation(principal: Principal, household: Household) -> bool:
    """Names, contact details and notes are for the referent organisation's social workers."""
    return principal.role is Role.SOCIAL_WORKER and household.organisation_id == principal.organisation_id


def placements_visible_to(principal: Principal) -> ColumnElement[bool]:
    if principal.oversees_all:
        return true()
    if principal.role is Role.LANDLORD:
        return Placement.home_id.in_(select(Home.id).where(owned_by(principal)))
    if principal.role is Role.SOCIAL_WORKER:
        return Placement.household_id.in_(
            select(Household.id).where(Household.organisation_id == principal.organisation_id)
        )
    if principal.role is Role.ASSOCIATION_STAFF:
        return _followed_placements(principal)
    return false()


#: Who, besides coordinators and admins, takes part in each piece of a placement's paperwork
#: (always within the placements they may see). Condition reports are between the two sides of
#: the loan; insurance also concerns the social service that helps the household take it out.
CONDITION_REPORT_READERS = (Role.LANDLORD, Role.ASSOCIATION_STAFF)
INSURANCE_READERS = (Role.LANDLORD, Role.ASSOCIATION_STAFF, Role.SOCIAL_WORKER)
INSURANCE_WRITERS = (Role.ASSOCIATION_STAFF, Role.SOCIAL_WORKER)


#: The follow-up team of a placement, within the placements they may see: the association that
#: follows it and the household's referent social service. They record the follow-up and alone
#: read its sensitive parts (visit notes and wellbeing, incident descriptions, exit-plan and
#: ending details, housing-application numbers); coordinators read the rest, owners none of it.
FOLLOW_UP_TEAM = (Role.ASSOCIATION_STAFF, Role.SOCIAL_WORKER)


def in_follow_up_team(principal: Principal) -> bool:
    """On a placement the principal may see: are they its association or referent social service?"""
    return principal.role in FOLLOW_UP_TEAM


def takes_part(principal: Principal, roles: tuple[Role, ...]) -> bool:
    """Coordinators and admins oversee everything; the others only what their role is party to."""
    return principal.oversees_all or principal.role in roles


def associations_visible_to(principal: Principal) -> ColumnElement[bool]:
    """The directory of partner associations (area, support, capacity) is open to every user."""
    return true()


def can_create_association(principal: Principal, organisation_id: int | None = None) -> bool:
    """Coordinators create any association's profile; an association's staff their own (any, when
    ``organisation_id`` is not known yet: a file of profiles, each row checked again)."""
    if principal.oversees_all:
        return True
    return principal.role is Role.ASSOCIATION_STAFF and organisation_id in (None, principal.organisation_id)


def can_edit_association(principal: Principal, association: Association) -> bool:
    if principal.oversees_all:
        return True
    return (
        principal.role is Role.ASSOCIATION_STAFF and association.organisation_id == principal.organisation_id
    )


def may_invite_owners(principal: Principal) -> bool:
    """A town's vacant-housing team (coordinators of a coordination body) imports the state's data
    on vacant homes and invites their owners; nobody else handles those owners' names."""
    return principal.role is Role.COORDINATOR and principal.organisation_id is not None


def owner_contacts_visible_to(principal: Principal) -> ColumnElement[bool]:
    """Owners to invite are personal data of people who never signed up: only the coordinators of
    the team that imported them see them (not admins, not other teams)."""
    if not may_invite_owners(principal):
        return false()
    return OwnerContact.organisation_id == principal.organisation_id


def draft_homes_visible_to(principal: Principal) -> ColumnElement[bool]:
    """The team's coordinators see its draft homes; a landlord sees those of the owner contacts
    the team linked to their account (they joined), to claim them."""
    if principal.role is Role.LANDLORD:
        return DraftHome.owner_contact_id.in_(
            select(OwnerContact.id).where(OwnerContact.user_id == principal.user_id)
        )
    if not may_invite_owners(principal):
        return false()
    return DraftHome.organisation_id == principal.organisation_id


def organisations_visible_to(principal: Principal) -> ColumnElement[bool]:
    if principal.oversees_all:
        return true()
    if principal.organisation_id is None:
        return false()
    return Organisation.id == principal.organisation_id


def emails_visible_to(principal: Principal) -> ColumnElement[bool]:
    """The outbox: admins see every e-mail (none carries household data), others their own."""
    if principal.role is Role.ADMIN:
        return true()
    return Email.user_id == principal.user_id


def users_visible_to(principal: Principal) -> ColumnElement[bool]:
    if principal.role is Role.ADMIN:
        return true()
    return User.id == principal.user_id
