"""/api/v1/auth: bearer tokens for API clients."""

from __future__ import annotations

from fastapi import APIRouter, status

from stirrup.deps import DB, CurrentPrincipal, SettingsDep
from stirrup.errors import NotAuthenticated
from stirrup.models import SessionKind
from stirrup.schemas.accounts import PasswordChange, TokenOut, TokenRequest
from stirrup.services import accounts, sessions

router = APIRouter(prefix="/auth", tags=["auth"])


@router.post("/token", response_model=TokenOut, summary="Exchange e-mail and password for a bearer token")
def token(db: DB, settings: SettingsDep, body: TokenRequest) -> object:
    try:
        access_token, _, _ = accounts.sign_in(db, body.email, body.password, SessionKind.API)
    except NotAuthenticated:
        db.commit()  # the failed attempt's audit entry outlives the error
        raise
    return TokenOut(access_token=access_token, expires_in=settings.session_idle_minutes * 60)


@router.post("/logout", status_code=status.HTTP_204_NO_CONTENT, summary="End this token's session")
def logout(db: DB, principal: CurrentPrincipal) -> None:
    assert principal.session_id is not None
    sessions.end(db, principal.session_id)


@router.post(
    "/password",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Change your password (ends your other sessions)",
)
def change_password(db: DB, principal: CurrentPrincipal, body: PasswordChange) -> None:
    accounts.change_password(db, principal, body)
