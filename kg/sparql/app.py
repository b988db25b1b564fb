"""The ASGI application of ``kg serve``: routes, refusals, the request log, CORS.

:func:`application` answers on ``/sparql`` (queries, run in the workers of a
:class:`kg.sparql.workers.WorkerPool`; the service description for a GET
without a query) and ``/`` (the query page), HEAD and OPTIONS included. Every
answer other than 2xx is one line of plain text. :mod:`kg.sparql.endpoint`
serves it over HTTP.
"""

from __future__ import annotations

import json
import re
import sys
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlsplit

import anyio
import anyio.to_thread
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kg.errors import BadArgumentError, QueryRefusedError
from kg.output.formats import negotiate, offered, writer
from kg.sparql.builds import CurrentBuild
from kg.sparql.description import describe_service
from kg.sparql.syntax import check_query
from kg.sparql.workers import Job, QueryTimeout, ServerBusy, WorkerPool

__all__ = ["BODY_TIME", "Limits", "application", "check_origins"]

#: Seconds a client may take to send a request body.
BODY_TIME = 30

_ALLOW = {"/sparql": "GET, HEAD, POST, OPTIONS", "/": "GET, HEAD, OPTIONS"}
_NOT_FOUND = "not found: the endpoint is /sparql and the query page /"
_READ_ONLY = "the store is read-only: SPARQL Update is not accepted"
_PLAIN = "text/plain; charset=utf-8"
_EVERY_ANSWER = {"X-Content-Type-Options": "nosniff", "Cache-Control": "no-store"}
_AUTHORITY = re.compile(
    r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*"
    r"|\[[0-9A-Fa-f:.]+\])(?::[0-9]{1,5})?"
)


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


def check_origins(origins: Sequence[str]) -> tuple[str, ...]:
    """The origins ``--cors`` names, as browsers send them; ``*`` stands for any.

    Raises
    ------
    BadArgumentError
        For anything but ``*`` or ``http(s)://host[:port]``.

    Examples
    --------
    >>> check_origins(["https://YASGUI.example.org/", "http://localhost:3000"])
    ('https://yasgui.example.org', 'http://localhost:3000')
    >>> check_origins(["*", "https://a.example"])
    ('*',)
    """
    found: list[str] = []
    for origin in origins:
        if origin.strip() == "*":
            return ("*",)
        parts = urlsplit(origin.strip())
        if (
            parts.scheme.lower() not in ("http", "https")
            or not parts.hostname
            or parts.username is not None
            or parts.path not in ("", "/")
            or parts.query
            or parts.fragment
        ):
            raise BadArgumentError(
                f"--cors takes an origin such as https://example.org or http://localhost:3000 "
                f"(scheme, host and port only), or *; not '{origin}'"
            )
        found.append(f"{parts.scheme.lower()}://{parts.netloc.lower()}")
    return tuple(dict.fromkeys(found))


