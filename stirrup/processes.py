"""Which process does a piece of background work, and whether it is still alive: a round's row
names its worker (``host:pid:start``) so that, once that process is gone, the round can be failed
at once instead of when its heartbeat grows old.

``start`` is the process's start time as Linux counts it (``/proc/PID/stat``), so that a pid taken
again by a later process — a restarted container's server often gets the same one — is not taken
for the one that died. Where there is no ``/proc``, it is empty and the pid alone is checked.
"""

from __future__ import annotations

import os
import socket
from pathlib import Path


def identity() -> str:
    """This process, as ``host:pid:start``."""
    pid = os.getpid()
    return f"{socket.gethostname()}:{pid}:{_start(pid)}"


def is_gone(worker: str | None) -> bool:
    """Whether ``worker`` names a process of this host that no longer runs. A process of another
    host is not known to be gone: its heartbeat decides."""
    host, pid, start = _parts(worker or "")
    if host != socket.gethostname() or pid is None:
        return False
    try:
        os.kill(pid, 0)  # signal 0: only asks whether the process exists
    except ProcessLookupError:
        return True
    except PermissionError:  # it exists, under another user
        pass
    return bool(start) and _start(pid) not in ("", start)  # the pid now names another process


def _parts(worker: str) -> tuple[str, int | None, str]:
    host, _, rest = worker.partition(":")
    pid, _, start = rest.partition(":")
    return host, int(pid) if pid.isdigit() else None, start


def _start(pid: int) -> str:
    """The process's start time in clock ticks since boot (field 22 of ``/proc/PID/stat``)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return ""
    fields = stat.rpartition(")")[2].split()  # after the command name, which may hold spaces
    return fields[19] if len(fields) > 19 else ""
