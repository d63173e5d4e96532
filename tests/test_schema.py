"""The migrations build exactly the schema the models describe, and can be undone."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, inspect

from stirrup import migrate
from stirrup.db import Base, make_engine


def test_migrations_produce_the_models_schema(migrated_engine: Engine) -> None:
    with migrated_engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, Base.metadata)
    assert differences == []


def test_partial_unique_indexes_exist(migrated_engine: Engine) -> None:
    indexes = {ix["name"]: ix for ix in inspect(migrated_engine).get_indexes("placements")}
    assert indexes["uq_placements_live_home"]["unique"]
    assert indexes["uq_placements_live_household"]["unique"]


def test_migrations_downgrade_to_nothing_and_back(database_url: str, tmp_path) -> None:
    # A separate database so the shared one keeps its schema.
    url = f"sqlite:///{tmp_path / 'roundtrip.db'}" if database_url.startswith("sqlite") else database_url
    engine = make_engine(url) if url != database_url else None
    if engine is None:
        return _roundtrip_postgres(database_url)
    migrate.upgrade(engine)
    migrate.downgrade(engine, "base")
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    migrate.upgrade(engine)
    assert "placements" in inspect(engine).get_table_names()
    engine.dispose()


def _roundtrip_postgres(database_url: str) -> None:
    import secrets

    import psycopg
    from sqlalchemy.engine import make_url

    base = make_url(database_url)
    name = f"stirrup_roundtrip_{secrets.token_hex(3)}"
    dsn = base.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(dsn, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    engine = make_engine(base.set(database=name).render_as_string(hide_password=False))
    try:
        migrate.upgrade(engine)
        migrate.downgrade(engine, "base")
        assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
        migrate.upgrade(engine)
        assert "placements" in inspect(engine).get_table_names()
    finally:
        engine.dispose()
        with psycopg.connect(dsn, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
