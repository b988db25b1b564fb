"""Worker processes that run users' SPARQL queries away from the network and the clock.

Every user query on the embedded store runs here, for ``kg serve`` (a pool of
workers) and ``kg sparql`` (one worker for one query):

- **No network.** A worker installs :func:`kg.sparql.sandbox.forbid_network` before
  it opens the store: if the engine ever tries to open a connection (a
  ``SERVICE`` the text check did not see), the worker is killed and the query
  refused with :data:`kg.sparql.sandbox.NETWORK_REFUSED`.
- **Time limit.** A pyoxigraph query cannot be interrupted from another
  thread, so a worker still busy at the deadline is killed and replaced.
- **Read-only.** Workers open the store with ``Store.read_only``.
- **The current build.** Given a :class:`kg.sparql.builds.CurrentBuild`, the
  pool sends each query with the build to run it on; a worker whose open build
  is another one opens that first, and a worker started later opens it too,
  so a server goes on answering, from the new data, when the store is rebuilt.

Workers are started with the ``spawn`` method: a fresh interpreter that has
opened no socket and holds no lock of its parent's threads.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
import queue
import sys
import threading
import time
from multiprocessing.connection import Connection
from typing import Any, NamedTuple

from kg.errors import KGError, QueryError, QueryRefusedError, StoreError
from kg.sparql import run as user_sparql
from kg.sparql import sandbox
from kg.sparql.builds import Build, CurrentBuild

__all__ = ["Job", "QueryTimeout", "ServerBusy", "WorkerPool", "run_isolated"]


class Job(NamedTuple):
    """A query sent to a worker.

    ``results_format`` and ``graph_format`` name the format the answer is
    serialised in for each kind of query (:func:`kg.sparql.run.serialize`);
    when both are ``None`` the worker sends the :class:`~kg.sparql.run.Result`
    itself. ``base_iri`` resolves the query's relative IRIs.
    """

    text: str
    results_format: str | None = None
    graph_format: str | None = None
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    max_rows: int | None = None
    params: tuple[tuple[str, str], ...] = ()
    base_iri: str | None = None


class QueryTimeout(KGError):
    """A query ran past the time limit; its worker was stopped."""


class ServerBusy(KGError):
    """No worker became free within the time limit."""


def _watch_parent(parent_pid: int) -> None:
    """End this worker if the process that started it goes away, even mid-query."""

    def watch() -> None:
        while os.getppid() == parent_pid:
            time.sleep(0.5)
        os._exit(0)

    threading.Thread(target=watch, daemon=True).start()


def _answer(store: Any, job: Job) -> tuple[str, Any, Any]:
    """Run one job: ``("ok", answer, (kind, format, truncated))`` or ``(kind of error, message, None)``."""
    try:
        result = user_sparql.run_query(
            store,
            job.text,
            job.params,
            default_graphs=job.default_graphs,
            named_graphs=job.named_graphs,
            max_rows=job.max_rows,
            base_iri=job.base_iri,
        )
        kind = "graph" if result.form in ("CONSTRUCT", "DESCRIBE") else "results"
        if job.results_format is None and job.graph_format is None:
            return "ok", result, (kind, None, result.truncated)
        fmt = job.graph_format if kind == "graph" else job.results_format
        if fmt is None:
            return "unacceptable", kind, None
        return "ok", user_sparql.serialize(result, fmt), (kind, fmt, result.truncated)
    except QueryRefusedError as exc:
        return "refused", str(exc), None
    except QueryError as exc:
        return "error", str(exc), None


def _worker_main(conn: Connection, build: Build, parent_pid: int) -> None:
    """A worker process: wall off the network, open the store read-only, answer jobs.

    Each job comes with the build to answer from; when it is not the one
    open, the worker opens it first (the store was rebuilt).
    """
    _watch_parent(parent_pid)
    try:
        walled = sandbox.forbid_network()
    except OSError as exc:
        conn.send(("failed", f"cannot shut the worker out of the network: {exc}"))
        return
    import pyoxigraph as ox

    try:
        store = ox.Store.read_only(build.path)
    except OSError as exc:
        conn.send(("failed", str(exc)))
        return
    opened = build
    conn.send(("ready", walled))
    while True:
        try:
            job, build = conn.recv()
        except (EOFError, OSError):
            return
        if build != opened:
            try:
                store = ox.Store.read_only(build.path)
            except OSError as exc:
                conn.send(("unavailable", f"cannot open the rebuilt store: {exc}", None))
                continue
            opened = build
        conn.send(_answer(store, job))


class _Worker:
    """A worker process and the parent's end of its pipe.

    At any time one thread owns a worker: the one that took it from the idle
    queue, or the one starting it. Only its owner uses or closes its pipe;
    anyone may kill its process.
    """

    __slots__ = ("process", "conn")

    def __init__(self, process: Any, conn: Connection) -> None:
        self.process = process
        self.conn = conn


class WorkerPool:
    """Worker processes, each with the store open read-only, that can be killed at a deadline.

    Parameters
    ----------
    build : str or CurrentBuild
        The store build to open (:attr:`kg.store.EmbeddedStore.path`), or a
        :class:`~kg.sparql.builds.CurrentBuild` to follow: each query then
        runs on the build it names at that moment, and a worker started
        later opens that one.
    size : int
        Number of workers.
    start_timeout : float
        Seconds a new worker may take to open the store.

    Attributes
    ----------
    walled : bool
        Whether the workers are shut out of the network (see
        :mod:`kg.sparql.sandbox`); ``False`` on platforms without the wall.
    """

    #: Seconds between attempts to start a worker in place of a stopped one.
    RETRY_DELAYS = (0.5, 1.0, 2.0, 5.0, 10.0)

    def __init__(self, build: str | CurrentBuild, size: int, start_timeout: float = 60.0) -> None:
        self._build = build
        self.start_timeout = start_timeout
        self.walled = True
        self._context = multiprocessing.get_context("spawn")
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._lock = threading.Lock()
        self._workers: set[_Worker] = set()
        self._closed = False
        starting: list[_Worker] = []
        try:
            for _ in range(size):
                worker = self._spawn()
                assert worker is not None  # not closed yet
                starting.append(worker)
            for worker in starting:
                self._await_ready(worker)
        except BaseException:
            for worker in starting:
                self._retire(worker)
            self.close()
            raise
        for worker in starting:
            self._idle.put(worker)

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def current(self) -> Build:
        """The build queries run on now."""
        if isinstance(self._build, str):
            return Build(self._build, 0)
        return self._build.get()

    def _spawn(self) -> _Worker | None:
        """Start a worker on the current build; ``None`` once the pool is closed.

        The process starts outside the lock (tens of milliseconds), so that
        workers finishing queries meanwhile go back to work at once.
        """
        if self._closed:
            return None
        parent, child = self._context.Pipe()
        process = self._context.Process(
            target=_worker_main,
            args=(child, self.current(), os.getpid()),
            name="kg-sparql-worker",
            daemon=True,
        )
        process.start()
        child.close()
        worker = _Worker(process, parent)
        with self._lock:
            if not self._closed:
                self._workers.add(worker)
                return worker
        self._retire(worker)  # closed while it started
        return None

    def _await_ready(self, worker: _Worker) -> None:
        """Wait for a new worker's word; retire it and raise if it could not start."""
        message: tuple[str, Any] = ("failed", "no answer")
        try:
            if worker.conn.poll(self.start_timeout):
                message = worker.conn.recv()
        except (EOFError, OSError) as exc:
            message = ("failed", str(exc) or "the worker ended")
        if message[0] != "ready":
            self._retire(worker)
            raise StoreError(f"a query worker could not open the store: {message[1]}")
        self.walled = self.walled and bool(message[1])

    def _retire(self, worker: _Worker) -> None:
        """Stop a worker this thread owns and close its pipe (again is harmless)."""
        with self._lock:
            self._workers.discard(worker)
        worker.process.kill()
        worker.process.join(5)
        worker.conn.close()

    def _release(self, worker: _Worker) -> None:
        """Hand a worker this thread owns back to the idle queue, or retire it if closed."""
        with self._lock:
            if not self._closed:
                self._idle.put(worker)
                return
        self._retire(worker)

    def _replace(self, worker: _Worker) -> None:
        """Retire ``worker`` now; start its successor in the background.

        A successor that cannot start (the build it was to open was just
        pruned, say) is tried again a little later, on the build current then,
        until one starts or the pool is closed.
        """
        self._retire(worker)

        def start() -> None:
            for attempt in itertools.count():
                fresh = self._spawn()
                if fresh is None:
                    return
                try:
                    self._await_ready(fresh)
                except StoreError as exc:
                    if self._closed:  # stopped on purpose, with the pool
                        return
                    delay = self.RETRY_DELAYS[min(attempt, len(self.RETRY_DELAYS) - 1)]
                    sys.stderr.write(f"kg serve: {exc}; trying again in {delay:g} s\n")
                    time.sleep(delay)
                    continue
                self._release(fresh)
                return

        threading.Thread(target=start, name="kg-sparql-respawn", daemon=True).start()

    def run(
        self, job: Job, time_limit: float | None, wait: float | None = None
    ) -> tuple[str, Any, Any]:
        """Run ``job`` in a free worker; stop it at ``time_limit`` seconds (``None``: never).

        Waits ``wait`` seconds at most for a free worker (default: ``time_limit``).

        Returns ``("ok", answer, (kind, format, truncated))``, or
        ``("refused" | "error" | "unacceptable" | "unavailable", message, None)``:
        ``unavailable`` when the fault is the server's (a worker that died,
        a store that could not be opened), not the query's.

        Raises
        ------
        ServerBusy
            No worker became free in time.
        QueryTimeout
            The query ran past ``time_limit``; its worker was killed.
        """
        patience = time_limit if wait is None else wait
        try:
            worker = self._idle.get(timeout=patience)
        except queue.Empty:
            raise ServerBusy(
                f"all query workers are busy; try again in {time_limit:g} seconds"
            ) from None
        try:
            worker.conn.send((job, self.current()))
            if worker.conn.poll(time_limit):
                outcome: tuple[str, Any, Any] = worker.conn.recv()
                self._release(worker)
                return outcome
        except (EOFError, OSError):
            worker.process.join(5)
            stopped = sandbox.was_stopped_for_network(worker.process.exitcode)
            self._replace(worker)
            if stopped:
                return "refused", sandbox.NETWORK_REFUSED, None
            if self._closed:
                return "unavailable", "the server is stopping", None
            return "unavailable", "the query worker ended unexpectedly (out of memory?)", None
        self._replace(worker)
        raise QueryTimeout(
            f"the query ran longer than the time limit of {time_limit:g} seconds and was stopped"
        )

    def close(self) -> None:
        """Stop every worker.

        Idle workers are retired here; a busy or starting one is killed, and
        the thread that owns it sees its pipe close and retires it.
        """
        with self._lock:
            self._closed = True
            workers = list(self._workers)
        for worker in workers:
            worker.process.kill()
        while True:
            try:
                idle = self._idle.get_nowait()
            except queue.Empty:
                break
            self._retire(idle)
        for worker in workers:
            worker.process.join(5)


def run_isolated(
    store_path: str,
    text: str,
    params: tuple[tuple[str, str], ...] = (),
    max_rows: int | None = None,
) -> user_sparql.Result:
    """Run one user query in a fresh walled worker (``kg sparql`` on the embedded store).

    Raises
    ------
    QueryRefusedError
        For what :func:`kg.sparql.run.run_query` refuses, and when the
        engine tried to reach the network.
    QueryError
        For a malformed query or parameter.
    StoreError
        When the worker could not open the store or died.
    """
    with WorkerPool(store_path, 1) as pool:
        status, answer, _ = pool.run(Job(text, params=params, max_rows=max_rows), None)
    if status == "refused":
        raise QueryRefusedError(answer)
    if status == "unavailable":
        raise StoreError(answer)
    if status != "ok":
        raise QueryError(answer)
    assert isinstance(answer, user_sparql.Result)
    return answer
