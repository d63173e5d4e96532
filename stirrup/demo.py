"""Fictional but plausible data for the Roubaix / Lille metropolitan area (and one home in Orchies),
for the demo site.

Everything is seeded, so the same seed gives the same homes, households and associations. Names
come from Faker's fr_FR locale; communes and their coordinates from the project's gazetteer.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from typing import Any

from faker import Faker
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from stirrup import clock, demo_placements, migrate
from stirrup.config import Settings
from stirrup.db import make_engine, transaction
from stirrup.geography import Commune, gazetteer, normalise_name
from stirrup.models import (
    AnchorKind,
    Association,
    EnergyClass,
    GeocodePrecision,
    Home,
    HomeStatus,
    Household,
    HouseholdContact,
    HouseholdStatus,
    Organisation,
    OrganisationKind,
    Role,
    User,
)
from stirrup.schemas.rounds import RoundCreate
from stirrup.services import passwords, round_runs
from stirrup.services.access import Principal

#: Communes of the Métropole Européenne de Lille around Roubaix (INSEE codes).
DEMO_COMMUNES = (
    "59512",
    "59599",
    "59350",
    "59650",
    "59163",
    "59009",
    "59299",
    "59367",
    "59410",
    "59378",
    "59646",
    "59332",
    "59339",
    "59279",
    "59360",
    "59328",
    "59368",
    "59421",
    "59426",
    "59507",
)
#: Orchies, in the Pévèle, 18 km and more from every demo commune: the demo landlord's home there and
#: the demo social worker's household that must stay there can only be matched together, so the
#: first round proposes that home to that household whatever else it does (docs: README's tour).
PEVELE = "59449"
#: Roubaix and its nearest neighbours get most of the homes and households.
_WEIGHTS = (10, 7, 8, 4, 3, 4, 3, 2, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1)

ASSOCIATIONS = (
    ("Accueil Roubaisien", "59512", 10.0, 14, ("rights_paperwork", "employment", "budget", "language")),
    ("Le Relais Tourquennois", "59599", 9.0, 10, ("rights_paperwork", "parenting", "budget")),
    (
        "Toit & Lien Métropole",
        "59350",
        14.0,
        15,
        ("rights_paperwork", "health_care_access", "mental_health_support", "employment"),
    ),
    ("Solidarité Hem-Lannoy", "59299", 8.0, 8, ("rights_paperwork", "budget", "parenting", "language")),
    (
        "Passerelle Lilloise",
        "59350",
        12.0,
        12,
        ("addiction_support", "mental_health_support", "health_care_access", "rights_paperwork"),
    ),
    ("Un Pas Vers Soi", "59009", 11.0, 9, ("employment", "language", "budget", "rights_paperwork")),
)


@dataclass(frozen=True)
class DemoAccount:
    role: str
    email: str
    password: str


DEMO_ACCOUNTS = (
    DemoAccount("landlord", "proprietaire@demo.stirrup.fr", "demo-proprietaire-roubaix"),
    DemoAccount("social_worker", "travailleur.social@demo.stirrup.fr", "demo-travailleur-social"),
    DemoAccount("association_staff", "association@demo.stirrup.fr", "demo-association-accueil"),
    DemoAccount("coordinator", "coordination@demo.stirrup.fr", "demo-coordination-mel"),
    DemoAccount("admin", "admin@demo.stirrup.fr", "demo-administration-stirrup"),
)


def build(settings: Settings, seed: int = 2026) -> tuple[DemoAccount, ...]:
    """Migrate the (empty) database of ``settings`` and fill it; returns the demo accounts."""
    engine = make_engine(settings.database_url)
    migrate.upgrade(engine)
    with transaction(engine) as db:
        _Builder(db, seed, settings.support_needs).run()
    _first_round(engine, settings)
    engine.dispose()
    return DEMO_ACCOUNTS


def _first_round(engine: Engine, settings: Settings) -> None:
    """A real matching round run by the demo coordinator: the site opens with proposals waiting
    for the landlords', social workers' and associations' answers."""
    with transaction(engine) as db:
        coordinator = db.scalar(select(User).where(User.role == Role.COORDINATOR))
        assert coordinator is not None
        principal = Principal(
            coordinator.id, coordinator.role, coordinator.organisation_id, "", coordinator.email
        )
        run_id = round_runs.start_round(db, principal, RoundCreate(time_limit_s=20), settings).id
    round_runs.run_round(engine, run_id, settings)


