"""Words: English where they are made (API, command line, logs), the reader's language on pages —
amounts, percentages and dates written the reader's way, sentences nested in sentences."""

from __future__ import annotations

import pickle
from collections.abc import Iterator
from datetime import date
from decimal import Decimal

import pytest

from stirrup import catalogues, i18n
from stirrup.models import IncidentCategory
from stirrup.pages.words import localized, say
from stirrup.tax import default_rules
from stirrup.tax.errors import TaxDataError
from stirrup.words import Euros, Percent, Words, joined, listed


@pytest.fixture
def french() -> Iterator[None]:
    token = i18n.current_locale.set("fr")
    yield
    i18n.current_locale.reset(token)


def test_words_are_their_english_text_and_remember_how_they_were_made() -> None:
    words = Words(
        "Saves %(amount)s at %(rate)s.", amount=Euros(Decimal("-1749.915")), rate=Percent(Decimal("0.125"))
    )
    assert words == "Saves -€1,749.92 at 12.5 %."
    assert words.message == "Saves %(amount)s at %(rate)s."
    assert pickle.loads(pickle.dumps(words)).values == words.values
    assert listed([2027]) == "2027" and listed([2026, 2027, 2028]) == "2026, 2027 and 2028"
    assert Words.data("100 % sure") == "100 % sure"


@pytest.mark.usefixtures("french")
def test_a_page_says_them_in_the_readers_language() -> None:
    saved = Words("%(year)s vacancy tax (%(regime)s) not due", year=2027, regime="TVLH")
    assert say(saved) == "Taxe sur les logements vacants 2027 (TVLH) non due"  # 2027, never "2 027"
    nested = Words(
        "Vacancy tax saved %(highest)s instead of %(base)s: %(rates)s",
        highest=Euros(Decimal("1200")),
        base=Euros(Decimal("680")),
        rates=Words("the commune may raise its rates."),
    )
    assert say(nested).replace("\u202f", " ").replace("\xa0", " ") == (
        "Taxe sur les logements vacants évitée : 1 200,00 € au lieu de 680,00 € : la commune peut relever "
        "ses taux."
    )
    alert = Words(
        "A severe %(category)s incident (household %(reference)s, %(day)s) is open.",
        category=IncidentCategory.HEALTH,
        reference="B-7K2Q9M",
        day=date(2026, 3, 1),
    )
    assert say(alert) == "Un incident grave (santé) est en cours (ménage B-7K2Q9M, 1 mars 2026)."
    both = joined([Words("The home is furnished."), "Plain words stay as they are."])
    assert say(both) == "Le logement est meublé. Plain words stay as they are."
    assert localized({"lines": [{"label": Words("Income tax: no change"), "amount_eur": 0.0}]}) == {
        "lines": [{"label": "Impôt sur le revenu : aucun changement", "amount_eur": 0.0}]
    }


def test_the_notes_an_estimate_quotes_are_in_the_catalogues_and_no_other() -> None:
    messages = {message.id for message in catalogues.extract()}
    table = default_rules().parameters
    fees = table.get("vacancy_tax.fees_rate", date(2027, 1, 1))
    assert fees.quoted_note.message in messages
    regime = table.get("vacancy_tax.regime", date(2027, 1, 1))
    assert regime.note not in messages
    with pytest.raises(TaxDataError):
        regime.quoted_note  # noqa: B018 (quoting a note the catalogues do not hold is refused)
