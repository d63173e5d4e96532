"""/api/v1/exports/homes and /households: as CSV or XLSX, as the reader may see them."""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterator
from typing import IO, Annotated, Any, Literal

from fastapi import APIRouter, Query
from fastapi.responses import StreamingResponse
from sqlalchemy.orm import Session

from stirrup.deps import DB, CurrentPrincipal
from stirrup.services import record_exports
from stirrup.services.access import Principal
from stirrup.spreadsheets import XLSX_MEDIA_TYPE

router = APIRouter(prefix="/exports", tags=["exports"])

_MEDIA_TYPES = {"csv": "text/csv; charset=utf-8", "xlsx": XLSX_MEDIA_TYPE}
_RESPONSES: dict[int | str, dict[str, Any]] = {200: {"content": {"text/csv": {}, XLSX_MEDIA_TYPE: {}}}}
#: Exports larger than this are spooled to disk while they are written.
_IN_MEMORY_BYTES = 8_000_000
Format = Annotated[Literal["csv", "xlsx"], Query(alias="format")]
Lang = Annotated[Literal["fr", "en"], Query(description="Language of the headers")]


@router.get(
    "/homes",
    response_class=StreamingResponse,
    responses=_RESPONSES,
    summary="The homes you may see, with the import's headers (edit and import back)",
)
def export_homes(
    db: DB, principal: CurrentPrincipal, file_format: Format = "csv", lang: Lang = "fr"
) -> object:
    return _stream(record_exports.export_homes, db, principal, file_format, lang)


@router.get(
    "/households",
    response_class=StreamingResponse,
    responses=_RESPONSES,
    summary="The households you may see: in full if your organisation is their referent, else pseudonymised",
)
def export_households(
    db: DB, principal: CurrentPrincipal, file_format: Format = "csv", lang: Lang = "fr"
) -> object:
    return _stream(record_exports.export_households, db, principal, file_format, lang)


def _stream(
    write: Callable[[Session, Principal, IO[bytes], str, str], str],
    db: Session,
    principal: Principal,
    file_format: str,
    lang: str,
) -> StreamingResponse:
    """Write the export (spooled to disk when large) within the request, then stream it out."""
    target: IO[bytes] = tempfile.SpooledTemporaryFile(max_size=_IN_MEMORY_BYTES)  # noqa: SIM115 - _chunks closes it
    filename = write(db, principal, target, file_format, lang)
    target.seek(0)
    return StreamingResponse(
        _chunks(target),
        media_type=_MEDIA_TYPES[file_format],
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def _chunks(target: IO[bytes]) -> Iterator[bytes]:
    with target:
        while chunk := target.read(1 << 16):
            yield chunk
