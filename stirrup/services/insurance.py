"""Home insurance during placements: certificates recorded by the association or the social
service, and alerts when the cover runs out before the placement does."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from stirrup.errors import Forbidden
from stirrup.models import LIVE_STATUSES, InsuranceCertificate, InsuranceHolder, Placement, Role
from stirrup.schemas.insurance import InsuranceCreate
from stirrup.services import access, audit
from stirrup.services.access import INSURANCE_READERS, INSURANCE_WRITERS, Principal
from stirrup.services.alerts import Alert
from stirrup.services.paperwork import last_day, placement_for

#: How long before the cover ends the parties are warned.
WARN_AHEAD = timedelta(days=30)


def certificates_of(db: Session, placement_id: int) -> list[InsuranceCertificate]:
    return list(
        db.scalars(
            select(InsuranceCertificate)
            .where(InsuranceCertificate.placement_id == placement_id)
            .order_by(InsuranceCertificate.valid_from, InsuranceCertificate.id)
        )
    )


def first_uncovered_day(start: date, end: date, certificates: list[InsuranceCertificate]) -> date | None:
    """The first day from ``start`` to ``end`` that no certificate covers; None when all are."""
    day = start
    for certificate in sorted(certificates, key=lambda c: c.valid_from):
        if certificate.valid_from > day:
            break
        day = max(day, certificate.valid_until + timedelta(days=1))
    return day if day <= end else None


def view(principal: Principal, certificate: InsuranceCertificate) -> dict[str, Any]:
    hide = principal.role is Role.LANDLORD and certificate.holder is InsuranceHolder.OCCUPANT
    return {
        **{
            name: getattr(certificate, name)
            for name in ("id", "placement_id", "holder", "insurer", "valid_from", "valid_until")
        },
        "policy_number": None if hide else certificate.policy_number,
    }


def coverage(db: Session, principal: Principal, placement_id: int) -> dict[str, Any]:
    placement = placement_for(db, principal, placement_id, INSURANCE_READERS)
    found = certificates_of(db, placement.id)
    return {
        "placement_id": placement.id,
        "start": placement.start_date,
        "last_day": last_day(placement),
        "first_uncovered_day": first_uncovered_day(placement.start_date, last_day(placement), found),
        "certificates": [view(principal, c) for c in found],
    }


def record(
    db: Session, principal: Principal, placement_id: int, data: InsuranceCreate
) -> InsuranceCertificate:
    placement = placement_for(db, principal, placement_id, INSURANCE_READERS)
    if not access.takes_part(principal, INSURANCE_WRITERS):
        raise Forbidden("the association or the social service records the insurance")
    certificate = InsuranceCertificate(
        placement_id=placement.id, recorded_by_id=principal.user_id, **data.model_dump()
    )
    db.add(certificate)
    db.flush()
    audit.record(db, principal, "create", "insurance_certificate", certificate.id, placement_id=placement.id)
    return certificate


def insurance_alerts(db: Session, principal: Principal, today: date) -> list[Alert]:
    """Live placements the principal may see whose cover is missing, has lapsed, or ends within
    30 days while the placement goes on. Nothing about the household is said."""
    if not access.takes_part(principal, INSURANCE_READERS):
        return []
    placements = db.scalars(
        select(Placement)
        .options(selectinload(Placement.home))
        .where(Placement.status.in_(LIVE_STATUSES), access.placements_visible_to(principal))
        .order_by(Placement.start_date, Placement.id)
    ).all()
    certificates: dict[int, list[InsuranceCertificate]] = defaultdict(list)
    for certificate in db.scalars(
        select(InsuranceCertificate).where(InsuranceCertificate.placement_id.in_([p.id for p in placements]))
    ):
        certificates[certificate.placement_id].append(certificate)
    alerts = []
    for placement in placements:
        if last_day(placement) < today:
            continue
        found = certificates[placement.id]
        gap = first_uncovered_day(placement.start_date, last_day(placement), found)
        if gap is None or gap > today + WARN_AHEAD:
            continue
        alerts.append(_alert(placement, gap, today, bool(found)))
    return alerts


def _alert(placement: Placement, gap: date, today: date, any_certificate: bool) -> Alert:
    where = f"{placement.home.street}, {placement.home.commune}"
    if gap > today:
        kind, message = "insurance_expiring", f"Home insurance for {where} ends on {gap - timedelta(days=1)}"
        message += f", before the placement does ({last_day(placement)}): ask for the renewed certificate."
    elif any_certificate:
        kind, message = "insurance_lapsed", f"Home insurance for {where} has not been valid since {gap}."
    else:
        kind, message = "insurance_missing", f"No home insurance certificate is recorded for {where}."
    return Alert(kind, gap, message, placement_id=placement.id, home_id=placement.home_id)
