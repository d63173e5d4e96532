"""A per-client rate limit for public endpoints that anyone may call without an account.

Fixed windows counted in the database (``rate_limit_windows``), so that every server process
sharing it counts the same calls: enough to stop one client from turning a free computation into
a denial of service, whichever process answers. One atomic upsert per call: a new window starts
when the old one is over; windows over for a while are deleted as calls come.
"""

from __future__ import annotations

import hashlib
import math
from datetime import timedelta

from sqlalchemy import Engine, case, delete
from sqlalchemy.dialects import postgresql, sqlite

from stirrup import clock
from stirrup.db import transaction
from stirrup.errors import TooManyRequests
from stirrup.models import RateLimitWindow


class RateLimiter:
    """At most ``limit`` calls per ``window`` for each key (a client address) of ``scope``;
    ``message`` says what was refused."""

    def __init__(self, engine: Engine, scope: str, limit: int, window: timedelta, message: str) -> None:
        self.engine, self.scope = engine, scope
        self.limit, self.window, self.message = limit, window, message

    def check(self, key: str) -> None:
        """Count one call for ``key``; raise TooManyRequests (with Retry-After) beyond the limit."""
        now = clock.now()
        digest = hashlib.sha256(f"{self.scope}:{key}".encode()).hexdigest()
        table = RateLimitWindow.__table__
        dialect = postgresql if self.engine.dialect.name == "postgresql" else sqlite
        over = table.c.started_at <= now - self.window
        stmt = dialect.insert(table).values(key=digest, started_at=now, calls=1)
        stmt = stmt.on_conflict_do_update(
            index_elements=[table.c.key],
            set_={
                "started_at": case((over, now), else_=table.c.started_at),
                "calls": case((over, 1), else_=table.c.calls + 1),
            },
        ).returning(table.c.started_at, table.c.calls)
        with transaction(self.engine) as db:
            started, calls = db.execute(stmt).one()
            db.execute(delete(RateLimitWindow).where(RateLimitWindow.started_at < now - 2 * self.window))
        if calls > self.limit:
            wait = math.ceil((started + self.window - now).total_seconds())
            raise TooManyRequests(self.message, max(wait, 1))
