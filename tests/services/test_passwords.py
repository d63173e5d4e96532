"""The password policy: long enough, not common, not made of guessable words; argon2id storage."""

from __future__ import annotations

import pytest

from stirrup.errors import InvalidInput
from stirrup.services import passwords


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("Logement202", "at least 12 characters"),
        ("Logement2024", "too easy to guess"),
        ("x" * 129, "at most 128 characters"),
        ("qwerty123456", "most common passwords"),
        ("1qaz2wsx3edc", "most common passwords"),
        ("QwErTy123456", "most common passwords"),  # compared without case
        ("sonyericsson!!", "most common passwords"),  # trailing symbols do not hide it
        ("Hébergement-2024!", "too easy to guess"),  # accents do not hide a context word
        ("stirrup-roubaix-59100", "too easy to guess"),
        ("839201748392", "too easy to guess"),  # digits only
        ("claire.dupont.1984", "too easy to guess"),  # the user's own name
    ],
)
def test_guessable_passwords_are_refused_naming_the_field(password: str, reason: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        passwords.check_policy(password, "new_password", ("c.dupont@ccas.example", "Claire Dupont"))
    assert refused.value.problems[0].field == "new_password"
    assert reason in refused.value.problems[0].message


@pytest.mark.parametrize(
    "password",
    [
        "correct horse battery staple",
        "Éloïse aime les 🍓 en été, même à Roubaix",  # accents and an emoji, 40+ characters
        "x7#Kp9!mQ2$w",  # 12 random characters
        "a" * 64 + "🚲",  # long passphrases are accepted
    ],
)
def test_strong_passwords_are_accepted(password: str) -> None:
    passwords.check_policy(password, personal=("c.dupont@ccas.example", "Claire Dupont"))


def test_the_shipped_list_holds_the_ten_thousand_most_common_passwords() -> None:
    common = passwords.common_passwords()
    assert len(common) == 10_000
    assert {"123456", "password", "qwerty", "letmein"} <= common


def test_passwords_are_stored_as_argon2id_with_asvs_parameters() -> None:
    stored = passwords.hash_password("correct horse battery staple")
    variant, version, parameters, *_ = stored.lstrip("$").split("$")
    settings = dict(part.split("=") for part in parameters.split(","))
    assert (variant, version) == ("argon2id", "v=19")
    assert int(settings["m"]) >= 64 * 1024 and int(settings["t"]) >= 3
    assert passwords.verify_password(stored, "correct horse battery staple")
    assert not passwords.verify_password(stored, "correct horse battery stapler")
    assert not passwords.verify_password(None, "correct horse battery staple")
