"""Sentences that can be said in the reader's language later: English now, translated where shown.

A :class:`Words` *is* its English text (a ``str``: the API, the command line, logs and tests read
it as it always was), and it also keeps its message — an English template with ``%(name)s``
placeholders, extracted to the catalogues like ``gettext("…")`` — and the values that fill it. A
page says it in the reader's language (``stirrup.pages.words.say``): the template through the
catalogue, each value written the reader's way (amounts, percentages, dates, nested sentences).

    Words("The %(year)s vacancy tax is not due.", year=2027)
    Words("Saves %(amount)s.", amount=Euros(Decimal("680")))

A literal ``%`` in a template is written ``%%``, as in every message of the catalogues. This
module depends on nothing else in Stirrup, so that the pure tax engine can speak through it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

_CENT = Decimal("0.01")


class Words(str):
    """An English sentence that remembers how to be translated: ``message % values``."""

    message: str
    values: dict[str, Any]

    def __new__(cls, message: str, /, **values: Any) -> Words:
        words = super().__new__(cls, message % values)
        words.message, words.values = message, values
        return words

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (self.message, self.values))

    @classmethod
    def data(cls, text: str) -> Words:
        """Words that come from a data file rather than the code (a parameter's note): translated
        when the catalogue knows them, shown as written otherwise."""
        return cls(text.replace("%", "%%"))


def _rebuild(message: str, values: dict[str, Any]) -> Words:
    return Words(message, **values)


def joined(parts: Iterable[object], separator: str = " ") -> Words:
    """Sentences one after the other, each still translatable (plain strings stay as they are)."""
    found = list(parts)
    names = [f"part{i}" for i in range(len(found))]
    template = separator.replace("%", "%%").join(f"%({name})s" for name in names)
    return Words(template, **dict(zip(names, found, strict=True)))


def listed(items: Sequence[object]) -> Words:
    """Items in a sentence: '2027', '2027 and 2028', '2026, 2027 and 2028'."""
    if len(items) < 2:
        return joined(items)
    return Words("%(items)s and %(last)s", items=joined(items[:-1], ", "), last=items[-1])


@dataclass(frozen=True)
class Euros:
    """An amount of money in a sentence: '€1,749.92' in English, '1 749,92 €' in French."""

    amount: Decimal

    def __str__(self) -> str:
        sign = "-" if self.amount < 0 else ""
        return f"{sign}€{abs(self.amount.quantize(_CENT, rounding=ROUND_HALF_UP)):,.2f}"


@dataclass(frozen=True)
class Percent:
    """A ratio in a sentence, as a percentage without trailing zeros: 0.125 -> '12.5 %'."""

    ratio: Decimal

    def __str__(self) -> str:
        return f"{(self.ratio * 100).normalize():f} %"
