"""A job run every N seconds in a daemon thread of the server (the housekeeping, the sender of
notifications): a turn that fails is logged and the next one tries again."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

log = logging.getLogger(__name__)


class Periodic:
    """Runs ``turn`` every ``interval_s`` seconds from :meth:`start` to :meth:`stop` (never when 0)."""

    def __init__(self, name: str, interval_s: float, turn: Callable[[], object]) -> None:
        self._name, self._interval_s, self._turn = name, interval_s, turn
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name=name, daemon=True)

    def start(self) -> None:
        if self._interval_s > 0:
            self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                log.info("%s: %s", self._name, self._turn())
            except Exception:  # the next turn may succeed (the database was away, say)
                log.exception("%s: the turn failed", self._name)
            self._stop.wait(self._interval_s)
