"""/api/v1/exports/placements: placements and outcomes as CSV or XLSX, pseudonymised."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response

from stirrup.deps import DB, CurrentPrincipal
from stirrup.services import exports
from stirrup.services.exports import ExportFormat

router = APIRouter(prefix="/exports", tags=["exports"])


@router.get(
    "/placements",
    response_class=Response,
    responses={200: {"content": {media: {} for media in exports.MEDIA_TYPES.values()}}},
    summary="Placements and outcomes you may see (coordinators: all; associations: theirs)",
)
def export_placements(
    db: DB, principal: CurrentPrincipal, format: Annotated[ExportFormat, Query()] = ExportFormat.CSV
) -> Response:
    export = exports.export_placements(db, principal, format)
    return Response(
        export.content,
        media_type=export.media_type,
        headers={
            "Content-Disposition": f'attachment; filename="{export.filename}"',
            "Cache-Control": "no-store",
        },
    )
