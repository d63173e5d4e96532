"""Load test: 50 users browsing and writing for 2 minutes against a demo database on PostgreSQL.

Not part of the test suite (it needs a quiet machine). Run it with ``benchmarks/load.sh``, which
builds the demo data on a scratch PostgreSQL database, serves it with two workers, runs locust
headless and prints the p50/p95 table to copy into docs/performance.md. Targets: p95 under 200 ms
for pages, under 50 ms for API reads; no error.
"""

from __future__ import annotations

import itertools
import os
import random
import re
from pathlib import Path

from locust import HttpUser, between, task

#: One account per simulated person (``benchmarks/load.sh`` gives that many demo accounts a known
#: password and lists them here as ``email,role``): people sign in to their own account, so the run
#: measures the site, not 50 sign-ins queueing on one account's row.
ACCOUNTS = Path(os.environ.get("STIRRUP_LOAD_ACCOUNTS", "artifacts/load_accounts.csv"))
PASSWORD = os.environ.get("STIRRUP_LOAD_PASSWORD", "load-test-passphrase")
_accounts = itertools.cycle(line.split(",") for line in ACCOUNTS.read_text().split())


class Visitor(HttpUser):
    """One signed-in person: 80 % page and API reads, the rest writes, a second or two apart."""

    wait_time = between(0.5, 2)

    def on_start(self) -> None:
        email, self.role = next(_accounts)
        password = PASSWORD
        answer = self.client.post("/api/v1/auth/token", json={"email": email, "password": password})
        self.headers = {"Authorization": f"Bearer {answer.json()['access_token']}"}
        page = self.client.get("/login")
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
        form = {
            "email": email,
            "password": password,
            "next": "/",
            "csrf_token": csrf.group(1) if csrf else "",
        }
        self.client.post("/login", data=form, name="POST /login")
        homes = self.client.get("/api/v1/homes?page_size=20", headers=self.headers, name="API GET /homes")
        self.home_ids = [home["id"] for home in homes.json().get("items", [])]

    @task(6)
    def dashboard(self) -> None:
        self.client.get("/", name="page /")

    @task(6)
    def api_homes(self) -> None:
        self.client.get("/api/v1/homes?page_size=20", headers=self.headers, name="API GET /homes")

    @task(4)
    def api_households(self) -> None:
        self.client.get("/api/v1/households?page_size=20", headers=self.headers, name="API GET /households")

    @task(4)
    def api_placements(self) -> None:
        self.client.get("/api/v1/placements?page_size=20", headers=self.headers, name="API GET /placements")

    @task(2)
    def api_home(self) -> None:
        if self.home_ids:
            home_id = random.choice(self.home_ids)  # noqa: S311 - picking a page, not a secret
            self.client.get(f"/api/v1/homes/{home_id}", headers=self.headers, name="API GET /homes/{id}")

    @task(2)
    def write(self) -> None:
        if self.role in ("landlord", "coordinator") and self.home_ids:
            home_id = random.choice(self.home_ids)  # noqa: S311
            self.client.patch(
                f"/api/v1/homes/{home_id}",
                json={"notes": "load test"},
                headers=self.headers,
                name="API PATCH /homes/{id}",
            )
        else:
            self.client.get("/api/v1/users/me", headers=self.headers, name="API GET /users/me")
