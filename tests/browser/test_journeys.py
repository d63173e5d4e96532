"""What people do on the site, in a real browser: a landlord lists a home step by step (with
JavaScript, and without), a social worker registers a household, French and English render with
no untranslated text, and a phone-sized window works. Each step is checked on what the page shows
and screenshotted; each page checked with axe for serious accessibility problems."""

from __future__ import annotations

import re
from collections.abc import Callable

from playwright.sync_api import Page, expect

from stirrup.models import HomeStatus, Role
from tests.browser.conftest import LiveSite, Visit
from tests.factories import PASSWORD

Open = Callable[..., Visit]

#: Words that give away English left on a French page (data here is all French or neutral).
ENGLISH = re.compile(r"\b(the|and|your|with|of|to|is|are|households|homes|waiting)\b", re.IGNORECASE)
FRENCH = re.compile(r"\b(le|la|les|des|du|votre|avec|ménages|logements|attente)\b", re.IGNORECASE)


def _continue(page: Page) -> None:
    page.locator(".actions button[value=next]").click()


def _fill_characteristics_and_on(page: Page) -> None:
    page.get_by_label("Surface habitable (m²)").fill("45")
    page.get_by_label("Pièces", exact=True).fill("2")
    page.get_by_label("Chambres", exact=True).fill("1")
    page.get_by_label("Nombre maximal d'occupants").fill("3")
    page.get_by_label("Le logement est meublé (lit, table, de quoi cuisiner, rangements)").check()
    _continue(page)
    expect(page.get_by_role("heading", name="Étape 3 sur 5 : Accessibilité")).to_be_visible()
    page.get_by_label(re.compile("^De plain-pied")).check()
    _continue(page)
    page.get_by_label("Disponible à partir du").fill("2026-12-01")
    page.get_by_label("Vacant depuis le").fill("2023-01-01")
    _continue(page)


def test_a_landlord_lists_a_home_step_by_step(visit: Open, site: LiveSite) -> None:
    owner = site.make.user(Role.LANDLORD, display_name="Martine Lefebvre")
    window = visit()
    window.sign_in(owner.email, PASSWORD)
    page = window.page
    expect(page.get_by_role("heading", name="Bienvenue, Martine Lefebvre")).to_be_visible()
    window.shot("signed-in")
    page.get_by_role("link", name="Ajouter un logement").first.click()
    expect(page.get_by_role("heading", name="Étape 1 sur 5 : Adresse")).to_be_visible()
    window.check_accessibility()
    page.get_by_label("Numéro et rue").fill("12 rue de l'Épeule")
    page.get_by_label("Code postal").fill("59100")
    page.get_by_label("Commune", exact=True).press_sequentially("Roub", delay=30)
    suggestion = page.get_by_role("button", name="Roubaix (59100)")
    expect(suggestion).to_be_visible()  # checked as it is typed
    window.shot("address-suggested")
    suggestion.click()
    expect(page.get_by_text("Roubaix, code INSEE 59512")).to_be_visible()
    expect(page.get_by_label("Commune", exact=True)).to_have_value("Roubaix")
    expect(page.get_by_label("Commune", exact=True)).to_be_focused()  # focus is not lost
    _continue(page)
    expect(page.get_by_role("heading", name="Étape 2 sur 5 : Caractéristiques")).to_be_visible()
    window.shot("characteristics")
    _fill_characteristics_and_on(page)
    expect(page.get_by_role("heading", name="Étape 5 sur 5 : Vérification")).to_be_visible()
    expect(page.get_by_text("12 rue de l'Épeule")).to_be_visible()
    window.check_accessibility()
    window.shot("review")
    page.get_by_role("button", name="Enregistrer le logement").click()
    expect(page.get_by_role("status")).to_have_text("Le logement est enregistré.")
    expect(page.get_by_role("heading", name="12 rue de l'Épeule, 59100 Roubaix")).to_be_visible()
    expect(page.get_by_role("heading", name="Ce que rapporte le prêt de ce logement")).to_be_visible()
    window.check_accessibility()
    window.shot("home-page")


def test_the_same_without_javascript_with_errors_beside_the_fields(visit: Open, site: LiveSite) -> None:
    owner = site.make.user(Role.LANDLORD, display_name="Paul Deschamps")
    window = visit(javascript=False)
    window.sign_in(owner.email, PASSWORD)
    page = window.go("/homes/new")
    page.get_by_label("Numéro et rue").fill("3 rue Pierre Motte")
    page.get_by_label("Code postal").fill("59100")
    page.get_by_label("Commune", exact=True).fill("Roubai")
    _continue(page)
    error = page.locator("#e-commune")
    expect(error).to_contain_text("Aucune commune de ce nom n'a ce code postal")
    expect(page.get_by_label("Commune", exact=True)).to_have_attribute("aria-invalid", "true")
    window.shot("commune-refused")
    page.get_by_role("button", name="Roubaix (59100)").click()
    expect(page.get_by_label("Commune", exact=True)).to_have_value("Roubaix")
    _continue(page)
    page.get_by_label("Surface habitable (m²)").fill("-3")
    _continue(page)
    expect(page.locator("#e-surface_m2")).to_have_text("Erreur : Saisissez un nombre supérieur à 0.")
    expect(page.get_by_label("Surface habitable (m²)")).to_have_value("-3")
    expect(page.get_by_role("alert")).to_contain_text("Certaines informations sont à corriger")
    window.shot("errors-beside-fields")
    _fill_characteristics_and_on(page)
    page.get_by_role("button", name="Enregistrer le logement").click()
    expect(page.get_by_role("status")).to_have_text("Le logement est enregistré.")
    window.shot("saved")


