"""Matching rounds on the site: a coordinator starts one over some communes, the page follows it
until it is done (htmx asks for its state again; without JavaScript a button reloads), then shows
the solver's result, each proposal with why this home, and the households without a proposal with
their reasons in plain words — under their pseudonymous reference only."""

from __future__ import annotations

import time
from collections.abc import Callable

from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from stirrup.models import MatchingRun, MatchingRunKind, MatchingRunStatus, Role, RoundStage
from tests.factories import Factory
from tests.pages.html import csrf, error_of, links, soup, squash, text

SignIn = Callable[..., TestClient]

HTMX = {"HX-Request": "true"}


def start_form(page: Response, **changes: str) -> dict[str, str]:
    values = {
        "csrf_token": csrf(page),
        "territory.kind": "communes",
        "territory.departement": "",
        "territory.communes": "Roubaix, Tourcoing",
        "time_limit_s": "5",
        "max_radius_km": "",
        "weights.distance": "40",
        "weights.preferred_commune": "30",
        "weights.size_fit": "30",
        "replace_unanswered": "1",
    }
    values.update(changes)
    return values


def followed_until_done(client: TestClient, path: str) -> Response:
    """Ask for the round's state as htmx does, until the answer no longer asks again."""
    for _ in range(600):
        part = client.get(path, headers=HTMX)
        assert part.status_code == 200 and "<html" not in part.text  # only the part that changes
        if not soup(part).find(attrs={"hx-trigger": "every 2s"}):
            return client.get(path)
        time.sleep(0.05)
    raise AssertionError("the round did not finish")


def rounds_count(db: Session) -> int:
    db.rollback()
    return db.scalar(select(func.count()).select_from(MatchingRun)) or 0


def test_a_coordinator_runs_a_round_and_reads_its_result(sign_in: SignIn, make: Factory) -> None:
    make.association()
    make.home(street="8 rue Pierre de Roubaix", rooms=3, bedrooms=2)
    fits = make.household(priority=4)
    too_big = make.household(adults=2, children=5, contact_name="Jeanne Secret")
    client = sign_in(make.user(Role.COORDINATOR))
    form = client.get("/rounds/new")
    started = client.post("/rounds/new", data=start_form(form))
    assert "The round has started." in text(started)
    path = str(started.url.path)
    assert path.startswith("/rounds/")
    if soup(started).find(attrs={"hx-trigger": "every 2s"}):  # still running: a way to reload without JS
        assert path in links(started)
    done = squash(text(followed_until_done(client, path)))
    assert "Done" in done and "the best placements possible (proven)" in done
    assert "New proposals 1" in done and "Households without a proposal 1" in done
    assert f"{fits.reference} → 8 rue Pierre de Roubaix, Roubaix" in done
    assert too_big.reference in done and "too small" in done  # the reasons, in plain words
    assert "Jeanne Secret" not in done and "Camille Martin" not in done  # pseudonymised
    assert any(link.startswith("/proposals/") for link in links(client.get(path)))
    listed = text(client.get("/rounds"))
    assert "Roubaix" in listed and "Tourcoing" in listed


def test_a_round_form_shows_its_errors_beside_the_fields_and_starts_nothing(
    sign_in: SignIn, make: Factory, db: Session
) -> None:
    client = sign_in(make.user(Role.COORDINATOR))
    form = client.get("/rounds/new")
    wrong = client.post(
        "/rounds/new", data=start_form(form, **{"territory.kind": "departement", "time_limit_s": "0"})
    )
    assert wrong.status_code == 422
    assert error_of(wrong, "territory.departement")
    assert error_of(wrong, "time_limit_s") == "Error: Enter a number greater than 0."
    unknown = client.post(
        "/rounds/new", data=start_form(form, **{"territory.communes": "Nulle-Part-sur-Mer"})
    )
    assert unknown.status_code == 422 and error_of(unknown, "territory.communes")
    assert soup(unknown).find(id="f-territory-communes")["value"] == "Nulle-Part-sur-Mer"  # type: ignore[index]
    assert rounds_count(db) == 0


def test_a_round_over_a_territory_already_being_matched_is_refused(
    sign_in: SignIn, make: Factory, db: Session
) -> None:
    make.db.add(
        MatchingRun(
            kind=MatchingRunKind.ROUND,
            status=MatchingRunStatus.RUNNING,
            stage=RoundStage.SOLVING,
            territory={"kind": "all"},
            territory_key="all",
        )
    )
    make.db.commit()
    client = sign_in(make.user(Role.COORDINATOR), lang="fr")
    refused = client.post("/rounds/new", data=start_form(client.get("/rounds/new")))
    assert refused.status_code == 409
    assert "Un tour est déjà en cours sur ce territoire" in text(refused)
    assert rounds_count(db) == 1


def test_a_failed_round_is_started_again(sign_in: SignIn, make: Factory, db: Session) -> None:
    failed = MatchingRun(
        kind=MatchingRunKind.ROUND,
        status=MatchingRunStatus.FAILED,
        stage=RoundStage.FAILED,
        territory={"kind": "departement", "departement": "59"},
        territory_key="departement:59",
        parameters={"time_limit_s": 2},
    )
    make.db.add(failed)
    make.db.commit()
    client = sign_in(make.user(Role.COORDINATOR))
    page = client.get(f"/rounds/{failed.id}")
    assert "Département 59" in text(page) and "Start it again with the same options" in text(page)
    again = client.post(f"/rounds/{failed.id}/restart", data={"csrf_token": csrf(page)})
    assert "The round has started." in text(again) and again.url.path != f"/rounds/{failed.id}"
    followed_until_done(client, again.url.path)
    assert rounds_count(db) == 2


def test_rounds_are_the_coordinators_tool(sign_in: SignIn, make: Factory) -> None:
    client = sign_in(make.user(Role.SOCIAL_WORKER))
    assert client.get("/rounds").status_code == 403
    assert client.get("/rounds/new").status_code == 403
    assert "/rounds" not in links(client.get("/"))
