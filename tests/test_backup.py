"""stirrup db backup: a consistent copy of a live SQLite database, restored and compared; for
PostgreSQL it says how to use pg_dump."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select, text
from typer.testing import CliRunner

from stirrup.cli import app
from stirrup.db import Base, make_engine, transaction
from stirrup.models import Organisation, OrganisationKind
from tests.factories import Factory


def table_rows(engine: Engine) -> dict[str, list[tuple]]:
    with engine.connect() as connection:
        return {
            table.name: sorted(map(tuple, connection.execute(select(table))), key=repr)
            for table in Base.metadata.sorted_tables
        }


def test_a_restored_backup_equals_the_database(
    runner: CliRunner,
    database_url: str,
    engine: Engine,
    make: Factory,
    tmp_path: Path,
) -> None:
    make.parties()
    target = tmp_path / "copy.db"
    result = runner.invoke(app, ["db", "backup", str(target)])
    if not database_url.startswith("sqlite"):
        assert result.exit_code == 2 and "pg_dump --format=custom" in result.output
        return
    assert result.exit_code == 0, result.output
    assert "integrity check: ok" in result.output
    restored = make_engine(f"sqlite:///{target}")
    try:
        assert table_rows(restored) == table_rows(engine)
        with restored.connect() as connection:
            assert connection.execute(text("PRAGMA foreign_key_check")).all() == []
    finally:
        restored.dispose()
    again = runner.invoke(app, ["db", "backup", str(target)])
    assert again.exit_code == 2 and "exists already" in again.output


def test_a_backup_taken_during_writes_holds_whole_transactions(
    database_url: str, engine: Engine, tmp_path: Path
) -> None:
    if not database_url.startswith("sqlite"):
        pytest.skip("the online backup API is SQLite's; PostgreSQL uses pg_dump")
    from stirrup.backup import backup_sqlite

    stop = threading.Event()

    def write_pairs() -> None:
        n = 0
        while not stop.is_set():
            with transaction(engine) as db:  # two rows a transaction: a copy has both or neither
                db.add_all(
                    Organisation(kind=OrganisationKind.SOCIAL_SERVICE, name=f"Pair {n} {side}")
                    for side in ("a", "b")
                )
            n += 1

    writer = threading.Thread(target=write_pairs)
    writer.start()
    try:
        copies = [tmp_path / f"live-{i}.db" for i in range(3)]
        for copy in copies:
            backup_sqlite(database_url, copy)
    finally:
        stop.set()
        writer.join()
    for copy in copies:
        restored = make_engine(f"sqlite:///{copy}")
        with restored.connect() as connection:
            count = connection.execute(select(func.count()).select_from(Organisation)).scalar_one()
        restored.dispose()
        assert count % 2 == 0, f"{copy.name} holds half a transaction"
