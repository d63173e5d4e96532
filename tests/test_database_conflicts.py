"""When PostgreSQL breaks a deadlock or a serialisation failure by failing one of two transactions,
the loser hears 409 "try again", not 500."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.exc import OperationalError

from stirrup.app import create_app
from stirrup.config import Settings


class _PgError(Exception):
    def __init__(self, sqlstate: str) -> None:
        super().__init__("could not serialize access")
        self.sqlstate = sqlstate


@pytest.mark.parametrize(("sqlstate", "status"), [("40P01", 409), ("40001", 409), ("08006", 500)])
def test_a_transaction_failed_by_the_database_is_a_conflict(sqlstate: str, status: int, tmp_path) -> None:
    app = create_app(Settings(database_url=f"sqlite:///{tmp_path / 'x.db'}"))

    @app.get("/api/v1/test-database-failure")
    def fail() -> None:
        raise OperationalError("UPDATE homes …", {}, _PgError(sqlstate))

    answer = TestClient(app, raise_server_exceptions=False).get("/api/v1/test-database-failure")
    assert answer.status_code == status
    if status == 409:
        assert "try again" in answer.json()["error"]["message"]
