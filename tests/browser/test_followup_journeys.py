"""The follow-up in a real browser: the association records a check-in from a phone (no sideways
scroll, large targets), then an incident and the end with its outcome; the owner answers an
extension; the coordinator reads the statistics and their charts. Each page checked with axe."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta

from playwright.sync_api import Page, expect

from stirrup import clock
from stirrup.models import IncidentSeverity, Outcome, Role
from tests.browser.conftest import LiveSite, Visit
from tests.browser.test_journeys import ENGLISH
from tests.factories import PASSWORD

Open = Callable[..., Visit]
#: The smallest comfortable touch target (WCAG 2.5.5 asks 44 CSS pixels).
TOUCH = 44


def _in_french_only(page: Page) -> None:
    leftovers = ENGLISH.findall(page.locator("main").inner_text())
    assert leftovers == [], f"English on the French page {page.url}: {leftovers}"


def _fits_the_phone(page: Page) -> None:
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 360, f"{page.url} scrolls sideways on a phone ({width} px)"


def test_the_association_follows_a_placement_from_a_phone(visit: Open, site: LiveSite) -> None:
    s = site.make.parties(start=clock.today() - timedelta(days=40))
    window = visit(width=360, height=740)
    window.sign_in(s.staff.email, PASSWORD)
    page = window.page
    expect(page.get_by_role("heading", name="À traiter")).to_be_visible()
    expect(page.get_by_text("Pas de point d'étape depuis trois semaines", exact=True)).to_be_visible()
    _fits_the_phone(page)
    window.check_accessibility()
    window.shot("overview-alerts-first")

    page.get_by_role("link", name=f"Point d'étape {s.household.reference}").click()
    heading = f"Point d'étape avec le ménage {s.household.reference}"
    expect(page.get_by_role("heading", name=heading)).to_be_visible()
    expect(page.get_by_label("Date")).to_have_value(clock.today().isoformat())
    _fits_the_phone(page)
    for name in ("Visite à domicile", "4", "5"):
        box = page.locator("fieldset.buttons label", has_text=re.compile(f"^{name}$")).first.bounding_box()
        assert box is not None and box["height"] >= TOUCH and box["width"] >= TOUCH, (name, box)
    window.check_accessibility()
    page.get_by_role("button", name="Enregistrer le point d'étape").click()  # nothing chosen yet
    expect(page.locator("#e-wellbeing")).to_have_text("Erreur : Ce champ est obligatoire.")
    window.shot("check-in-errors")
    page.get_by_role("group", name="Type de rencontre").get_by_text("Visite à domicile").click()
    page.get_by_role("group", name="Comment va le ménage ?").get_by_text("4", exact=True).click()
    page.get_by_role("group", name="Comment le logement est-il tenu ?").get_by_text("5", exact=True).click()
    page.get_by_label("Remarques").fill("Rendez-vous à la CAF mardi.")
    window.check_accessibility()
    window.shot("check-in-filled")
    page.get_by_role("button", name="Enregistrer le point d'étape").click()
    expect(page.get_by_role("status")).to_have_text("Le point d'étape est enregistré.")
    expect(page.get_by_text("Rendez-vous à la CAF mardi.")).to_be_visible()
    _fits_the_phone(page)
    _in_french_only(page)
    window.check_accessibility()
    window.shot("follow-up")

    page.get_by_text("Signaler un incident").click()
    page.get_by_role("group", name="Gravité").get_by_text("modéré", exact=True).click()
    page.get_by_label("Catégorie").select_option(label="voisinage")
    page.get_by_label("Ce qui s'est passé").fill("Plainte pour bruit du voisin du dessous.")
    page.get_by_role("button", name="Enregistrer l'incident").click()
    expect(page.get_by_role("status")).to_have_text("L'incident est enregistré.")
    expect(page.get_by_text("Plainte pour bruit du voisin du dessous.")).to_be_visible()
    window.shot("incident")

    page.get_by_text("Mettre fin à l'hébergement").first.click()
    page.get_by_label("Où est allé le ménage").select_option(label="Logement social")
    page.get_by_role("button", name="Mettre fin à l'hébergement").click()
    why = page.locator("#e-end-early_end_reason")
    expect(why).to_contain_text("indiquez pourquoi l'hébergement se termine")
    expect(page.get_by_label("Pourquoi la fin est anticipée")).to_have_attribute("aria-invalid", "true")
    window.check_accessibility()
    window.shot("end-needs-a-reason")
    page.get_by_label("Pourquoi la fin est anticipée").select_option(label="Relogé avant la fin prévue")
    page.get_by_role("button", name="Mettre fin à l'hébergement").click()
    expect(page.get_by_role("status")).to_have_text("L'hébergement est terminé et sa sortie est enregistrée.")
    expect(page.get_by_role("heading", name="Sortie", exact=True)).to_be_visible()
    expect(page.get_by_text("avant la fin prévue : Relogé avant la fin prévue")).to_be_visible()
    _fits_the_phone(page)
    _in_french_only(page)
    window.shot("outcome")


def test_the_owner_answers_an_extension_and_learns_nothing_about_the_household(
    visit: Open, site: LiveSite
) -> None:
    s = site.make.parties(start=clock.today() - timedelta(days=60))
    site.make.incident(s.placement, IncidentSeverity.SEVERE, description="Détail confidentiel")
    window = visit(width=360, height=740)
    window.sign_in(s.staff.email, PASSWORD)
    page = window.go(f"/placements/{s.placement.id}/follow-up")
    page.get_by_text("Demander une prolongation au propriétaire").click()
    page.get_by_label("Mois").select_option("2")
    page.get_by_label("Motif").fill("Une offre de logement social est attendue en juin.")
    page.get_by_role("button", name="Envoyer la demande").click()
    expect(page.get_by_role("status")).to_have_text("La prolongation a été demandée au propriétaire.")

    owner = visit(width=360, height=740)
    owner.sign_in(s.owner.email, PASSWORD)
    page = owner.page
    expect(page.get_by_text("Prolongation à accepter ou refuser", exact=True)).to_be_visible()
    expect(page.get_by_text("Incident grave", exact=True)).to_be_visible()
    for secret in ("Détail confidentiel", s.household.reference, "Camille Martin"):
        expect(page.locator("body")).not_to_contain_text(secret)
    owner.check_accessibility()
    owner.shot("owner-alerts")
    page.get_by_role("link", name=re.compile("^Traiter")).first.click()
    expect(page.get_by_text("Une offre de logement social est attendue en juin.")).to_be_visible()
    _fits_the_phone(page)
    owner.check_accessibility()
    owner.shot("extension-to-answer")
    page.get_by_role("button", name="J'accepte la prolongation").click()
    expect(page.get_by_role("status")).to_have_text(
        "Vous avez accepté la prolongation : l'hébergement se termine plus tard."
    )
    expect(page.get_by_text("Acceptée par le propriétaire")).to_be_visible()
    owner.shot("extension-agreed")


def test_the_coordinator_reads_the_statistics_and_their_charts(visit: Open, site: LiveSite) -> None:
    for days, outcome in ((300, Outcome.SOCIAL_HOUSING), (120, Outcome.STREET_OR_EMERGENCY_SHELTER)):
        ended = site.make.parties(start=clock.today() - timedelta(days=days + 183))
        ended.household.waiting_since = clock.now() - timedelta(days=days + 183 + 45)
        site.make.ended(ended.placement, outcome)
    coordinator = site.make.user(Role.COORDINATOR, display_name="Julien Delcroix")
    window = visit()
    window.sign_in(coordinator.email, PASSWORD)
    page = window.go("/statistics")
    expect(page.get_by_role("heading", name="Statistiques", exact=True)).to_be_visible()
    for chart in ("Hébergements commencés", "Où sont allés les ménages à la fin", "Jours d'attente"):
        expect(page.get_by_role("img", name=re.compile(chart))).to_be_visible()
    expect(page.get_by_role("link", name="fichier CSV").last).to_have_attribute(
        "href", "/api/v1/exports/placements?format=csv"
    )
    _in_french_only(page)
    window.check_accessibility()
    window.shot("statistics")
    phone = visit(width=360, height=740)
    phone.sign_in(coordinator.email, PASSWORD)
    phone.go("/statistics")
    _fits_the_phone(phone.page)
    phone.check_accessibility()
    phone.shot("statistics-phone")
