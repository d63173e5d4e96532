"""Condition reports (états des lieux): entry and exit, room by room, signed by both sides of the
loan, and the exit compared with the entry.

Only the two sides see them: the owner (lender) and the association (borrower), plus
coordinators. A report changes freely until someone signs it; a signature is for a given text, so
after the first one nothing but the other side's signature may be added.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, selectinload, undefer

from stirrup import clock
from stirrup.errors import Conflict, Forbidden, InvalidInput, NotFound
from stirrup.models import (
    CONDITION_ORDER,
    ConditionReport,
    ConditionReportPhoto,
    ConditionReportRoom,
    Placement,
    PlacementStatus,
    ReportKind,
    Role,
    RoomCondition,
    Side,
)
from stirrup.schemas.condition_reports import ConditionReportCreate, RoomsIn, SignatureIn
from stirrup.services import audit
from stirrup.services.access import CONDITION_REPORT_READERS, Principal
from stirrup.services.paperwork import placement_for

#: Placement statuses in which each report may be drawn up.
_ALLOWED_STATUSES = {
    ReportKind.ENTRY: (PlacementStatus.ACCEPTED, PlacementStatus.ACTIVE),
    ReportKind.EXIT: (PlacementStatus.ACTIVE, PlacementStatus.ENDED),
}
#: The side each role signs for; coordinators record either side's paper signature.
_SIDE_OF = {Role.LANDLORD: Side.LENDER, Role.ASSOCIATION_STAFF: Side.BORROWER}


def _query() -> Select[ConditionReport]:
    return select(ConditionReport).options(
        selectinload(ConditionReport.rooms).selectinload(ConditionReportRoom.photos)
    )


def list_reports(db: Session, principal: Principal, placement_id: int) -> list[ConditionReport]:
    placement = placement_for(db, principal, placement_id, CONDITION_REPORT_READERS)
    return list(
        db.scalars(
            _query().where(ConditionReport.placement_id == placement.id).order_by(ConditionReport.kind)
        )
    )


def get_report(db: Session, principal: Principal, report_id: int) -> ConditionReport:
    report = db.scalar(_query().where(ConditionReport.id == report_id))
    if report is None:
        raise NotFound(f"condition report {report_id} not found")
    placement_for(db, principal, report.placement_id, CONDITION_REPORT_READERS)
    return report


def create_report(
    db: Session, principal: Principal, placement_id: int, data: ConditionReportCreate
) -> ConditionReport:
    placement = placement_for(db, principal, placement_id, CONDITION_REPORT_READERS)
    if placement.status not in _ALLOWED_STATUSES[data.kind]:
        allowed = " or ".join(s.value for s in _ALLOWED_STATUSES[data.kind])
        raise Conflict(f"an {data.kind.value} report needs a placement that is {allowed}")
    taken = db.scalar(
        select(ConditionReport.id).where(
            ConditionReport.placement_id == placement.id, ConditionReport.kind == data.kind
        )
    )
    if taken is not None:
        raise Conflict(f"this placement already has an {data.kind.value} report (#{taken})")
    report = ConditionReport(
        placement_id=placement.id,
        kind=data.kind,
        inspected_on=data.inspected_on,
        created_by_id=principal.user_id,
    )
    report.rooms = []
    _set_rooms(report, data)
    db.add(report)
    db.flush()
    audit.record(db, principal, "create", "condition_report", report.id, kind=data.kind.value)
    return report


def update_rooms(db: Session, principal: Principal, report_id: int, data: RoomsIn) -> ConditionReport:
    """Rewrite an unsigned report; rooms keep their photos by position, rooms cut off lose them."""
    report = get_report(db, principal, report_id)
    _check_unsigned(report)
    _set_rooms(report, data)
    db.flush()
    audit.record(db, principal, "update", "condition_report", report.id, rooms=len(report.rooms))
    return report


def _check_unsigned(report: ConditionReport) -> None:
    if report.lender_signed_on or report.borrower_signed_on:
        raise Conflict("a signed report cannot change; the parties draw up a new one on paper")


def _set_rooms(report: ConditionReport, data: RoomsIn) -> None:
    report.inspected_on = data.inspected_on
    del report.rooms[len(data.rooms) :]
    for position, room in enumerate(data.rooms):
        if position == len(report.rooms):
            report.rooms.append(ConditionReportRoom(position=position, photos=[]))
        target = report.rooms[position]
        target.name, target.condition, target.remarks = room.name, room.condition, room.remarks


def sign(db: Session, principal: Principal, report_id: int, data: SignatureIn) -> ConditionReport:
    report = get_report(db, principal, report_id)
    if not principal.oversees_all and _SIDE_OF.get(principal.role) is not data.side:
        raise Forbidden(f"you sign for the {_SIDE_OF[principal.role].value}'s side")
    if getattr(report, f"{data.side.value}_signed_on") is not None:
        raise Conflict(f"the {data.side.value}'s side has already signed")
    if data.signed_on < report.inspected_on or data.signed_on > clock.today():
        raise InvalidInput.field("signed_on", "must be between the inspection day and today")
    setattr(report, f"{data.side.value}_signed_name", data.name)
    setattr(report, f"{data.side.value}_signed_on", data.signed_on)
    db.flush()
    audit.record(db, principal, "sign", "condition_report", report.id, side=data.side.value)
    return report


@dataclass(frozen=True)
class RoomComparison:
    name: str
    entry: RoomCondition | None
    exit: RoomCondition | None
    entry_remarks: str
    exit_remarks: str

    @property
    def worse(self) -> bool:
        if self.entry is None or self.exit is None:
            return False
        return CONDITION_ORDER.index(self.exit) > CONDITION_ORDER.index(self.entry)


@dataclass(frozen=True)
class Comparison:
    placement_id: int
    entry_report_id: int
    exit_report_id: int
    rooms: list[RoomComparison]

    @property
    def worse_rooms(self) -> list[str]:
        return [room.name for room in self.rooms if room.worse]


def compare(db: Session, principal: Principal, placement_id: int) -> Comparison:
    """Each room of the entry report beside the same room (by name) at exit, in the entry's order,
    followed by rooms seen only at exit."""
    reports = {report.kind: report for report in list_reports(db, principal, placement_id)}
    for kind in ReportKind:
        if kind not in reports:
            raise NotFound(f"this placement has no {kind.value} report yet")
    entry, leaving = reports[ReportKind.ENTRY], reports[ReportKind.EXIT]
    at_exit = {room.name.casefold(): room for room in leaving.rooms}
    rooms = []
    for room in entry.rooms:
        later = at_exit.pop(room.name.casefold(), None)
        rooms.append(
            RoomComparison(
                room.name,
                room.condition,
                later.condition if later else None,
                room.remarks,
                later.remarks if later else "",
            )
        )
    rooms += [RoomComparison(room.name, None, room.condition, "", room.remarks) for room in at_exit.values()]
    return Comparison(placement_id, entry.id, leaving.id, rooms)


# --- photos ---------------------------------------------------------------------------------

#: Under the request body limit (1 MB by default), multipart overhead included.
MAX_PHOTO_BYTES = 900_000
MAX_PHOTOS_PER_ROOM = 6
#: The only types accepted, recognised by their first bytes, whatever the client claims.
PHOTO_TYPES = {
    "image/jpeg": (b"\xff\xd8\xff", (".jpg", ".jpeg")),
    "image/png": (b"\x89PNG\r\n\x1a\n", (".png",)),
}


def add_photo(
    db: Session,
    principal: Principal,
    report_id: int,
    room_id: int,
    content: bytes,
    content_type: str,
    filename: str,
) -> ConditionReportPhoto:
    """Attach a JPEG or PNG to a room of an unsigned report, after checking its size, its first
    bytes against the type claimed and the file name's extension."""
    report = get_report(db, principal, report_id)
    _check_unsigned(report)
    room = next((r for r in report.rooms if r.id == room_id), None)
    if room is None:
        raise NotFound(f"room {room_id} not found in report {report_id}")
    if len(room.photos) >= MAX_PHOTOS_PER_ROOM:
        raise Conflict(f"a room has at most {MAX_PHOTOS_PER_ROOM} photos")
    _check_photo(content, content_type, filename)
    photo = ConditionReportPhoto(
        room_id=room.id,
        content_type=content_type,
        size_bytes=len(content),
        data=content,
        uploaded_by_id=principal.user_id,
    )
    room.photos.append(photo)
    db.flush()
    audit.record(db, principal, "create", "condition_report_photo", photo.id, report_id=report.id)
    return photo


