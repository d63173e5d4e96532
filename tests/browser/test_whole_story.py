"""The whole story, as the people who use Stirrup live it, in a real browser: a landlord lists a
vacant home; a social worker registers a household; a coordinator runs a matching round and
watches it finish; the landlord, the social worker and the association (from a phone) accept the
proposal; the coordinator sees the placement on the map. Every step is checked on what the page
shows, screenshotted, and checked with axe; the app's log of the whole journey must never name the
household nor carry its contact details.

Left to the follow-up pages (pages-followup): the association's check-in from the phone and the
coordinator's charts, marked FOLLOW-UP below where they go."""

from __future__ import annotations

import re
from collections.abc import Callable

from playwright.sync_api import expect

from stirrup import clock
from stirrup.models import OrganisationKind, Role
from tests.browser.conftest import LiveSite, Visit
from tests.browser.steps import continue_, fill_characteristics_and_on, fill_household
from tests.factories import PASSWORD

Open = Callable[..., Visit]

#: The household's name and contact details: they must never reach a log.
NAME, PHONE, EMAIL = "Noémie Vasseur-Journée", "06 47 83 21 95", "noemie.vasseur@example.org"
#: Away from the other browser tests' homes and households (Roubaix), so that nothing else is
#: proposed in this story: the home in Dunkerque, the household's anchor in Coudekerque-Branche.
HOME = "14 rue du Leughenaer"


