"""A household's rights over its data: the full export (access and portability, GDPR art. 15 and
20) and erasure (art. 17) by its referent social worker, and the anonymisation that erasure and
the retention purge (``services/retention.py``) share. Statistics keep what erasure leaves: sizes,
commune, dates and statuses, under the pseudonymous reference."""

from __future__ import annotations

from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session, selectinload

from stirrup import clock
from stirrup.errors import Conflict, Forbidden, InvalidInput
from stirrup.geography import gazetteer, normalise_name
from stirrup.models import (
    AuditEvent,
    ExitPlan,
    Extension,
    Household,
    HouseholdStatus,
    Incident,
    InsuranceCertificate,
    InsuranceHolder,
    Milestone,
    Organisation,
    Placement,
    PlacementEnding,
    PlacementStatus,
    User,
    Visit,
)
from stirrup.schemas.privacy import ErasureRequest
from stirrup.services import access, audit, households
from stirrup.services.access import Principal

#: The follow-up of a placement, in the export; and its free texts, blanked by erasure.
FOLLOW_UP = {
    "visits": (Visit, {"notes": ""}),
    "milestones": (Milestone, {"reference": None}),
    "incidents": (Incident, {"description": "", "resolution": ""}),
    "exit_plan": (ExitPlan, {"details": ""}),
    "extensions": (Extension, {"reason": "", "decline_reason": ""}),
    "ending": (PlacementEnding, {"details": ""}),
}
_NOT_EXPORTED = {"id", "placement_id", "recorded_by_id", "requested_by_id", "answered_by_id"}

#: Placements during which the household's data is needed to carry out the loan.
_UNDER_WAY = (PlacementStatus.PROPOSED, PlacementStatus.ACCEPTED, PlacementStatus.ACTIVE)


def export(db: Session, principal: Principal, household_id: int, form: str) -> dict[str, Any]:
    """Everything Stirrup holds on a household, for the household (through its social worker)."""
    household = own_household(db, principal, household_id)
    audit.record(db, principal, "export", "household", household.id, format=form)
    return {
        "generated_at": clock.now(),
        "household": households.view(db, principal, household),
        "placements": [_placement(db, placement) for placement in _placements(db, household.id)],
        "access_log": _access_log(db, household.id),
    }


def erase(db: Session, principal: Principal, household_id: int, data: ErasureRequest) -> dict[str, Any]:
    """Erase a household's personal data at its request; refused while a placement is under way."""
    household = own_household(db, principal, household_id, for_update=True)
    if data.confirm_reference.strip().upper() != household.reference:
        raise InvalidInput.field(
            "confirm_reference", f"type the household's reference, {household.reference}"
        )
    if household.anonymised_at is not None:
        raise Conflict(f"household {household.reference} was already erased")
    if any(p.status in _UNDER_WAY for p in _placements(db, household.id)):
        raise Conflict(
            "a placement is under way: its data is needed to carry out the loan (GDPR art. 17(3)); "
            "erase the household once the placement has ended or been cancelled"
        )
    erased = anonymise(db, household)
    audit.record(db, principal, "erase", "household", household.id, reference=household.reference)
    return {"reference": household.reference, "anonymised_at": household.anonymised_at, "erased": erased}


