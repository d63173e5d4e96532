"""Spreadsheets on the site: a page per kind of import (homes, households, associations, a Zéro
Logement Vacant export) to download its template and upload a file — checked only (a dry run) or
imported — then the import's page, which follows its progress (htmx asks again every two seconds
until it ends) and lists every problem by row and column, with the annotated copy to download.

Imports run after the upload is answered, as through the API (stirrup.imports.jobs)."""

from __future__ import annotations

import io
from typing import Annotated, Any

from fastapi import APIRouter, BackgroundTasks, Depends, File, Request, UploadFile
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from stirrup.config import Settings
from stirrup.deps import DB, GeocoderDep, SettingsDep, get_engine
from stirrup.errors import Forbidden, InvalidInput
from stirrup.i18n import N_, gettext
from stirrup.imports import jobs
from stirrup.imports.templates import write_template
from stirrup.models import FINISHED_STATUSES, ImportKind, OrganisationKind, Role
from stirrup.pages.forms import Form, PostedForm
from stirrup.pages.labels import translated
from stirrup.pages.listing import list_page
from stirrup.pages.rendering import redirect, render
from stirrup.pages.security import CsrfChecked, PagePrincipal
from stirrup.services import access, accounts, organisations
from stirrup.services.access import Principal
from stirrup.services.listing import PageRequest
from stirrup.spreadsheets import download

router = APIRouter(include_in_schema=False)

LABELS = {
    "file": N_("The file"),
    "owner_email": N_("The owner's e-mail"),
    "owner_organisation_id": N_("The landlord company"),
    "owner_user_id": N_("Whose homes these are"),
}
#: What the import of each kind holds, for its page.
ABOUT = {
    ImportKind.HOMES: N_("Homes to lend: their address, size, accessibility and the dates they are free."),
    ImportKind.HOUSEHOLDS: N_(
        "Households your service follows: their size, needs, where they must stay near, priority and consent."
    ),
    ImportKind.ASSOCIATIONS: N_(
        "Partner associations: their base, the area they cover, support and capacity."
    ),
    ImportKind.ZLV: N_(
        "A Zéro Logement Vacant export: its owners to invite and their vacant homes, as drafts."
    ),
}
#: What the importer says of a whole file, for the catalogue (other messages show as they are).
MESSAGES = (
    N_("nothing was written: correct the rows named and import again"),
    N_("the file has no rows to import"),
    N_("records changed while the file was checked: nothing was written; import it again"),
    N_("interrupted before it finished"),
)
PROBLEMS_PER_PAGE = 50


def may_import(principal: Principal, kind: ImportKind) -> bool:
    """Whether the kind's page is offered to the principal (the import checks it again)."""
    if kind is ImportKind.HOMES:
        return principal.role is Role.LANDLORD or principal.oversees_all
    if kind is ImportKind.HOUSEHOLDS:
        return principal.role is Role.SOCIAL_WORKER
    if kind is ImportKind.ASSOCIATIONS:
        return access.can_create_association(principal)
    return access.may_invite_owners(principal)


@router.get("/imports", response_class=HTMLResponse)
def imports_page(request: Request, db: DB, principal: PagePrincipal, page: int = 1) -> Response:
    found = list_page(lambda p: jobs.list_jobs(db, principal, p), page)
    kinds = [(kind, gettext(ABOUT[kind])) for kind in ImportKind if may_import(principal, kind)]
    return render(
        request, "imports/list.html", {"jobs": found, "kinds": kinds}, fragment="imports/_jobs.html"
    )


@router.get("/imports/jobs/{job_id}", response_class=HTMLResponse)
def job_page(request: Request, db: DB, principal: PagePrincipal, job_id: int, page: int = 1) -> Response:
    job = jobs.get_job(db, principal, job_id)
    shown = jobs.view(db, job, problems=0)
    context: dict[str, Any] = {
        "job": shown,
        "running": job.status not in FINISHED_STATUSES,
        "message": gettext(job.message) if job.message else "",
    }
    if job.problem_count:
        found = jobs.list_problems(
            db, principal, job.id, PageRequest(page=max(page, 1), page_size=PROBLEMS_PER_PAGE)
        )
        context["problems"] = found
        context["problem_rows"] = [{**_problem(p), "message": gettext(p.message)} for p in found.items]
    return render(request, "imports/job.html", context, fragment="imports/_job.html")


@router.get("/imports/jobs/{job_id}/annotated")
def annotated_copy(db: DB, principal: PagePrincipal, job_id: int) -> Response:
    target = io.BytesIO()
    filename = jobs.write_annotated_copy(db, principal, job_id, target)
    return download(target.getvalue(), filename)


