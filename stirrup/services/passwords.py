"""Password hashing (argon2id) and the password policy."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from stirrup.errors import InvalidInput

MIN_LENGTH = 12
#: Long enough for any passphrase, short enough that hashing it cannot be used to tire the server.
MAX_LENGTH = 128

_hasher = PasswordHasher()  # argon2id, RFC 9106 low-memory profile (t=3, m=64 MiB, p=4)
#: Verified against when the e-mail is unknown, so that both answers take the same time.
_DUMMY_HASH = _hasher.hash("stirrup-timing-equaliser")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """True when ``password`` matches; spends the same time when there is no account."""
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)


def check_policy(password: str, field: str = "password") -> None:
    """Reject a password that is too short or too long, naming the field."""
    if len(password) < MIN_LENGTH:
        raise InvalidInput.field(field, f"must be at least {MIN_LENGTH} characters long")
    if len(password) > MAX_LENGTH:
        raise InvalidInput.field(field, f"must be at most {MAX_LENGTH} characters long")
