"""The coordinators' map and figures: communes drawn from the gazetteer, homes and anchors counted
by commune (never a household more precisely), placements as lines, and the two charts."""

from __future__ import annotations

from collections.abc import Callable

from fastapi.testclient import TestClient

from stirrup.models import HomeStatus, HouseholdStatus, PlacementStatus, Role, User
from tests.factories import Factory
from tests.pages.html import soup, squash, text

SignIn = Callable[[User], TestClient]


def test_the_map_shows_homes_anchors_and_placements_by_commune(sign_in: SignIn, make: Factory) -> None:
    parties = make.parties(PlacementStatus.ACTIVE)
    make.home(insee_code="59599", commune="Tourcoing", status=HomeStatus.AVAILABLE)
    make.household(
        anchor_commune="Tourcoing", anchor_insee_code="59599", anchor_latitude=50.72, anchor_longitude=3.16
    )
    make.household(status=HouseholdStatus.EXITED)  # not drawn
    page = sign_in(make.user(Role.COORDINATOR)).get("/map")
    assert page.status_code == 200
    figure = soup(page).find("svg", attrs={"role": "img"})
    assert figure is not None and len(figure.select("path.commune")) > 1500
    homes = {c.title.get_text() for c in figure.select("g.homes circle")}
    anchors = {c.title.get_text() for c in figure.select("g.anchors circle")}
    assert homes == {"Roubaix: 1 home", "Tourcoing: 1 home"}
    # The exited household is not drawn; the placement's household is still "waiting" in the factory.
    assert anchors == {"Roubaix: 1 household waiting nearby", "Tourcoing: 1 household waiting nearby"}
    (line,) = figure.select("g.placements line")
    assert "a home in Roubaix, a household from Roubaix" in line.title.get_text()
    assert parties.household.reference not in page.text and "Camille" not in page.text


def test_the_charts_count_homes_by_status_and_waiting_households_by_priority(
    sign_in: SignIn, make: Factory
) -> None:
    owner = make.user(Role.LANDLORD)
    for status in (HomeStatus.AVAILABLE, HomeStatus.AVAILABLE, HomeStatus.DRAFT):
        make.home(owner=owner, status=status)
    worker = make.user(Role.SOCIAL_WORKER)
    make.household(referent=worker, priority=5)
    page = sign_in(make.user(Role.COORDINATOR)).get("/map")
    charts = soup(page).select("figure svg.chart")
    assert [c.title.get_text() for c in charts] == ["Homes by status", "Households waiting, by priority"]
    bars = {g.title.get_text() for g in charts[0].select("g")}
    assert {"Available: 2", "Draft: 1", "Occupied: 0"} <= bars
    assert "priority 5: 1" in {g.title.get_text() for g in charts[1].select("g")}
    assert "Available 2" in squash(text(page))  # the figures as a table too


def test_only_coordinators_and_admins_see_the_map(sign_in: SignIn, make: Factory) -> None:
    for role in (Role.LANDLORD, Role.SOCIAL_WORKER, Role.ASSOCIATION_STAFF):
        assert sign_in(make.user(role)).get("/map").status_code == 403
    assert sign_in(make.user(Role.ADMIN)).get("/map").status_code == 200
