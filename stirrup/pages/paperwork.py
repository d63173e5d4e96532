"""A placement's paperwork on the site: /placements/{id}/paperwork gathers the documents to print
and sign, the insurance certificates and the condition reports; each document is a print-styled
page of its own (/placements/{id}/documents/{kind}, ``?download=1`` to save it)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import StrictUndefined
from pydantic import ValidationError

from stirrup import clock, i18n
from stirrup.deps import DB
from stirrup.errors import InvalidInput, NotFound
from stirrup.models import CONDITION_ORDER, InsuranceHolder, ReportKind, Role, Side
from stirrup.pages.forms import Form, PostedForm
from stirrup.pages.labels import choices
from stirrup.pages.rendering import render, templates
from stirrup.pages.security import CsrfChecked, PagePrincipal
from stirrup.schemas.condition_reports import ConditionReportCreate, SignatureIn
from stirrup.schemas.insurance import InsuranceCreate
from stirrup.services import access, condition_reports, documents, insurance
from stirrup.services.access import CONDITION_REPORT_READERS, INSURANCE_READERS, INSURANCE_WRITERS
from stirrup.services.documents import DocumentKind
from stirrup.services.paperwork import last_day

router = APIRouter(include_in_schema=False)

#: Documents render strictly: a value the template names but the context lacks is an error, never
#: an empty space in a contract.
_documents = templates.env.overlay(undefined=StrictUndefined)

#: Empty rows offered when drawing up a report without JavaScript.
BLANK_ROOMS = 8


def _hub(
    request: Request,
    db: DB,
    principal: PagePrincipal,
    placement_id: int,
    failed: dict[str, Form] | None = None,
) -> Response:
    """The paperwork page; ``failed``: a form sent back with its problems ("insurance", "report")."""
    failed = failed or {}
    found = documents.available(db, principal, placement_id)
    placement = found.placement
    context: dict[str, Any] = {
        "placement": placement,
        "last_day": last_day(placement),
        "association": placement.association.organisation,
        "emergency_phone": placement.association.emergency_phone,
        "documents": found.kinds,
        "insurance_form": failed.get("insurance") or Form(),
        "report_form": failed.get("report") or Form.of({"inspected_on": clock.today()}),
        "holders": choices(list(InsuranceHolder)),
        "kinds": choices(list(ReportKind)),
        "conditions": choices(list(CONDITION_ORDER)),
        "blank_rooms": range(BLANK_ROOMS),
        "today": clock.today(),
    }
    if access.takes_part(principal, INSURANCE_READERS):
        context["coverage"] = insurance.coverage(db, principal, placement_id)
        context["may_record_insurance"] = access.takes_part(principal, INSURANCE_WRITERS)
    if access.takes_part(principal, CONDITION_REPORT_READERS):
        context["reports"] = condition_reports.list_reports(db, principal, placement_id)
    return render(request, "paperwork/placement.html", context, status_code=422 if failed else 200)


@router.get("/placements/{placement_id}/paperwork", response_class=HTMLResponse)
def paperwork(request: Request, db: DB, principal: PagePrincipal, placement_id: int) -> Response:
    return _hub(request, db, principal, placement_id)


@router.get("/placements/{placement_id}/documents/{kind}", response_class=HTMLResponse)
def document(
    request: Request, db: DB, principal: PagePrincipal, placement_id: int, kind: str, download: bool = False
) -> Response:
    try:
        chosen = DocumentKind(kind)
    except ValueError:
        raise NotFound("no such document") from None
    locale = i18n.current_locale.get()
    values = documents.context(db, principal, placement_id, chosen)
    template = _documents.get_template(f"documents/{documents.SPECS[chosen].template}.{locale}.html")
    html = template.render(d=values, locale=locale, placement_id=placement_id)
    headers = {}
    if download:
        headers["Content-Disposition"] = (
            f'attachment; filename="{documents.file_name(chosen, placement_id, locale)}"'
        )
    return HTMLResponse(html, headers=headers)


def _back_to(placement_id: int) -> Response:
    return RedirectResponse(f"/placements/{placement_id}/paperwork", status_code=303)


@router.post("/placements/{placement_id}/insurance", dependencies=[CsrfChecked])
def record_insurance(
    request: Request, db: DB, principal: PagePrincipal, placement_id: int, form: PostedForm
) -> Response:
    try:
        data = InsuranceCreate.model_validate(
            form.filled("holder", "insurer", "policy_number", "valid_from", "valid_until")
        )
        insurance.record(db, principal, placement_id, data)
    except (ValidationError, InvalidInput) as error:
        db.rollback()
        return _hub(request, db, principal, placement_id, {"insurance": form.fail(error)})
    return _back_to(placement_id)


@router.post("/placements/{placement_id}/condition-reports", dependencies=[CsrfChecked])
def create_report(
    request: Request, db: DB, principal: PagePrincipal, placement_id: int, form: PostedForm
) -> Response:
    """Rows left without a name are the unused blank rows of the form."""
    rows = zip(
        form.chosen("room_name"), form.chosen("room_condition"), form.chosen("room_remarks"), strict=False
    )
    rooms = [{"name": n, "condition": c, "remarks": r} for n, c, r in rows if n.strip()]
    try:
        data = ConditionReportCreate.model_validate({**form.filled("kind", "inspected_on"), "rooms": rooms})
        report = condition_reports.create_report(db, principal, placement_id, data)
    except (ValidationError, InvalidInput) as error:
        db.rollback()
        return _hub(request, db, principal, placement_id, {"report": form.fail(error)})
    return RedirectResponse(f"/condition-reports/{report.id}", status_code=303)


def _report_page(
    request: Request, db: DB, principal: PagePrincipal, report_id: int, form: Form | None = None
) -> Response:
    report = condition_reports.get_report(db, principal, report_id)
    side = {Role.LANDLORD: Side.LENDER, Role.ASSOCIATION_STAFF: Side.BORROWER}.get(principal.role)
    context = {
        "report": report,
        "form": form
        or Form.of(
            {"side": side.value if side else "", "name": principal.display_name, "signed_on": clock.today()}
        ),
        "sides": choices([side] if side else list(Side)),
        "photo_types": ", ".join(condition_reports.PHOTO_TYPES),
        "photo_max_kb": condition_reports.MAX_PHOTO_BYTES // 1000,
    }
    return render(request, "paperwork/report.html", context, status_code=422 if form else 200)


@router.get("/condition-reports/{report_id}", response_class=HTMLResponse)
def report_page(request: Request, db: DB, principal: PagePrincipal, report_id: int) -> Response:
    return _report_page(request, db, principal, report_id)


@router.post("/condition-reports/{report_id}/signatures", dependencies=[CsrfChecked])
def sign_report(
    request: Request, db: DB, principal: PagePrincipal, report_id: int, form: PostedForm
) -> Response:
    try:
        data = SignatureIn.model_validate(form.filled("side", "name", "signed_on"))
        condition_reports.sign(db, principal, report_id, data)
    except (ValidationError, InvalidInput) as error:
        db.rollback()
        return _report_page(request, db, principal, report_id, form.fail(error))
    return RedirectResponse(f"/condition-reports/{report_id}", status_code=303)


@router.post("/condition-reports/{report_id}/rooms/{room_id}/photos", dependencies=[CsrfChecked])
def add_photo(
    request: Request,
    db: DB,
    principal: PagePrincipal,
    report_id: int,
    room_id: int,
    file: Annotated[UploadFile, File()],
) -> Response:
    content = file.file.read(condition_reports.MAX_PHOTO_BYTES + 1)
    try:
        condition_reports.add_photo(
            db, principal, report_id, room_id, content, file.content_type or "", file.filename or ""
        )
    except InvalidInput as error:
        db.rollback()
        return _report_page(request, db, principal, report_id, Form().fail(error, rename={"file": "photo"}))
    return RedirectResponse(f"/condition-reports/{report_id}", status_code=303)


@router.get("/placements/{placement_id}/condition-reports/comparison", response_class=HTMLResponse)
def comparison(request: Request, db: DB, principal: PagePrincipal, placement_id: int) -> Response:
    try:
        found = condition_reports.compare(db, principal, placement_id)
    except NotFound as error:
        condition_reports.placement_of(db, principal, placement_id)  # an invisible placement stays 404
        return render(
            request, "paperwork/comparison.html", {"placement_id": placement_id, "missing": error.message}
        )
    return render(request, "paperwork/comparison.html", {"placement_id": placement_id, "comparison": found})
