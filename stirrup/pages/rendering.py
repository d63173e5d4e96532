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
from stirrup.pages import labels
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
    long_date=i18n.long_date,
    short_date=i18n.short_date,
    since=i18n.duration_since,
    label=labels.label,
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
