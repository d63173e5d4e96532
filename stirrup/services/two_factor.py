"""Two-factor sign-in: a TOTP authenticator app (RFC 6238) and single-use recovery codes.

Required for every role but landlords (for whom it is optional: they never see a household's
personal data); only the demo may switch the requirement off (``config.require_two_factor``).
A code is accepted for the current 30-second step or the one either side of it, and never twice:
the last accepted step is stored. Recovery codes are shown once and stored as argon2id hashes.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass

import pyotp
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from stirrup import clock
from stirrup.config import Settings
from stirrup.errors import Conflict, Forbidden, InvalidInput, NotFound
from stirrup.models import AuthSession, RecoveryCode, Role, User
from stirrup.services import audit, passwords, sessions
from stirrup.services.access import Principal

ISSUER = "Stirrup"
RECOVERY_CODES = 10
_RECOVERY_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # 5 bits a character, no 0/O or 1/I
_RECOVERY_LENGTH = 16  # 80 random bits
#: ASVS 5.0 appendix C minimum for argon2id (t=2, m=19 MiB, p=1): enough for 80 random bits, and
#: light enough to try the ten codes of an account in one sign-in.
_code_hasher = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)


def required_for(role: Role, settings: Settings) -> bool:
    return settings.require_two_factor and role is not Role.LANDLORD


@dataclass(frozen=True)
class Enrolment:
    """What an authenticator app needs: the secret and the same as an ``otpauth://`` URI."""

    secret: str
    otpauth_uri: str


def start_enrolment(db: Session, principal: Principal) -> Enrolment:
    """Give the account a new secret to confirm with a first code (replaces an unconfirmed one)."""
    user = _user(db, principal)
    if user.has_two_factor:
        raise Conflict("two-factor sign-in is already set up on this account")
    user.totp_secret = pyotp.random_base32()
    db.flush()
    return _enrolment(user)


def current_enrolment(db: Session, principal: Principal) -> Enrolment | None:
    """The enrolment under way (secret given, not yet confirmed), to show it again."""
    user = _user(db, principal)
    return None if user.totp_secret is None or user.has_two_factor else _enrolment(user)


def _enrolment(user: User) -> Enrolment:
    assert user.totp_secret is not None
    uri = pyotp.TOTP(user.totp_secret).provisioning_uri(name=user.email, issuer_name=ISSUER)
    return Enrolment(user.totp_secret, uri)


def confirm_enrolment(db: Session, principal: Principal, code: str) -> list[str]:
    """Switch two-factor sign-in on once a first code matches; returns the recovery codes (shown
    once). The session that enrolled is no longer limited to enrolment."""
    user = _user(db, principal)
    if user.has_two_factor:
        raise Conflict("two-factor sign-in is already set up on this account")
    if user.totp_secret is None:
        raise Conflict("start the enrolment first: POST /api/v1/auth/two-factor")
    if not _accept_totp(user, code):
        raise InvalidInput.field("code", "does not match: type the 6 digits your app shows now")
    user.totp_confirmed_at = clock.now()
    if principal.session_id is not None:
        db.execute(
            update(AuthSession).where(AuthSession.id == principal.session_id).values(enrolment_only=False)
        )
    codes = _new_recovery_codes(db, user)
    audit.record(db, principal, "two_factor_enrol", "user", user.id)
    return codes


def regenerate_recovery_codes(db: Session, principal: Principal, password: str) -> list[str]:
    """Replace every recovery code (used or not) by ten new ones, after the password again."""
    user = _user(db, principal)
    _reauthenticate(user, password)
    if not user.has_two_factor:
        raise Conflict("set up two-factor sign-in first")
    codes = _new_recovery_codes(db, user)
    audit.record(db, principal, "recovery_codes_renew", "user", user.id)
    return codes


def disable(db: Session, principal: Principal, password: str, settings: Settings) -> None:
    """Turn one's own two-factor sign-in off: only where the role does not require it."""
    user = _user(db, principal)
    _reauthenticate(user, password)
    if required_for(user.role, settings):
        raise Forbidden("two-factor sign-in is required for your role")
    _clear(db, user)
    audit.record(db, principal, "two_factor_disable", "user", user.id)


def reset(db: Session, principal: Principal, user_id: int) -> None:
    """An admin clears a user's two-factor sign-in (a lost phone and lost recovery codes): the
    user's sessions end and the next sign-in leads to a new enrolment."""
    if principal.role is not Role.ADMIN:
        raise Forbidden("only admins reset two-factor sign-in")
    user = db.get(User, user_id)
    if user is None:
        raise NotFound(f"user {user_id} not found")
    _clear(db, user)
    sessions.end_all_for(db, user.id)
    audit.record(db, principal, "two_factor_reset", "user", user.id)


def verify(db: Session, user: User, code: str) -> bool:
    """True when ``code`` is a fresh code from the user's app or one of their unused recovery codes
    (which is then spent)."""
    if not user.has_two_factor:
        return False
    compact = "".join(code.split()).replace("-", "").upper()
    if compact.isdigit():
        return _accept_totp(user, compact)
    return _spend_recovery_code(db, user, compact)


def _accept_totp(user: User, code: str) -> bool:
    """Check a 6-digit code against the steps around now; remember the step so it is never reused."""
    assert user.totp_secret is not None
    code = "".join(code.split())
    totp = pyotp.TOTP(user.totp_secret)
    current = totp.timecode(clock.now())
    for step in (current - 1, current, current + 1):
        if step <= (user.totp_last_step or -1):
            continue
        if len(code) == totp.digits and hmac.compare_digest(totp.generate_otp(step), code):
            user.totp_last_step = step
            return True
    return False


def _spend_recovery_code(db: Session, user: User, code: str) -> bool:
    unused = db.scalars(
        select(RecoveryCode).where(RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))
    )
    for stored in unused:
        try:
            _code_hasher.verify(stored.code_hash, code)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            continue
        # Conditional on still being unused, so two sign-ins racing with one code cannot both win.
        spent = db.execute(
            update(RecoveryCode)
            .where(RecoveryCode.id == stored.id, RecoveryCode.used_at.is_(None))
            .values(used_at=clock.now())
        )
        return bool(getattr(spent, "rowcount", 0) == 1)
    return False


def _new_recovery_codes(db: Session, user: User) -> list[str]:
    db.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    raw = [
        "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(_RECOVERY_LENGTH))
        for _ in range(RECOVERY_CODES)
    ]
    db.add_all(RecoveryCode(user_id=user.id, code_hash=_code_hasher.hash(code)) for code in raw)
    db.flush()
    return ["-".join(code[i : i + 4] for i in range(0, _RECOVERY_LENGTH, 4)) for code in raw]


def _clear(db: Session, user: User) -> None:
    user.totp_secret = user.totp_confirmed_at = user.totp_last_step = None
    db.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    db.flush()


def _reauthenticate(user: User, password: str) -> None:
    if not passwords.verify_password(user.password_hash, password):
        raise InvalidInput.field("password", "is not your current password")


def _user(db: Session, principal: Principal) -> User:
    user = db.get(User, principal.user_id)
    assert user is not None
    return user
