"""Password hashing (argon2id) and the password policy.

The policy follows ASVS 5.0 §6.2 and the CNIL (délibération 2022-100): at least 12 characters, no
composition rules, and nothing guessable — not one of the 10,000 most common passwords
(``data/passwords/``), and not made only of digits, symbols and words tied to Stirrup or to its
user (ASVS 6.2.11). Throttled sign-in (``services/throttle.py``) is the access restriction the
CNIL pairs with a 12-character minimum.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from stirrup.config import DATA_DIR
from stirrup.errors import InvalidInput

MIN_LENGTH = 12
#: Long enough for any passphrase, short enough that hashing it cannot be used to tire the server.
MAX_LENGTH = 128
#: Letters a password must keep once context words, digits and symbols are taken out.
MIN_OWN_LETTERS = 4

COMMON_PASSWORDS = DATA_DIR / "passwords" / "common-passwords.txt"
#: Words anyone guessing a Stirrup password would try first (ASVS 6.2.11), without accents.
CONTEXT_WORDS = (
    "stirrup",
    "logement",
    "hebergement",
    "maison",
    "appartement",
    "roubaix",
    "tourcoing",
    "lille",
    "wattrelos",
    "nord",
    "hautsdefrance",
    "proprietaire",
    "bailleur",
    "landlord",
    "travailleur",
    "social",
    "worker",
    "association",
    "staff",
    "coordination",
    "coordinateur",
    "coordinator",
    "admin",
    "administrateur",
    "password",
    "motdepasse",
    "azerty",
    "qwerty",
)

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


def check_policy(password: str, field: str = "password", personal: Iterable[str] = ()) -> None:
    """Refuse a password that is too short, too long or guessable, naming the field. ``personal``
    holds the user's own words (e-mail, name), which count as guessable too."""
    if len(password) < MIN_LENGTH:
        raise InvalidInput.field(field, f"must be at least {MIN_LENGTH} characters long")
    if len(password) > MAX_LENGTH:
        raise InvalidInput.field(field, f"must be at most {MAX_LENGTH} characters long")
    plain = _plain(password)
    if plain in common_passwords() or plain.strip("0123456789!?.*-_@#$ ") in common_passwords():
        raise InvalidInput.field(field, "is one of the most common passwords; choose another")
    letters = re.sub(r"[^a-z]", "", plain)
    for word in sorted({*CONTEXT_WORDS, *_words_of(personal)}, key=len, reverse=True):
        letters = letters.replace(word, "")
    if len(letters) < MIN_OWN_LETTERS:
        raise InvalidInput.field(
            field, "is too easy to guess: it is made of digits, symbols and words tied to Stirrup or to you"
        )


@cache
def common_passwords() -> frozenset[str]:
    """The shipped list of common passwords, read once."""
    return frozenset(COMMON_PASSWORDS.read_text(encoding="utf-8").split())


def _plain(text: str) -> str:
    """Lower case without accents: 'Hébergement' and 'hebergement' are the same guess."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def _words_of(texts: Iterable[str]) -> set[str]:
    return {word for text in texts for word in re.split(r"[^a-z]+", _plain(text)) if len(word) >= 3}