def _check_photo(content: bytes, content_type: str, filename: str) -> None:
    if not content:
        raise InvalidInput.field("file", "is empty")
    if len(content) > MAX_PHOTO_BYTES:
        raise InvalidInput.field("file", f"is over {MAX_PHOTO_BYTES // 1000} kB: send a smaller photo")
    if content_type not in PHOTO_TYPES:
        raise InvalidInput.field("file", "must be a JPEG or PNG photo")
    magic, extensions = PHOTO_TYPES[content_type]
    if not content.startswith(magic):
        raise InvalidInput.field("file", f"is not a {content_type} file")
    if not filename.lower().endswith(extensions):
        raise InvalidInput.field("file", f"a {content_type} file name ends with {' or '.join(extensions)}")


def get_photo(db: Session, principal: Principal, photo_id: int) -> ConditionReportPhoto:
    """A photo with its bytes, for the two sides of the loan and coordinators only."""
    found = db.execute(
        select(ConditionReportPhoto, ConditionReport.placement_id)
        .join(ConditionReportRoom, ConditionReportRoom.id == ConditionReportPhoto.room_id)
        .join(ConditionReport, ConditionReport.id == ConditionReportRoom.report_id)
        .options(undefer(ConditionReportPhoto.data))
        .where(ConditionReportPhoto.id == photo_id)
    ).first()
    if found is None:
        raise NotFound(f"photo {photo_id} not found")
    placement_for(db, principal, found[1], CONDITION_REPORT_READERS)
    return found[0]


def placement_of(db: Session, principal: Principal, placement_id: int) -> Placement:
    """The placement, for the pages of its condition reports."""
    return placement_for(db, principal, placement_id, CONDITION_REPORT_READERS)
