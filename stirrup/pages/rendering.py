"""The Jinja2 environment of the site and the one function pages render with.

Every page gets the same base context (the principal, its navigation, the CSRF token, the locale,
the flash message of the previous step); tests read it back from ``response.context``.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, select_autoescape

from stirrup import i18n
from stirrup.config import TEMPLATES_DIR
from stirrup.pages import labels, words
from stirrup.pages.listing import page_count
from stirrup.pages.navigation import links_for

_environment = Environment(
    loader=FileSystemLoader(TEMPLATES_DIR),
    autoescape=select_autoescape(default=True),
    extensions=["jinja2.ext.i18n", "jinja2.ext.do"],
)
_environment.install_gettext_callables(i18n.gettext, i18n.ngettext, newstyle=True)  # type: ignore[attr-defined]
_environment.filters.update(
    money=i18n.money,
    euros=i18n.euros,
    number=i18n.number,
    km=i18n.kilometres,
    long_date=i18n.long_date,
    short_date=i18n.short_date,
    since=i18n.duration_since,
    label=labels.label,
    decline_reason=labels.decline_reason,
    close_reason=labels.close_reason,
    say=words.say,
    percent=i18n.percent,
    page_count=page_count,
)
templates = Jinja2Templates(env=_environment)

FLASH_COOKIE = "stirrup_flash"

#: What a page may say after a redirect, by key: the cookie carries the key, never the text.
FLASH_MESSAGES = {
    "home_saved": i18n.N_("The home has been saved."),
    "household_saved": i18n.N_("The household has been saved."),
    "association_saved": i18n.N_("The association's profile has been saved."),
    "user_saved": i18n.N_("The account has been saved."),
    "organisation_saved": i18n.N_("The organisation has been saved."),
    "password_changed": i18n.N_("Your password has been changed. Your other sessions have been signed out."),
    "request_proposed": i18n.N_("A home was found: the proposal below waits for the three sides' answers."),
    "request_unmatched": i18n.N_(
        "No home fits yet: the household is on the waiting list; the reasons are below."
    ),
    "request_rounds_only": i18n.N_(
        "This territory works by matching rounds only: the household waits for the next one."
    ),
    "import_started": i18n.N_("The file has been received: it is being checked."),
    "invitation_saved": i18n.N_("The invitation's status has been saved."),
    "round_started": i18n.N_("The round has started."),
    "proposal_accepted": i18n.N_("Your acceptance is recorded. The other sides are asked to answer too."),
    "proposal_agreed": i18n.N_("All three sides have accepted: the placement is agreed."),
    "proposal_declined": i18n.N_(
        "Your decline is recorded. This home and this household will not be proposed together again."
    ),
    "visit_saved": i18n.N_("The check-in has been recorded."),
    "milestone_saved": i18n.N_("The milestone has been recorded."),
    "incident_saved": i18n.N_("The incident has been recorded."),
    "incident_resolved": i18n.N_("The incident is marked resolved."),
    "incident_reopened": i18n.N_("The incident is open again."),
    "exit_plan_saved": i18n.N_("The exit plan has been saved."),
    "extension_requested": i18n.N_("The extension has been asked of the owner."),
    "extension_consented": i18n.N_("You agreed to the extension: the placement now ends later."),
    "extension_declined": i18n.N_("You declined the extension."),
    "placement_ended": i18n.N_("The placement has ended and its outcome is recorded."),
    "after_end_saved": i18n.N_("Where the household lives now has been recorded."),
    "notifications_saved": i18n.N_("Your choices are saved. They apply to every notification not sent yet."),
}


def is_htmx(request: Request) -> bool:
    """A request htmx made to refresh part of a page (never a whole-page navigation)."""
    headers = request.headers
    return (
        headers.get("hx-request") == "true"
        and headers.get("hx-boosted") != "true"
        and headers.get("hx-history-restore-request") != "true"
    )


def _language_links(request: Request) -> dict[str, str]:
    """The current page in each language: same path and query, ``lang`` replaced."""
    query = [(k, v) for k, v in request.query_params.multi_items() if k != "lang"]
    return {locale: f"{request.url.path}?{urlencode([*query, ('lang', locale)])}" for locale in i18n.LOCALES}


def render(
    request: Request,
    template: str,
    context: dict[str, Any] | None = None,
    status_code: int = 200,
    fragment: str | None = None,
) -> HTMLResponse:
    """Render ``template`` with what every page needs; ``fragment`` instead when htmx asks for the
    part of the page it refreshes."""
    principal = getattr(request.state, "principal", None)
    flash_key = request.cookies.get(FLASH_COOKIE)
    base = {
        "principal": principal,
        "navigation": links_for(principal, request.url.path),
        "csrf_token": getattr(request.state, "csrf_token", None)
        or (principal.csrf_token if principal else ""),
        "locale": i18n.current_locale.get(),
        "languages": _language_links(request),
        "flash": i18n.gettext(FLASH_MESSAGES[flash_key]) if flash_key in FLASH_MESSAGES else None,
    }
    chosen = fragment if fragment and is_htmx(request) else template
    response = templates.TemplateResponse(
        request, chosen, {**base, **(context or {})}, status_code=status_code
    )
    if flash_key and chosen == template:
        response.delete_cookie(FLASH_COOKIE, path="/")
    return response


def redirect(url: str, flash: str | None = None) -> RedirectResponse:
    """See other (303) after a successful form, with a message for the next page."""
    response = RedirectResponse(url, status_code=303)
    if flash is not None:
        assert flash in FLASH_MESSAGES, flash
        response.set_cookie(FLASH_COOKIE, flash, httponly=True, samesite="lax", path="/", max_age=120)
    return response
