"""A read-only SPARQL 1.1 Protocol endpoint over the store (``kg serve``).

Routes: ``/sparql`` answers queries (GET ``?query=``, POST form-encoded
``query=``, POST ``application/sparql-query``), with ``default-graph-uri`` /
``named-graph-uri`` and content negotiation (``Accept``, or a ``format=``
parameter) between SPARQL results in JSON, XML, CSV and TSV, and graphs in
Turtle, N-Triples, RDF/XML and JSON-LD. ``/`` is a query page
(:mod:`kg.sparql.page`).

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
- Bounded requests (body size, socket time-out), 127.0.0.1 by default, one
  log line per request on stderr.
"""

from __future__ import annotations

import json
import socket
import sys
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from kg import __version__
from kg.errors import BadArgumentError, QueryRefusedError
from kg.sparql import run as user_sparql
from kg.sparql.builds import CurrentBuild
from kg.sparql.sandbox import UNAVAILABLE
from kg.sparql.syntax import check_query
from kg.sparql.workers import Job, QueryTimeout, ServerBusy, WorkerPool
from kg.store import EmbeddedStore

__all__ = [
    "Limits",
    "negotiate",
    "SparqlServer",
    "make_server",
    "serve",
]


@dataclass(frozen=True)
class Limits:
    """What one query and one request may use.

    Attributes
    ----------
    time_limit : float
        Seconds a query may run in its worker before it is stopped.
    max_rows : int
        Rows (SELECT) or triples (CONSTRUCT, DESCRIBE) sent at most.
    workers : int
        Worker processes, hence queries running at the same time.
    max_request : int
        Bytes of a request body (or characters of a query) accepted.
    """

    time_limit: float = 5.0
    max_rows: int = 10_000
    workers: int = 4
    max_request: int = 1_000_000


# ---------------------------------------------------------------------------
# Content negotiation.

_MEDIA: dict[str, dict[str, str]] = {
    "results": {
        "application/sparql-results+json": "json",
        "application/json": "json",
        "application/sparql-results+xml": "xml",
        "application/xml": "xml",
        "text/xml": "xml",
        "text/csv": "csv",
        "text/tab-separated-values": "tsv",
    },
    "graph": {
        "text/turtle": "turtle",
        "application/turtle": "turtle",
        "application/x-turtle": "turtle",
        "text/n3": "turtle",
        "application/n-triples": "nt",
        "text/plain": "nt",
        "application/rdf+xml": "xml",
        "application/xml": "xml",
        "application/ld+json": "json",
        "application/json": "json",
    },
}
_SHORT_NAMES = {
    "json": "json",
    "xml": "xml",
    "csv": "csv",
    "tsv": "tsv",
    "turtle": "turtle",
    "ttl": "turtle",
    "n3": "turtle",
    "nt": "nt",
    "ntriples": "nt",
    "n-triples": "nt",
    "rdf+xml": "xml",
    "rdfxml": "xml",
    "json-ld": "json",
    "jsonld": "json",
}
_DEFAULT = {"results": "json", "graph": "turtle"}
_VALID = {"results": user_sparql.RESULT_FORMATS, "graph": user_sparql.GRAPH_FORMATS}


def negotiate(kind: str, accept: str | None, formats: Sequence[str] = ()) -> str | None:
    """Pick the format of an answer of ``kind`` (``results`` or ``graph``).

    A ``format=`` value (short name or media type) wins over ``Accept``;
    ``None`` means nothing acceptable (406).

    Examples
    --------
    >>> negotiate("results", "text/csv;q=0.5, application/sparql-results+xml")
    'xml'
    >>> negotiate("graph", "*/*"), negotiate("graph", None, ["json-ld"])
    ('turtle', 'json')
    >>> negotiate("results", "text/turtle") is None
    True
    """
    if formats:
        for value in formats:
            value = value.strip().lower()
            short = _SHORT_NAMES.get(value) or _MEDIA[kind].get(value)
            if short in _VALID[kind]:
                return short
        return None
    if not accept or not accept.strip():
        return _DEFAULT[kind]
    ranges = []
    for order, item in enumerate(accept.split(",")):
        media, *options = (part.strip() for part in item.split(";"))
        quality = 1.0
        for option in options:
            name, _, value = option.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if media and quality > 0:
            ranges.append((-quality, order, media.lower()))
    for _, _, media in sorted(ranges):
        if media == "*/*":
            return _DEFAULT[kind]
        if media.endswith("/*"):
            major = media[:-1]
            match = next((f for t, f in _MEDIA[kind].items() if t.startswith(major)), None)
            if match:
                return match
        elif media in _MEDIA[kind]:
            return _MEDIA[kind][media]
    return None


