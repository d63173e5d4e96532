"""Test fixtures. Every test that touches the database runs twice: on SQLite and on PostgreSQL.

The PostgreSQL run uses a fresh database created for the session on the server named by
``STIRRUP_TEST_POSTGRES_URL`` (default: the local server, user postgres, database test). Where no
server answers, those runs are skipped with the reason — unless ``STIRRUP_REQUIRE_POSTGRES=1``
(set by .ci/run), where they fail.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator

import psycopg
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from stirrup import migrate
from stirrup.app import create_app
from stirrup.config import Settings, get_settings
from stirrup.db import Base, make_engine, open_session
from stirrup.models import DraftHome, EnergyClass, Role, User
from tests.factories import Factory

POSTGRES_URL = os.environ.get(
    "STIRRUP_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
REQUIRE_POSTGRES = os.environ.get("STIRRUP_REQUIRE_POSTGRES") == "1"


def _admin_dsn(url: str) -> str:
    parsed = make_url(url)
    return parsed.set(drivername="postgresql").render_as_string(hide_password=False)


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('sqlite') / 'stirrup-test.db'}"
        return
    try:
        admin = psycopg.connect(_admin_dsn(POSTGRES_URL), autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as error:
        reason = f"PostgreSQL not reachable at {POSTGRES_URL} ({str(error).strip().splitlines()[0]})"
        if REQUIRE_POSTGRES:
            pytest.fail(f"{reason}; STIRRUP_REQUIRE_POSTGRES=1 makes the PostgreSQL runs mandatory")
        pytest.skip(f"{reason}; set STIRRUP_TEST_POSTGRES_URL to run the tests on PostgreSQL too")
    name = f"stirrup_test_{os.getpid()}_{secrets.token_hex(3)}"
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(_admin_dsn(POSTGRES_URL), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def migrated_engine(database_url: str) -> Iterator[Engine]:
    """The test database, built by running the real migrations."""
    engine = make_engine(database_url)
    migrate.upgrade(engine)
    yield engine
    engine.dispose()


def _empty_tables(engine: Engine) -> None:
    tables = [table.name for table in reversed(Base.metadata.sorted_tables)]
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            connection.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
        else:
            for table in tables:
                connection.execute(text(f"DELETE FROM {table}"))


@pytest.fixture
def engine(migrated_engine: Engine) -> Iterator[Engine]:
    """The migrated database, emptied after each test."""
    yield migrated_engine
    _empty_tables(migrated_engine)


@pytest.fixture
def db(engine: Engine) -> Iterator[Session]:
    """A session for arranging and checking data; what it commits is visible to the app.

    It is not a write session: on SQLite that would hold the write lock and block the app. Call
    ``db.rollback()`` before checking what the app wrote, to end any snapshot the session holds."""
    session = open_session(engine, write=False)
    yield session
    session.rollback()
    session.close()


@pytest.fixture
def make(db: Session) -> Factory:
    return Factory(db)


@pytest.fixture
def team(make: Factory) -> User:
    """A coordinator of the vacant-housing team that imported ``draft``."""
    return make.user(Role.COORDINATOR)


@pytest.fixture
def draft(make: Factory, team: User) -> DraftHome:
    """A vacant home from ``team``'s Zéro Logement Vacant import, its owner invited, no account linked."""
    return make.draft_home(
        team,
        address="12  Rue de la Paix 59100 Roubaix",
        latitude=50.6942,
        longitude=3.1746,
        surface_m2=45.0,
        rooms=2,
        energy_class=EnergyClass.D,
    )


@pytest.fixture
def settings(database_url: str) -> Settings:
    return Settings(database_url=database_url)


@pytest.fixture
def client(settings: Settings, engine: Engine) -> Iterator[TestClient]:
    with TestClient(create_app(settings, engine), base_url="http://testserver") as test_client:
        yield test_client


@pytest.fixture
def runner(database_url: str, engine: Engine, monkeypatch: pytest.MonkeyPatch) -> Iterator[CliRunner]:
    """The command line, on the test database (through ``STIRRUP_DATABASE_URL``, as for real)."""
    monkeypatch.setenv("STIRRUP_DATABASE_URL", database_url)
    get_settings.cache_clear()
    yield CliRunner()
    get_settings.cache_clear()
