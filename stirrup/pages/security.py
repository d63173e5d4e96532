"""Signing in for pages, the session cookie, and CSRF protection of every form.

Forms carry a synchronizer token bound to the server-side session (an anonymous session for the
login form), and the Origin header, when the browser sends one, must be our own.
"""

from __future__ import annotations

import hmac
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import Depends, Request
from fastapi.responses import Response

from stirrup.config import Settings
from stirrup.db import transaction
from stirrup.deps import SESSION_COOKIE, get_engine, get_settings, optional_principal
from stirrup.errors import Forbidden, NotAuthenticated
from stirrup.models import SessionKind
from stirrup.services import sessions
from stirrup.services.access import Principal


class LoginRequired(NotAuthenticated):
    """A page needs a signed-in user; the site answers with the login page."""


def page_principal(request: Request) -> Principal:
    principal = optional_principal(request)
    if principal is None:
        raise LoginRequired("sign in to continue")
    return principal


PagePrincipal = Annotated[Principal, Depends(page_principal)]


def session_csrf_token(request: Request) -> str | None:
    """The CSRF token of the browser's session, signed in or anonymous."""
    token = request.cookies.get(SESSION_COOKIE)
    if not token:
        return None
    found = sessions.authenticate(get_engine(request), token, get_settings(request))
    return found.csrf_token if found else None


def start_form_session(request: Request) -> str | None:
    """Make sure the browser has a session whose CSRF token the page's form carries: an anonymous
    one for visitors. Returns the new session's token, to set as the cookie on the answer."""
    csrf = session_csrf_token(request)
    token = None
    if csrf is None:
        with transaction(get_engine(request)) as db:
            token, anonymous = sessions.start(db, SessionKind.WEB, None)
            csrf = anonymous.csrf_token
    request.state.csrf_token = csrf
    return token


async def check_csrf(request: Request) -> None:
    """Refuse a form post whose token is missing or foreign, or that comes from another site."""
    origin = request.headers.get("origin")
    if origin and origin != "null" and urlsplit(origin).netloc != request.url.netloc:
        raise Forbidden("this form was sent from another site")
    form = await request.form()
    sent = str(form.get("csrf_token", ""))
    expected = session_csrf_token(request)
    if not expected and request.cookies.get(SESSION_COOKIE):
        raise LoginRequired("your session has expired; sign in again")
    if not expected or not sent or not hmac.compare_digest(sent, expected):
        raise Forbidden("this form has expired; reload the page and try again")
    request.state.csrf_token = expected  # for the forms of the page answering this one


CsrfChecked = Depends(check_csrf)


def set_session_cookie(response: Response, token: str, request: Request, settings: Settings) -> None:
    secure = settings.cookie_secure if settings.cookie_secure is not None else request.url.scheme == "https"
    response.set_cookie(
        SESSION_COOKIE,
        token,
        httponly=True,
        samesite="lax",
        secure=secure,
        path="/",
        max_age=settings.session_absolute_hours * 3600,
    )


def clear_session_cookie(response: Response) -> None:
    response.delete_cookie(SESSION_COOKIE, path="/")


def safe_next(target: str | None) -> str:
    """Where to go after signing in: an internal path only, never another site."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target
