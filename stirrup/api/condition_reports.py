"""/api/v1/placements/{id}/condition-reports, /api/v1/condition-reports/{id} and their photos"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, UploadFile, status
from fastapi.responses import Response

from stirrup.deps import DB, CurrentPrincipal
from stirrup.schemas.condition_reports import (
    ComparisonOut,
    ConditionReportCreate,
    ConditionReportOut,
    PhotoOut,
    RoomsIn,
    SignatureIn,
)
from stirrup.services import condition_reports as reports
from stirrup.services.condition_reports import MAX_PHOTO_BYTES

router = APIRouter(tags=["condition reports"])


@router.get(
    "/placements/{placement_id}/condition-reports",
    response_model=list[ConditionReportOut],
    summary="A placement's entry and exit reports (owner, association, coordinators)",
)
def list_reports(db: DB, principal: CurrentPrincipal, placement_id: int) -> object:
    return reports.list_reports(db, principal, placement_id)


@router.post(
    "/placements/{placement_id}/condition-reports",
    response_model=ConditionReportOut,
    status_code=status.HTTP_201_CREATED,
    summary="Draw up the entry or exit report, room by room",
)
def create_report(
    db: DB, principal: CurrentPrincipal, placement_id: int, body: ConditionReportCreate
) -> object:
    return reports.create_report(db, principal, placement_id, body)


@router.get(
    "/placements/{placement_id}/condition-reports/comparison",
    response_model=ComparisonOut,
    summary="The exit report beside the entry report; rooms whose condition got worse are listed",
)
def compare(db: DB, principal: CurrentPrincipal, placement_id: int) -> object:
    return reports.compare(db, principal, placement_id)


@router.get("/condition-reports/{report_id}", response_model=ConditionReportOut, summary="One report")
def get_report(db: DB, principal: CurrentPrincipal, report_id: int) -> object:
    return reports.get_report(db, principal, report_id)


@router.put(
    "/condition-reports/{report_id}",
    response_model=ConditionReportOut,
    summary="Rewrite an unsigned report (rooms keep their photos by position)",
)
def update_report(db: DB, principal: CurrentPrincipal, report_id: int, body: RoomsIn) -> object:
    return reports.update_rooms(db, principal, report_id, body)


@router.post(
    "/condition-reports/{report_id}/signatures",
    response_model=ConditionReportOut,
    summary="Sign for your side: the owner as lender, the association as borrower",
)
def sign(db: DB, principal: CurrentPrincipal, report_id: int, body: SignatureIn) -> object:
    return reports.sign(db, principal, report_id, body)


@router.post(
    "/condition-reports/{report_id}/rooms/{room_id}/photos",
    response_model=PhotoOut,
    status_code=status.HTTP_201_CREATED,
    summary=f"Add a JPEG or PNG photo of a room (at most {MAX_PHOTO_BYTES // 1000} kB)",
)
def add_photo(
    db: DB, principal: CurrentPrincipal, report_id: int, room_id: int, file: Annotated[UploadFile, File()]
) -> object:
    content = file.file.read(MAX_PHOTO_BYTES + 1)
    return reports.add_photo(
        db, principal, report_id, room_id, content, file.content_type or "", file.filename or ""
    )


@router.get(
    "/condition-report-photos/{photo_id}",
    response_class=Response,
    summary="Download a photo (sent as an attachment, never displayed in place)",
    responses={200: {"content": {"image/jpeg": {}, "image/png": {}}}},
)
def get_photo(db: DB, principal: CurrentPrincipal, photo_id: int) -> Response:
    photo = reports.get_photo(db, principal, photo_id)
    extension = ".png" if photo.content_type == "image/png" else ".jpg"
    return Response(
        photo.data,
        media_type=photo.content_type,
        # nosniff and no-store come with every answer (middleware.SecurityHeaders).
        headers={"Content-Disposition": f'attachment; filename="photo-{photo.id}{extension}"'},
    )
