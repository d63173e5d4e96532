"""Which process does a piece of background work, and whether it is still alive: a round's row
names its worker (``host:pid``) so that, once that process is gone, the round can be failed at
once instead of when its heartbeat grows old."""

from __future__ import annotations

import os
import socket


def identity() -> str:
    """This process, as ``host:pid``."""
    return f"{socket.gethostname()}:{os.getpid()}"


def is_gone(worker: str | None) -> bool:
    """Whether ``worker`` names a process of this host that no longer runs. A process of another
    host (or a pid now taken by another process) is not known to be gone: the heartbeat decides."""
    host, _, pid = (worker or "").rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)  # signal 0: only asks whether the process exists
    except ProcessLookupError:
        return True
    except PermissionError:  # it exists, under another user
        return False
    return False