class _Refusal(Exception):
    """An answer other than 2xx: its status, its one line, its extra headers."""

    def __init__(self, status: int, message: str, headers: Mapping[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = dict(headers or {})


def _plain(status: int, message: str, headers: Mapping[str, str] | None = None) -> Response:
    """An error as one line of plain text (a parser's several lines are joined)."""
    line = " ".join(part.strip() for part in message.splitlines() if part.strip())
    return Response(
        (line + "\n").encode("utf-8"),
        status,
        headers={**_EVERY_ANSWER, **(headers or {})},
        media_type=_PLAIN,
    )


def _options(path: str) -> Response:
    return Response(status_code=204, headers={"Allow": _ALLOW[path], **_EVERY_ANSWER})


def _params(text: str) -> dict[str, list[str]]:
    try:
        return parse_qs(text, keep_blank_values=True, max_num_fields=100)
    except ValueError as exc:
        raise _Refusal(400, f"malformed parameters: {exc}") from exc


def _unacceptable(kind: str) -> _Refusal:
    return _Refusal(
        406,
        "no acceptable format for this query; it can answer with " + ", ".join(offered(kind)),
    )


class _Endpoint:
    """The routes, and what every request shares: the workers, the build, the limits."""

    def __init__(
        self,
        pool: WorkerPool,
        build: CurrentBuild,
        limits: Limits,
        page: tuple[bytes, str],
        authority: str,
    ) -> None:
        self.pool = pool
        self.build = build
        self.limits = limits
        self.page_body, self.page_policy = page
        self.authority = authority
        self.note = (
            f"Read-only: SPARQL 1.1 Query; updates, SERVICE and graphs outside the store are "
            f"refused. A query may run {limits.time_limit:g} s; answers are cut at "
            f"{limits.max_rows} rows."
        )
        # Made on first use, inside the server's event loop.
        self._slots: anyio.Semaphore | None = None
        self._threads: anyio.CapacityLimiter | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return
        request = Request(scope, receive)
        routes: dict[str, Callable[[Request], Awaitable[Response]]] = {
            "/": self.page,
            "/sparql": self.sparql,
        }
        try:
            route = routes.get(scope["path"])
            if route is None:
                raise _Refusal(404, _NOT_FOUND)
            response = await route(request)
        except _Refusal as refusal:
            response = _plain(refusal.status, refusal.message, refusal.headers)
        except Exception:
            # A bug: the client gets one line, the log the traceback (from uvicorn).
            await _plain(500, "internal error; the server's log has the details")(
                scope, receive, send
            )
            raise
        await response(scope, receive, send)

    # -- routes --------------------------------------------------------------

    async def page(self, request: Request) -> Response:
        if request.method == "OPTIONS":
            return _options("/")
        if request.method not in ("GET", "HEAD"):
            raise _Refusal(405, "the query page answers GET and HEAD", {"Allow": _ALLOW["/"]})
        headers = {**_EVERY_ANSWER, "Content-Security-Policy": self.page_policy}
        return Response(self.page_body, 200, headers=headers, media_type="text/html; charset=utf-8")

    async def sparql(self, request: Request) -> Response:
        method = request.method
        if method == "OPTIONS":
            return _options("/sparql")
        if method not in ("GET", "HEAD", "POST"):
            raise _Refusal(
                405,
                "the store is read-only: use GET, HEAD or POST on /sparql",
                {"Allow": _ALLOW["/sparql"]},
            )
        params = _params(request.scope.get("query_string", b"").decode("latin-1"))
        if method == "POST":
            await self._read_post(request, params)
        if "update" in params:
            raise _Refusal(403, _READ_ONLY)
        queries = params.get("query", [])
        if not queries and method != "POST":
            return self._description(request, params)
        if len(queries) != 1:
            raise _Refusal(400, "give exactly one query parameter (the query page is at /)")
        return await self._query(request, queries[0], params)

    # -- the parts of a request ----------------------------------------------

    async def _read_post(self, request: Request, params: dict[str, list[str]]) -> None:
        """Add the parameters of a POST body to ``params``."""
        content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if content_type == "application/sparql-update":
            raise _Refusal(403, _READ_ONLY)
        if content_type not in ("application/x-www-form-urlencoded", "application/sparql-query"):
            raise _Refusal(
                415,
                "send the query as application/x-www-form-urlencoded (query=...) "
                "or as application/sparql-query",
            )
        body = await self._body(request)
        if content_type == "application/sparql-query":
            try:
                params["query"] = [*params.get("query", []), body.decode("utf-8")]
            except UnicodeDecodeError:
                raise _Refusal(400, "the query is not valid UTF-8") from None
            return
        for name, values in _params(body.decode("utf-8", errors="replace")).items():
            params.setdefault(name, []).extend(values)

    async def _body(self, request: Request) -> bytes:
        """The request body, refused if larger than the limit or slower than :data:`BODY_TIME`."""
        cap = self.limits.max_request
        declared = request.headers.get("content-length", "").strip()
        if declared.isdigit() and int(declared) > cap:
            raise _Refusal(413, f"the request is larger than {cap} bytes")
        chunks: list[bytes] = []
        size = 0
        with anyio.move_on_after(BODY_TIME) as waited:
            try:
                async for chunk in request.stream():
                    size += len(chunk)
                    if size > cap:
                        raise _Refusal(413, f"the request is larger than {cap} bytes")
                    chunks.append(chunk)
            except ClientDisconnect:
                raise _Refusal(400, "the client left before sending the whole request") from None
        if waited.cancelled_caught:
            raise _Refusal(408, f"the request body took longer than {BODY_TIME} seconds to arrive")
        return b"".join(chunks)

    def _endpoint_url(self, request: Request) -> str:
        """This endpoint's URL as the client addressed it (the query's base IRI)."""
        host = request.headers.get("host", "")
        if not _AUTHORITY.fullmatch(host):
            host = self.authority
        return f"http://{host}/sparql"

    def _formats(self, request: Request, params: Mapping[str, list[str]]) -> dict[str, str | None]:
        """The format of each kind of answer the request accepts (``None``: none)."""
        given = [*params.get("format", []), *params.get("output", []), *params.get("results", [])]
        accept = request.headers.get("accept")
        return {kind: negotiate(kind, accept, given) for kind in ("results", "graph")}

    def _description(self, request: Request, params: Mapping[str, list[str]]) -> Response:
        fmt = self._formats(request, params)["graph"]
        if fmt is None:
            raise _unacceptable("graph")
        self.build.get()  # the graphs of the current build
        body = describe_service(self._endpoint_url(request), self.build.graphs, fmt, self.note)
        headers = {**_EVERY_ANSWER, "Vary": "Accept"}
        return Response(body, 200, headers=headers, media_type=writer(fmt, "graph").media_type)

    async def _query(
        self, request: Request, text: str, params: Mapping[str, list[str]]
    ) -> Response:
        limits = self.limits
        request.state.excerpt = " ".join(text.split())[:80]
        if len(text) > limits.max_request:
            raise _Refusal(413, f"the query is longer than {limits.max_request} characters")
        default = tuple(params.get("default-graph-uri", []))
        named = tuple(params.get("named-graph-uri", []))
        self.build.get()  # move to a rebuilt store before checking its graphs
        try:
            shape = check_query(text, graphs=self.build.graphs, requested_graphs=default + named)
        except QueryRefusedError as exc:
            raise _Refusal(403, str(exc)) from None
        choice = self._formats(request, params)
        if choice["graph" if shape.graph_form else "results"] is None:
            raise _unacceptable("graph" if shape.graph_form else "results")
        job = Job(
            text,
            choice["results"],
            choice["graph"],
            default,
            named,
            limits.max_rows,
            base_iri=self._endpoint_url(request),
        )
        try:
            status, payload, detail = await self._run(job)
        except (QueryTimeout, ServerBusy) as exc:
            raise _Refusal(503, str(exc)) from None
        if status == "ok":
            kind, fmt, truncated = detail
            headers = {**_EVERY_ANSWER, "Vary": "Accept"}
            if truncated:
                headers["X-SPARQL-MaxRows"] = str(limits.max_rows)
            return Response(payload, 200, headers=headers, media_type=writer(fmt, kind).media_type)
        if status == "unacceptable":
            raise _unacceptable(payload)
        codes = {"refused": 403, "error": 400, "unavailable": 503}
        raise _Refusal(codes[status], payload)

    async def _run(self, job: Job) -> tuple[str, Any, Any]:
        """Run ``job`` in a worker, from a thread, once one of the workers' slots is free.

        A request waits at most the time limit for a slot (else
        :class:`ServerBusy`), so no more threads wait on the workers than there
        are workers.
        """
        limit = self.limits.time_limit
        if self._slots is None or self._threads is None:
            self._slots = anyio.Semaphore(self.limits.workers)
            self._threads = anyio.CapacityLimiter(self.limits.workers)
        began = time.monotonic()
        acquired = False
        with anyio.move_on_after(limit):
            await self._slots.acquire()
            acquired = True
        if not acquired:
            raise ServerBusy(f"all query workers are busy; try again in {limit:g} seconds")
        try:
            left = max(0.0, limit - (time.monotonic() - began))
            return await anyio.to_thread.run_sync(
                self.pool.run, job, limit, left, limiter=self._threads
            )
        finally:
            self._slots.release()


class _RequestLog:
    """ASGI middleware: one line per request on stderr, written as its answer starts.

    Logged before the body goes out, so a client's requests log in their order.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.monotonic()
        state = scope.setdefault("state", {})

        async def send_logged(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = dict(message.get("headers", []))
                size = headers.get(b"content-length", b"0").decode("latin-1")
                elapsed = (time.monotonic() - started) * 1000
                excerpt = state.get("excerpt", "")
                query = f" q={json.dumps(excerpt)}" if excerpt else ""
                client = (scope.get("client") or ("-",))[0]
                stamp = time.strftime("%d/%b/%Y %H:%M:%S")
                text = (
                    f'"{scope["method"]} {scope["path"]}" {message["status"]} {size} '
                    f"{elapsed:.0f}ms{query}"
                )
                line = json.dumps(text)[1:-1] if any(ord(c) < 32 for c in text) else text
                sys.stderr.write(f"{client} [{stamp}] {line}\n")
            await send(message)

        await self.app(scope, receive, send_logged)


def application(
    pool: WorkerPool,
    build: CurrentBuild,
    limits: Limits,
    page: tuple[bytes, str],
    authority: str,
    origins: Sequence[str] = (),
) -> ASGIApp:
    """The endpoint's ASGI application, with its log and, when origins are given, CORS.

    Parameters
    ----------
    pool : WorkerPool
        The workers that run the queries.
    build : CurrentBuild
        The build queries run on (its graphs are checked before).
    limits : Limits
        What a query and a request may use.
    page : (bytes, str)
        The query page and its Content-Security-Policy
        (:func:`kg.sparql.page.render_page`).
    authority : str
        ``host:port`` of the server, for clients that send no usable ``Host``.
    origins : sequence of str
        Origins allowed to query from a browser (:func:`check_origins`).
    """
    app: ASGIApp = _Endpoint(pool, build, limits, page, authority)
    if origins:
        app = CORSMiddleware(
            app,
            allow_origins=list(origins),
            allow_methods=["GET", "POST", "OPTIONS"],
            allow_headers=["Accept", "Content-Type"],
            expose_headers=["X-SPARQL-MaxRows"],
            # A page on the public web may query a server on this machine,
            # since whoever started the server named that page's origin.
            allow_private_network=True,
            max_age=3600,
        )
    return _RequestLog(app)