def test_the_whole_story(visit: Open, site: LiveSite, server_log: list[str]) -> None:
    today = clock.today().isoformat()
    association = site.make.organisation(OrganisationKind.PARTNER_ASSOCIATION, name="Toit du Littoral")
    site.make.association(
        association, base_commune="Dunkerque", base_latitude=51.0169, base_longitude=2.3431, radius_km=20
    )
    staff = site.make.user(Role.ASSOCIATION_STAFF, organisation=association, display_name="Yasmine Haddad")
    owner = site.make.user(Role.LANDLORD, display_name="Bernard Vanhove")
    worker = site.make.user(Role.SOCIAL_WORKER, display_name="Claire Lemaire")
    coordinator = site.make.user(Role.COORDINATOR, display_name="Hugo Caron")

    # A landlord lists a vacant home.
    landlord = visit()
    landlord.sign_in(owner.email, PASSWORD)
    page = landlord.go("/homes/new")
    page.get_by_label("Numéro et rue").fill(HOME)
    page.get_by_label("Code postal").fill("59140")
    page.get_by_label("Commune", exact=True).fill("Dunkerque")
    expect(page.get_by_text("Dunkerque, code INSEE 59183")).to_be_visible()
    continue_(page)
    fill_characteristics_and_on(page, available_from=today, cadastral_value="2 400")
    page.get_by_role("button", name="Enregistrer le logement").click()
    expect(page.get_by_role("status")).to_have_text("Le logement est enregistré.")
    expect(page.get_by_role("heading", name=f"{HOME}, 59140 Dunkerque")).to_be_visible()
    landlord.shot("home-listed")

    # A social worker registers a household.
    social = visit()
    social.sign_in(worker.email, PASSWORD)
    page = social.go("/households/new")
    fill_household(
        page,
        children="0",
        earliest_start=today,
        postal_code="59210",
        commune="Coudekerque-Branche",
        consent_on=today,
        name=NAME,
    )
    page.get_by_label("Téléphone (facultatif)").fill(PHONE)
    page.get_by_label("Adresse e-mail (facultatif)").fill(EMAIL)
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("status")).to_have_text("Le ménage est enregistré.")
    heading = page.get_by_role("heading", name=re.compile(r"^Ménage B-[A-Z0-9]{6}$"))
    reference = heading.inner_text().removeprefix("Ménage ")
    expect(page.get_by_role("heading", name="Demander un logement maintenant")).to_be_visible()
    social.check_accessibility()
    social.shot("household-registered")

    # A coordinator runs a round over the two communes and watches it finish.
    coordination = visit()
    coordination.sign_in(coordinator.email, PASSWORD)
    page = coordination.go("/")
    page.get_by_role("link", name="Lancer un tour").first.click()
    expect(page.get_by_role("heading", name="Lancer un tour d'appariement")).to_be_visible()
    coordination.check_accessibility()
    page.get_by_label("Certaines communes").check()
    page.get_by_label("Communes (facultatif)").fill("Dunkerque, Coudekerque-Branche")
    page.get_by_label("Durée maximale de recherche (secondes)").fill("10")
    coordination.shot("round-form")
    page.get_by_role("button", name="Lancer le tour").click()
    expect(page.get_by_role("heading", name=re.compile(r"^Tour \d+$"))).to_be_visible()
    expect(page.get_by_text(re.compile("^Coudekerque-Branche 59210, Dunkerque 59140 · "))).to_be_visible()
    progress = page.locator("#round-state [role=status]")
    expect(progress).to_contain_text("Terminé", timeout=30_000)  # followed live, no reload
    expect(page.get_by_role("link", name=f"{reference} → {HOME}, Dunkerque")).to_be_visible()
    expect(page.locator("dt", has_text="Nouvelles propositions").locator("+ dd")).to_have_text("1")
    expect(page.get_by_text("Toit du Littoral").first).to_be_visible()
    coordination.check_accessibility()
    coordination.shot("round-done")

    # The landlord answers first, from the overview: the home, the dates, the household's size,
    # what lending is worth — and never who the household is.
    page = landlord.go("/")
    expect(page.get_by_role("heading", name="Propositions en attente de votre réponse")).to_be_visible()
    page.get_by_role("link", name=f"{HOME}, 59140 Dunkerque").first.click()
    expect(page.get_by_role("heading", name=f"Proposition : {HOME}, Dunkerque")).to_be_visible()
    expect(page.get_by_role("heading", name="Ce que rapporte le prêt de ce logement")).to_be_visible()
    expect(page.get_by_role("columnheader", name="Total")).to_be_visible()  # the estimate's totals
    expect(page.get_by_role("link", name=re.compile("^Voir le détail"))).to_be_visible()
    expect(page.get_by_text("1 personne", exact=True)).to_be_visible()
    assert reference not in page.content() and NAME not in page.content()
    landlord.check_accessibility()
    landlord.shot("proposal-for-the-owner")
    page.get_by_role("button", name="Accepter la proposition").click()
    expect(page.get_by_role("status")).to_contain_text("Votre accord est enregistré.")

    # The social worker reads the distance and why this home, and accepts.
    page = social.go("/proposals")
    social.check_accessibility()
    page.get_by_role("link", name=f"{HOME}, 59140 Dunkerque").click()
    expect(page.get_by_text("Distance au lieu où le ménage doit rester")).to_be_visible()
    expect(page.get_by_role("heading", name="Pourquoi ce logement")).to_be_visible()
    social.check_accessibility()
    social.shot("proposal-for-the-social-worker")
    page.get_by_role("button", name="Accepter la proposition").click()
    expect(page.get_by_role("status")).to_contain_text("Votre accord est enregistré.")

    # The association confirms from a phone: the placement is agreed.
    phone = visit(width=360, height=740)
    phone.sign_in(staff.email, PASSWORD)
    page = phone.page
    expect(page.get_by_role("heading", name="Propositions en attente de votre réponse")).to_be_visible()
    page.get_by_role("link", name=f"{HOME}, 59140 Dunkerque").click()
    expect(page.get_by_text(reference).first).to_be_visible()
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 360, f"the proposal scrolls sideways on a phone ({width} px)"
    phone.check_accessibility()
    phone.shot("proposal-on-a-phone")
    page.get_by_role("button", name="Accepter la proposition").click()
    expect(page.get_by_role("status")).to_have_text(
        "Les trois parties ont accepté : l'hébergement est convenu."
    )
    expect(page.locator("dd .badge", has_text="Accepté")).to_have_count(3)
    expect(page.get_by_role("link", name="Les documents de l'hébergement")).to_be_visible()
    phone.shot("placement-agreed")
    # FOLLOW-UP (pages-followup): the association records a check-in from this phone window.

    # The coordinator sees the placement on the map.
    page = coordination.go("/map?area=all")
    expect(page.locator("svg g.placements line title")).to_have_text(
        "1 hébergement : un logement à Dunkerque, un ménage de Coudekerque-Branche"
    )
    coordination.check_accessibility()
    coordination.shot("map")
    # FOLLOW-UP (pages-followup): and in the charts of the coordinator's statistics.

    logged = "\n".join(server_log)
    assert server_log, "the server's log was not captured"
    for secret in (NAME, PHONE, PHONE.replace(" ", ""), EMAIL, "Vasseur"):
        assert secret not in logged, f"the app logged the household's {secret!r}"
