"""A vacant home from the state's data in a real browser: the vacant-housing team links the owner's
account on the owner-contacts page, the owner finds the vacant home and opens the home form
prefilled from it; every page passes the accessibility check."""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import expect

from stirrup.models import Role
from tests.browser.conftest import LiveSite, Visit
from tests.factories import PASSWORD

Open = Callable[..., Visit]


def test_the_team_links_the_owner_who_then_opens_their_vacant_home(visit: Open, site: LiveSite) -> None:
    team = site.make.user(Role.COORDINATOR, display_name="Inès Boulanger")
    owner = site.make.user(Role.LANDLORD, display_name="Odile Carpentier")
    draft = site.make.draft_home(
        team, address="7 Rue du Lieutenant Lebas 59100 Roubaix", surface_m2=38.0, rooms=2
    )
    window = visit()
    window.sign_in(team.email, PASSWORD)
    page = window.go("/owner-contacts")
    window.check_accessibility()
    row = page.locator(f"form[action='/owner-contacts/{draft.owner_contact_id}']")
    row.locator("select[name=invitation_status]").select_option("joined")
    row.locator("input[name=account_email]").fill("personne@example.org")
    row.locator("button[type=submit]").click()
    expect(row.locator(".field-error")).to_contain_text("aucun compte de propriétaire")
    window.check_accessibility()
    window.shot("unknown-account")
    row.locator("input[name=account_email]").fill(owner.email)
    row.locator("button[type=submit]").click()
    expect(page.locator(".flash")).to_be_visible()
    window.shot("linked")

    mine = visit()
    mine.sign_in(owner.email, PASSWORD)
    page = mine.go("/draft-homes")
    expect(page.get_by_role("rowheader", name="7 Rue du Lieutenant Lebas 59100 Roubaix")).to_be_visible()
    mine.check_accessibility()
    page.get_by_role("link", name="Transformer en logement — 7 Rue du Lieutenant Lebas").click()
    expect(page.locator("input[name=street]")).to_have_value("7 Rue du Lieutenant Lebas")
    mine.check_accessibility()
    mine.shot("prefilled")