def anonymise(db: Session, household: Household) -> list[str]:
    """Delete the household's identity and sensitive data, keep what statistics need; returns
    what went. The caller audits it (erasure on request, or retention)."""
    household.contact = None
    household.support_needs = []
    household.needs_wheelchair_access = household.needs_step_free = household.has_pets = False
    household.notes = household.priority_reason = ""
    household.preferred_communes = household.excluded_communes = []
    household.anchor_latitude, household.anchor_longitude = _commune_centre(household)
    household.status = HouseholdStatus.EXITED
    household.anonymised_at = clock.now()
    for placement in _placements(db, household.id):
        placement.explanation = {}
        for decision in placement.decisions:
            decision.reason_text = None
    placement_ids = select(Placement.id).where(Placement.household_id == household.id)
    for model, blanks in FOLLOW_UP.values():
        db.execute(update(model).where(model.placement_id.in_(placement_ids)).values(**blanks))
    for certificate in db.scalars(
        select(InsuranceCertificate).where(
            InsuranceCertificate.placement_id.in_(
                select(Placement.id).where(Placement.household_id == household.id)
            ),
            InsuranceCertificate.holder == InsuranceHolder.OCCUPANT,
        )
    ):
        certificate.policy_number = ""
    db.flush()
    return [
        "name and contact details",
        "support needs and housing requirements",
        "notes and the reason for priority",
        "preferred and excluded communes; the anchor's exact place (the commune stays)",
        "reasons given in placement decisions and the matching explanation",
        "the follow-up's notes, incident descriptions, exit-plan and ending details, extension reasons, "
        "and the housing-application number",
        "the household's own insurance policy numbers",
    ]


def own_household(
    db: Session, principal: Principal, household_id: int, *, for_update: bool = False
) -> Household:
    household = households.get_household(db, principal, household_id, for_update=for_update)
    if not access.is_referent_organisation(principal, household):
        raise Forbidden("only the household's referent organisation handles its data requests")
    return household


def _placements(db: Session, household_id: int) -> list[Placement]:
    return list(
        db.scalars(
            select(Placement)
            .where(Placement.household_id == household_id)
            .options(
                selectinload(Placement.home),
                selectinload(Placement.association),
                selectinload(Placement.decisions),
            )
            .order_by(Placement.start_date)
        )
    )


def _placement(db: Session, placement: Placement) -> dict[str, Any]:
    home = placement.home
    association = db.get(Organisation, placement.association.organisation_id)
    return {
        **{
            name: getattr(placement, name)
            for name in (
                "id",
                "status",
                "start_date",
                "planned_end",
                "actual_end",
                "decisions",
                "explanation",
            )
        },
        "address": f"{home.street}, {home.postal_code} {home.commune}",
        "association": association.name if association else "",
        "insurance": list(
            db.scalars(select(InsuranceCertificate).where(InsuranceCertificate.placement_id == placement.id))
        ),
        "follow_up": {name: _rows(db, model, placement.id) for name, (model, _) in FOLLOW_UP.items()},
    }


def _rows(db: Session, model: Any, placement_id: int) -> list[dict[str, Any]]:
    """Every column of a follow-up record but internal ids: the household's own account of it."""
    columns = [c for c in model.__table__.columns if c.name not in _NOT_EXPORTED]
    records = db.scalars(select(model).where(model.placement_id == placement_id))
    return [{c.name: getattr(record, c.key) for c in columns} for record in records]


def _access_log(db: Session, household_id: int) -> list[dict[str, Any]]:
    placement_ids = [
        str(i) for i in db.scalars(select(Placement.id).where(Placement.household_id == household_id))
    ]
    events = db.execute(
        select(AuditEvent, User.role, Organisation.name)
        .outerjoin(User, User.id == AuditEvent.actor_id)
        .outerjoin(Organisation, Organisation.id == User.organisation_id)
        .where(
            or_(
                (AuditEvent.entity_type == "household") & (AuditEvent.entity_id == str(household_id)),
                (AuditEvent.entity_type == "placement") & AuditEvent.entity_id.in_(placement_ids),
            )
        )
        .order_by(AuditEvent.at, AuditEvent.id)
    )
    return [
        {"at": event.at, "action": event.action, "actor_role": role, "actor_organisation": organisation}
        for event, role, organisation in events
    ]


def _commune_centre(household: Household) -> tuple[float, float]:
    """The centre of the anchor's commune: the commune is kept for statistics, the place is not."""
    wanted = normalise_name(household.anchor_commune)
    found = [
        c for c in gazetteer().search(household.anchor_commune, limit=50) if normalise_name(c.name) == wanted
    ]
    if found:
        return found[0].latitude, found[0].longitude
    return round(household.anchor_latitude, 1), round(household.anchor_longitude, 1)
