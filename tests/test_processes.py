"""A round's worker, named ``host:pid:start``, is gone once its process has ended on this host —
or once its pid names another process; a worker of another host is never taken for gone."""

from __future__ import annotations

import os
import socket
import subprocess
import sys

from stirrup import processes


def test_this_process_is_not_gone() -> None:
    assert not processes.is_gone(processes.identity())
    assert processes.identity().startswith(f"{socket.gethostname()}:{os.getpid()}:")


def test_an_ended_process_is_gone() -> None:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    assert processes.is_gone(f"{socket.gethostname()}:{child.pid}:")


def test_a_pid_taken_again_by_another_process_is_gone() -> None:
    host, pid, start = processes.identity().split(":")
    if not start:  # no /proc here: only the pid can be checked
        return
    assert processes.is_gone(f"{host}:{pid}:{int(start) - 1}")


def test_a_worker_of_another_host_or_unreadable_is_not_known_to_be_gone() -> None:
    assert not processes.is_gone(f"not-{socket.gethostname()}:999999999:")
    assert not processes.is_gone(None)
    assert not processes.is_gone(f"{socket.gethostname()}:pid:")