class _Builder:
    def __init__(self, db: Session, seed: int, support_needs: tuple[str, ...]) -> None:
        self.db = db
        self.random = random.Random(seed)  # noqa: S311 - reproducible fiction, not secrets
        self.fake = Faker("fr_FR")
        self.fake.seed_instance(seed)
        self.support_needs = support_needs
        self.today = clock.today()
        self.communes = [c for code in DEMO_COMMUNES if (c := gazetteer().by_insee(code)) is not None]
        # One argon2 hash for the many fictional accounts nobody signs in to: building stays fast.
        self.unusable_hash = passwords.hash_password(self.fake.password(length=24))
        self.references: set[str] = set()

    def run(self) -> None:
        organisations = self._organisations()
        users = self._users(organisations)
        self._associations(organisations)
        self._homes(users["landlords"], organisations["company"], count=59)
        self._households(users["social_workers"], organisations["services"], count=79)
        demo_placements.add_placements(
            self.db, self.random, self.today, users["landlords"][0], users["social_workers"][0]
        )
        self._waiting_pair(users["landlords"][0], users["social_workers"][0])

    def _waiting_pair(self, landlord: User, social_worker: User) -> None:
        """A home of the demo landlord and a household of the demo social worker in Orchies, which
        the demo association also serves: the first round's proposal to the three demo accounts."""
        orchies = gazetteer().by_insee(PEVELE)
        assert orchies is not None and orchies.insee_code is not None
        association = self.db.scalar(select(Association).order_by(Association.id))
        assert association is not None
        association.communes = [*association.communes, orchies.insee_code]
        self.db.add(
            Home(
                owner_user_id=landlord.id,
                **self._address(orchies, 0.004),
                surface_m2=Decimal("72.5"),
                rooms=4,
                bedrooms=3,
                max_occupants=5,
                floor=0,
                has_lift=False,
                step_free=True,
                wheelchair_accessible=False,
                furnished=True,
                pets_allowed=True,
                energy_class=EnergyClass.D,
                available_from=self.today,
                available_until=None,
                vacant_since=self.today - timedelta(days=640),
                cadastral_rental_value_eur=Decimal(3120),
                status=HomeStatus.AVAILABLE,
                notes="",
            )
        )
        latitude, longitude = self._near(orchies, 0.004)
        household = Household(
            reference=self._reference(),
            organisation_id=social_worker.organisation_id,
            referent_id=social_worker.id,
            adults=1,
            children=2,
            needs_wheelchair_access=False,
            needs_step_free=False,
            has_pets=False,
            anchor_kind=AnchorKind.SCHOOL,
            anchor_commune=orchies.name,
            anchor_insee_code=orchies.insee_code,
            anchor_latitude=latitude,
            anchor_longitude=longitude,
            max_distance_km=6.0,
            preferred_communes=[],
            excluded_communes=[],
            earliest_start=self.today + timedelta(days=7),
            support_needs=[n for n in ("rights_paperwork", "budget") if n in association.support_offered],
            priority=4,
            priority_reason="Emergency shelter place ending soon; the children go to school in Orchies.",
            consent_given_on=self.today - timedelta(days=21),
            consent_purpose="Placement in a lent home and its six-month follow-up",
            consent_recorded_by_id=social_worker.id,
            status=HouseholdStatus.WAITING,
            waiting_since=clock.now() - timedelta(days=21),
            notes="",
        )
        household.contact = HouseholdContact(
            full_name=self.fake.name(), phone=self.fake.phone_number(), email=None
        )
        self.db.add(household)
        self.db.flush()

    def _address(self, commune: Commune, spread: float = 0.012) -> dict[str, Any]:
        """A home's made-up street address near the centre of ``commune``."""
        latitude, longitude = self._near(commune, spread)
        return {
            "street": self.fake.street_address(),
            "postal_code": commune.postal_codes[0],
            "commune": commune.name,
            "insee_code": commune.insee_code,
            "latitude": latitude,
            "longitude": longitude,
            "geocode_precision": GeocodePrecision.STREET,
        }

    def _reference(self) -> str:
        """A new pseudonymous household reference."""
        reference = "B-" + "".join(self.random.choice("ABCDEFGHJKLMNPQRSTUVWXYZ23456789") for _ in range(6))
        while reference in self.references:
            reference = reference[:-1] + self.random.choice("23456789")
        self.references.add(reference)
        return reference

    def _commune(self) -> Commune:
        return self.random.choices(self.communes, weights=_WEIGHTS[: len(self.communes)])[0]

    def _near(self, commune: Commune, spread: float = 0.012) -> tuple[float, float]:
        return (
            round(commune.latitude + self.random.uniform(-spread, spread), 5),
            round(commune.longitude + self.random.uniform(-spread * 1.5, spread * 1.5), 5),
        )

    def _organisations(self) -> dict[str, object]:
        def organisation(kind: OrganisationKind, name: str) -> Organisation:
            org = Organisation(
                kind=kind,
                name=name,
                contact_email=f"contact@{_slug(name)}.example",
                contact_phone=self.fake.phone_number(),
            )
            self.db.add(org)
            return org

        result: dict[str, object] = {
            "coordination": organisation(OrganisationKind.COORDINATION_BODY, "Stirrup — Coordination MEL"),
            "company": organisation(OrganisationKind.LANDLORD_COMPANY, "Foncière Solidaire du Nord"),
            "services": [
                organisation(OrganisationKind.SOCIAL_SERVICE, name)
                for name in ("CCAS de Roubaix", "UTPAS Roubaix-Tourcoing", "CCAS de Lille")
            ],
            "associations": [organisation(OrganisationKind.PARTNER_ASSOCIATION, a[0]) for a in ASSOCIATIONS],
        }
        self.db.flush()
        return result

    def _user(
        self,
        role: Role,
        email: str,
        name: str,
        organisation: Organisation | None,
        password: str | None = None,
    ) -> User:
        user = User(
            email=email,
            display_name=name,
            role=role,
            is_active=True,
            organisation_id=organisation.id if organisation else None,
            password_hash=passwords.hash_password(password) if password else self.unusable_hash,
        )
        self.db.add(user)
        return user

    def _users(self, organisations: dict[str, object]) -> dict[str, list[User]]:
        services: list[Organisation] = organisations["services"]  # type: ignore[assignment]
        partner_orgs: list[Organisation] = organisations["associations"]  # type: ignore[assignment]
        demo_org = {
            "social_worker": services[0],
            "association_staff": partner_orgs[0],
            "coordinator": organisations["coordination"],
            "landlord": None,
            "admin": None,
        }
        names = {
            "landlord": "Martine Lefebvre",
            "social_worker": "Karim Benali",
            "association_staff": "Sophie Vandamme",
            "coordinator": "Julien Delcroix",
            "admin": "Admin Stirrup",
        }
        demo_users = {
            a.role: self._user(
                Role(a.role),
                a.email,
                names[a.role],
                demo_org[a.role],  # type: ignore[arg-type]
                a.password,
            )
            for a in DEMO_ACCOUNTS
        }
        landlords = [demo_users["landlord"]] + [
            self._user(Role.LANDLORD, f"proprietaire{i}@demo.stirrup.fr", self.fake.name(), None)
            for i in range(2, 16)
        ]
        social_workers = [demo_users["social_worker"]] + [
            self._user(
                Role.SOCIAL_WORKER, f"ts{i}@demo.stirrup.fr", self.fake.name(), services[i % len(services)]
            )
            for i in range(2, 8)
        ]
        for i, org in enumerate(partner_orgs[1:], start=2):
            self._user(Role.ASSOCIATION_STAFF, f"association{i}@demo.stirrup.fr", self.fake.name(), org)
        self.db.flush()
        return {"landlords": landlords, "social_workers": social_workers}

    def _associations(self, organisations: dict[str, object]) -> None:
        partner_orgs: list[Organisation] = organisations["associations"]  # type: ignore[assignment]
        for org, (_, code, radius, capacity, support) in zip(partner_orgs, ASSOCIATIONS, strict=True):
            base = gazetteer().by_insee(code) or self.communes[0]
            latitude, longitude = self._near(base, 0.004)
            self.db.add(
                Association(
                    organisation_id=org.id,
                    base_commune=base.name,
                    base_latitude=latitude,
                    base_longitude=longitude,
                    radius_km=radius,
                    communes=[],
                    capacity=capacity,
                    emergency_phone=self.fake.phone_number(),
                    support_offered=[s for s in support if s in self.support_needs],
                )
            )

    def _homes(self, landlords: list[User], company: object, count: int = 60) -> None:
        layouts = (  # rooms, bedrooms, surface range, occupants, weight
            (1, 0, (16, 30), 1, 14),
            (2, 1, (30, 48), 3, 20),
            (3, 2, (48, 68), 4, 14),
            (4, 3, (66, 88), 6, 8),
            (5, 4, (85, 120), 8, 4),
        )
        for i in range(count):
            rooms, bedrooms, (low, high), occupants, _ = self.random.choices(
                layouts, weights=[x[4] for x in layouts]
            )[0]
            address = self._address(self._commune())
            surface = round(self.random.uniform(low, high), 1)
            floor = (
                0
                if rooms >= 4 and self.random.random() < 0.6
                else self.random.choice((0, 0, 1, 1, 2, 3, 4, 5))
            )
            lift = floor >= 3 and self.random.random() < 0.7
            step_free = floor == 0 and self.random.random() < 0.6
            status = self.random.choices(
                (HomeStatus.AVAILABLE, HomeStatus.DRAFT, HomeStatus.WITHDRAWN), weights=(85, 10, 5)
            )[0]
            available_from = self.today + timedelta(days=self.random.randint(-30, 60))
            owner_is_company = i % 6 == 5
            self.db.add(
                Home(
                    owner_user_id=None if owner_is_company else landlords[i % len(landlords)].id,
                    owner_organisation_id=company.id if owner_is_company else None,  # type: ignore[attr-defined]
                    **address,
                    surface_m2=surface,
                    rooms=rooms,
                    bedrooms=bedrooms,
                    max_occupants=occupants,
                    floor=floor,
                    has_lift=lift,
                    step_free=step_free,
                    wheelchair_accessible=step_free and self.random.random() < 0.35,
                    furnished=self.random.random() < 0.3,
                    pets_allowed=self.random.random() < 0.4,
                    energy_class=self.random.choice(list(EnergyClass)[2:]),
                    available_from=available_from,
                    available_until=None
                    if self.random.random() < 0.6
                    else available_from + timedelta(days=self.random.randint(240, 720)),
                    vacant_since=self.today - timedelta(days=self.random.randint(200, 1900)),
                    cadastral_rental_value_eur=Decimal(round(surface * self.random.uniform(38, 52))),
                    status=status,
                    notes="",
                )
            )

    def _households(self, social_workers: list[User], services: list[Organisation], count: int = 80) -> None:
        compositions = (
            (1, 0, 30),
            (1, 1, 14),
            (1, 2, 12),
            (2, 0, 8),
            (2, 1, 8),
            (2, 2, 8),
            (1, 3, 5),
            (2, 3, 5),
            (2, 4, 2),
        )
        reasons = {
            5: "Sleeping rough or in a car; children in the household.",
            4: "Emergency shelter place ending within weeks.",
            3: "Hosted by relatives in an overcrowded flat.",
            2: "Unsuitable housing; looking for a stable address.",
            1: "Stable for now; a placement would help regain rights.",
        }
        for i in range(count):
            adults, children, _ = self.random.choices(compositions, weights=[c[2] for c in compositions])[0]
            worker = social_workers[i % len(social_workers)]
            anchor = self._commune()
            latitude, longitude = self._near(anchor)
            priority = self.random.choices((1, 2, 3, 4, 5), weights=(10, 20, 30, 25, 15))[0]
            needs = self.random.sample(self.support_needs, k=self.random.choice((1, 1, 2, 2, 3)))
            waiting_days = self.random.randint(3, 200)
            household = Household(
                reference=self._reference(),
                organisation_id=worker.organisation_id,
                referent_id=worker.id,
                adults=adults,
                children=children,
                needs_wheelchair_access=self.random.random() < 0.04,
                needs_step_free=self.random.random() < 0.1,
                has_pets=self.random.random() < 0.12,
                anchor_kind=self.random.choice(list(AnchorKind)),
                anchor_commune=anchor.name,
                anchor_insee_code=anchor.insee_code,
                anchor_latitude=latitude,
                anchor_longitude=longitude,
                max_distance_km=float(self.random.choice((5, 8, 10, 10, 12, 15))),
                preferred_communes=[anchor.insee_code]
                if anchor.insee_code and self.random.random() < 0.4
                else [],
                excluded_communes=[],
                earliest_start=self.today + timedelta(days=self.random.randint(0, 45)),
                support_needs=needs,
                priority=priority,
                priority_reason=reasons[priority],
                consent_given_on=self.today - timedelta(days=waiting_days),
                consent_purpose="Placement in a lent home and its six-month follow-up",
                consent_recorded_by_id=worker.id,
                status=HouseholdStatus.WAITING,
                waiting_since=clock.now() - timedelta(days=waiting_days),
                notes="",
            )
            household.contact = HouseholdContact(
                full_name=self.fake.name(), phone=self.fake.phone_number(), email=None
            )
            self.db.add(household)
        assert services  # every social worker belongs to one of them


def _slug(name: str) -> str:
    return normalise_name(name).replace(" ", "-")
