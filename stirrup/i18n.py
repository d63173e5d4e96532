"""Languages: French by default, English available; messages through Babel catalogues.

The locale of the request being served lives in a context variable set by the pages layer, so
``gettext`` called from templates, services or e-mails speaks the reader's language.
"""

from __future__ import annotations

from contextvars import ContextVar
from datetime import date
from decimal import Decimal
from functools import cache
from gettext import NullTranslations
from pathlib import Path

from babel.dates import format_date
from babel.numbers import format_currency
from babel.support import Translations

LOCALES = ("fr", "en")
DEFAULT_LOCALE = "fr"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"

current_locale: ContextVar[str] = ContextVar("current_locale", default=DEFAULT_LOCALE)


@cache
def translations(locale: str) -> NullTranslations:
    """The compiled catalogue for ``locale``; the messages as written when there is none."""
    loaded = Translations.load(str(LOCALE_DIR), [locale], domain="messages")
    return loaded if isinstance(loaded, Translations) else NullTranslations()


def gettext(message: str) -> str:
    return translations(current_locale.get()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return translations(current_locale.get()).ngettext(singular, plural, n)


def negotiate(accept_language: str | None, chosen: str | None) -> str:
    """The locale to use: an explicit choice first, then the browser's preference, else French."""
    if chosen in LOCALES:
        return chosen  # type: ignore[return-value]
    for part in (accept_language or "").split(","):
        code = part.split(";")[0].strip().lower()[:2]
        if code in LOCALES:
            return code
    return DEFAULT_LOCALE


def money(amount: Decimal | float | int) -> str:
    """An amount in euros as the reader writes it: '1 749,92 €' in French, '€1,749.92' in English."""
    return format_currency(amount, "EUR", locale=current_locale.get())


def long_date(day: date) -> str:
    """A date in words: '1 mars 2026', 'March 1, 2026'."""
    return format_date(day, "long", locale=current_locale.get())
