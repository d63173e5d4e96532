"""Signing in and out of the site (password, then the one-time code when the account has one),
changing one's password, and setting up two-factor sign-in."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from stirrup.config import Settings
from stirrup.deps import DB, SESSION_COOKIE, SettingsDep, optional_principal
from stirrup.errors import InvalidInput, NotAuthenticated, StirrupError, TooManyRequests
from stirrup.i18n import gettext as _
from stirrup.models import SessionKind, User
from stirrup.pages import forms
from stirrup.pages.rendering import redirect, render
from stirrup.pages.security import (
    CsrfChecked,
    PagePrincipal,
    PageSignedIn,
    clear_session_cookie,
    safe_next,
    session_csrf_token,
    set_session_cookie,
    start_form_session,
)
from stirrup.schemas.accounts import PasswordChange
from stirrup.services import accounts, sessions, two_factor

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
        user = accounts.check_password(db, email, password, settings)
    except (NotAuthenticated, TooManyRequests) as error:
        return _refused(request, db, "auth/login.html", error, {"next": safe_next(next), "email": email})
    if user.has_two_factor:  # the password was right: ask for the code on the same anonymous session
        sessions.await_code(db, sessions.digest(request.cookies.get(SESSION_COOKIE, "")), user)
        request.state.csrf_token = session_csrf_token(request)
        return render(request, "auth/code.html", {"next": safe_next(next)})
    return _signed_in(request, db, settings, user, next)


@router.post("/login/code", dependencies=[CsrfChecked])
def login_code(
    request: Request,
    db: DB,
    settings: SettingsDep,
    code: Annotated[str, Form(max_length=40)] = "",
    next: Annotated[str, Form(max_length=500)] = "/",
) -> Response:
    user = sessions.awaiting_code(db, sessions.digest(request.cookies.get(SESSION_COOKIE, "")))
    if user is None:
        request.state.csrf_token = session_csrf_token(request)
        message = _("Signing in took too long. Please enter your password again.")
        return render(request, "auth/login.html", {"next": safe_next(next), "message": message})
    try:
        accounts.check_code(db, user, code, settings)
    except (NotAuthenticated, TooManyRequests) as error:
        return _refused(request, db, "auth/code.html", error, {"next": safe_next(next)})
    return _signed_in(request, db, settings, user, next)


def _signed_in(request: Request, db: Session, settings: Settings, user: User, next: str) -> Response:
    token, session, _user = accounts.open_session(db, user, SessionKind.WEB, settings)
    old = request.cookies.get(SESSION_COOKIE)
    if old:  # the anonymous session is replaced, never promoted: no session fixation
        sessions.end(db, sessions.digest(old))
    target = "/account/two-factor" if session.enrolment_only else safe_next(next)
    response = RedirectResponse(target, status_code=303)
    set_session_cookie(response, token, request, settings)
    return response


def _refused(
    request: Request, db: Session, template: str, error: StirrupError, context: dict[str, object]
) -> Response:
    """The form again with one message: 401 for wrong credentials, 429 (Retry-After) when locked."""
    db.commit()  # keep the failed attempt's count and audit entry
    request.state.csrf_token = session_csrf_token(request)
    if isinstance(error, TooManyRequests):
        minutes = -(-error.retry_after_s // 60)
        message = _(
            "Too many failed attempts. For your safety, signing in is paused: try again in {minutes} minutes."
        )
        response = render(
            request, template, {**context, "error": message.format(minutes=minutes)}, status_code=429
        )
        response.headers["Retry-After"] = str(error.retry_after_s)
        return response
    return render(request, template, {**context, "error": _(error.message)}, status_code=401)


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
    settings: SettingsDep,
    principal: PagePrincipal,
    current_password: Annotated[str, Form(max_length=1024)] = "",
    new_password: Annotated[str, Form(max_length=1024)] = "",
) -> Response:
    try:
        accounts.change_password(
            db,
            principal,
            PasswordChange(current_password=current_password, new_password=new_password),
            settings,
        )
    except InvalidInput as error:
        db.commit()  # a wrong current password counts towards the sign-in throttle
        return render(request, "auth/password.html", {"form": forms.Form().fail(error)}, status_code=422)
    return redirect("/account/password", flash="password_changed")


@router.get("/account/two-factor", response_class=HTMLResponse)
def two_factor_page(request: Request, db: DB, settings: SettingsDep, principal: PageSignedIn) -> Response:
    user = db.get(User, principal.user_id)
    assert user is not None
    required = two_factor.required_for(principal.role, settings)
    return render(request, "auth/two_factor.html", {"enabled": user.has_two_factor, "required": required})


@router.post("/account/two-factor", dependencies=[CsrfChecked])
def two_factor_start(request: Request, db: DB, principal: PageSignedIn) -> Response:
    enrolment = two_factor.start_enrolment(db, principal)
    return render(request, "auth/two_factor.html", {"enrolment": enrolment})


@router.post("/account/two-factor/confirm", dependencies=[CsrfChecked])
def two_factor_confirm(
    request: Request, db: DB, principal: PageSignedIn, code: Annotated[str, Form(max_length=40)] = ""
) -> Response:
    try:
        codes = two_factor.confirm_enrolment(db, principal, code)
    except InvalidInput as error:
        enrolment = two_factor.current_enrolment(db, principal)
        errors = {p.field: _(p.message) for p in error.problems}
        context = {"enrolment": enrolment, "errors": errors}
        return render(request, "auth/two_factor.html", context, status_code=422)
    return render(request, "auth/two_factor.html", {"recovery_codes": codes})
