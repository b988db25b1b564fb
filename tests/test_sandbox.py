"""The wall around query workers: a process that forbade itself the network cannot open a socket."""

from __future__ import annotations

import platform
import subprocess
import sys

import pytest

from kg.sparql.sandbox import was_stopped_for_network

pytestmark = pytest.mark.skipif(
    sys.platform != "linux" or platform.machine() not in ("x86_64", "aarch64"),
    reason="the network wall needs Linux on x86-64 or AArch64",
)

AFTER_THE_WALL = """
import socket, sys
from kg.sparql.sandbox import forbid_network
left, right = socket.socketpair()      # made before the wall: still usable
assert forbid_network()
left.send(b"ok"); assert right.recv(2) == b"ok"
print("walled", flush=True)
{action}
print("still alive", flush=True)
"""


@pytest.mark.parametrize(
    "action",
    [
        "socket.socket(socket.AF_INET, socket.SOCK_STREAM)",
        "socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)",
        "socket.socket(socket.AF_UNIX)",
        "socket.create_connection(('127.0.0.1', 9), timeout=1)",
        "socket.getaddrinfo('example.org', 80)",
    ],
)
def test_asking_for_a_socket_after_the_wall_kills_the_process(action: str) -> None:
    code = AFTER_THE_WALL.format(action=action)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.stdout == "walled\n"
    assert was_stopped_for_network(done.returncode)


def test_the_rest_of_the_process_works_behind_the_wall() -> None:
    code = AFTER_THE_WALL.format(
        action="import pyoxigraph; print(len(list(pyoxigraph.Store().query('SELECT * {}'))))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "walled\n1\nstill alive\n"
