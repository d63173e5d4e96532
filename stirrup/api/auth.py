"""/api/v1/auth: bearer tokens for API clients, passwords and two-factor sign-in."""

from __future__ import annotations

from fastapi import APIRouter, status

from stirrup.api.errors import ErrorOut
from stirrup.deps import DB, CurrentPrincipal, SettingsDep, SignedIn
from stirrup.errors import InvalidInput, NotAuthenticated
from stirrup.models import SessionKind
from stirrup.schemas.accounts import (
    CodeIn,
    EnrolmentOut,
    PasswordChange,
    PasswordConfirm,
    RecoveryCodesOut,
    TokenOut,
    TokenRequest,
)
from stirrup.services import accounts, sessions, two_factor

router = APIRouter(prefix="/auth", tags=["auth"])


@router.post(
    "/token",
    response_model=TokenOut,
    summary="Exchange e-mail and password (and the one-time code) for a bearer token",
    description="Accounts with two-factor sign-in also send `code`; without it the answer is 401 "
    "`two_factor_required`. Ten failures within 15 minutes lock the e-mail and the client address "
    "for 15 minutes (429 with Retry-After), whether or not the account exists.",
    responses={429: {"model": ErrorOut, "description": "Too many failed sign-ins; see Retry-After"}},
)
def token(db: DB, settings: SettingsDep, body: TokenRequest) -> object:
    try:
        access_token, session, _ = accounts.sign_in(
            db, body.email, body.password, SessionKind.API, settings, body.code
        )
    except NotAuthenticated:
        db.commit()  # the failed attempt's count and audit entry outlive the error
        raise
    return TokenOut(
        access_token=access_token,
        expires_in=settings.session_idle_minutes * 60,
        two_factor_enrolment_required=session.enrolment_only,
    )


@router.post("/logout", status_code=status.HTTP_204_NO_CONTENT, summary="End this token's session")
def logout(db: DB, principal: SignedIn) -> None:
    assert principal.session_id is not None
    sessions.end(db, principal.session_id)


@router.post(
    "/password",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Change your password (ends your other sessions)",
    description="A wrong current password counts as a failed sign-in (see POST /auth/token).",
    responses={429: {"model": ErrorOut, "description": "Too many failed sign-ins; see Retry-After"}},
)
def change_password(db: DB, principal: CurrentPrincipal, settings: SettingsDep, body: PasswordChange) -> None:
    try:
        accounts.change_password(db, principal, body, settings)
    except InvalidInput:
        db.commit()  # a wrong current password counts towards the sign-in throttle
        raise


@router.post(
    "/two-factor",
    response_model=EnrolmentOut,
    summary="Start setting up two-factor sign-in: a secret for your authenticator app",
)
def start_two_factor(db: DB, principal: SignedIn) -> object:
    return two_factor.start_enrolment(db, principal)


@router.post(
    "/two-factor/confirm",
    response_model=RecoveryCodesOut,
    summary="Finish setting up two-factor sign-in with a first code; returns your recovery codes",
)
def confirm_two_factor(db: DB, principal: SignedIn, body: CodeIn) -> object:
    return RecoveryCodesOut(recovery_codes=two_factor.confirm_enrolment(db, principal, body.code))


@router.post(
    "/two-factor/recovery-codes",
    response_model=RecoveryCodesOut,
    summary="Replace your recovery codes by ten new ones (asks your password)",
)
def renew_recovery_codes(db: DB, principal: CurrentPrincipal, body: PasswordConfirm) -> object:
    codes = two_factor.regenerate_recovery_codes(db, principal, body.password)
    return RecoveryCodesOut(recovery_codes=codes)


@router.post(
    "/two-factor/disable",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Turn your two-factor sign-in off (landlords only; asks your password)",
)
def disable_two_factor(
    db: DB, principal: CurrentPrincipal, settings: SettingsDep, body: PasswordConfirm
) -> None:
    two_factor.disable(db, principal, body.password, settings)
