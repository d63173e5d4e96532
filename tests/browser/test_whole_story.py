"""The whole story, as the people who use Stirrup live it, in a real browser: a landlord lists a
vacant home; a social worker registers a household; a coordinator runs a matching round and
watches it finish; the landlord, the social worker and the association (from a phone) accept the
proposal; the association records a first check-in from the phone; the coordinator sees the
placement on the map and in the statistics' charts. Every step is checked on what the page shows,
screenshotted, and checked with axe; the app's log of the whole journey must never name the
household nor carry its contact details.

The live site is shared with the other browser tests (their placements are in Roubaix and their
figures in the same charts): the story finds its own placement on the map by its words, and reads
the statistics before and after to see its own placement counted."""

from __future__ import annotations

import re
from collections.abc import Callable

from babel.dates import format_date
from playwright.sync_api import Page, expect

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
#: The statistics chart the story's placement adds to, in the month it starts.
STARTED_CHART = "Hébergements commencés chaque mois"


def _started(page: Page, month: str) -> int:
    """The placements the statistics page counts as started in ``month`` (0 when it has no row)."""
    figure = page.locator("figure", has=page.locator("figcaption", has_text=STARTED_CHART))
    row = figure.locator("details tr", has=page.locator("th", has_text=re.compile(f"^{re.escape(month)}$")))
    return int(row.locator("td").text_content() or "0") if row.count() else 0


def _under_way(page: Page) -> int:
    """The "placements under way" figure of the statistics page."""
    return int(page.locator("dt", has_text="Hébergements en cours").locator("+ dd").inner_text())


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

    # A coordinator notes where the statistics stand, then runs a round over the two communes and
    # watches it finish.
    coordination = visit()
    coordination.sign_in(coordinator.email, PASSWORD)
    month = format_date(clock.today(), "MMM y", locale="fr")
    page = coordination.go("/statistics")
    started_before, under_way_before = _started(page, month), _under_way(page)
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
    paperwork = page.get_by_role("link", name="Les documents de l'hébergement")
    expect(paperwork).to_be_visible()
    placement_id = re.fullmatch(r"/placements/(\d+)/paperwork", paperwork.get_attribute("href") or "")
    assert placement_id, "the paperwork link does not name the placement"
    check_in_path = f"/placements/{placement_id[1]}/check-in"
    phone.shot("placement-agreed")

    # The placement starts today: the association records a first check-in from the same phone,
    # reached from its overview.
    page = phone.go("/")
    page.get_by_role("link", name=f"Point d'étape {reference}").first.click()
    expect(page).to_have_url(phone.url + check_in_path)
    expect(page.get_by_role("heading", name=f"Point d'étape avec le ménage {reference}")).to_be_visible()
    expect(page.get_by_label("Date")).to_have_value(today)
    for group, choice in (
        ("Type de rencontre", "Appel téléphonique"),
        ("Comment va le ménage ?", "4"),
        ("Comment le logement est-il tenu ?", "Non vu"),
    ):
        page.get_by_role("group", name=group).get_by_text(choice, exact=True).click()
    page.get_by_label("Remarques").fill("Clés remises, premier appel passé.")
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 360, f"the check-in scrolls sideways on a phone ({width} px)"
    phone.check_accessibility()
    phone.shot("check-in")
    page.get_by_role("button", name="Enregistrer le point d'étape").click()
    expect(page.get_by_role("status")).to_have_text("Le point d'étape est enregistré.")
    expect(page.get_by_text("Clés remises, premier appel passé.")).to_be_visible()
    phone.shot("check-in-recorded")

    # The coordinator sees the placement on the map (other tests' placements are there too: this
    # story's line is the one between Dunkerque and Coudekerque-Branche).
    page = coordination.go("/map?area=all")
    line = page.locator("svg g.placements line title").filter(has_text="un logement à Dunkerque")
    expect(line).to_have_text("1 hébergement : un logement à Dunkerque, un ménage de Coudekerque-Branche")
    coordination.check_accessibility()
    coordination.shot("map")

    # And in the statistics: one more placement under way, one more started this month.
    page = coordination.go("/statistics")
    chart = page.get_by_role("img", name=re.compile(STARTED_CHART))
    expect(chart).to_be_visible()
    started = started_before + 1
    this_month = chart.locator("g title", has_text=re.compile(f"^{re.escape(month)}:"))
    expect(this_month).to_have_text(f"{month}: {started}")
    assert _started(page, month) == started
    assert _under_way(page) == under_way_before + 1
    coordination.check_accessibility()
    coordination.shot("statistics")

    logged = "\n".join(server_log)
    assert server_log, "the server's log was not captured"
    for secret in (NAME, PHONE, PHONE.replace(" ", ""), EMAIL, "Vasseur"):
        assert secret not in logged, f"the app logged the household's {secret!r}"
