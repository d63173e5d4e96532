"""Owners to invite, for the coordinators of the vacant-housing team that imported them from a Zéro
Logement Vacant export: their names and the address to write to, how many vacant homes each owns,
and where the team is with inviting them. Every list of them is audited (services.owner_contacts)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import ValidationError

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
from stirrup.services.owner_contacts import ContactFilters

router = APIRouter(include_in_schema=False)


@router.get("/owner-contacts", response_class=HTMLResponse)
def list_contacts(
    request: Request, db: DB, principal: PagePrincipal, status: str = "", page: int = 1
) -> Response:
    wanted = member(InvitationStatus, status)
    found = list_page(lambda p: owner_contacts.list_contacts(db, principal, ContactFilters(wanted), p), page)
    context = {
        "contacts": found,
        "status": wanted.value if wanted else "",
        "filters": Form.of({"status": wanted.value if wanted else ""}),
        "statuses": choices(list(InvitationStatus)),
    }
    return render(request, "owner_contacts/list.html", context, fragment="owner_contacts/_list.html")


@router.post("/owner-contacts/{contact_id}", response_class=HTMLResponse, dependencies=[CsrfChecked])
def change_invitation(
    request: Request, db: DB, principal: PagePrincipal, contact_id: int, form: PostedForm
) -> Response:
    try:
        change = InvitationUpdate.model_validate(form.filled("invitation_status"))
    except ValidationError as error:
        raise InvalidInput.field("invitation_status", "choose one of the options") from error
    owner_contacts.update_invitation(db, principal, contact_id, change)
    back = form.value("back")
    return redirect(
        back if back.startswith("/owner-contacts") else "/owner-contacts", flash="invitation_saved"
    )
