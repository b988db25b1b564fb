"""A read-only SPARQL 1.1 Protocol endpoint over the store (``kg serve``).

Routes: ``/sparql`` answers queries (GET ``?query=``, POST form-encoded
``query=``, POST ``application/sparql-query``), with ``default-graph-uri`` /
``named-graph-uri`` and content negotiation (``Accept``, or a ``format=``
parameter, :func:`kg.output.formats.negotiate`) between SPARQL results in JSON, XML, CSV
and TSV, and graphs in Turtle, N-Triples, RDF/XML and JSON-LD. A GET of
``/sparql`` without a query is answered with the SPARQL 1.1 Service
Description (:mod:`kg.sparql.description`). ``/`` is a query page
(:mod:`kg.sparql.page`). Every route answers HEAD and OPTIONS too.

HTTP is uvicorn's (HTTP/1.1 with keep-alive, a listen backlog of
:data:`BACKLOG`) running the ASGI application of :mod:`kg.sparql.app`, built
on Starlette's requests and responses, with Starlette's CORS middleware when
``--cors`` names origins.

What keeps it safe:

- **Read-only.** Every update route (POST ``update=``, an
  ``application/sparql-update`` body, an update sent as ``query=``) gets 403
  before anything runs, and the workers open the store read-only.
- **Time limit.** Each query runs in a worker process
  (:class:`kg.sparql.workers.WorkerPool`); a worker still busy at the deadline is
  killed and replaced and the client gets 503. Other queries run meanwhile
  in the other workers.
- **Row cap.** At most :attr:`Limits.max_rows` rows or triples are sent; a
  cut answer carries the header ``X-SPARQL-MaxRows``.
- **No network.** ``SERVICE`` and ``FROM`` / ``FROM NAMED`` /
  ``*-graph-uri`` naming anything but the store's own graphs get 403
  (:func:`kg.sparql.syntax.check_query`), since pyoxigraph would fetch a
  ``SERVICE`` over HTTP; and the workers cannot open a connection at all
  (:mod:`kg.sparql.sandbox`): a query whose engine tries to is refused with 403
  too, however its text is spelt.
- **The current data.** When the store is rebuilt by another process, the
  next query runs on the new build (:class:`kg.sparql.builds.CurrentBuild`).
- Bounded requests (body size and time, header size), 127.0.0.1 by default,
  every error a line of plain text, one log line per request on stderr.
"""

from __future__ import annotations

import socket
import sys
import threading
from collections.abc import Callable, Sequence
from typing import Any

import uvicorn

from kg import __version__
from kg.errors import BadArgumentError
from kg.sparql import run as user_sparql
from kg.sparql.app import Limits, application, check_origins
from kg.sparql.builds import CurrentBuild
from kg.sparql.sandbox import UNAVAILABLE
from kg.sparql.workers import WorkerPool

__all__ = [
    "BACKLOG",
    "Limits",
    "SparqlServer",
    "check_origins",
    "make_server",
    "serve",
]

#: Connections the kernel holds for the server before it accepts them.
BACKLOG = 2048
#: Seconds an idle keep-alive connection stays open.
KEEP_ALIVE = 5
#: Bytes of a request line and headers (a longer query goes in a POST body).
MAX_HEAD = 64 * 1024
#: Seconds a stopping server waits for the requests in progress.
GRACE = 3


