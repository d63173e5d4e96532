"""Request-scoped dependencies: the database session (whose transaction the request owns), the
signed-in principal, the settings and the geocoder."""

from __future__ import annotations

import hmac
from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Query, Request
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from stirrup.config import Settings
from stirrup.db import open_session
from stirrup.errors import EnrolmentRequired, Forbidden, NotAuthenticated
from stirrup.models import Role
from stirrup.services import sessions
from stirrup.services.access import Principal
from stirrup.services.geocoding import Geocoder
from stirrup.services.listing import PageRequest

SESSION_COOKIE = "stirrup_session"
CSRF_HEADER = "x-csrf-token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_engine(request: Request) -> Engine:
    engine: Engine = request.app.state.engine
    return engine


def get_geocoder(request: Request) -> Geocoder:
    geocoder: Geocoder = request.app.state.geocoder
    return geocoder


def get_db(request: Request) -> Iterator[Session]:
    """One transaction per request: committed when the handler returns, rolled back if it raises.
    Writes start ``BEGIN IMMEDIATE`` on SQLite so a read-then-write cannot fail half-way."""
    db = open_session(get_engine(request), write=request.method not in SAFE_METHODS)
    try:
        yield db
        db.commit()
    except BaseException:
        db.rollback()
        raise
    finally:
        db.close()


#: ``scope="function"`` makes the commit happen before the response is sent, so a failed commit
#: is reported as an error instead of after a success the client already received.
DB = Annotated[Session, Depends(get_db, scope="function")]
SettingsDep = Annotated[Settings, Depends(get_settings)]
GeocoderDep = Annotated[Geocoder, Depends(get_geocoder)]


def bearer_token(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def optional_principal(request: Request) -> Principal | None:
    """The signed-in user, from a bearer token or the session cookie; None when anonymous."""
    cached: Principal | None = getattr(request.state, "principal", None)
    if cached is not None:
        return cached
    token = bearer_token(request)
    from_cookie = token is None
    token = token or request.cookies.get(SESSION_COOKIE)
    if not token:
        return None
    found = sessions.authenticate(get_engine(request), token, get_settings(request))
    if found is None or found.principal is None:
        return None
    if from_cookie and request.method not in SAFE_METHODS and request.url.path.startswith("/api/"):
        # A cookie rides along on cross-site requests; an API write by cookie must prove its origin.
        sent = request.headers.get(CSRF_HEADER, "")
        if not hmac.compare_digest(sent, found.csrf_token):
            raise Forbidden("missing or wrong X-CSRF-Token header")
    request.state.principal = found.principal
    return found.principal


def signed_in(request: Request) -> Principal:
    """Any signed-in user, including one whose session is limited to two-factor enrolment."""
    principal = optional_principal(request)
    if principal is None:
        raise NotAuthenticated(
            "sign in first: send 'Authorization: Bearer <token>' from POST /api/v1/auth/token"
        )
    return principal


def current_principal(request: Request) -> Principal:
    """The signed-in user, fully: a session limited to enrolment is refused everything else."""
    principal = signed_in(request)
    if principal.enrolment_only:
        raise EnrolmentRequired(
            "your role needs two-factor sign-in: set it up first "
            "(POST /api/v1/auth/two-factor, then POST /api/v1/auth/two-factor/confirm)"
        )
    return principal


SignedIn = Annotated[Principal, Depends(signed_in)]
CurrentPrincipal = Annotated[Principal, Depends(current_principal)]


def require_roles(*roles: Role) -> object:
    """A dependency refusing (403) any principal whose role is not listed."""

    def check(principal: CurrentPrincipal) -> Principal:
        if principal.role not in roles:
            raise Forbidden(f"this action is for: {', '.join(role.value for role in roles)}")
        return principal

    return Depends(check)


def page_request(
    settings: SettingsDep,
    page: Annotated[int, Query(ge=1, le=1_000_000, description="Page number, from 1")] = 1,
    page_size: Annotated[int, Query(ge=1, le=1000, description="Items per page")] = 50,
    sort: Annotated[
        str | None, Query(max_length=40, description="Field to sort by; prefix - to reverse")
    ] = None,
) -> PageRequest:
    return PageRequest(page=page, page_size=min(page_size, settings.page_size_max), sort=sort)


PageDep = Annotated[PageRequest, Depends(page_request)]