@router.get("/imports/{kind}/template")
def template(
    principal: PagePrincipal, settings: SettingsDep, kind: ImportKind, headers: str = "fr"
) -> Response:
    """The kind's template, its headers in French or English (``?headers=``: ``?lang=`` is the
    page's own language)."""
    if kind is ImportKind.ZLV:
        raise InvalidInput.field("kind", "a Zéro Logement Vacant file is the export ZLV gives: no template")
    target = io.BytesIO()
    filename = write_template(target, kind, "en" if headers == "en" else "fr", settings.support_needs)
    return download(target.getvalue(), filename)


@router.get("/imports/{kind}", response_class=HTMLResponse)
def upload_page(request: Request, db: DB, principal: PagePrincipal, kind: ImportKind) -> Response:
    _check_may_import(principal, kind)
    return _form_page(request, db, principal, kind, Form.of({"owner": "account"}))


@router.post("/imports/{kind}", response_class=HTMLResponse, dependencies=[CsrfChecked])
def upload(
    request: Request,
    db: DB,
    principal: PagePrincipal,
    geocoder: GeocoderDep,
    settings: SettingsDep,
    engine: Annotated[Engine, Depends(get_engine)],
    background: BackgroundTasks,
    kind: ImportKind,
    form: PostedForm,
    file: Annotated[UploadFile | None, File()] = None,
) -> Response:
    _check_may_import(principal, kind)
    try:
        data = _read(file, settings)
        owner_user_id, owner_organisation_id = _owner(db, principal, kind, form)
        job = jobs.create_job(
            db,
            principal,
            kind,
            file.filename if file and file.filename else f"{kind.value}.csv",
            data,
            geocoder,
            settings,
            dry_run=form.ticked("dry_run"),
            owner_user_id=owner_user_id,
            owner_organisation_id=owner_organisation_id,
        )
    except InvalidInput as error:
        db.rollback()  # no job is started
        form.fail(error, rename={"owner_user_id": "owner_email"})
        return _form_page(request, db, principal, kind, form, status_code=422)
    background.add_task(jobs.run_job, engine, job.id, kind, geocoder, settings)  # once answered
    return redirect(f"/imports/jobs/{job.id}", flash="import_started")


def _problem(problem: Any) -> dict[str, Any]:
    return {name: getattr(problem, name) for name in ("sheet", "row", "column", "header", "field")}


def _check_may_import(principal: Principal, kind: ImportKind) -> None:
    if not may_import(principal, kind):
        raise Forbidden(f"you do not import {kind.value}")


def _read(file: UploadFile | None, settings: Settings) -> bytes:
    """The uploaded file's content, up to the import's size limit."""
    if file is None or not file.filename:
        raise InvalidInput.field("file", N_("choose a .csv or .xlsx file"))
    data = file.file.read(settings.import_max_bytes + 1)
    if len(data) > settings.import_max_bytes:
        raise InvalidInput.field("file", N_("the file is too large"))
    return data


def _owner(db: Session, principal: Principal, kind: ImportKind, form: Form) -> tuple[int | None, int | None]:
    """Whose homes a coordinator imports: a landlord account named by e-mail, or a company."""
    if kind is not ImportKind.HOMES or not principal.oversees_all:
        return None, None
    if form.value("owner") == "company":
        company = form.value("owner_organisation_id")
        if not company.isdigit():
            raise InvalidInput.field("owner_organisation_id", N_("choose the landlord company"))
        return None, int(company)
    if not form.value("owner_email").strip():
        raise InvalidInput.field("owner_email", N_("give the e-mail of the owner's account"))
    return accounts.landlord_id(db, principal, form.value("owner_email")), None


def _form_page(
    request: Request, db: Session, principal: Principal, kind: ImportKind, form: Form, status_code: int = 200
) -> Response:
    for_owner = kind is ImportKind.HOMES and principal.oversees_all
    companies = (
        organisations.list_organisations(
            db, principal, OrganisationKind.LANDLORD_COMPANY, PageRequest(page_size=500)
        ).items
        if for_owner
        else []
    )
    context = {
        "kind": kind,
        "about": gettext(ABOUT[kind]),
        "form": form,
        "labels": translated(LABELS),
        "for_owner": for_owner,
        "companies": [(str(c.id), c.name) for c in companies],
        "accept": ".xlsx" if kind is ImportKind.ZLV else ".csv,.xlsx",
    }
    return render(request, "imports/form.html", context, status_code=status_code)
