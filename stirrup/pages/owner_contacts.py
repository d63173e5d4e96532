"""Owners to invite, for the coordinators of the vacant-housing team that imported them from a Zéro
Logement Vacant export: their names and the address to write to, how many vacant homes each owns,
and where the team is with inviting them. Every list of them is audited (services.owner_contacts)."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import ValidationError
from sqlalchemy.orm import Session

from stirrup.deps import DB
from stirrup.errors import InvalidInput
from stirrup.models import InvitationStatus
from stirrup.pages.forms import Form, PostedForm
from stirrup.pages.labels import choices
from stirrup.pages.listing import list_page, member
from stirrup.pages.rendering import redirect, render
from stirrup.pages.security import CsrfChecked, PagePrincipal
from stirrup.schemas.owner_contacts import InvitationUpdate
from stirrup.services import owner_contacts
from stirrup.services.access import Principal
from stirrup.services.owner_contacts import ContactFilters

router = APIRouter(include_in_schema=False)


@router.get("/owner-contacts", response_class=HTMLResponse)
def list_contacts(
    request: Request, db: DB, principal: PagePrincipal, status: str = "", page: int = 1
) -> Response:
    return _list(request, db, principal, status, page)


@router.post("/owner-contacts/{contact_id}", response_class=HTMLResponse, dependencies=[CsrfChecked])
def change_invitation(
    request: Request, db: DB, principal: PagePrincipal, contact_id: int, form: PostedForm
) -> Response:
    try:
        change = InvitationUpdate.model_validate(form.filled("invitation_status", "account_email"))
        owner_contacts.update_invitation(db, principal, contact_id, change)
    except (ValidationError, InvalidInput) as error:
        db.rollback()  # a refused change leaves nothing written
        form.fail(error)
        back = urlsplit(_back(form))
        query = parse_qs(back.query)
        status, page = query.get("status", [""])[0], query.get("page", ["1"])[0]
        failed = {"id": contact_id, "form": form}
        return _list(request, db, principal, status, int(page) if page.isdigit() else 1, failed, 422)
    return redirect(_back(form), flash="invitation_saved")


def _back(form: Form) -> str:
    back = form.value("back")
    return back if back.startswith("/owner-contacts") else "/owner-contacts"


def _list(
    request: Request,
    db: Session,
    principal: Principal,
    status: str,
    page: int,
    failed: dict[str, Any] | None = None,
    status_code: int = 200,
) -> Response:
    wanted = member(InvitationStatus, status)
    found = list_page(lambda p: owner_contacts.list_contacts(db, principal, ContactFilters(wanted), p), page)
    context = {
        "contacts": found,
        "status": wanted.value if wanted else "",
        "filters": Form.of({"status": wanted.value if wanted else ""}),
        "statuses": choices(list(InvitationStatus)),
        "failed": failed,
    }
    return render(
        request, "owner_contacts/list.html", context, status_code, fragment="owner_contacts/_list.html"
    )