# ---------------------------------------------------------------------------
# HTTP.


class SparqlServer(ThreadingHTTPServer):
    """The HTTP server: a thread per request, queries in :attr:`pool`.

    Use :func:`make_server` to build one; :meth:`server_close` stops the workers.
    """

    daemon_threads = True
    block_on_close = False

    def __init__(
        self,
        address: tuple[str, int],
        limits: Limits,
        build: CurrentBuild,
        page: tuple[bytes, str],
    ) -> None:
        self.address_family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
        self.limits = limits
        self.build = build
        self.page = page
        self.pool: WorkerPool | None = None
        super().__init__(address, _Handler)

    def server_close(self) -> None:
        """Close the socket and stop the workers."""
        super().server_close()
        if self.pool is not None:
            self.pool.close()


class _Handler(BaseHTTPRequestHandler):
    server: SparqlServer
    server_version = f"kg/{__version__}"
    sys_version = ""
    timeout = 30  # seconds a client may take to send its request

    def version_string(self) -> str:
        return self.server_version

    def setup(self) -> None:
        super().setup()
        self._started = time.monotonic()
        self._excerpt = ""

    # -- routes --------------------------------------------------------------

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        if url.path == "/":
            body, csp = self.server.page
            self._send(200, body, "text/html; charset=utf-8", {"Content-Security-Policy": csp})
            return
        if url.path != "/sparql":
            self._fail(404, "not found: the endpoint is /sparql and the query page /")
            return
        params = self._params(url.query)
        if params is not None:
            self._query(params)

    def do_POST(self) -> None:
        url = urlsplit(self.path)
        if url.path != "/sparql":
            self._fail(404, "not found: the endpoint is /sparql and the query page /")
            return
        content_type = self.headers.get_content_type()
        if content_type == "application/sparql-update":
            self._fail(403, "the store is read-only: SPARQL Update is not accepted")
            return
        body = self._body()
        params = self._params(url.query)
        if body is None or params is None:
            return
        if content_type == "application/x-www-form-urlencoded":
            form = self._params(body.decode("utf-8", errors="replace"))
            if form is None:
                return
            for name, values in form.items():
                params.setdefault(name, []).extend(values)
        elif content_type == "application/sparql-query":
            try:
                params["query"] = [*params.get("query", []), body.decode("utf-8")]
            except UnicodeDecodeError:
                self._fail(400, "the query is not valid UTF-8")
                return
        else:
            self._fail(
                415,
                "send the query as application/x-www-form-urlencoded (query=...) "
                "or as application/sparql-query",
            )
            return
        self._query(params)

    def _read_only(self) -> None:
        self._fail(
            405, "the store is read-only: use GET or POST on /sparql", {"Allow": "GET, POST"}
        )

    do_PUT = do_DELETE = do_PATCH = _read_only

    # -- the query -----------------------------------------------------------

    def _query(self, params: dict[str, list[str]]) -> None:
        limits = self.server.limits
        if "update" in params:
            self._fail(403, "the store is read-only: SPARQL Update is not accepted")
            return
        queries = params.get("query", [])
        if len(queries) != 1:
            self._fail(400, "give exactly one query parameter (the query page is at /)")
            return
        text = queries[0]
        self._excerpt = " ".join(text.split())[:80]
        if len(text) > limits.max_request:
            self._fail(413, f"the query is longer than {limits.max_request} characters")
            return
        default = tuple(params.get("default-graph-uri", []))
        named = tuple(params.get("named-graph-uri", []))
        build = self.server.build
        build.get()  # move to a rebuilt store before checking its graphs
        try:
            shape = check_query(text, graphs=build.graphs, requested_graphs=default + named)
        except QueryRefusedError as exc:
            self._fail(403, str(exc))
            return
        formats = [*params.get("format", []), *params.get("output", []), *params.get("results", [])]
        accept = self.headers.get("Accept")
        choice = {kind: negotiate(kind, accept, formats) for kind in ("results", "graph")}
        expected = "graph" if shape.graph_form else "results"
        if choice[expected] is None:
            self._unacceptable(expected)
            return
        job = Job(text, choice["results"], choice["graph"], default, named, limits.max_rows)
        assert self.server.pool is not None
        try:
            status, payload, detail = self.server.pool.run(job, limits.time_limit)
        except (QueryTimeout, ServerBusy) as exc:
            self._fail(503, str(exc))
            return
        if status == "ok":
            kind, fmt, truncated = detail
            headers = {"Vary": "Accept"}
            if truncated:
                headers["X-SPARQL-MaxRows"] = str(limits.max_rows)
            self._send(200, payload, user_sparql.MEDIA_TYPES[(kind, fmt)], headers)
        elif status == "unacceptable":
            self._unacceptable(payload)
        else:
            self._fail({"refused": 403, "error": 400, "unavailable": 503}[status], payload)

    def _unacceptable(self, kind: str) -> None:
        offered = ", ".join(_MEDIA[kind])
        self._fail(406, f"no acceptable format for this query; it can answer with {offered}")

    # -- plumbing ------------------------------------------------------------

    def _params(self, text: str) -> dict[str, list[str]] | None:
        try:
            return parse_qs(text, keep_blank_values=True, max_num_fields=100)
        except ValueError as exc:
            self._fail(400, f"malformed parameters: {exc}")
            return None

    def _body(self) -> bytes | None:
        length = self.headers.get("Content-Length")
        if length is None or not length.strip().isdigit():
            self._fail(411, "a POST needs a Content-Length")
            return None
        if int(length) > self.server.limits.max_request:
            self._fail(413, f"the request is larger than {self.server.limits.max_request} bytes")
            return None
        return self.rfile.read(int(length))

    def _fail(self, status: int, message: str, headers: Mapping[str, str] | None = None) -> None:
        self._send(status, (message + "\n").encode("utf-8"), "text/plain; charset=utf-8", headers)

    def _send(
        self, status: int, body: bytes, content_type: str, headers: Mapping[str, str] | None = None
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Cache-Control", "no-store")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        # Logged before the body goes out, so a client's requests log in their order.
        elapsed = (time.monotonic() - self._started) * 1000
        path = urlsplit(self.path).path
        query = f" q={json.dumps(self._excerpt)}" if self._excerpt else ""
        self.log_message(
            '"%s %s" %d %d %.0fms%s', self.command, path, status, len(body), elapsed, query
        )
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        """Logged by :meth:`_send` instead, with the size and time."""

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (http.server's name)
        """One line per request on stderr, control characters escaped."""
        text = format % args
        line = json.dumps(text)[1:-1] if any(ord(c) < 32 for c in text) else text
        sys.stderr.write(f"{self.client_address[0]} [{self.log_date_time_string()}] {line}\n")


def make_server(
    store: EmbeddedStore,
    host: str = "127.0.0.1",
    port: int = 0,
    limits: Limits | None = None,
) -> SparqlServer:
    """Bind the endpoint to ``host:port`` (0: a free port) and start its workers.

    The caller runs :meth:`~SparqlServer.serve_forever` and, at the end,
    :meth:`~SparqlServer.shutdown` and :meth:`~SparqlServer.server_close`.

    Raises
    ------
    BadArgumentError
        When the address cannot be bound (in use, not local).
    StoreError
        When a worker cannot open the store.
    """
    from kg.sparql.page import render_page

    limits = limits or Limits()
    build = CurrentBuild(store.path, on_move=_say)
    page = render_page(
        [(e.name, e.summary, user_sparql.bound_example(e)) for e in user_sparql.examples()],
        limits,
    )
    try:
        server = SparqlServer((host, port), limits, build, page)
    except OSError as exc:
        raise BadArgumentError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from exc
    try:
        server.pool = WorkerPool(build, limits.workers)
    except BaseException:
        server.server_close()
        raise
    if not server.pool.walled:
        _say(f"warning: {UNAVAILABLE}")
    return server


def _say(line: str) -> None:
    sys.stderr.write(f"kg serve: {line}\n")


def serve(
    store: EmbeddedStore,
    host: str = "127.0.0.1",
    port: int = 8000,
    limits: Limits | None = None,
    on_ready: Callable[[str], None] | None = None,
) -> None:
    """Serve until interrupted (Ctrl-C or SIGTERM), then stop the workers.

    ``on_ready`` receives the base URL once the server listens.
    """
    import signal

    server = make_server(store, host, port, limits)
    if threading.current_thread() is threading.main_thread():

        def stop(signum: int, frame: Any) -> None:
            raise KeyboardInterrupt

        signal.signal(signal.SIGTERM, stop)
    shown = f"[{host}]" if ":" in host else host
    if on_ready is not None:
        on_ready(f"http://{shown}:{server.server_port}")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
