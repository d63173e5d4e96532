"""Saying the services' and the tax engine's sentences (``stirrup.words.Words``) in the reader's
language: the template through the catalogue, each value written the reader's way.

``{{ alert.message | say }}`` in a template; ``say(problem.message)`` in Python. A plain string is
a message of the catalogue (or shown as written when the catalogue does not know it).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any

from stirrup import i18n
from stirrup.pages.labels import label
from stirrup.words import Euros, Percent, Words


def say(text: str) -> str:
    """``text`` in the reader's language."""
    if isinstance(text, Words):
        return i18n.gettext(text.message) % {name: _value(v) for name, v in text.values.items()}
    return i18n.gettext(text)


def _value(value: Any) -> str:
    """One value of a sentence as the reader writes it."""
    if isinstance(value, StrEnum):
        return label(value)
    if isinstance(value, Words):
        return say(value)
    if isinstance(value, str):
        return value  # a name, a street, a legal reference: as written
    if isinstance(value, Euros):
        return i18n.money(value.amount)
    if isinstance(value, Percent):
        return i18n.percent(value.ratio)
    if isinstance(value, date):
        return i18n.long_date(value)
    if isinstance(value, Decimal | float):
        return i18n.number(value)
    return str(value)  # whole numbers are years and counts: 2027, never "2 027"


def localized(data: Any) -> Any:
    """A JSON-like structure (an estimate's ``to_dict()``) with every sentence in it said in the
    reader's language; everything else as it is."""
    if isinstance(data, Words):
        return say(data)
    if isinstance(data, dict):
        return {key: localized(value) for key, value in data.items()}
    if isinstance(data, list | tuple):
        return [localized(item) for item in data]
    return data
