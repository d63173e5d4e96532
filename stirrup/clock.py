"""The one source of "now": stored times are UTC, dates shown to people are Europe/Paris dates.

Tests (and the demo) can move the clock with :func:`travel`, so that alerts due in 25 days can be
checked without waiting for them.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

PARIS = ZoneInfo("Europe/Paris")

_offset = timedelta(0)


def now() -> datetime:
    """The current instant, timezone-aware UTC."""
    return datetime.now(UTC) + _offset


def today() -> date:
    """Today's date in Europe/Paris, the calendar the users live by."""
    return now().astimezone(PARIS).date()


@contextmanager
def travel(delta: timedelta) -> Iterator[None]:
    """Shift the clock by ``delta`` for the duration of the block."""
    global _offset
    previous = _offset
    _offset = previous + delta
    try:
        yield
    finally:
        _offset = previous
