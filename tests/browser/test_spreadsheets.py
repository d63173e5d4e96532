"""Spreadsheets in a real browser: a coordinator sends a file of homes on behalf of a landlord,
checked only; the import's page follows it and lists the problem by row and column; the pages
around imports and rounds pass the accessibility check."""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import expect

from stirrup.imports.bench import fictional_homes
from stirrup.imports.headers import HOMES
from stirrup.models import Role
from tests.browser.conftest import LiveSite, Visit
from tests.factories import PASSWORD
from tests.imports.files import csv

Open = Callable[..., Visit]


def test_a_coordinator_checks_a_file_of_homes(visit: Open, site: LiveSite) -> None:
    owner = site.make.user(Role.LANDLORD, display_name="Odile Carpentier")
    coordinator = site.make.user(Role.COORDINATOR, display_name="Inès Boulanger")
    headers = [column.fr for column in HOMES]
    rows = list(fictional_homes(12))
    rows[4][headers.index("Surface (m²)")] = "grand"  # row 6 of the spreadsheet
    window = visit()
    window.sign_in(coordinator.email, PASSWORD)
    page = window.go("/imports")
    window.check_accessibility()
    page.get_by_role("link", name="Importer un fichier — Logements").click()
    expect(page.get_by_role("heading", name="Import : Logements")).to_be_visible()
    window.check_accessibility()
    page.get_by_label("Le fichier", exact=True).set_input_files(
        {"name": "logements.csv", "mimeType": "text/csv", "buffer": csv(headers, rows)}
    )
    page.get_by_label("L'adresse e-mail du propriétaire (facultatif)").fill(owner.email)
    page.get_by_label(
        "Vérifier seulement : dire ce qui serait créé ou mis à jour, sans rien enregistrer"
    ).check()
    window.shot("upload")
    page.get_by_role("button", name="Envoyer").click()
    expect(page.get_by_role("heading", name="Import de logements.csv")).to_be_visible()
    expect(page.locator("#job-state [role=status]")).to_have_text(
        "Problèmes trouvés : rien n'a été enregistré", timeout=30_000
    )
    problem = page.locator("tbody tr").first
    expect(problem.locator("td").nth(0)).to_have_text("6")
    expect(problem.locator("td").nth(1)).to_have_text("G (Surface (m²))")
    expect(
        page.get_by_role("link", name="Télécharger le fichier avec chaque problème signalé (.xlsx)")
    ).to_be_visible()
    window.check_accessibility()
    window.shot("problems")
    for path in ("/owner-contacts", "/rounds"):
        window.go(path)
        window.check_accessibility()
