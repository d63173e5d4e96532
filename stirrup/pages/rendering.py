"""The Jinja2 environment of the site and the one function pages render with."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, select_autoescape

from stirrup import i18n
from stirrup.config import TEMPLATES_DIR

_environment = Environment(
    loader=FileSystemLoader(TEMPLATES_DIR),
    autoescape=select_autoescape(default=True),
    extensions=["jinja2.ext.i18n"],
)
_environment.install_gettext_callables(i18n.gettext, i18n.ngettext, newstyle=True)  # type: ignore[attr-defined]
_environment.filters.update(money=i18n.money, long_date=i18n.long_date)
templates = Jinja2Templates(env=_environment)


def render(
    request: Request,
    template: str,
    context: dict[str, Any] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    """Render ``template`` with what every page needs (the principal, the CSRF token, the locale)."""
    principal = getattr(request.state, "principal", None)
    base = {
        "principal": principal,
        "csrf_token": getattr(request.state, "csrf_token", None)
        or (principal.csrf_token if principal else ""),
        "locale": i18n.current_locale.get(),
    }
    return templates.TemplateResponse(request, template, {**base, **(context or {})}, status_code=status_code)
