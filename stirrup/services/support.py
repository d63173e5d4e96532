"""The vocabulary of kinds of support (settings.support_needs), checked in one place."""

from __future__ import annotations

from stirrup.errors import InvalidInput


def check_kinds(field: str, kinds: list[str], vocabulary: tuple[str, ...]) -> None:
    """Refuse any kind of support outside the vocabulary, listing the valid ones."""
    unknown = sorted(set(kinds) - set(vocabulary))
    if unknown:
        raise InvalidInput.field(
            field, f"unknown kind(s) of support: {', '.join(unknown)}; valid: {', '.join(vocabulary)}"
        )
