"""Errors as pages: not found, forbidden, expired session, invalid input, and the unexpected."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import Request
from fastapi.responses import RedirectResponse, Response

from stirrup.deps import SESSION_COOKIE
from stirrup.errors import EnrolmentRequired, NotAuthenticated, StirrupError, TooManyRequests
from stirrup.i18n import gettext as _
from stirrup.pages.rendering import render

_TITLES = {
    400: "The request could not be understood",
    403: "This action is not yours to take",
    404: "Page not found",
    409: "Someone acted first",
    413: "What you sent is too large",
    422: "Some information is not valid",
    429: "Too many attempts",
    500: "Something went wrong on our side",
}


def error_page(request: Request, error: StirrupError) -> Response:
    if isinstance(error, NotAuthenticated):
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        expired = "&expired=1" if request.cookies.get(SESSION_COOKIE) else ""
        return RedirectResponse(f"/login?next={quote(target, safe='')}{expired}", status_code=303)
    if isinstance(error, EnrolmentRequired):
        return RedirectResponse("/account/two-factor", status_code=303)
    response = render_status(request, error.status_code, _(error.message))
    if isinstance(error, TooManyRequests):
        response.headers["Retry-After"] = str(error.retry_after_s)
    return response


def render_status(
    request: Request,
    status_code: int,
    detail: str | None = None,
    reference: str | None = None,
) -> Response:
    title = _(_TITLES.get(status_code, _TITLES[500]))
    return render(
        request,
        "error.html",
        {"title": title, "detail": detail, "status_code": status_code, "reference": reference},
        status_code=status_code,
    )