def test_a_social_worker_registers_a_household(visit: Open, site: LiveSite) -> None:
    worker = site.make.user(Role.SOCIAL_WORKER, display_name="Sophie Durand")
    window = visit()
    window.sign_in(worker.email, PASSWORD)
    page = window.go("/households/new")
    window.check_accessibility()
    page.get_by_label("Adultes").fill("0")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.locator("#e-adults")).to_have_text("Erreur : Saisissez 1 ou plus.")
    expect(page.locator("#e-priority_reason")).to_have_text("Erreur : Ce champ est obligatoire.")
    window.check_accessibility()  # the form with its errors
    window.shot("errors")
    page.get_by_label("Adultes").fill("1")
    page.get_by_label("Enfants").fill("2")
    page.get_by_label("Peut emménager à partir du").fill("2026-12-15")
    page.get_by_label("Accès de plain-pied (pas d'escalier : rez-de-chaussée ou ascenseur)").check()
    page.get_by_label("Code postal").fill("59100")
    page.get_by_label("Commune", exact=True).fill("Roubaix")
    expect(page.get_by_text("Roubaix, code INSEE 59512")).to_be_visible()
    page.get_by_label("Distance maximale acceptable (km)").fill("8")
    page.get_by_label("Accès aux droits et démarches").check()
    page.get_by_label("Budget").check()
    page.get_by_label("4", exact=True).check()
    page.get_by_label("Motif de la priorité").fill("Dort dans une voiture depuis octobre.")
    page.get_by_label("Consentement recueilli le").fill("2026-11-20")
    page.get_by_label("Nom (facultatif)").fill("Camille Martin")
    window.shot("filled")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("status")).to_have_text("Le ménage est enregistré.")
    expect(page.get_by_role("heading", name=re.compile(r"^Ménage B-[A-Z0-9]{6}$"))).to_be_visible()
    expect(page.get_by_text("Camille Martin")).to_be_visible()
    expect(page.locator("dd", has_text="Accès aux droits et démarches")).to_contain_text("Budget")
    window.check_accessibility()
    window.shot("registered")


def _visible_text(page: Page) -> str:
    return page.locator("main").inner_text() + " " + page.locator("header").inner_text()


def test_french_and_english_with_nothing_left_untranslated(visit: Open, site: LiveSite) -> None:
    coordinator = site.make.user(Role.COORDINATOR, display_name="Julien Delcroix")
    landlord = site.make.user(Role.LANDLORD, display_name="Anne Roussel")
    site.make.home(owner=landlord, street="5 rue Nain", status=HomeStatus.AVAILABLE)
    site.make.household(referent=site.make.user(Role.SOCIAL_WORKER, display_name="Léa Martin"))
    window = visit()
    window.sign_in(coordinator.email, PASSWORD)
    page = window.page
    for path in ("/", "/homes", "/households", "/map", "/account/password", "/no/such/page"):
        window.go(path)
        leftovers = ENGLISH.findall(_visible_text(page))
        assert leftovers == [], f"English on the French page {path}: {leftovers}"
    window.go("/map")
    expect(
        page.get_by_role("img", name=re.compile("Logements, ménages et hébergements par commune"))
    ).to_be_visible()
    window.check_accessibility()
    window.shot("map-fr")
    page.get_by_role("link", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    for path in ("/", "/homes", "/households", "/map"):
        window.go(path)
        text = _visible_text(page).replace("Français", "")
        leftovers = [w for w in FRENCH.findall(text) if w.lower() not in ("la", "le")]  # "rue de la…"
        assert leftovers == [], f"French on the English page {path}: {leftovers}"
    expect(page.get_by_role("heading", name="Map and figures")).to_be_visible()
    window.shot("map-en")


def test_a_phone_sized_window(visit: Open, site: LiveSite) -> None:
    owner = site.make.user(Role.LANDLORD, display_name="Nadia Benali")
    site.make.home(owner=owner, street="21 boulevard de Belfort")
    window = visit(width=360, height=740)
    window.sign_in(owner.email, PASSWORD)
    page = window.page
    for path, step in (("/homes", "homes"), ("/homes/new", "home-form")):
        window.go(path)
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 360, f"{path} scrolls sideways on a phone ({width} px)"
        window.check_accessibility()
        window.shot(step)
    window.go("/homes")
    expect(page.get_by_role("link", name="21 boulevard de Belfort, 59100 Roubaix")).to_be_visible()
    expect(page.get_by_role("navigation", name="Principal")).to_be_visible()
