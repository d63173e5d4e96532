"""Steps that several browser journeys take, as a person would, on the French pages."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect


def continue_(page: Page) -> None:
    """The home form's "continue" button."""
    page.locator(".actions button[value=next]").click()


def fill_characteristics_and_on(
    page: Page, available_from: str = "2026-12-01", cadastral_value: str | None = None
) -> None:
    """Steps 2 to 4 of the home form: a furnished two-room flat, step-free, free from a date (and
    its cadastral rental value, when given)."""
    page.get_by_label("Surface habitable (m²)").fill("45")
    page.get_by_label("Pièces", exact=True).fill("2")
    page.get_by_label("Chambres", exact=True).fill("1")
    page.get_by_label("Nombre maximal d'occupants").fill("3")
    page.get_by_label("Le logement est meublé (lit, table, de quoi cuisiner, rangements)").check()
    continue_(page)
    expect(page.get_by_role("heading", name="Étape 3 sur 5 : Accessibilité")).to_be_visible()
    page.get_by_label(re.compile("^De plain-pied")).check()
    continue_(page)
    page.get_by_label("Disponible à partir du").fill(available_from)
    page.get_by_label("Vacant depuis le").fill("2023-01-01")
    if cadastral_value is not None:
        page.get_by_label(re.compile("^Valeur locative cadastrale")).fill(cadastral_value)
    continue_(page)


def fill_household(
    page: Page,
    *,
    children: str,
    earliest_start: str,
    postal_code: str,
    commune: str,
    consent_on: str,
    name: str,
) -> None:
    """The household form, filled as a social worker would: step-free, two kinds of support,
    priority 4, the consent and the household's name."""
    page.get_by_label("Adultes").fill("1")
    page.get_by_label("Enfants").fill(children)
    page.get_by_label("Peut emménager à partir du").fill(earliest_start)
    page.get_by_label("Accès de plain-pied (pas d'escalier : rez-de-chaussée ou ascenseur)").check()
    page.get_by_label("Code postal").fill(postal_code)
    page.get_by_label("Commune", exact=True).fill(commune)
    expect(page.get_by_text(re.compile(rf"^✓ {re.escape(commune)}, code INSEE"))).to_be_visible()
    page.get_by_label("Distance maximale acceptable (km)").fill("8")
    page.get_by_label("Accès aux droits et démarches").check()
    page.get_by_label("Budget").check()
    page.get_by_label("4", exact=True).check()
    page.get_by_label("Motif de la priorité").fill("Dort dans une voiture depuis octobre.")
    page.get_by_label("Consentement recueilli le").fill(consent_on)
    page.get_by_label("Nom (facultatif)").fill(name)
