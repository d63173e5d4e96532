"""Languages: French by default, English available; messages through Babel catalogues.

The locale of the request being served lives in a context variable set by the locale middleware,
so ``gettext`` called from templates, services or e-mails speaks the reader's language.

The catalogues are the ``.po`` files under ``stirrup/locale/`` (kept in the repository); they are
compiled in memory on first use, so a fresh clone needs no build step (see docs/pages.md).
"""

from __future__ import annotations

from contextvars import ContextVar
from datetime import date, datetime, timedelta
from decimal import Decimal
from functools import cache
from gettext import NullTranslations
from io import BytesIO
from pathlib import Path

from babel.dates import format_date, format_timedelta
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_currency, format_decimal
from babel.support import Translations

from stirrup import clock

LOCALES = ("fr", "en")
DEFAULT_LOCALE = "fr"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "messages"

current_locale: ContextVar[str] = ContextVar("current_locale", default=DEFAULT_LOCALE)


def catalogue_path(locale: str) -> Path:
    return LOCALE_DIR / locale / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def translations(locale: str) -> NullTranslations:
    """The catalogue of ``locale``, compiled in memory from its ``.po`` file (fuzzy entries left
    out); the messages as written when there is none."""
    path = catalogue_path(locale)
    if not path.exists():
        return NullTranslations()
    with path.open("rb") as handle:
        catalogue = read_po(handle, locale=locale)
    compiled = BytesIO()
    write_mo(compiled, catalogue, use_fuzzy=False)
    compiled.seek(0)
    return Translations(compiled, domain=DOMAIN)


def gettext(message: str) -> str:
    return translations(current_locale.get()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return translations(current_locale.get()).ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark a message for the catalogue where it is defined; translate it with gettext where shown."""
    return message


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
    """An amount in euros to the cent as the reader writes it: '1 749,92 €', '€1,749.92'."""
    return format_currency(amount, "EUR", locale=current_locale.get())


def euros(amount: Decimal | float | int) -> str:
    """A whole amount in euros: '12 500 €' in French, '€12,500' in English."""
    return format_currency(
        amount,
        "EUR",
        format="#,##0\xa0¤" if current_locale.get() == "fr" else "¤#,##0",
        locale=current_locale.get(),
        currency_digits=False,
    )


def number(value: float | int | Decimal) -> str:
    """A number as the reader writes it: '45,5' in French, '45.5' in English."""
    return format_decimal(value, locale=current_locale.get())


def long_date(day: date) -> str:
    """A date in words: '1 mars 2026', 'March 1, 2026'."""
    return format_date(day, "long", locale=current_locale.get())


def short_date(day: date | datetime) -> str:
    """A date in a list or a table: '25 nov. 2026', 'Nov 25, 2026'."""
    if isinstance(day, datetime):
        day = day.astimezone(clock.PARIS).date()
    return format_date(day, "medium", locale=current_locale.get())


def duration_since(moment: datetime) -> str:
    """How long ago ``moment`` was, roughly: '3 mois', '2 weeks'."""
    elapsed = max(clock.now() - moment, timedelta(0))
    return format_timedelta(elapsed, threshold=1.1, locale=current_locale.get())
