"""The persistent embedded store: a read-only Oxigraph build per input state.

A build of at most :data:`SNAPSHOT_MAX_QUADS` quads also keeps them as
N-Quads (``snapshot.nq``), and :class:`EmbeddedStore` loads those into an
in-memory store instead of opening the database: a RocksDB database opens
in 11–15 ms whatever its size (a dozen column families, their table files),
while 1,300 quads load in under 2 ms. Larger builds open the database, whose
open costs the same and whose queries read only what they need; it opens in
a thread while the caller goes on (resolving names needs no query), and the
first query waits for it.

:func:`open_folder` opens the build matching the inputs, building it first
if needed (:mod:`kg.store.build`). A build is renamed into place only when
complete, under a name of its own (:func:`find_build`), so a failed or
interrupted build never replaces a good one and a reader never finds a build
half gone; when
the inputs changed but do not build, it answers from the last good build
and says so in :attr:`EmbeddedStore.warning`. Building (rdflib, pyshacl) is
imported only when needed.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, ClassVar

import pyoxigraph as ox

from kg.errors import InvalidDataError, StoreError
from kg.store.inputs import (
    BUILD_INFO,
    COUNTS_FILE,
    NAMES_FILE,
    SNAPSHOT_FILE,
    Inputs,
    PathLike,
    fingerprint,
    has_leftovers,
    read_json,
)
from kg.store.values import Binding, Row, join_values, to_term

if TYPE_CHECKING:
    from kg.identity.index import NameIndex

__all__ = ["SNAPSHOT_MAX_QUADS", "EmbeddedStore", "open_folder", "find_build"]

#: Builds of at most this many quads keep a snapshot that loads into memory
#: (about 1.4 µs a quad) faster than their database opens (11–15 ms).
SNAPSHOT_MAX_QUADS = 5_000
#: A query with nothing bound whose answer has at most this many rows is
#: answered from memory the next time (:meth:`EmbeddedStore.select`).
KEPT_ROWS = 256
#: At most this many such answers are kept (kg's own queries are fewer).
KEPT_QUERIES = 64


class EmbeddedStore:
    """A read-only Oxigraph build answering SPARQL with bound values.

    Attributes
    ----------
    path : str
        The build directory.
    warning : str or None
        Set when the inputs changed but could not be built, so answers come
        from an older build.
    """

    def __init__(
        self,
        path: PathLike,
        warning: str | None = None,
        reopen: Callable[[], str | None] | None = None,
    ) -> None:
        path = os.fspath(path)
        try:
            snapshot = _snapshot(path)
        except (OSError, SyntaxError) as exc:
            raise StoreError(f"cannot open the store at {path}: {exc}") from exc
        self._opening = None if snapshot is not None else _Opening(path)
        self._store = snapshot
        self.path = path
        self.warning = warning
        self._counts: dict[str, Any] | None = None
        self._names: tuple[NameIndex | None] | None = None  # read once: the build never changes
        self._kept: dict[str, list[Row]] = {}
        self._reopen = reopen

    def _database(self) -> ox.Store:
        """The pyoxigraph store, waiting for the database to open if it is still opening.

        A build removed while it opened (three later builds prune it) is
        replaced by the newest build of the same inputs, which ``reopen`` finds.
        """
        store = self._store
        if store is None:
            assert self._opening is not None  # kept: threads sharing the store may all wait
            try:
                store = self._opening.result()
            except StoreError:
                newer = self._reopen() if self._reopen is not None else None
                if newer is None or os.path.isfile(os.path.join(self.path, BUILD_INFO)):
                    raise
                store = _Opening(newer).result()
                self.path = newer
            self._store = store
        return store

    @property
    def info(self) -> dict[str, Any]:
        """What the open build was made from (fingerprint, data_dir, built_at, triples)."""
        return read_json(os.path.join(self.path, BUILD_INFO)) or {}

    def select(self, query: str, bindings: Mapping[str, Binding] | None = None) -> list[Row]:
        """Run one of kg's SELECT queries with ``bindings`` for some of its variables.

        The values are joined as ``VALUES`` (:func:`join_values`) and a single
        value is also given as an Oxigraph substitution, which reaches inside
        ``OPTIONAL`` groups; a bound variable must therefore appear in the
        SELECT clause. The build never changes, so the rows of a query with
        nothing bound (the sources, their coverage) are kept for the next
        call when there are few of them.
        """
        if not bindings and query in self._kept:
            return [dict(row) for row in self._kept[query]]
        substitutions: dict[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple]
        substitutions = {
            ox.Variable(k): to_term(v)
            for k, v in (bindings or {}).items()
            if not isinstance(v, tuple)
        }
        solutions = self._database().query(
            join_values(query, bindings),
            use_default_graph_as_union=True,
            substitutions=substitutions,
        )
        assert isinstance(solutions, ox.QuerySolutions)
        names = [v.value for v in solutions.variables]
        rows = []
        for solution in solutions:
            row: Row = {}
            for name in names:
                term = solution[name]
                if term is not None:
                    row[name] = term.value
            rows.append(row)
        if not bindings and len(rows) <= KEPT_ROWS and len(self._kept) < KEPT_QUERIES:
            self._kept[query] = [dict(row) for row in rows]
        return rows

    def saved_counts(self) -> dict[str, Any] | None:
        """Counts and small answers saved when the build was made, if any (read once).

        ``graph_contacts``: graph IRI → contacts; ``sources``: the rows of
        ``sources.rq``.
        """
        if self._counts is None:
            import marshal

            try:
                with open(os.path.join(self.path, COUNTS_FILE), "rb") as handle:
                    counts = marshal.loads(handle.read())
            except (OSError, EOFError, ValueError, TypeError):
                counts = {}
            self._counts = counts if isinstance(counts, dict) else {}
        return self._counts or None

    def saved_name_index(self) -> NameIndex | None:
        """The name index saved when the build was made, if any (read once).

        An index an older kg saved in another format is made again from the
        store and saved in its place (when the folder is writable), so an
        upgrade costs one rebuild of the index, not one per command.
        """
        if self._names is None:
            from kg.identity.index import NameIndex, build_index

            path = os.path.join(self.path, NAMES_FILE)
            try:
                with open(path, "rb") as handle:
                    index = NameIndex.loads(handle.read())
            except OSError:
                self._names = (None,)
                return None
            if index is None:
                from kg.store.files import write_durably

                index = build_index(self)
                try:
                    write_durably(path, index.dumps())
                except OSError:
                    pass  # a read-only store: this process keeps the index it made
            self._names = (index,)
        return self._names[0]

    @property
    def oxigraph(self) -> ox.Store:
        """The underlying pyoxigraph store (not to be written: an in-memory copy of a
        small build, else the database opened read-only)."""
        return self._database()


class _Opening:
    """A RocksDB database being opened read-only in a thread of its own.

    Opening takes about 10 ms whatever the database's size, and pyoxigraph
    lets other threads run meanwhile: ``kg last-contact`` imports the query
    layer and resolves its names while the database opens. The thread is not
    a daemon, so an interpreter that exits early waits for it rather than
    stopping it inside pyoxigraph; every opening still running is finished
    before the process forks, so a child never inherits one half done.
    """

    running: ClassVar[set[_Opening]] = set()

    def __init__(self, path: str) -> None:
        self.path = path
        self._store: ox.Store | None = None
        self._error: BaseException | None = None
        _Opening.running.add(self)
        self._thread = threading.Thread(target=self._open, name="kg-store-open")
        self._thread.start()

    def _open(self) -> None:
        try:
            self._store = _open_database(self.path)
        except (OSError, RuntimeError) as exc:  # handed to the thread that asks for the store
            self._error = exc
        finally:
            _Opening.running.discard(self)

    def result(self) -> ox.Store:
        """The opened database; :class:`~kg.errors.StoreError` if it did not open."""
        self._thread.join()
        if self._store is None:
            raise StoreError(f"cannot open the store at {self.path}: {self._error}")
        return self._store

    @classmethod
    def finish_all(cls) -> None:
        """Wait for every database being opened (before a fork)."""
        for opening in list(cls.running):
            opening._thread.join()


os.register_at_fork(before=_Opening.finish_all)


def _open_database(path: str) -> ox.Store:
    return ox.Store.read_only(path)


def _snapshot(build: str) -> ox.Store | None:
    """The build's snapshot loaded into an in-memory store, or ``None`` if it has none."""
    path = os.path.join(build, SNAPSHOT_FILE)
    if not os.path.isfile(path):
        return None
    store = ox.Store()
    # written by the build from the checked database: no need to check it again
    store.load(path=path, format=ox.RdfFormat.N_QUADS, lenient=True)
    return store


