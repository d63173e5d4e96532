"""The outbox page (/outbox: the e-mails Stirrup sent or, with SMTP off as in the demo, keeps
here instead — admins see all, others their own) and each user's choice of notifications
(/account/notifications)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from babel.dates import format_datetime
from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from stirrup import clock, i18n
from stirrup.deps import DB, SettingsDep
from stirrup.errors import InvalidInput
from stirrup.i18n import N_
from stirrup.i18n import gettext as _
from stirrup.models import NotificationKind, Role
from stirrup.pages import labels
from stirrup.pages.forms import Form, PostedForm
from stirrup.pages.rendering import redirect, render
from stirrup.pages.security import CsrfChecked, PagePrincipal
from stirrup.services import notification_preferences, notifications
from stirrup.services.listing import PageRequest

router = APIRouter(include_in_schema=False)

OUTBOX_PAGE_SIZE = 25
#: The two ways of receiving notifications, as the form offers them.
DELIVERIES = {"single": N_("One e-mail for each notification"), "digest": N_("One summary a day")}


def _when(moment: datetime | None) -> str:
    if moment is None:
        return ""
    return format_datetime(moment.astimezone(clock.PARIS), "medium", locale=i18n.current_locale.get())


@router.get("/outbox", response_class=HTMLResponse)
def outbox(
    request: Request,
    db: DB,
    principal: PagePrincipal,
    page: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
) -> Response:
    found = notifications.list_emails(db, principal, PageRequest(page=page, page_size=OUTBOX_PAGE_SIZE))
    rows = [
        {
            "id": e.id,
            "when": _when(e.created_at),
            "to": e.to_address,
            "subject": e.subject,
            "status": e.status,
        }
        for e in found.items
    ]
    context = {"rows": rows, "found": found, "everyone": principal.role is Role.ADMIN}
    return render(request, "notifications/outbox.html", context)


@router.get("/outbox/{email_id}", response_class=HTMLResponse)
def outbox_email(request: Request, db: DB, principal: PagePrincipal, email_id: int) -> Response:
    email = notifications.get_email(db, principal, email_id)
    details = [
        (_("To"), email.to_address),
        (_("Subject"), email.subject),
        (_("Status"), labels.label(email.status)),
        (_("Written"), _when(email.created_at)),
        (_("Sent"), _when(email.sent_at)),
        (_("Attempts"), str(email.attempts)),
    ]
    if email.last_error:
        details.append((_("Last error"), email.last_error))
    return render(request, "notifications/email.html", {"email": email, "details": details})


def _preferences_page(
    request: Request, form: Form, settings: SettingsDep, status_code: int = 200
) -> Response:
    context = {
        "form": form,
        "kinds": labels.choices(list(NotificationKind)),
        "deliveries": [(value, _(text)) for value, text in DELIVERIES.items()],
        "digest_hour": settings.digest_hour,
    }
    return render(request, "notifications/preferences.html", context, status_code=status_code)


@router.get("/account/notifications", response_class=HTMLResponse)
def preferences_page(request: Request, db: DB, principal: PagePrincipal, settings: SettingsDep) -> Response:
    chosen = notification_preferences.get(db, principal)
    form = Form.of(
        {
            "kinds": [kind.value for kind in NotificationKind if chosen.wants(kind)],
            "delivery": "digest" if chosen.daily_digest else "single",
        }
    )
    return _preferences_page(request, form, settings)


@router.post("/account/notifications", dependencies=[CsrfChecked])
def save_preferences(
    request: Request, db: DB, principal: PagePrincipal, settings: SettingsDep, form: PostedForm
) -> Response:
    known = {kind.value for kind in NotificationKind}
    problems = []
    if set(form.chosen("kinds")) - known:
        problems.append(InvalidInput.field("kinds", N_("choose among the kinds of notification listed")))
    if form.value("delivery") not in DELIVERIES:
        problems.append(InvalidInput.field("delivery", N_("choose single e-mails or the daily summary")))
    if problems:
        failed = form
        for problem in problems:
            failed = failed.fail(problem)
        return _preferences_page(request, failed, settings, status_code=422)
    wanted = {kind: kind.value in form.chosen("kinds") for kind in NotificationKind}
    notification_preferences.update(db, principal, form.value("delivery") == "digest", wanted)
    return redirect("/account/notifications", flash="notifications_saved")