class SparqlServer:
    """The endpoint bound to its address, with its workers: serve it with :meth:`serve_forever`.

    Use :func:`make_server` to build one; :meth:`shutdown` (from another
    thread) stops serving, :meth:`server_close` closes the socket and stops
    the workers.

    Attributes
    ----------
    url : str
        The base URL (``http://127.0.0.1:PORT``); the endpoint is ``url + "/sparql"``.
    server_address : tuple
        The address and port listened on.
    """

    def __init__(
        self,
        sock: socket.socket,
        pool: WorkerPool,
        build: CurrentBuild,
        limits: Limits,
        page: tuple[bytes, str],
        origins: Sequence[str],
    ) -> None:
        self.socket = sock
        self.pool = pool
        self.server_address: tuple[str, int] = sock.getsockname()[:2]
        host, port = self.server_address
        authority = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
        self.url = f"http://{authority}"
        config = uvicorn.Config(
            application(pool, build, limits, page, authority, origins),
            http="h11",
            ws="none",
            lifespan="off",
            loop="asyncio",
            backlog=BACKLOG,
            timeout_keep_alive=KEEP_ALIVE,
            timeout_graceful_shutdown=GRACE,
            h11_max_incomplete_event_size=MAX_HEAD,
            proxy_headers=False,
            server_header=False,
            headers=[("Server", f"kg/{__version__}")],
            access_log=False,  # _RequestLog writes one line per request
            log_config=None,
            log_level="warning",
        )
        self._server = uvicorn.Server(config)
        self._serving = threading.Event()
        self._stopped = threading.Event()

    def serve_forever(self) -> None:
        """Answer requests until :meth:`shutdown`, Ctrl-C or SIGTERM."""
        self._serving.set()
        try:
            self._server.run(sockets=[self.socket])
        finally:
            self._stopped.set()

    def shutdown(self, timeout: float = 30.0) -> None:
        """Stop :meth:`serve_forever` (running in another thread) and wait for it."""
        self._server.should_exit = True
        if self._serving.is_set():
            self._stopped.wait(timeout)

    def server_close(self) -> None:
        """Close the socket and stop the workers."""
        self.socket.close()
        self.pool.close()


def _listen(host: str, port: int) -> socket.socket:
    """A TCP socket listening on ``host:port`` with a backlog of :data:`BACKLOG`.

    Made with the protocol named (``IPPROTO_TCP``), as asyncio checks before it
    sets ``TCP_NODELAY`` on the connections: without it, an answer written in
    two parts waits for the client's delayed ACK, some 40 ms.
    """
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(BACKLOG)
    except OSError:
        sock.close()
        raise
    return sock


def _say(line: str) -> None:
    sys.stderr.write(f"kg serve: {line}\n")


def make_server(
    store_path: str,
    host: str = "127.0.0.1",
    port: int = 0,
    limits: Limits | None = None,
    cors: Sequence[str] = (),
) -> SparqlServer:
    """Bind the endpoint to ``host:port`` (0: a free port) and start its workers.

    ``store_path`` is the build to serve first (:attr:`kg.store.EmbeddedStore.path`);
    when the store folder's current build changes, the server follows it.
    ``cors`` lists the origins whose pages may query the endpoint (``*``: any);
    none by default. The caller runs :meth:`~SparqlServer.serve_forever` and, at
    the end, :meth:`~SparqlServer.shutdown` and :meth:`~SparqlServer.server_close`.

    Raises
    ------
    BadArgumentError
        When the address cannot be bound (in use, not local), or an origin is malformed.
    StoreError
        When the store or a worker cannot open the store.
    """
    from kg.sparql.page import render_page

    limits = limits or Limits()
    origins = check_origins(cors)
    build = CurrentBuild(store_path, on_move=_say)
    page = render_page(
        [(e.name, e.summary, user_sparql.bound_example(e)) for e in user_sparql.examples()],
        limits,
    )
    try:
        sock = _listen(host, port)
    except OSError as exc:
        raise BadArgumentError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from exc
    try:
        pool = WorkerPool(build, limits.workers)
    except BaseException:
        sock.close()
        raise
    if not pool.walled:
        _say(f"warning: {UNAVAILABLE}")
    return SparqlServer(sock, pool, build, limits, page, origins)


def serve(
    store_path: str,
    host: str = "127.0.0.1",
    port: int = 8000,
    limits: Limits | None = None,
    cors: Sequence[str] = (),
    on_ready: Callable[[str], None] | None = None,
) -> None:
    """Serve until interrupted (Ctrl-C or SIGTERM), then stop the workers.

    ``on_ready`` receives the base URL once the server listens.
    """
    import signal

    server = make_server(store_path, host, port, limits, cors)
    if threading.current_thread() is threading.main_thread():

        def stop(signum: int, frame: Any) -> None:
            raise KeyboardInterrupt

        # uvicorn answers SIGTERM with a graceful stop, then raises it again
        # for the handler found at its start: this one, so the exit is clean.
        signal.signal(signal.SIGTERM, stop)
    try:
        if on_ready is not None:
            on_ready(server.url)
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
