"""The outbox page (/outbox: the e-mails Stirrup sent or, with SMTP off as in the demo, keeps
here instead — admins see all, others their own) and each user's choice of notifications
(/account/notifications)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from babel.dates import format_datetime
from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, Response

from stirrup import clock, i18n
from stirrup.deps import DB, SettingsDep
from stirrup.i18n import gettext as _
from stirrup.models import EmailStatus, NotificationKind, Role
from stirrup.pages.rendering import render
from stirrup.pages.security import CsrfChecked, PagePrincipal
from stirrup.services import notification_preferences, notification_texts, notifications
from stirrup.services.listing import PageRequest

router = APIRouter(include_in_schema=False)

OUTBOX_PAGE_SIZE = 25


def _status(status: EmailStatus) -> str:
    labels = {
        EmailStatus.PENDING: _("Waiting to be sent"),
        EmailStatus.SENDING: _("Being sent"),
        EmailStatus.SENT: _("Sent"),
        EmailStatus.KEPT: _("Kept here (e-mail sending is off)"),
        EmailStatus.FAILED: _("Failed"),
    }
    return labels[status]


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
            "id": email.id,
            "when": _when(email.created_at),
            "to": email.to_address,
            "subject": email.subject,
            "status": _status(email.status),
        }
        for email in found.items
    ]
    context = {
        "rows": rows,
        "total": found.total,
        "page": page,
        "has_next": page * OUTBOX_PAGE_SIZE < found.total,
        "everyone": principal.role is Role.ADMIN,
    }
    return render(request, "notifications/outbox.html", context)


@router.get("/outbox/{email_id}", response_class=HTMLResponse)
def outbox_email(request: Request, db: DB, principal: PagePrincipal, email_id: int) -> Response:
    email = notifications.get_email(db, principal, email_id)
    details = [
        (_("To"), email.to_address),
        (_("Subject"), email.subject),
        (_("Status"), _status(email.status)),
        (_("Written"), _when(email.created_at)),
        (_("Sent"), _when(email.sent_at)),
        (_("Attempts"), str(email.attempts)),
    ]
    if email.last_error:
        details.append((_("Last error"), email.last_error))
    return render(request, "notifications/email.html", {"email": email, "details": details})


def _preferences_page(
    request: Request, db: DB, principal: PagePrincipal, settings: SettingsDep, **extra: Any
) -> Response:
    chosen = notification_preferences.get(db, principal)
    kinds = [
        (kind.value, notification_texts.kind_label(kind), chosen.wants(kind)) for kind in NotificationKind
    ]
    context = {
        "kinds": kinds,
        "daily_digest": chosen.daily_digest,
        "digest_hour": settings.digest_hour,
        **extra,
    }
    return render(
        request, "notifications/preferences.html", context, status_code=422 if "error" in extra else 200
    )


@router.get("/account/notifications", response_class=HTMLResponse)
def preferences_page(request: Request, db: DB, principal: PagePrincipal, settings: SettingsDep) -> Response:
    return _preferences_page(request, db, principal, settings)


@router.post("/account/notifications", dependencies=[CsrfChecked])
def save_preferences(
    request: Request,
    db: DB,
    principal: PagePrincipal,
    settings: SettingsDep,
    delivery: Annotated[str, Form(max_length=10)] = "single",
    kinds: Annotated[list[str], Form(max_length=40)] = [],  # noqa: B006 - FastAPI copies defaults
) -> Response:
    unknown = sorted(set(kinds) - {kind.value for kind in NotificationKind})
    if unknown:
        error = _("unknown kind of notification: %(kinds)s") % {"kinds": ", ".join(unknown)}
        return _preferences_page(request, db, principal, settings, error=error)
    if delivery not in ("single", "digest"):
        error = _("choose single e-mails or the daily digest")
        return _preferences_page(request, db, principal, settings, error=error)
    wanted = {kind: kind.value in kinds for kind in NotificationKind}
    notification_preferences.update(db, principal, delivery == "digest", wanted)
    return _preferences_page(request, db, principal, settings, saved=True)
