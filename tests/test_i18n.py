"""Languages: every message the pages use is translated in French and English, placeholders
survive translation, the reader's language is chosen by the switch or the browser, and numbers and
dates are written the reader's way."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from babel.messages.pofile import read_po
from fastapi.testclient import TestClient

from matching.reasons import TEXTS
from stirrup import catalogues, i18n
from stirrup.services.reasons import SENTENCES, sentence


def test_every_message_in_use_is_translated_in_french_and_english() -> None:
    problems = [str(problem) for problem in catalogues.check()]
    assert problems == [], "\n".join(problems[:20])


def test_every_reason_the_solver_gives_is_written_in_french_and_english() -> None:
    # "alternative" is the solver's own sentence for an alternative home; the pages lay those out.
    assert set(TEXTS) - set(SENTENCES) == {"alternative"}
    assert all(set(sentence) == {"en", "fr"} for sentence in SENTENCES.values())
    limited = sentence("candidates_limited", {"count": 3}, "fr")
    assert limited.startswith("3 autre(s) logement(s) adapté(s)")


def test_translations_keep_their_placeholders() -> None:
    for locale in i18n.LOCALES:
        with i18n.catalogue_path(locale).open("rb") as handle:
            catalogue = read_po(handle, locale=locale)
        errors = [(message.id, [str(e) for e in found]) for message, found in catalogue.check()]
        assert errors == [], errors[:5]


def test_the_catalogues_compile_in_memory() -> None:
    token = i18n.current_locale.set("fr")
    try:
        assert i18n.gettext("Sign in") == "Se connecter"
        assert i18n.ngettext("%(num)d home", "%(num)d homes", 2) % {"num": 2} == "2 logements"
    finally:
        i18n.current_locale.reset(token)


def _in(locale: str, fn, *args):  # type: ignore[no-untyped-def]
    token = i18n.current_locale.set(locale)
    try:
        return fn(*args)
    finally:
        i18n.current_locale.reset(token)


def test_amounts_and_dates_are_written_the_readers_way() -> None:
    nbsp = ("\u202f", "\xa0")
    french = _in("fr", i18n.euros, Decimal(12500))
    assert french.replace(nbsp[0], " ").replace(nbsp[1], " ") == "12 500 €"
    assert _in("en", i18n.euros, 12500) == "€12,500"
    assert _in("fr", i18n.short_date, date(2026, 11, 25)) == "25 nov. 2026"
    assert _in("en", i18n.short_date, date(2026, 11, 25)) == "Nov 25, 2026"
    assert _in("fr", i18n.number, 45.5) == "45,5"


def test_french_by_default_english_by_browser_or_switch(client: TestClient) -> None:
    assert '<html lang="fr">' in client.get("/login").text
    assert "Se connecter" in client.get("/login").text
    english = client.get("/login", headers={"Accept-Language": "en-GB,en;q=0.8"})
    assert '<html lang="en">' in english.text and "Sign in" in english.text
    switched = client.get("/login?lang=en")
    assert "stirrup_lang=en" in switched.headers["set-cookie"]
    assert '<html lang="en">' in client.get("/login").text  # the choice is remembered
    links = client.get("/login?next=%2Fhomes").text
    assert 'href="/login?next=%2Fhomes&amp;lang=fr"' in links  # the switch keeps the page
