"""The coordinators' statistics: the territory now, outcomes with their rates, the street-or-shelter
share with its denominator, charts drawn on the server, exports, and alerts first."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from fastapi.testclient import TestClient

from stirrup import clock
from stirrup.models import IncidentSeverity, Outcome, Role, User
from stirrup.pages.charts import wrap_label
from tests.api.test_dashboards import placed
from tests.factories import Factory
from tests.pages.html import links, soup, squash, text

SignIn = Callable[..., TestClient]


def test_the_coordinator_reads_the_statistics_and_their_charts(sign_in: SignIn, make: Factory) -> None:
    association = make.association()
    first = placed(make, association, ended_days_ago=400, outcome=Outcome.SOCIAL_HOUSING)
    placed(make, association, ended_days_ago=200, outcome=Outcome.STREET_OR_EMERGENCY_SHELTER)
    placed(make, association, ended_days_ago=10, outcome=Outcome.UNKNOWN)
    make.after_end_check(first, 6, Outcome.SOCIAL_HOUSING)
    live = make.parties(start=clock.today() - timedelta(days=30))
    make.incident(live.placement, IncidentSeverity.SEVERE)
    make.household(priority=5)
    client = sign_in(make.user(Role.COORDINATOR))
    page = client.get("/statistics")
    assert page.status_code == 200
    html = soup(page)
    first_alert = html.select_one(".alert-list li strong")
    assert first_alert is not None and first_alert.get_text() in ("Serious incident", "No home insurance")
    assert page.text.index('id="alerts-title"') < page.text.index('id="now-title"')
    shown = squash(text(page))
    assert "Placements under way 1" in shown and "priority 5 (most urgent) 1" in shown
    assert "3 ended placements with a recorded outcome." in shown
    rows = {
        row.th.get_text(" ", strip=True): [td.get_text(strip=True) for td in row.find_all("td")]
        for row in html.select("table.street-share tbody tr")
    }
    # At the end: 2 known (one unknown beside them), one on the street: 50 %, of 2.
    assert rows["At the end"][:4] == ["50%", "1", "2", "1"]
    assert rows["6 months later"][:4] == ["0%", "0", "1", "0"]
    assert rows["24 months later"][0] == "—"
    charts = {svg.title.get_text() for svg in html.select("svg.chart")}
    assert charts == {
        "Placements started each month",
        "Where households went at the end",
        "Days waited before moving in",
    }
    assert "/api/v1/exports/placements?format=csv" in links(page)
    assert "/api/v1/exports/placements?format=xlsx" in links(page)
    french = sign_in(make.user(Role.COORDINATOR), lang="fr").get("/statistics")
    assert "Rue ou hébergement d'urgence" in text(french) and "50 %" in squash(text(french))


def test_the_statistics_are_for_coordinators(sign_in: SignIn, make: Factory) -> None:
    for role in (Role.LANDLORD, Role.SOCIAL_WORKER, Role.ASSOCIATION_STAFF):
        user: User = make.user(role)
        assert sign_in(user).get("/statistics").status_code == 403


def test_every_role_sees_its_alerts_first_on_its_overview(sign_in: SignIn, make: Factory) -> None:
    s = make.parties(start=clock.today() - timedelta(days=30))
    make.incident(s.placement, IncidentSeverity.SEVERE)
    for user in (s.owner, s.worker, s.staff, make.user(Role.COORDINATOR)):
        page = sign_in(user).get("/")
        assert page.status_code == 200
        assert "Serious incident" in text(page), user.role
        main = page.text[page.text.index("<main") :]
        assert main.index('id="alerts-title"') < main.index("<section", main.index('id="alerts-title"'))


def test_bar_labels_wrap_under_their_bar() -> None:
    assert wrap_label("Rue ou hébergement d'urgence", 11) == ["Rue ou", "hébergement", "d'urgence"]
    assert wrap_label("Hôpital ou établissement de soins", 11) == ["Hôpital ou", "établissem…", "de soins"]
    assert wrap_label("one two three four five six", 3) == ["one", "two", "th…"]
