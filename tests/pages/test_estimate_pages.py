"""The estimate on the site: the public what-if without JavaScript, an owner's home, a proposal,
and the printable page."""

from __future__ import annotations

import html
from datetime import date

from fastapi.testclient import TestClient

from stirrup.deps import SESSION_COOKIE
from stirrup.models import PlacementStatus, Role, SessionKind
from tests.factories import Factory
from tests.pages.html import squash
from tests.pages.test_login import csrf_of

FORM = {
    "commune": "59512",
    "surface_m2": "45",
    "vacant_since": "2023-01-01",
    "start": "2026-03-01",
    "cadastral_value_eur": "2000",
    "market_rent_eur_month": "450",
    "marginal_rate_pct": "30",
}


def test_a_visitor_fills_the_form_and_reads_the_four_scenarios(client: TestClient) -> None:
    page = client.get("/estimate?lang=en")
    assert page.status_code == 200
    answer = client.post("/estimate", data={**FORM, "csrf_token": csrf_of(page.text)})
    assert answer.status_code == 200, answer.text
    text = html.unescape(answer.text)
    for words in (
        "The home stays vacant",
        "Six-month free loan",
        "€1,749.92",
        "-€680.00",
        "CGI art. 1406 bis",
        "uncertain",
        "not tax advice",
        "Figures as known on July 23, 2026",
        "Property tax (taxe foncière) stays due",
    ):
        assert words in text, words
    printable = client.post("/estimate/print", data={**FORM, "csrf_token": csrf_of(answer.text)})
    assert printable.status_code == 200
    assert "/static/css/print.css" in printable.text and "€1,749.92" in html.unescape(printable.text)


def test_the_estimate_speaks_french_with_french_amounts(client: TestClient) -> None:
    page = client.get("/estimate?lang=fr")
    answer = client.post("/estimate", data={**FORM, "csrf_token": csrf_of(page.text)})
    shown = squash(html.unescape(answer.text))
    for words in (
        "Le logement reste vacant",
        "Prêt à usage de six mois au ménage",
        "Taxe sur les logements vacants 2027 (TVLH) non due",
        "1 749,92 €",
        "-680,00 €",
        "34 % × 2 000,00 € = 680,00 €",
        "La taxe foncière reste due dans tous les scénarios",
        "il annule donc la taxe de 2027",
        "Une estimation, pas un conseil fiscal. Chiffres connus au 23 juillet 2026",
        "Taux marginal d'imposition de 30 %, tel qu'indiqué.",
    ):
        assert words in shown, words
    for english in ("The home stays vacant", "vacancy tax", "Income tax", "not tax advice", "as given"):
        assert english not in shown, english
    printable = client.post("/estimate/print", data={**FORM, "csrf_token": csrf_of(answer.text)})
    assert "Taxe sur les logements vacants 2027 (TVLH) non due" in squash(html.unescape(printable.text))
    assert "Rester vacant coûte 680,00 € de taxe sur les logements vacants pour 2027" in shown


def test_the_form_says_which_field_is_wrong(client: TestClient) -> None:
    page = client.get("/estimate?lang=en")
    answer = client.post(
        "/estimate", data={**FORM, "surface_m2": "-3", "commune": "99999", "csrf_token": csrf_of(page.text)}
    )
    assert answer.status_code == 422
    assert 'id="e-surface_m2"' in answer.text
    assert 'name="commune" type="text" value="99999"' in answer.text  # what was typed stays


def test_the_form_needs_its_csrf_token(client: TestClient) -> None:
    client.get("/estimate")
    assert client.post("/estimate", data=FORM).status_code == 403


def test_print_css_has_print_rules(client: TestClient) -> None:
    css = client.get("/static/css/print.css")
    assert css.status_code == 200 and "@media print" in css.text and "@page" in css.text


def test_the_owner_sees_the_estimate_on_the_home_page_and_on_a_proposal(
    client: TestClient, make: Factory
) -> None:
    owner = make.user(Role.LANDLORD)
    home = make.home(owner=owner, vacant_since=date(2023, 1, 1), cadastral_rental_value_eur=2000)
    proposal = make.placement(make.household(), home, make.association(), start=date(2026, 10, 2))
    client.cookies.set(SESSION_COOKIE, make.token(owner, SessionKind.WEB))
    page = client.get(f"/homes/{home.id}/estimate?lang=en")
    assert page.status_code == 200
    assert "What lending this home is worth" in page.text and "The home is not lent" in page.text
    what_if = client.post(
        f"/homes/{home.id}/estimate",
        data={
            "start": "2026-03-01",
            "marginal_rate_pct": "30",
            "market_rent_eur_month": "450",
            "csrf_token": csrf_of(page.text),
        },
    )
    assert "€1,749.92" in html.unescape(what_if.text)
    on_proposal = client.get(f"/placements/{proposal.id}/estimate?lang=en")
    assert on_proposal.status_code == 200
    assert "placement from October 2, 2026 to April 2, 2027" in on_proposal.text
    printable = client.get(f"/homes/{home.id}/estimate/print")
    assert printable.status_code == 200 and "print.css" in printable.text


def test_another_landlord_gets_no_estimate_page(client: TestClient, make: Factory) -> None:
    home = make.home(vacant_since=date(2023, 1, 1))
    client.cookies.set(SESSION_COOKIE, make.token(make.user(Role.LANDLORD), SessionKind.WEB))
    assert client.get(f"/homes/{home.id}/estimate").status_code == 404


def test_an_owner_sees_the_live_placement_and_whom_to_call(client: TestClient, make: Factory) -> None:
    s = make.parties(PlacementStatus.ACTIVE, contact_name="SENTINEL-NAME Dupont")
    client.cookies.set(SESSION_COOKIE, make.token(s.owner, SessionKind.WEB))
    page = html.unescape(client.get(f"/homes/{s.home.id}/estimate?lang=en").text)
    assert f"Occupied until {s.placement.planned_end:%B} " in page
    assert s.organisation.name in page and "06 11 22 33 44" in page
    assert "SENTINEL" not in page
