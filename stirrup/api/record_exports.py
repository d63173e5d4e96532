"""/api/v1/exports: homes and households as CSV or XLSX, as the reader may see them."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from typing import IO, Annotated, Any, Literal

from fastapi import APIRouter, Query
from fastapi.responses import StreamingResponse

from stirrup.deps import DB, CurrentPrincipal
from stirrup.services import record_exports
from stirrup.spreadsheets import XLSX_MEDIA_TYPE

router = APIRouter(prefix="/exports", tags=["exports"])

_WRITERS = {"homes": record_exports.export_homes, "households": record_exports.export_households}
_MEDIA_TYPES = {"csv": "text/csv; charset=utf-8", "xlsx": XLSX_MEDIA_TYPE}
#: Exports larger than this are spooled to disk while they are written.
_IN_MEMORY_BYTES = 8_000_000


@router.get(
    "/{kind}",
    response_class=StreamingResponse,
    responses={200: {"content": {"text/csv": {}, XLSX_MEDIA_TYPE: {}}}},
    summary="Homes or households you may see (households pseudonymised unless yours)",
)
def export(
    db: DB,
    principal: CurrentPrincipal,
    kind: Literal["homes", "households"],
    file_format: Annotated[Literal["csv", "xlsx"], Query(alias="format")] = "csv",
    lang: Annotated[Literal["fr", "en"], Query(description="Language of the headers")] = "fr",
) -> StreamingResponse:
    target: IO[bytes] = tempfile.SpooledTemporaryFile(max_size=_IN_MEMORY_BYTES)  # noqa: SIM115 - closed by _chunks
    filename = _WRITERS[kind](db, principal, target, file_format, lang)
    target.seek(0)
    return StreamingResponse(
        _chunks(target),
        media_type=_MEDIA_TYPES[file_format],
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def _chunks(target: IO[bytes]) -> Iterator[Any]:
    with target:
        while chunk := target.read(1 << 16):
            yield chunk
