"""Helpers for tests of matching rounds: start one through the API and wait for the background
worker to finish it."""

from __future__ import annotations

import time
from typing import Any

from fastapi.testclient import TestClient


def wait_for_round(client: TestClient, round_id: int, headers: dict[str, str]) -> dict[str, Any]:
    """Poll the round, as a client would, until it is no longer running."""
    for _ in range(1200):
        answer = client.get(f"/api/v1/rounds/{round_id}", headers=headers)
        assert answer.status_code == 200, answer.text
        body: dict[str, Any] = answer.json()
        assert 0 <= body["progress"] <= 1
        if body["status"] != "running":
            return body
        time.sleep(0.05)
    raise AssertionError(f"round {round_id} did not finish")


def run_round(client: TestClient, headers: dict[str, str], **body: Any) -> dict[str, Any]:
    """Start a round (everywhere, short time limit by default) and return it once done."""
    body.setdefault("time_limit_s", 5)
    started = client.post("/api/v1/rounds", headers=headers, json=body)
    assert started.status_code == 202, started.text
    return wait_for_round(client, started.json()["id"], headers)
