"""Two organisations' worth of everything — side A (the caller's own) and side B (another one) —
plus a coordinator and an admin: the objects the authorization matrix calls every route on."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import timedelta

from stirrup import clock
from stirrup.models import (
    ConditionReport,
    ConditionReportPhoto,
    ConditionReportRoom,
    Email,
    EmailStatus,
    Extension,
    ExtensionStatus,
    Incident,
    IncidentCategory,
    IncidentSeverity,
    IncidentStatus,
    Organisation,
    OrganisationKind,
    PlacementStatus,
    ReportKind,
    Role,
    RoomCondition,
    User,
)
from tests.factories import Factory, Parties

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
ROLES = ("anonymous", "landlord", "social_worker", "association_staff", "coordinator", "admin")
_unique = itertools.count(1)


def unique() -> int:
    """A number no other call returns: for names and e-mails that must not clash."""
    return next(_unique)


@dataclass(frozen=True)
class Side:
    parties: Parties
    landlord_company: Organisation
    report: ConditionReport
    room: ConditionReportRoom
    photo: ConditionReportPhoto
    spare_partner: Organisation  # a partner association with no profile yet
    incident: Incident
    extension: Extension  # asked, waiting for the owner's answer
    email: Email  # kept for the side's social worker (the outbox page)

    def user(self, role: str) -> User:
        return {
            "landlord": self.parties.owner,
            "social_worker": self.parties.worker,
            "association_staff": self.parties.staff,
        }[role]


@dataclass(frozen=True)
class World:
    own: Side
    other: Side
    coordinator: User
    admin: User

    def user(self, role: str) -> User | None:
        if role == "anonymous":
            return None
        if role == "coordinator":
            return self.coordinator
        if role == "admin":
            return self.admin
        return self.own.user(role)

    def side(self, scope: str) -> Side:
        return self.own if scope == "own" else self.other

    def path_values(self, scope: str, role: str) -> dict[str, object]:
        """The ids a route's path parameters take for ``role`` on objects of ``scope``."""
        side = self.side(scope)
        p = side.parties
        caller = self.user(role) or self.own.parties.owner
        if scope == "own":
            user_id = caller.id
            organisation_id = caller.organisation_id or p.organisation.id
        else:
            user_id, organisation_id = p.worker.id, p.organisation.id
        return {
            "home_id": p.home.id,
            "household_id": p.household.id,
            "placement_id": p.placement.id,
            "association_id": p.association.id,
            "organisation_id": organisation_id,
            "user_id": user_id,
            "report_id": side.report.id,
            "room_id": side.room.id,
            "photo_id": side.photo.id,
            "kind": "loan-agreement",
            "incident_id": side.incident.id,
            "extension_id": side.extension.id,
            "months": 6,
            "proposal_id": p.placement.id,  # proposals are placements still being answered
            "job_id": 1,  # the world holds no import job, owner contact or round: 404 for all who may look
            "contact_id": 1,
            "round_id": 1,
            "email_id": side.email.id,
        }


class _OneCommit(Factory):
    """The test factory, flushing instead of committing each object: a world is one transaction."""

    def _save(self, obj: object) -> object:
        self.db.add(obj)
        self.db.flush()
        return obj


def build(make: Factory) -> World:
    batch = _OneCommit(make.db)
    world = World(_side(batch), _side(batch), batch.user(Role.COORDINATOR), batch.user(Role.ADMIN))
    make.db.commit()
    return world


def _side(make: Factory) -> Side:
    company = make.organisation(OrganisationKind.LANDLORD_COMPANY)
    parties = make.parties(status=PlacementStatus.ACTIVE, start=clock.today() - timedelta(days=10))
    parties.owner.organisation_id = company.id
    room = ConditionReportRoom(position=0, name="Séjour", condition=RoomCondition.GOOD, remarks="")
    report = ConditionReport(
        placement_id=parties.placement.id,
        kind=ReportKind.ENTRY,
        inspected_on=parties.placement.start_date,
        rooms=[room],
    )
    photo = ConditionReportPhoto(content_type="image/png", size_bytes=len(PNG), data=PNG)
    room.photos = [photo]
    exit_room = ConditionReportRoom(position=0, name="Séjour", condition=RoomCondition.WORN, remarks="")
    exit_report = ConditionReport(
        placement_id=parties.placement.id, kind=ReportKind.EXIT, inspected_on=clock.today(), rooms=[exit_room]
    )
    today = clock.today()
    incident = Incident(
        placement_id=parties.placement.id,
        occurred_on=today,
        severity=IncidentSeverity.MINOR,
        category=IncidentCategory.OTHER,
        description="Matrix",
        status=IncidentStatus.OPEN,
    )
    extension = Extension(
        placement_id=parties.placement.id,
        months=1,
        reason="Matrix",
        status=ExtensionStatus.REQUESTED,
        requested_on=today,
    )
    email = Email(
        user_id=parties.worker.id,
        to_address=parties.worker.email,
        locale="fr",
        subject="Matrix",
        body_text="Matrix",
        body_html="<p>Matrix</p>",
        message_id=f"<matrix-{unique()}@stirrup.test>",
        status=EmailStatus.KEPT,
    )
    make.db.add_all([report, exit_report, incident, extension, email])
    make.db.flush()
    spare = make.organisation(OrganisationKind.PARTNER_ASSOCIATION)
    return Side(parties, company, report, room, photo, spare, incident, extension, email)
