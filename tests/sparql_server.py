"""A minimal SPARQL 1.1 Protocol server over an in-memory pyoxigraph store, for tests.

Real HTTP, real SPARQL engine: it lets the remote-store code be tested
without a Virtuoso install (tests/test_backends.py runs against Virtuoso
when CI provides one). Queries and updates go to ``/sparql``; ``POST
/graph-store?graph=IRI`` with an N-Triples body adds to a graph (SPARQL 1.1
Graph Store Protocol).
"""

from __future__ import annotations

import threading
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pyoxigraph as ox


def _handler(store: ox.Store, requests: list[str]) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:  # keep test output quiet
            pass

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            data = self.rfile.read(length)
            requests.append(self.path)
            path, _, query = self.path.partition("?")
            form = urllib.parse.parse_qs(query if path == "/graph-store" else data.decode("utf-8"))
            try:
                if path == "/graph-store":
                    graph = ox.NamedNode(form["graph"][0])
                    store.load(data, format=ox.RdfFormat.N_TRIPLES, to_graph=graph)
                    body, kind = b"", "text/plain"
                elif "update" in form:
                    store.update(form["update"][0])
                    body, kind = b"", "text/plain"
                else:
                    graphs = [ox.NamedNode(g) for g in form.get("default-graph-uri", [])]
                    result = store.query(form["query"][0], default_graph=graphs or None)
                    if isinstance(result, ox.QueryTriples):
                        body = ox.serialize(result, format=ox.RdfFormat.N_TRIPLES) or b""
                        kind = "application/n-triples"
                    else:
                        body = result.serialize(format=ox.QueryResultsFormat.JSON) or b""
                        kind = "application/sparql-results+json"
            except (SyntaxError, ValueError, OSError, KeyError) as exc:
                self.send_response(400)
                self.end_headers()
                self.wfile.write(str(exc).encode("utf-8"))
                return
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    return Handler


@contextmanager
def sparql_server(requests: list[str] | None = None) -> Iterator[tuple[str, ox.Store]]:
    """Serve a fresh store on a free local port; yield its query URL and the store.

    The path of every request is appended to ``requests`` when given.
    """
    store = ox.Store()
    seen = requests if requests is not None else []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(store, seen))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/sparql", store
    finally:
        server.shutdown()
        server.server_close()
