"""A wall between a user's SPARQL query and the network.

Oxigraph answers ``SERVICE <url>`` by sending the query to ``url`` over
HTTP. Users' queries are checked before they run
(:func:`kg.sparql.syntax.check_query`), but a check reads the text with its
own lexer, and a lexer can disagree with the engine's parser on a hostile
text. So the processes that run users' queries also shut the network out at
the operating system: :func:`forbid_network` installs a seccomp filter under
which the process is killed (``SIGSYS``) the moment anything in it asks the
kernel for a socket — the engine's own attempt to open a connection, however
the query text was spelt, ``SERVICE SILENT`` included. Whoever started the
process sees that signal in its exit status (:func:`was_stopped_for_network`)
and refuses the query.

The filter is irrevocable and inherited by children. It is installed only in
worker processes made for the purpose, never in the process of a caller
(tests, ``kg serve``'s HTTP side) that still needs sockets.

Supported on Linux x86-64 and AArch64; elsewhere :func:`forbid_network`
returns ``False`` and the lexer's check is the only guard, which
:data:`UNAVAILABLE` says in a warning.

Examples
--------
>>> NETWORK_REFUSED
'the query tried to reach the network (SERVICE): queries never reach the network here'
"""

from __future__ import annotations

import ctypes
import platform
import signal
import struct
import sys

__all__ = ["NETWORK_REFUSED", "UNAVAILABLE", "forbid_network", "was_stopped_for_network"]

#: The refusal given when the wall stopped a query.
NETWORK_REFUSED = (
    "the query tried to reach the network (SERVICE): queries never reach the network here"
)
#: Said once when this platform has no wall.
UNAVAILABLE = (
    "this platform cannot shut the query workers out of the network (Linux x86-64 or AArch64 "
    "only): SERVICE is refused by reading the query text alone"
)

# Linux ABI constants (linux/prctl.h, linux/seccomp.h, linux/filter.h, linux/audit.h).
_PR_SET_NO_NEW_PRIVS = 38
_SECCOMP_SET_MODE_FILTER = 1
_RET_KILL_PROCESS = 0x80000000
_RET_ALLOW = 0x7FFF0000
_LD_W_ABS = 0x20  # BPF_LD | BPF_W | BPF_ABS
_JEQ = 0x15  # BPF_JMP | BPF_JEQ | BPF_K
_JGE = 0x35  # BPF_JMP | BPF_JGE | BPF_K
_RET = 0x06  # BPF_RET | BPF_K
_X32_BIT = 0x40000000

#: Per machine: audit architecture, syscall numbers of socket, io_uring_setup, seccomp.
_MACHINES = {
    "x86_64": (0xC000003E, 41, 425, 317),
    "aarch64": (0xC00000B7, 198, 425, 277),
}


class _Program(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]


def _filter(arch: int, socket_nr: int, uring_nr: int) -> bytes:
    """The BPF program: other ABIs and ``socket``/``io_uring_setup`` kill, the rest is allowed.

    Every socket the process needs (the pipe to its parent) exists before
    the filter; io_uring is shut too, since it can open sockets without the
    ``socket`` call.
    """

    def op(code: int, true: int, false: int, k: int) -> bytes:
        return struct.pack("HBBI", code, true, false, k)

    return b"".join(
        [
            op(_LD_W_ABS, 0, 0, 4),  # seccomp_data.arch
            op(_JEQ, 1, 0, arch),
            op(_RET, 0, 0, _RET_KILL_PROCESS),  # another ABI (i386, x32 tables): no
            op(_LD_W_ABS, 0, 0, 0),  # seccomp_data.nr
            op(_JGE, 2, 0, _X32_BIT),
            op(_JEQ, 1, 0, socket_nr),
            op(_JEQ, 0, 1, uring_nr),
            op(_RET, 0, 0, _RET_KILL_PROCESS),
            op(_RET, 0, 0, _RET_ALLOW),
        ]
    )


def forbid_network() -> bool:
    """Kill this process if it ever asks for a socket; ``False`` where that is unsupported.

    Call it first thing in a process that will run users' queries. Cannot
    be undone.

    Raises
    ------
    OSError
        When the kernel refuses the filter on a supported machine.
    """
    machine = _MACHINES.get(platform.machine()) if sys.platform == "linux" else None
    if machine is None:
        return False
    arch, socket_nr, uring_nr, seccomp_nr = machine
    code = _filter(arch, socket_nr, uring_nr)
    buffer = ctypes.create_string_buffer(code, len(code))
    program = _Program(len(code) // 8, ctypes.cast(buffer, ctypes.c_void_p))
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_NO_NEW_PRIVS) failed")
    if libc.syscall(seccomp_nr, _SECCOMP_SET_MODE_FILTER, 0, ctypes.byref(program)) != 0:
        raise OSError(ctypes.get_errno(), "seccomp(SECCOMP_SET_MODE_FILTER) failed")
    return True


def was_stopped_for_network(exitcode: int | None) -> bool:
    """Whether a worker's exit status is the wall's (killed by ``SIGSYS``).

    >>> was_stopped_for_network(-31), was_stopped_for_network(0)
    (True, False)
    """
    sigsys = getattr(signal, "SIGSYS", 31)
    return exitcode == -sigsys
