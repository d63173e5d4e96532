"""Factories: one method per domain object, with plausible defaults any test can override."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy.orm import Session

from stirrup import clock
from stirrup.models import (
    AfterEndCheck,
    AnchorKind,
    Association,
    Decision,
    DraftHome,
    Email,
    EmailStatus,
    EnergyClass,
    ExitPlan,
    ExitPlanKind,
    GeocodePrecision,
    Home,
    HomeStatus,
    Household,
    HouseholdContact,
    HouseholdStatus,
    Incident,
    IncidentCategory,
    IncidentSeverity,
    IncidentStatus,
    InvitationStatus,
    Milestone,
    MilestoneKind,
    Notification,
    NotificationKind,
    Organisation,
    OrganisationKind,
    Outcome,
    OwnerContact,
    Party,
    Placement,
    PlacementDecision,
    PlacementEnding,
    PlacementStatus,
    Role,
    SessionKind,
    User,
    Visit,
    VisitKind,
)
from stirrup.services import passwords, sessions

PASSWORD = "a-long-test-passphrase"
_PASSWORD_HASH = passwords.hash_password(PASSWORD)  # hashing once keeps the suite fast

#: The facts of a notification about placement 4, in Roubaix (services.notifications).
NOTIFICATION_FACTS = {
    "placement_id": 4,
    "home_id": 9,
    "commune": "Roubaix",
    "start": "2027-03-01",
    "end": "2027-09-01",
    "date": "2027-02-01",
}

_ROLE_ORGANISATION = {
    Role.SOCIAL_WORKER: OrganisationKind.SOCIAL_SERVICE,
    Role.ASSOCIATION_STAFF: OrganisationKind.PARTNER_ASSOCIATION,
    Role.COORDINATOR: OrganisationKind.COORDINATION_BODY,
}


@dataclass(frozen=True)
class Parties:
    """A placement and everyone around it: the owner, the association and one of its staff, the
    household's social worker."""

    owner: User
    home: Home
    organisation: Organisation
    association: Association
    staff: User
    worker: User
    household: Household
    placement: Placement


