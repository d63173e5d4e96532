"""Signing in and out of the site, and changing one's password."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from stirrup.deps import DB, SESSION_COOKIE, SettingsDep, optional_principal
from stirrup.errors import InvalidInput, NotAuthenticated
from stirrup.i18n import gettext as _
from stirrup.models import SessionKind
from stirrup.pages import forms
from stirrup.pages.rendering import redirect, render
from stirrup.pages.security import (
    CsrfChecked,
    PagePrincipal,
    clear_session_cookie,
    safe_next,
    session_csrf_token,
    set_session_cookie,
    start_form_session,
)
from stirrup.schemas.accounts import PasswordChange
from stirrup.services import accounts, sessions

router = APIRouter(include_in_schema=False)


@router.get("/login", response_class=HTMLResponse)
def login_page(
    request: Request, settings: SettingsDep, next: str | None = None, expired: bool = False
) -> Response:
    if optional_principal(request) is not None:
        return RedirectResponse(safe_next(next), status_code=303)
    token = start_form_session(request)  # an anonymous session carries the login form's CSRF token
    message = _("Your session has expired. Please sign in again.") if expired else None
    response = render(request, "auth/login.html", {"next": safe_next(next), "message": message})
    if token:
        set_session_cookie(response, token, request, settings)
    return response


@router.post("/login", dependencies=[CsrfChecked])
def login(
    request: Request,
    db: DB,
    settings: SettingsDep,
    email: Annotated[str, Form(max_length=254)] = "",
    password: Annotated[str, Form(max_length=1024)] = "",
    next: Annotated[str, Form(max_length=500)] = "/",
) -> Response:
    try:
        token, _session, _user = accounts.sign_in(db, email, password, SessionKind.WEB)
    except NotAuthenticated as error:
        db.commit()  # keep the audit entry of the failed attempt
        request.state.csrf_token = session_csrf_token(request)
        return render(
            request,
            "auth/login.html",
            {"next": safe_next(next), "email": email, "error": _(error.message)},
            status_code=401,
        )
    old = request.cookies.get(SESSION_COOKIE)
    if old:  # the anonymous session is replaced, never promoted: no session fixation
        sessions.end(db, sessions.digest(old))
    response = RedirectResponse(safe_next(next), status_code=303)
    set_session_cookie(response, token, request, settings)
    return response


@router.post("/logout", dependencies=[CsrfChecked])
def logout(request: Request, db: DB) -> Response:
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        sessions.end(db, sessions.digest(token))
    response = RedirectResponse("/login", status_code=303)
    clear_session_cookie(response)
    return response


@router.get("/account/password", response_class=HTMLResponse)
def password_page(request: Request, principal: PagePrincipal) -> Response:
    return render(request, "auth/password.html", {"form": forms.Form()})


@router.post("/account/password", dependencies=[CsrfChecked])
def change_password(
    request: Request,
    db: DB,
    principal: PagePrincipal,
    current_password: Annotated[str, Form(max_length=1024)] = "",
    new_password: Annotated[str, Form(max_length=1024)] = "",
) -> Response:
    try:
        accounts.change_password(
            db, principal, PasswordChange(current_password=current_password, new_password=new_password)
        )
    except InvalidInput as error:
        return render(request, "auth/password.html", {"form": forms.Form().fail(error)}, status_code=422)
    return redirect("/account/password", flash="password_changed")
