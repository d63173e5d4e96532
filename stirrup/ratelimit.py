"""A per-client rate limit for public endpoints that anyone may call without an account.

Fixed windows counted in this process's memory: enough to stop one client from turning a free
computation into a denial of service. Several worker processes each count on their own, so the
real limit is the setting times the number of workers; a shared limiter belongs in the proxy.
"""

from __future__ import annotations

import math
import threading
from datetime import datetime, timedelta

from stirrup import clock
from stirrup.errors import TooManyRequests

#: Forget idle clients once this many are tracked, so that memory stays bounded.
_MAX_TRACKED = 10_000


class RateLimiter:
    """At most ``limit`` calls per ``window`` for each key (a client address); ``message`` says
    what was refused."""

    def __init__(self, limit: int, window: timedelta, message: str) -> None:
        self.limit, self.window, self.message = limit, window, message
        self._windows: dict[str, tuple[datetime, int]] = {}
        self._lock = threading.Lock()

    def check(self, key: str) -> None:
        """Count one call for ``key``; raise TooManyRequests (with Retry-After) beyond the limit."""
        now = clock.now()
        with self._lock:
            if len(self._windows) >= _MAX_TRACKED:
                self._windows = {k: w for k, w in self._windows.items() if now - w[0] < self.window}
            started, count = self._windows.get(key, (now, 0))
            if now - started >= self.window:
                started, count = now, 0
            if count >= self.limit:
                wait = math.ceil((started + self.window - now).total_seconds())
                raise TooManyRequests(self.message, max(wait, 1))
            self._windows[key] = (started, count + 1)
