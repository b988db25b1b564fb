"""Which build of the store a long-running server answers from.

A store folder holds a few builds (``builds/KEY.N``) and a ``CURRENT`` file
naming the newest good one, rewritten by every ``kg build`` and import
(:mod:`kg.store.build`), which also prune all but the newest few builds. A
server that kept the build it opened at its start would answer from stale
data, then not at all once that build is pruned. :class:`CurrentBuild`
follows ``CURRENT`` instead: every look costs one ``stat``; when the file
was replaced, it moves to the build it names, which the query workers open
before their next query (:class:`kg.sparql.workers.WorkerPool`).

A build outside a store folder's layout (a bare Oxigraph folder) is served
as it is.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from typing import NamedTuple

from kg.errors import StoreError
from kg.store import read_json
from kg.store.embedded import find_build

__all__ = ["Build", "CurrentBuild", "named_graphs"]

#: The file of a store folder naming its current build (written by kg.store.build).
_CURRENT = "CURRENT"


class Build(NamedTuple):
    """A build to open: its folder, and a number that changes whenever it must be reopened.

    The number changes even when the folder does not, since ``kg build
    --force`` replaces a build in its own folder.
    """

    path: str
    generation: int


def named_graphs(path: str) -> tuple[str, ...]:
    """The names of the graphs in the build at ``path``, sorted.

    Raises
    ------
    StoreError
        When the build cannot be opened.
    """
    import pyoxigraph as ox

    try:
        store = ox.Store.read_only(path)
    except OSError as exc:
        raise StoreError(f"cannot open the store at {path}: {exc}") from exc
    return tuple(sorted(g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode)))


class CurrentBuild:
    """The build to answer from: ``path`` at first, then whatever ``CURRENT`` names.

    Parameters
    ----------
    path : str
        The build opened at the start (``STORE/builds/KEY``, as
        :attr:`kg.store.EmbeddedStore.path`).
    on_move : callable, optional
        Called with a one-line message whenever the build changes.

    Attributes
    ----------
    graphs : tuple of str
        The named graphs of the current build.

    Raises
    ------
    StoreError
        When ``path`` cannot be opened.
    """

    def __init__(self, path: str, on_move: Callable[[str], None] | None = None) -> None:
        path = os.path.abspath(path)
        self.graphs = named_graphs(path)
        self._build = Build(path, 0)
        self._on_move = on_move
        self._lock = threading.Lock()
        builds = os.path.dirname(path)
        self._current: str | None = None
        if os.path.basename(builds) == "builds":
            self._current = os.path.join(os.path.dirname(builds), _CURRENT)
        self._stamp = self._look()
        # What CURRENT said at the start: the server keeps the build it was
        # given until CURRENT changes, even if CURRENT named another one then.
        self._named = self._read()

    def _look(self) -> tuple[int, int, int] | None:
        if self._current is None:
            return None
        try:
            found = os.stat(self._current)
        except OSError:
            return None
        return (found.st_ino, found.st_mtime_ns, found.st_size)

    def _read(self) -> tuple[str, str] | None:
        """The build CURRENT names and when it was made, if that build is complete."""
        if self._current is None:
            return None
        info = read_json(self._current) or {}
        key, built = info.get("fingerprint"), info.get("built_at")
        if not isinstance(key, str) or not key or "/" in key or key.startswith("."):
            return None
        path = find_build(os.path.dirname(self._current), key)
        if path is None:
            return None
        return path, str(built)

    def get(self) -> Build:
        """The build to answer from now, moving to the one ``CURRENT`` names if it changed."""
        stamp = self._look()
        if stamp == self._stamp:
            return self._build
        with self._lock:
            if stamp == self._stamp:
                return self._build
            named = self._read()
            if named is None or named == self._named:
                self._stamp = stamp
                return self._build
            try:
                graphs = named_graphs(named[0])
            except StoreError:
                return self._build  # not readable yet: look again next time
            self._stamp, self._named, self.graphs = stamp, named, graphs
            self._build = Build(named[0], self._build.generation + 1)
        if self._on_move is not None:
            self._on_move(
                f"the store was rebuilt ({named[1]}): answering from "
                f"{os.path.basename(named[0])} from now on"
            )
        return self._build
