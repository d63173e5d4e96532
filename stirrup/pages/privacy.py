"""A household's data request pages: its file as a readable (printable) page, and its erasure."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response

from stirrup.deps import DB
from stirrup.errors import InvalidInput
from stirrup.i18n import gettext as _
from stirrup.pages.rendering import render
from stirrup.pages.security import CsrfChecked, PagePrincipal
from stirrup.schemas.privacy import ErasureRequest
from stirrup.services import privacy

router = APIRouter(include_in_schema=False)


@router.get("/households/{household_id}/export", response_class=HTMLResponse)
def export_page(request: Request, db: DB, principal: PagePrincipal, household_id: int) -> Response:
    return render(
        request, "privacy/export.html", {"export": privacy.export(db, principal, household_id, "html")}
    )


@router.get("/households/{household_id}/erasure", response_class=HTMLResponse)
def erasure_page(request: Request, db: DB, principal: PagePrincipal, household_id: int) -> Response:
    household = privacy.own_household(db, principal, household_id)
    return render(request, "privacy/erasure.html", {"household": household})


@router.post("/households/{household_id}/erasure", dependencies=[CsrfChecked])
def erase(
    request: Request,
    db: DB,
    principal: PagePrincipal,
    household_id: int,
    confirm_reference: Annotated[str, Form(max_length=12)] = "",
) -> Response:
    household = privacy.own_household(db, principal, household_id)
    try:
        done = privacy.erase(
            db, principal, household_id, ErasureRequest(confirm_reference=confirm_reference or "?")
        )
    except InvalidInput as error:
        errors = {p.field: _(p.message) for p in error.problems}
        return render(
            request, "privacy/erasure.html", {"household": household, "errors": errors}, status_code=422
        )
    return render(request, "privacy/erasure.html", {"household": household, "done": done})
