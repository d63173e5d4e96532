"""The message catalogues (stirrup/locale/<lang>/LC_MESSAGES/messages.po): extract every message
the templates and the Python code mark, bring both catalogues up to date, and check that none is
missing a translation.

    python -m stirrup.catalogues update   # after adding or changing a message
    python -m stirrup.catalogues check    # what tests/test_i18n.py checks

Messages are written in English in the code; English is therefore translated as itself (filled in
by ``update``), and French needs a translator (``update`` lists what is left to do). The
catalogues are compiled in memory when the app starts (stirrup.i18n), so no ``.mo`` is kept.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import read_po, write_po

from stirrup.config import PROJECT_ROOT, TEMPLATES_DIR
from stirrup.i18n import LOCALES, catalogue_path

SOURCE_LOCALE = "en"
KEYWORDS = {**DEFAULT_KEYWORDS, "N_": None}
SOURCES = (
    (PROJECT_ROOT / "stirrup", [("**.py", "python")], {}),
    (
        TEMPLATES_DIR,
        [("**.html", "jinja2.ext:babel_extract")],
        {"**.html": {"extensions": "jinja2.ext.i18n,jinja2.ext.do"}},
    ),
)


def extract() -> Catalog:
    """Every marked message of the code and the templates, with where it is used."""
    catalogue = Catalog(project="Stirrup", msgid_bugs_address="", charset="utf-8")
    for directory, method_map, options_map in SOURCES:
        found = extract_from_dir(
            str(directory), method_map, options_map, keywords=KEYWORDS, strip_comment_tags=True
        )
        for filename, line, message, comments, context in found:
            location = (str(Path(directory.name) / filename), line)
            catalogue.add(message, None, [location], auto_comments=comments, context=context)
    return catalogue


def _read(locale: str) -> Catalog:
    path = catalogue_path(locale)
    if not path.exists():
        return Catalog(locale=locale)
    with path.open("rb") as handle:
        return read_po(handle, locale=locale)


def update() -> dict[str, int]:
    """Bring each catalogue up to date with the code; returns the untranslated count per locale."""
    template = extract()
    left: dict[str, int] = {}
    for locale in LOCALES:
        catalogue = _read(locale)
        created = catalogue.creation_date  # kept, so that an update with no change changes no line
        catalogue.update(template, no_fuzzy_matching=True)
        catalogue.creation_date = created
        catalogue.obsolete.clear()
        catalogue.project, catalogue.version, catalogue.fuzzy = "Stirrup", "1", False
        catalogue.copyright_holder = "the Stirrup contributors"
        if locale == SOURCE_LOCALE:
            for message in catalogue:
                if message.id and not _translated(message.string):
                    message.string = message.id
        path = catalogue_path(locale)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as handle:
            write_po(handle, catalogue, width=100, sort_output=False, omit_header=False)
        left[locale] = sum(1 for m in catalogue if m.id and not _translated(m.string))
    return left


def _translated(string: object) -> bool:
    if isinstance(string, tuple | list):
        return all(string)
    return bool(string)


@dataclass(frozen=True)
class Problem:
    locale: str
    message: str
    why: str

    def __str__(self) -> str:
        return f"{self.locale}: {self.why}: {self.message!r}"


def check() -> Iterator[Problem]:
    """Messages the code uses that a catalogue lacks, leaves untranslated or marks fuzzy."""
    template = extract()
    for locale in LOCALES:
        catalogue = _read(locale)
        for used in template:
            if not used.id:
                continue
            found = catalogue.get(used.id, used.context)
            key = used.id if isinstance(used.id, str) else used.id[0]
            if found is None:
                yield Problem(locale, key, "missing (run: python -m stirrup.catalogues update)")
            elif not _translated(found.string):
                yield Problem(locale, key, "not translated")
            elif found.fuzzy:
                yield Problem(locale, key, "fuzzy (check the translation, then remove the flag)")


def main(argv: list[str]) -> int:
    command = argv[1] if len(argv) > 1 else "check"
    if command == "update":
        for locale, count in update().items():
            print(f"{locale}: {count} message(s) to translate in {catalogue_path(locale)}")
        return 0
    problems = list(check())
    for problem in problems:
        print(problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