def find_build(store_dir: str, key: str) -> str | None:
    """The folder of the newest complete build of the inputs ``key``, if any.

    Builds of one input state are numbered, ``builds/KEY.1``, ``KEY.2``...
    (``builds/KEY`` in stores built before): each build gets a folder of its
    own, renamed into place only when complete, so the newest complete one
    is always there to open, even while ``kg build --force`` makes the next.
    """
    folder = os.path.join(store_dir, "builds")
    try:
        names = os.listdir(folder)
    except OSError:
        return None
    numbered = []
    for name in names:
        if name == key:
            numbered.append((0, name))
        elif name.startswith(key + ".") and name[len(key) + 1 :].isdigit():
            numbered.append((int(name[len(key) + 1 :]), name))
    for _, name in sorted(numbered, reverse=True):
        path = os.path.join(folder, name)
        if os.path.isfile(os.path.join(path, BUILD_INFO)):
            return path
    return None


def _open_newest(store_dir: str, key: str, warning: str | None = None) -> EmbeddedStore | None:
    """Open the newest complete build of ``key``, or ``None`` when there is none.

    A build chosen here can be pruned by a later build before it is opened
    (three builds in between): then the choice is made again.
    """
    for _ in range(3):
        path = find_build(store_dir, key)
        if path is None:
            return None
        try:
            return EmbeddedStore(path, warning, reopen=lambda: find_build(store_dir, key))
        except StoreError:
            if os.path.isfile(os.path.join(path, BUILD_INFO)):
                raise
    return None


