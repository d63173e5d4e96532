"""Exports of placements and their outcomes, as CSV or XLSX, for the coordinators (every
placement) and the associations (their own).

Always pseudonymised: a household is its reference, never a name — neither coordinators nor
associations may read names. Any text cell that a spreadsheet would run as a formula is
neutralised (``stirrup.spreadsheets``, as every file Stirrup writes). Every export is written to
the audit trail.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from stirrup.errors import Forbidden
from stirrup.models import (
    AFTER_END_HORIZONS,
    AfterEndCheck,
    Association,
    Extension,
    ExtensionStatus,
    Home,
    Household,
    Organisation,
    Placement,
    PlacementEnding,
    PlacementStatus,
    Role,
)
from stirrup.services import access, audit, milestones
from stirrup.services.access import Principal
from stirrup.services.statistics import days_between
from stirrup.spreadsheets import XLSX_MEDIA_TYPE, csv_lines, write_xlsx


class ExportFormat(StrEnum):
    CSV = "csv"
    XLSX = "xlsx"


MEDIA_TYPES = {
    ExportFormat.CSV: "text/csv; charset=utf-8",
    ExportFormat.XLSX: XLSX_MEDIA_TYPE,
}
#: Placements worth exporting: agreed, running or over (not proposals nobody took up).
EXPORTED = (PlacementStatus.ACCEPTED, PlacementStatus.ACTIVE, PlacementStatus.ENDED)
COLUMNS = (
    "placement_id",
    "household_reference",
    "persons",
    "commune",
    "insee_code",
    "association",
    "status",
    "start_date",
    "planned_end",
    "actual_end",
    "months_extended",
    "days_waiting",
    "outcome",
    "early_end_reason",
    "milestones_reached",
    *(f"situation_{months}_months" for months in AFTER_END_HORIZONS),
)


@dataclass(frozen=True)
class Export:
    content: bytes
    media_type: str
    filename: str
    rows: int


def export_placements(db: Session, principal: Principal | None, fmt: ExportFormat) -> Export:
    """The placements ``principal`` may export (``None``: the operator at the server's command line,
    who sees every placement, pseudonymised like everyone)."""
    if principal is not None and not (principal.oversees_all or principal.role is Role.ASSOCIATION_STAFF):
        raise Forbidden("exports are for coordinators and associations")
    header, *rows = _rows(db, principal)
    content = _csv(header, rows) if fmt is ExportFormat.CSV else _xlsx(header, rows)
    count = len(rows)
    audit.record(db, principal, "export", "placements", None, format=fmt.value, rows=count)
    return Export(content, MEDIA_TYPES[fmt], f"stirrup-placements.{fmt.value}", count)


def _rows(db: Session, principal: Principal | None) -> Iterator[list[Any]]:
    extended = (
        select(Extension.placement_id, func.sum(Extension.months).label("months"))
        .where(Extension.status == ExtensionStatus.CONSENTED)
        .group_by(Extension.placement_id)
        .subquery()
    )
    checks = {months: aliased(AfterEndCheck) for months in AFTER_END_HORIZONS}
    stmt = (
        select(
            Placement.id.label("placement_id"),
            Household.reference.label("household_reference"),
            (Household.adults + Household.children).label("persons"),
            Home.commune,
            Home.insee_code,
            Organisation.name.label("association"),
            Placement.status,
            Placement.start_date,
            Placement.planned_end,
            Placement.actual_end,
            func.coalesce(extended.c.months, 0).label("months_extended"),
            days_between(Placement.start_date, Household.waiting_since).label("days_waiting"),
            PlacementEnding.outcome,
            PlacementEnding.early_end_reason,
            *(check.situation.label(f"situation_{months}_months") for months, check in checks.items()),
        )
        .join(Household, Household.id == Placement.household_id)
        .join(Home, Home.id == Placement.home_id)
        .join(Association, Association.id == Placement.association_id)
        .join(Organisation, Organisation.id == Association.organisation_id)
        .outerjoin(extended, extended.c.placement_id == Placement.id)
        .outerjoin(PlacementEnding, PlacementEnding.placement_id == Placement.id)
        .where(Placement.status.in_(EXPORTED))
        .order_by(Placement.start_date, Placement.id)
    )
    for months, check in checks.items():
        stmt = stmt.outerjoin(check, (check.placement_id == Placement.id) & (check.months == months))
    if principal is not None:
        stmt = stmt.where(access.placements_visible_to(principal))
    found = db.execute(stmt).mappings().all()
    reached = milestones.reached(db, [row["placement_id"] for row in found])
    yield list(COLUMNS)
    for row in found:
        values = {
            **row,
            "days_waiting": None if row["days_waiting"] is None else int(row["days_waiting"]),
            "milestones_reached": "; ".join(m.kind.value for m in reached.get(row["placement_id"], [])),
        }
        yield [values[name] for name in COLUMNS]


def _csv(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> bytes:
    return "".join(csv_lines(header, rows)).encode("utf-8")


def _xlsx(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> bytes:
    out = io.BytesIO()
    write_xlsx(out, [("placements", header, rows)])
    return out.getvalue()
