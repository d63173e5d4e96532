"""/api/v1/imports: templates, uploads that run in the background, progress and problems."""

from __future__ import annotations

import io
from dataclasses import replace
from typing import Annotated, Any

from fastapi import APIRouter, BackgroundTasks, Depends, File, Form, Query, Response, UploadFile, status
from sqlalchemy import Engine

from stirrup.deps import DB, CurrentPrincipal, GeocoderDep, PageDep, SettingsDep, get_engine
from stirrup.errors import InvalidInput
from stirrup.imports import jobs
from stirrup.imports.templates import write_template
from stirrup.models import ImportKind
from stirrup.schemas.common import Page
from stirrup.schemas.imports import ImportJobOut, ImportProblemOut
from stirrup.spreadsheets import XLSX_MEDIA_TYPE

router = APIRouter(prefix="/imports", tags=["imports"])

_XLSX_RESPONSE: dict[int | str, dict[str, Any]] = {200: {"content": {XLSX_MEDIA_TYPE: {}}}}


@router.get(
    "/templates/{kind}",
    response_class=Response,
    responses=_XLSX_RESPONSE,
    summary="The .xlsx template of an import, headers in French or English (both are accepted)",
)
def template(
    principal: CurrentPrincipal,
    settings: SettingsDep,
    kind: ImportKind,
    lang: Annotated[str, Query(pattern="^(fr|en)$")] = "fr",
) -> Response:
    if kind is ImportKind.ZLV:
        raise InvalidInput.field("kind", "a Zéro Logement Vacant file is the export ZLV gives: no template")
    target = io.BytesIO()
    filename = write_template(target, kind, lang, settings.support_needs)
    return _attachment(target.getvalue(), filename)


@router.post(
    "/{kind}",
    response_model=ImportJobOut,
    status_code=status.HTTP_202_ACCEPTED,
    summary="Upload a .csv or .xlsx file to import; follow the job it starts",
)
def start_import(
    db: DB,
    principal: CurrentPrincipal,
    geocoder: GeocoderDep,
    settings: SettingsDep,
    engine: Annotated[Engine, Depends(get_engine)],
    background: BackgroundTasks,
    response: Response,
    kind: ImportKind,
    file: Annotated[UploadFile, File(description="The spreadsheet (.csv or .xlsx)")],
    dry_run: Annotated[
        bool, Form(description="Check every row and count what would change; write nothing")
    ] = False,
    owner_user_id: Annotated[int | None, Form(description="Homes, coordinators: the landlord")] = None,
    owner_organisation_id: Annotated[int | None, Form(description="Homes, coordinators: the company")] = None,
) -> object:
    data = file.file.read(settings.import_max_bytes + 1)
    if len(data) > settings.import_max_bytes:
        raise InvalidInput.field("file", f"is larger than {settings.import_max_bytes} bytes")
    job = jobs.create_job(
        db,
        principal,
        kind,
        file.filename or f"{kind.value}.csv",
        data,
        geocoder,
        settings,
        dry_run=dry_run,
        owner_user_id=owner_user_id,
        owner_organisation_id=owner_organisation_id,
    )
    background.add_task(jobs.run_job, engine, job.id, kind, geocoder, settings)
    response.headers["Location"] = f"/api/v1/imports/{job.id}"
    return jobs.view(db, job)


@router.get("", response_model=Page[ImportJobOut], summary="Your imports, newest first")
def list_imports(db: DB, principal: CurrentPrincipal, page: PageDep) -> object:
    found = jobs.list_jobs(db, principal, page)
    return replace(found, items=[jobs.view(db, job, problems=0) for job in found.items])


@router.get("/{job_id}", response_model=ImportJobOut, summary="An import: progress, outcome, first problems")
def get_import(db: DB, principal: CurrentPrincipal, job_id: int) -> object:
    return jobs.view(db, jobs.get_job(db, principal, job_id))


@router.get(
    "/{job_id}/problems", response_model=Page[ImportProblemOut], summary="Every problem found, by row"
)
def list_problems(db: DB, principal: CurrentPrincipal, page: PageDep, job_id: int) -> object:
    return jobs.list_problems(db, principal, job_id, page)


@router.get(
    "/{job_id}/annotated",
    response_class=Response,
    responses=_XLSX_RESPONSE,
    summary="The file with each cell at fault highlighted and a column of problems",
)
def annotated_copy(db: DB, principal: CurrentPrincipal, job_id: int) -> Response:
    target = io.BytesIO()
    filename = jobs.write_annotated_copy(db, principal, job_id, target)
    return _attachment(target.getvalue(), filename)


def _attachment(content: bytes, filename: str) -> Response:
    return Response(
        content,
        media_type=XLSX_MEDIA_TYPE,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
