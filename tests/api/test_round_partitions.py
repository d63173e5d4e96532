"""Rounds over every territory solved département by département (STIRRUP_ROUND_PARTITIONS)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from stirrup.app import create_app
from stirrup.config import Settings
from stirrup.deps import SESSION_COOKIE
from stirrup.models import Placement, PlacementStatus, Role, SessionKind
from stirrup.services import pools
from tests.factories import Factory
from tests.pages.html import soup
from tests.workflow import run_round

ARRAS = {"insee": "62041", "commune": "Arras", "lat": 50.2897, "lon": 2.7810}


def partitioned_client(database_url: str, engine: Engine, workers: int) -> Iterator[TestClient]:
    settings = Settings(database_url=database_url, round_partitions="departement", round_workers=workers)
    with TestClient(create_app(settings, engine), base_url="http://testserver") as client:
        yield client


@pytest.fixture
def two_workers(database_url: str, engine: Engine) -> Iterator[TestClient]:
    yield from partitioned_client(database_url, engine, workers=2)


@pytest.fixture
def one_worker(database_url: str, engine: Engine) -> Iterator[TestClient]:
    yield from partitioned_client(database_url, engine, workers=1)


def two_departements(make: Factory) -> None:
    """Roubaix (59) and Arras (62): households, homes and an association in each, more households
    than homes so that the solver has choices to make."""
    make.association(capacity=5)
    make.association(
        base_commune="Arras", base_latitude=ARRAS["lat"], base_longitude=ARRAS["lon"], capacity=5
    )
    for children, priority in ((1, 5), (0, 3), (2, 2)):
        make.household(children=children, priority=priority)
        make.household(
            children=children,
            priority=priority,
            anchor_commune="Arras",
            anchor_insee_code=ARRAS["insee"],
            anchor_latitude=ARRAS["lat"],
            anchor_longitude=ARRAS["lon"],
        )
    for bedrooms, occupants in ((1, 3), (2, 4)):
        make.home(bedrooms=bedrooms, rooms=bedrooms + 1, max_occupants=occupants)
        make.home(
            bedrooms=bedrooms,
            rooms=bedrooms + 1,
            max_occupants=occupants,
            postal_code="62000",
            commune="Arras",
            insee_code=ARRAS["insee"],
            latitude=ARRAS["lat"],
            longitude=ARRAS["lon"],
        )


def pending(db: Session) -> set[tuple[int, int, int]]:
    db.rollback()
    rows = db.execute(
        select(Placement.household_id, Placement.home_id, Placement.association_id).where(
            Placement.status == PlacementStatus.PROPOSED
        )
    )
    return {tuple(row) for row in rows}  # type: ignore[misc]


def test_a_partitioned_round_proposes_what_each_departement_alone_proposes(
    two_workers: TestClient, make: Factory, db: Session
) -> None:
    two_departements(make)
    coordinator = make.headers(make.user(Role.COORDINATOR))
    for code in ("59", "62"):
        alone = run_round(two_workers, coordinator, territory={"kind": "departement", "departement": code})
        assert alone["status"] == "done" and alone["partitions"] == []
    each_alone = pending(db)
    assert len(each_alone) == 4  # two homes in each département

    both = run_round(two_workers, coordinator)  # everywhere: one part per département, two workers

    assert both["status"] == "done" and both["error"] is None
    parts = {p["departement"]: p for p in both["partitions"]}
    assert set(parts) == {"59", "62"} and all(p["status"] == "done" for p in parts.values())
    # The same placements: every unanswered proposal confirmed, none replaced, none added.
    assert both["counts"]["confirmed"] == 4
    assert both["counts"]["proposals"] == both["counts"]["superseded"] == 0
    assert pending(db) == each_alone
    assert all(p["peak_rss_mb"] > 0 and p["timings_s"]["total"] > 0 for p in parts.values())


def test_a_failed_departement_is_reported_and_the_others_proposals_kept(
    one_worker: TestClient, make: Factory, db: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    two_departements(make)
    coordinator = make.headers(make.user(Role.COORDINATOR))
    for_round = pools.for_round

    def broken_in_62(session: Session, territory: Any, *args: Any) -> pools.Pool:
        if territory.departement == "62":
            raise RuntimeError("database of 62 unreachable")
        return for_round(session, territory, *args)

    monkeypatch.setattr(pools, "for_round", broken_in_62)
    done = run_round(one_worker, coordinator)

    assert done["status"] == "done"
    assert done["error"] == "département 62: RuntimeError: database of 62 unreachable"
    parts = {p["departement"]: p for p in done["partitions"]}
    assert (parts["62"]["status"], parts["62"]["error"]) == (
        "failed",
        "RuntimeError: database of 62 unreachable",
    )
    assert parts["59"]["status"] == "done" and done["counts"]["proposals"] == 2
    db.rollback()
    kept = db.scalars(select(Placement).where(Placement.matching_run_id == done["id"])).all()
    assert len(kept) == 2 and {p.home_id for p in kept} <= {h for _, h, _ in pending(db)}
    # The round's page says which département failed.
    db.rollback()
    one_worker.cookies.set(SESSION_COOKIE, make.token(make.user(Role.COORDINATOR), SessionKind.WEB))
    one_worker.cookies.set("stirrup_lang", "en")
    page = one_worker.get(f"/rounds/{done['id']}")
    assert page.status_code == 200
    warning = soup(page).find(id="failed-parts").get_text()  # type: ignore[union-attr]
    assert "département 62: RuntimeError: database of 62 unreachable" in " ".join(warning.split())


def test_households_without_an_insee_code_are_matched_in_a_last_part(
    one_worker: TestClient, make: Factory, db: Session
) -> None:
    two_departements(make)
    for _ in range(2):  # more homes than households in Roubaix: some are left for the last part
        make.home(bedrooms=2, rooms=3, max_occupants=4)
    unlocated = make.household(anchor_insee_code=None)  # next to Roubaix, its commune unknown
    coordinator = make.headers(make.user(Role.COORDINATOR))

    done = run_round(one_worker, coordinator)

    assert [p["departement"] for p in done["partitions"]] == ["59", "62", "rest"]
    assert all(p["status"] == "done" for p in done["partitions"])
    rest = done["partitions"][2]["counts"]
    # The last part matches the unlocated household alone, with a home still free near Roubaix.
    assert rest["households"] == 1 and rest["superseded"] == 0 and rest["proposals"] == 1
    assert unlocated.id in {hh for hh, _, _ in pending(db)}


def test_the_deployment_s_candidate_cap_is_recorded_with_the_round_and_its_cuts_counted(
    database_url: str, engine: Engine, make: Factory
) -> None:
    two_departements(make)
    for _ in range(4):  # six homes in Roubaix: more than a household keeps with a cap of 1
        make.home(bedrooms=2, rooms=3, max_occupants=4)
    coordinator = make.headers(make.user(Role.COORDINATOR))
    settings = Settings(
        database_url=database_url, round_partitions="departement", round_workers=1, round_candidate_cap=1
    )
    with TestClient(create_app(settings, engine), base_url="http://testserver") as client:
        done = run_round(client, coordinator)

    assert done["status"] == "done" and done["parameters"]["max_candidates"] == 1
    parts = {p["departement"]: p["counts"] for p in done["partitions"]}
    # Each keeps its best home only: one association covers every home of its département.
    assert (parts["59"]["capped_households"], parts["62"]["capped_households"]) == (3, 1)
    assert done["counts"]["capped_households"] == 4
    assert [m.split(" had ")[0] for m in done["messages"]] == [
        "département 59: 3 household(s)",
        "département 62: 1 household(s)",
    ]
    assert all("more suitable homes than they kept (their 1 best" in m for m in done["messages"])
