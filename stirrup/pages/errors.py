"""Errors as pages: not found, forbidden, expired session, invalid input, and the unexpected."""

from __future__ import annotations

from contextlib import suppress
from urllib.parse import urlencode, urlsplit

from fastapi import Request
from fastapi.responses import RedirectResponse, Response

from stirrup.deps import SESSION_COOKIE, optional_principal
from stirrup.errors import NotAuthenticated, StirrupError
from stirrup.i18n import N_
from stirrup.i18n import gettext as _
from stirrup.pages.rendering import render
from stirrup.pages.security import safe_next, session_csrf_token

_TITLES = {
    400: N_("The request could not be understood"),
    403: N_("This action is not yours to take"),
    404: N_("Page not found"),
    409: N_("Someone acted first"),
    413: N_("What you sent is too large"),
    422: N_("Some information is not valid"),
    429: N_("Too many attempts"),
    500: N_("Something went wrong on our side"),
}
#: What the page says instead of the error's own words, which may name ids or rules: a page you
#: may not see and a page that does not exist must read the same.
_DETAILS = {
    403: N_("Your role does not allow this. If you think it should, ask a coordinator."),
    404: N_("This page does not exist, or it is not one you may see. Check the address."),
}


def error_page(request: Request, error: StirrupError) -> Response:
    if isinstance(error, NotAuthenticated):
        return _to_login(request)
    detail = _DETAILS.get(error.status_code, error.message)
    return render_status(request, error.status_code, _(detail))


def _to_login(request: Request) -> Response:
    """To the login page, coming back afterwards to where the user was going; saying the session
    expired when the browser had one that is no longer valid (not merely an anonymous one)."""
    if request.method in ("GET", "HEAD"):
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    else:  # a form posted after the session ended: back to the page that showed the form
        referer = urlsplit(request.headers.get("referer", ""))
        same_site = referer.netloc == request.url.netloc
        target = referer.path + (f"?{referer.query}" if referer.query else "") if same_site else "/"
    expired = request.cookies.get(SESSION_COOKIE) and session_csrf_token(request) is None
    query = urlencode({"next": safe_next(target), **({"expired": "1"} if expired else {})})
    return RedirectResponse(f"/login?{query}", status_code=303)


def render_status(
    request: Request,
    status_code: int,
    detail: str | None = None,
    reference: str | None = None,
) -> Response:
    title = _(_TITLES.get(status_code, _TITLES[500]))
    with suppress(Exception):  # signed-in users keep their navigation, unless that fails too
        optional_principal(request)
    return render(
        request,
        "error.html",
        {"title": title, "detail": detail, "status_code": status_code, "reference": reference},
        status_code=status_code,
    )