class Factory:
    def __init__(self, db: Session) -> None:
        self.db = db
        self._numbers = itertools.count(1)

    def _n(self) -> int:
        return next(self._numbers)

    def _save(self, obj: Any) -> Any:
        self.db.add(obj)
        self.db.commit()
        return obj

    def organisation(
        self, kind: OrganisationKind = OrganisationKind.SOCIAL_SERVICE, **fields: Any
    ) -> Organisation:
        fields.setdefault("name", f"{kind.value.replace('_', ' ').title()} {self._n()}")
        return self._save(Organisation(kind=kind, **fields))

    def user(
        self, role: Role = Role.LANDLORD, organisation: Organisation | None = None, **fields: Any
    ) -> User:
        if organisation is None and role in _ROLE_ORGANISATION:
            organisation = self.organisation(_ROLE_ORGANISATION[role])
        n = self._n()
        fields.setdefault("email", f"{role.value}{n}@example.org")
        fields.setdefault("display_name", f"{role.value.replace('_', ' ').title()} {n}")
        return self._save(
            User(
                role=role,
                organisation_id=organisation.id if organisation else None,
                password_hash=_PASSWORD_HASH,
                is_active=True,
                **fields,
            )
        )

    def token(self, user: User, kind: SessionKind = SessionKind.API) -> str:
        token, _ = sessions.start(self.db, kind, user)
        self.db.commit()
        return token

    def headers(self, user: User) -> dict[str, str]:
        """Authorization headers of a fresh API session of ``user``."""
        return {"Authorization": f"Bearer {self.token(user)}"}

    def home(self, owner: User | None = None, **fields: Any) -> Home:
        owner = owner or self.user(Role.LANDLORD)
        defaults: dict[str, Any] = dict(
            street="12 rue de l'Épeule",
            postal_code="59100",
            commune="Roubaix",
            insee_code="59512",
            latitude=50.6887,
            longitude=3.1843,
            geocode_precision=GeocodePrecision.COMMUNE,
            surface_m2=45.0,
            rooms=2,
            bedrooms=1,
            max_occupants=3,
            floor=1,
            available_from=clock.today(),
            status=HomeStatus.AVAILABLE,
            notes="",
        )
        defaults.update(fields)
        if "owner_organisation_id" not in fields:
            defaults["owner_user_id"] = owner.id
        return self._save(Home(**defaults))

    def household(
        self, referent: User | None = None, contact_name: str | None = "Camille Martin", **fields: Any
    ) -> Household:
        """A single parent with one child (two bedrooms needed) waiting in Roubaix."""
        referent = referent or self.user(Role.SOCIAL_WORKER)
        defaults: dict[str, Any] = dict(
            reference=f"B-T{self._n():05d}",
            organisation_id=referent.organisation_id,
            referent_id=referent.id,
            adults=1,
            children=1,
            anchor_kind=AnchorKind.SCHOOL,
            anchor_commune="Roubaix",
            anchor_insee_code="59512",
            anchor_latitude=50.6887,
            anchor_longitude=3.1843,
            max_distance_km=10.0,
            earliest_start=clock.today(),
            support_needs=["budget"],
            priority=3,
            priority_reason="Test",
            consent_given_on=clock.today() - timedelta(days=1),
            consent_purpose="Placement and follow-up",
            consent_recorded_by_id=referent.id,
            status=HouseholdStatus.WAITING,
            waiting_since=clock.now(),
            notes="",
        )
        defaults.update(fields)
        household = Household(**defaults)
        if contact_name:
            household.contact = HouseholdContact(full_name=contact_name, phone="06 00 00 00 00")
        return self._save(household)

    def association(self, organisation: Organisation | None = None, **fields: Any) -> Association:
        organisation = organisation or self.organisation(OrganisationKind.PARTNER_ASSOCIATION)
        defaults: dict[str, Any] = dict(
            base_commune="Roubaix",
            base_latitude=50.6887,
            base_longitude=3.1843,
            radius_km=15.0,
            communes=[],
            support_offered=["budget", "rights_paperwork"],
            capacity=10,
        )
        defaults.update(fields)
        return self._save(Association(organisation_id=organisation.id, **defaults))

    def placement(
        self,
        household: Household,
        home: Home,
        association: Association,
        status: PlacementStatus = PlacementStatus.PROPOSED,
        start: date | None = None,
        **fields: Any,
    ) -> Placement:
        from dateutil.relativedelta import relativedelta

        start = start or clock.today()
        if status is PlacementStatus.PROPOSED:
            fields.setdefault("expires_at", clock.now() + timedelta(days=7))
        return self._save(
            Placement(
                household_id=household.id,
                home_id=home.id,
                association_id=association.id,
                status=status,
                start_date=start,
                planned_end=start + relativedelta(months=6),
                explanation={},
                **fields,
            )
        )

    def proposal(self, start: date | None = None, **fields: Any) -> Parties:
        """A pending proposal and its parties, with the home and the household marked proposed as
        the workflow leaves them."""
        parties = self.parties(PlacementStatus.PROPOSED, start=start)
        parties.home.status = HomeStatus.PROPOSED
        parties.household.status = HouseholdStatus.PROPOSED
        for name, value in fields.items():
            setattr(parties.placement, name, value)
        self.db.commit()
        return parties

    def decision(
        self,
        placement: Placement,
        party: Party,
        decision: Decision = Decision.ACCEPTED,
        user: User | None = None,
        **fields: Any,
    ) -> PlacementDecision:
        """One side's answer; an acceptance agrees to the placement's current start date."""
        if decision is Decision.ACCEPTED:
            fields.setdefault("move_in_date", placement.start_date)
        return self._save(
            PlacementDecision(
                placement_id=placement.id,
                party=party,
                decision=decision,
                user_id=user.id if user else None,
                **fields,
            )
        )

    def parties(
        self,
        status: PlacementStatus = PlacementStatus.ACTIVE,
        start: date | None = None,
        contact_name: str = "Camille Martin",
    ) -> Parties:
        """A fully filled placement: every field a document or a page may show is set."""
        owner = self.user(Role.LANDLORD, display_name="Martine Lefebvre")
        home = self.home(
            owner=owner,
            street="12 rue de l'Épeule",
            furnished=True,
            energy_class=EnergyClass.D,
            vacant_since=date(2023, 1, 1),
            cadastral_rental_value_eur=2000,
        )
        organisation = self.organisation(
            OrganisationKind.PARTNER_ASSOCIATION,
            name=f"Toit Partagé {self._n()}",
            contact_email="contact@toit-partage.example.org",
            contact_phone="03 20 00 00 00",
            contact_address="5 place de la Liberté, 59100 Roubaix",
        )
        association = self.association(organisation, emergency_phone="06 11 22 33 44")
        staff = self.user(Role.ASSOCIATION_STAFF, organisation=organisation, display_name="Karim Benali")
        service = self.organisation(
            OrganisationKind.SOCIAL_SERVICE, name=f"CCAS {self._n()}", contact_phone="03 20 11 11 11"
        )
        worker = self.user(Role.SOCIAL_WORKER, organisation=service, display_name="Sophie Durand")
        household = self.household(referent=worker, contact_name=contact_name)
        placement = self.placement(household, home, association, status, start=start)
        return Parties(owner, home, organisation, association, staff, worker, household, placement)

    def visit(self, placement: Placement, visited_on: date | None = None, **fields: Any) -> Visit:
        defaults: dict[str, Any] = dict(kind=VisitKind.HOME_VISIT, wellbeing=4, housing_condition=4, notes="")
        defaults.update(fields)
        return self._save(
            Visit(placement_id=placement.id, visited_on=visited_on or clock.today(), **defaults)
        )

    def milestone(
        self, placement: Placement, kind: MilestoneKind, reached_on: date | None = None, **fields: Any
    ) -> Milestone:
        if kind is MilestoneKind.HOUSING_APPLICATION:
            fields.setdefault("reference", "059 0426 00123 AB")
        return self._save(
            Milestone(placement_id=placement.id, kind=kind, reached_on=reached_on or clock.today(), **fields)
        )

    def incident(
        self,
        placement: Placement,
        severity: IncidentSeverity = IncidentSeverity.MINOR,
        category: IncidentCategory = IncidentCategory.NEIGHBOURHOOD,
        **fields: Any,
    ) -> Incident:
        defaults: dict[str, Any] = dict(occurred_on=clock.today(), description="", status=IncidentStatus.OPEN)
        defaults.update(fields)
        return self._save(
            Incident(placement_id=placement.id, severity=severity, category=category, **defaults)
        )

    def exit_plan(self, placement: Placement, kind: ExitPlanKind = ExitPlanKind.SOCIAL_HOUSING) -> ExitPlan:
        return self._save(ExitPlan(placement_id=placement.id, kind=kind, recorded_on=clock.today()))

    def ended(self, placement: Placement, outcome: Outcome, ended_on: date | None = None) -> Placement:
        """End ``placement`` on ``ended_on`` (its planned end by default) with ``outcome``."""
        placement.status = PlacementStatus.ENDED
        placement.actual_end = ended_on or placement.planned_end
        self.db.add(PlacementEnding(placement_id=placement.id, outcome=outcome))
        return self._save(placement)

    def after_end_check(self, placement: Placement, months: int, situation: Outcome) -> AfterEndCheck:
        return self._save(
            AfterEndCheck(
                placement_id=placement.id, months=months, situation=situation, checked_on=clock.today()
            )
        )

    def notification(
        self, user: User, kind: NotificationKind = NotificationKind.SEVERE_INCIDENT, **facts: Any
    ) -> Notification:
        """A pending notification, with the facts an event writes (see NOTIFICATION_FACTS)."""
        return self._save(Notification(user_id=user.id, kind=kind, params={**NOTIFICATION_FACTS, **facts}))

    def email(
        self, user: User, status: EmailStatus = EmailStatus.SENT, age: timedelta = timedelta(0)
    ) -> Email:
        """An e-mail composed ``age`` ago (and, unless still to send, delivered or given up then)."""
        at = clock.now() - age
        done = status in (EmailStatus.SENT, EmailStatus.KEPT)
        return self._save(
            Email(
                user_id=user.id,
                to_address=user.email,
                locale="fr",
                subject="Stirrup",
                body_text="…",
                body_html="<p>…</p>",
                message_id=f"<{self._n()}@stirrup.test>",
                status=status,
                created_at=at,
                next_attempt_at=at,
                sent_at=at if done else None,
            )
        )

    def draft_home(self, team: User, **fields: Any) -> DraftHome:
        """A vacant home from a Zéro Logement Vacant import of ``team``'s organisation, with its
        owner contact (invited, no account linked)."""
        n = self._n()
        contact = self._save(
            OwnerContact(
                organisation_id=team.organisation_id,
                identity_key=f"{n:064x}",
                full_name=f"Owner {n}",
                postal_address="4 rue des Lilas 59000 Lille",
                invitation_status=InvitationStatus.INVITED,
            )
        )
        values: dict[str, Any] = {
            "external_ref": f"5951200{n:05d}",
            "insee_code": "59512",
            "commune": "Roubaix",
            "address": "12 Rue de la Paix 59100 Roubaix",
            **fields,
        }
        return self._save(
            DraftHome(organisation_id=team.organisation_id, owner_contact_id=contact.id, **values)
        )