def _tidy(store_dir: str) -> None:
    """Remove what killed builds left behind, unless a build is running now."""
    from kg.store.files import locked, remove_build_leftovers

    with locked(store_dir, wait=False) as held:
        if held:
            try:
                remove_build_leftovers(store_dir)
            except OSError:
                pass  # a read-only store keeps them; nothing reads them


def open_folder(store_dir: str, inputs: Inputs) -> EmbeddedStore:
    """Open the build of the current inputs in the store folder, building it first if needed.

    If the inputs changed and do not build, answer from the last good build
    with a :attr:`EmbeddedStore.warning`; with no good build at all, raise
    the :class:`~kg.errors.InvalidDataError`.
    """
    if has_leftovers(os.path.join(store_dir, "builds")) or has_leftovers(store_dir):
        _tidy(store_dir)
    key = fingerprint(inputs)
    found = _open_newest(store_dir, key)
    if found is not None:
        return found
    failed = read_json(os.path.join(store_dir, "FAILED"))
    previous = read_json(os.path.join(store_dir, "CURRENT")) or {}
    previous_key = str(previous.get("fingerprint"))
    has_previous = find_build(store_dir, previous_key) is not None
    if failed is not None and failed.get("fingerprint") == key and has_previous:
        problems = failed.get("problems")
        count = len(problems) if isinstance(problems, list) else 0
    else:
        try:
            from kg.store.build import build_folder

            info = build_folder(store_dir, inputs)
            built = _open_newest(store_dir, info["fingerprint"])
            if built is None:
                raise StoreError(f"the build of {store_dir} vanished as it was opened")
            return built
        except InvalidDataError as exc:
            if not has_previous:
                raise
            count = len(exc.problems)
    reason = f"{count} problem{'s' if count != 1 else ''}"
    warning = (
        f"the data changed but has {reason}, so answers come from the previous build "
        f"({previous.get('built_at')}); run 'kg build' to see and fix them"
    )
    kept = _open_newest(store_dir, previous_key, warning)
    if kept is None:
        raise StoreError(f"the previous build of {store_dir} vanished as it was opened")
    return kept
