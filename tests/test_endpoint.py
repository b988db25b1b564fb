"""`kg serve`: a real server on a free local port, asked by real HTTP clients.

Every server is bound to 127.0.0.1 and stopped at the end of its test; every
request has a time-out.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import Result

from kg.errors import BadArgumentError
from kg.sparql.endpoint import BACKLOG, Limits, SparqlServer, make_server
from kg.sparql.run import example
from kg.store import EmbeddedStore
from kg.store.embedded import find_build

from .conftest import CHROMIUM, HOSTILE_SERVICES, MENTIONS_SERVICE

ROOT = Path(__file__).resolve().parents[1]
KG = "https://w3id.org/kg-contacts/ns#"
ID = "https://w3id.org/kg-contacts/id/"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
PERSONS = "SELECT ?p WHERE { ?p a <http://xmlns.com/foaf/0.1/Person> } ORDER BY ?p"
PARTICIPANTS = f"CONSTRUCT {{ ?c <{KG}participant> ?p }} WHERE {{ ?c <{KG}participant> ?p }}"
#: A cross join of all triples four times over: far longer than any time limit here.
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
TIMEOUT = 20  # seconds any one request may take in these tests


class Answer:
    """An HTTP response, read whole."""

    def __init__(self, status: int, headers: dict[str, str], body: bytes) -> None:
        self.status = status
        self.headers = headers
        self.body = body

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")

    @property
    def type(self) -> str:
        return self.headers.get("content-type", "")


def request(
    url: str,
    *,
    data: bytes | None = None,
    headers: dict[str, str] | None = None,
    method: str | None = None,
) -> Answer:
    """One HTTP request with urllib, answered by status whatever it is."""
    req = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(req, timeout=TIMEOUT) as response:
            found = {k.lower(): v for k, v in response.headers.items()}
            return Answer(response.status, found, response.read())
    except urllib.error.HTTPError as error:
        found = {k.lower(): v for k, v in error.headers.items()}
        return Answer(error.code, found, error.read())


def get(base: str, query: str, accept: str | None = None, **params: str) -> Answer:
    encoded = urllib.parse.urlencode({"query": query, **params})
    return request(f"{base}/sparql?{encoded}", headers={"Accept": accept} if accept else {})


def post_form(base: str, fields: dict[str, str], accept: str | None = None) -> Answer:
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    if accept:
        headers["Accept"] = accept
    data = urllib.parse.urlencode(fields).encode()
    return request(f"{base}/sparql", data=data, headers=headers)


def post_direct(base: str, query: str, content_type: str = "application/sparql-query") -> Answer:
    headers = {"Content-Type": content_type}
    return request(f"{base}/sparql", data=query.encode(), headers=headers)


@pytest.fixture
def start(store: EmbeddedStore) -> Iterator[Callable[..., str]]:
    """Start servers on free ports of 127.0.0.1; stop them all when the test ends."""
    running: list[tuple[SparqlServer, threading.Thread]] = []

    def launch(store_path: str | None = None, cors: tuple[str, ...] = (), **limits: float) -> str:
        options = {"time_limit": 2.0, "max_rows": 1000, "workers": 2, **limits}
        server = make_server(
            store_path or store.path,
            "127.0.0.1",
            0,
            Limits(**options),  # type: ignore[arg-type]
            cors=cors,
        )
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        running.append((server, thread))
        host, port = server.server_address[:2]
        assert host == "127.0.0.1"
        assert server.url == f"http://{host}:{port}"
        return server.url

    yield launch
    for server, thread in running:
        server.shutdown()
        server.server_close()
        thread.join(10)


@pytest.fixture
def base(start: Callable[..., str]) -> str:
    return start()


def triple_count(store: EmbeddedStore) -> int:
    return len(ox.Store.read_only(store.path))


# -- routes and formats -----------------------------------------------------


def test_get_answers_sparql_json_by_default(base: str, store: EmbeddedStore) -> None:
    answer = get(base, COUNT)
    assert answer.status == 200
    assert answer.type == "application/sparql-results+json"
    document = json.loads(answer.body)
    assert document["head"]["vars"] == ["n"]
    assert int(document["results"]["bindings"][0]["n"]["value"]) == triple_count(store)


RESULT_TYPES = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}


def check_select(how: str, accept: str, base: str, expected: list[ox.NamedNode]) -> None:
    if how == "get":
        answer = get(base, PERSONS, accept)
    elif how == "form":
        answer = post_form(base, {"query": PERSONS}, accept)
    else:
        answer = request(
            f"{base}/sparql",
            data=PERSONS.encode(),
            headers={"Content-Type": "application/sparql-query", "Accept": accept},
        )
    assert answer.status == 200, answer.text
    assert answer.type.split(";")[0] == accept
    if accept == "text/csv":
        assert answer.text.split("\r\n")[:-1] == ["p", *(p.value for p in expected)]
    else:
        parsed = ox.parse_query_results(answer.body, RESULT_TYPES[accept])
        assert [s["p"] for s in parsed] == expected


@pytest.mark.parametrize("how", ["get", "form", "direct"])
def test_select_in_every_format_and_route(how: str, base: str, store: EmbeddedStore) -> None:
    solutions = store.oxigraph.query(PERSONS, use_default_graph_as_union=True)
    expected = [s["p"] for s in solutions]
    for accept in [*RESULT_TYPES, "text/csv"]:
        check_select(how, accept, base, expected)


GRAPH_TYPES = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/ld+json": ox.RdfFormat.JSON_LD,
}


def test_construct_in_every_graph_format(base: str, store: EmbeddedStore) -> None:
    expected = set(store.oxigraph.query(PARTICIPANTS, use_default_graph_as_union=True))
    for accept, rdf_format in GRAPH_TYPES.items():
        answer = get(base, PARTICIPANTS, accept)
        assert answer.status == 200, answer.text
        assert answer.type.split(";")[0] == accept
        assert {q.triple for q in ox.parse(answer.body, rdf_format)} == expected, accept


def test_describe_and_ask(base: str) -> None:
    describe = get(base, f"DESCRIBE <{ID}person/lecornu>")
    assert describe.status == 200 and describe.type.startswith("text/turtle")
    assert "Sébastien Lecornu" in describe.text
    ask = get(base, f"ASK {{ <{ID}person/lecornu> ?p ?o }}", "application/sparql-results+xml")
    assert ask.status == 200
    assert "<boolean>true</boolean>" in ask.text


def test_content_negotiation(base: str) -> None:
    json_type = "application/sparql-results+json"
    for fmt, media in [("csv", "text/csv"), ("xml", "application/sparql-results+xml")]:
        answer = get(base, PERSONS, json_type, format=fmt)
        assert answer.status == 200 and answer.type.startswith(media), fmt
    assert get(base, PERSONS, f"{json_type};q=0.5, text/csv").type.startswith("text/csv")
    assert get(base, PERSONS, "*/*").type == json_type
    assert get(base, PARTICIPANTS, "*/*").type.startswith("text/turtle")
    refused = get(base, PERSONS, "text/turtle")
    assert refused.status == 406
    assert refused.text.startswith("no acceptable format for this query; it can answer with ")
    assert get(base, PARTICIPANTS, "text/csv").status == 406
    assert get(base, PERSONS, format="yaml").status == 406


def test_protocol_dataset_and_from(base: str, store: EmbeddedStore) -> None:
    curated = f"{ID}graph/curated"
    graph = ox.NamedNode(curated)
    expected = len(list(store.oxigraph.quads_for_pattern(None, None, None, graph)))
    with_param = get(base, COUNT, "text/csv", **{"default-graph-uri": curated})
    query_from = get(base, f"SELECT (COUNT(*) AS ?n) FROM <{curated}> {{ ?s ?p ?o }}", "text/csv")
    for answer in (with_param, query_from):
        assert answer.status == 200, answer.text
        assert answer.text.split("\r\n")[1] == str(expected)
    assert expected < triple_count(store)


# -- refusals and errors ----------------------------------------------------

INSERT = "INSERT DATA { <http://example.org/a> <http://example.org/b> <http://example.org/c> }"
UPDATES: dict[str, Callable[[str], Answer]] = {
    "form-update": lambda base: post_form(base, {"update": INSERT}),
    "sparql-update-body": lambda base: post_direct(base, INSERT, "application/sparql-update"),
    "form-query": lambda base: post_form(base, {"query": INSERT}),
    "get-query": lambda base: get(base, INSERT),
    "direct-query": lambda base: post_direct(base, INSERT),
    "delete-where": lambda base: post_direct(
        base, "PREFIX ex: <http://example.org/> DELETE WHERE { ?s ?p ?o }"
    ),
    "drop-all": lambda base: post_form(base, {"query": "DROP ALL"}),
    "load": lambda base: post_form(base, {"query": "LOAD <http://127.0.0.1:9/data.ttl>"}),
    "get-update": lambda base: request(f"{base}/sparql?update=" + urllib.parse.quote(INSERT)),
}


def test_every_update_route_is_refused(base: str, store: EmbeddedStore) -> None:
    before = triple_count(store)
    for route, send in UPDATES.items():
        answer = send(base)
        assert answer.status == 403, route
        assert answer.text == "the store is read-only: SPARQL Update is not accepted\n", route
        assert triple_count(store) == before, route
    count = json.loads(get(base, COUNT).body)["results"]["bindings"][0]["n"]["value"]
    assert int(count) == before


SERVICES = [
    "SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}",
    "select * where {{ service silent <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ ?x ?y ?z FILTER(?x<?z)SERVICE<http://127.0.0.1:{port}/>{{?s ?p ?o}} }}",
    "SELECT * WHERE {{ BIND(<http://127.0.0.1:{port}/> AS ?e) SERVICE ?e {{ ?s ?p ?o }} }}",
]


def test_service_is_refused_and_nothing_is_contacted(
    base: str, listener: tuple[int, list[bytes]]
) -> None:
    port, seen = listener
    for template in SERVICES:
        query = template.format(port=port)
        for answer in (get(base, query), post_form(base, {"query": query})):
            assert answer.status == 403, query
            assert answer.text == "SERVICE is not allowed: queries never reach the network here\n"
    time.sleep(0.3)
    assert seen == []


@pytest.mark.parametrize("template", HOSTILE_SERVICES)
def test_service_the_lexer_misreads_is_stopped_by_the_wall(
    template: str, base: str, listener: tuple[int, list[bytes]]
) -> None:
    port, seen = listener
    query = template.format(port=port)
    for answer in (get(base, query), post_form(base, {"query": query})):
        assert answer.status == 403, query
        assert answer.text.count("\n") == 1
        assert answer.text.endswith("queries never reach the network here\n")
    time.sleep(0.3)
    assert seen == []
    assert get(base, COUNT).status == 200  # the stopped workers were replaced


@pytest.mark.parametrize("query", MENTIONS_SERVICE)
def test_queries_that_only_mention_service_are_answered(query: str, base: str) -> None:
    assert get(base, query).status == 200


def test_graphs_outside_the_store_are_refused(base: str) -> None:
    for answer in (
        get(base, "SELECT * FROM <http://127.0.0.1:9/data.ttl> WHERE { ?s ?p ?o }"),
        get(base, "SELECT * FROM NAMED <http://example.org/g> WHERE { ?s ?p ?o }"),
        get(base, COUNT, **{"default-graph-uri": "http://example.org/g"}),
        get(base, COUNT, **{"named-graph-uri": "http://example.org/g"}),
    ):
        assert answer.status == 403
        assert "is not a graph of this store and nothing is fetched from elsewhere" in answer.text


def test_malformed_query_is_400_with_the_parser_message(base: str) -> None:
    for query in ("SELECT ?x WHERE { ?x ?y }", "SELEC * WHERE { }", "SELECT * WHERE { ?s ?p ?o"):
        for answer in (
            get(base, query),
            post_form(base, {"query": query}),
            post_direct(base, query),
        ):
            assert answer.status == 400
            # The parser's message spans lines for some errors: sent as one.
            assert re.fullmatch(r"malformed query: error at \d+:\d+: [^\n]+\n", answer.text)


def test_bad_requests(base: str) -> None:
    assert request(f"{base}/nowhere").status == 404
    assert post_direct(base, PERSONS, "text/plain").status == 415
    assert request(f"{base}/sparql?query=ASK%7B%7D&query=ASK%7B%7D").status == 400
    assert post_form(base, {"format": "json"}).status == 400  # a POST without a query
    refused = request(f"{base}/sparql", data=b"x", method="PUT")
    assert refused.status == 405
    assert refused.headers["allow"] == "GET, HEAD, POST, OPTIONS"


ERRORS: dict[str, Callable[[str], Answer]] = {
    "400 malformed": lambda base: get(base, "SELECT * WHERE { ?s ?p ?o"),
    "400 parameters": lambda base: request(f"{base}/sparql?query=ASK%7B%7D&query=ASK%7B%7D"),
    "403 update": lambda base: post_form(base, {"update": INSERT}),
    "403 service": lambda base: get(
        base, "SELECT * { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"
    ),
    "404": lambda base: request(f"{base}/nowhere"),
    "405": lambda base: request(f"{base}/sparql", data=b"x", method="DELETE"),
    "405 page": lambda base: request(f"{base}/", data=b"x", method="POST"),
    "406": lambda base: get(base, PERSONS, "text/turtle"),
    "406 description": lambda base: request(f"{base}/sparql", headers={"Accept": "text/csv"}),
    "413": lambda base: post_direct(base, "ASK {} #" + "x" * 2000),
    "415": lambda base: post_direct(base, PERSONS, "text/plain"),
    "503": lambda base: get(base, SLOW),
}


def test_every_error_is_one_line_of_plain_text(start: Callable[..., str]) -> None:
    base = start(time_limit=0.5, max_request=1000)
    for name, send in ERRORS.items():
        answer = send(base)
        assert str(answer.status) == name.split()[0], (name, answer.text)
        assert answer.type == "text/plain; charset=utf-8", name
        assert answer.text.endswith("\n") and answer.text.count("\n") == 1, name
        assert answer.text.strip(), name


# -- HTTP: HEAD, OPTIONS, keep-alive, backlog, CORS ---------------------------


def test_head_answers_the_headers_of_get(base: str) -> None:
    query = "/sparql?" + urllib.parse.urlencode({"query": PERSONS})
    for path in ("/", "/sparql", query):
        full = request(f"{base}{path}")
        head = request(f"{base}{path}", method="HEAD")
        assert head.status == full.status == 200, path
        assert head.body == b"", path
        assert head.headers["content-length"] == str(len(full.body)), path
        assert head.type == full.type, path


@pytest.mark.parametrize(
    "path, allowed", [("/sparql", "GET, HEAD, POST, OPTIONS"), ("/", "GET, HEAD, OPTIONS")]
)
def test_options_says_what_is_allowed(path: str, allowed: str, base: str) -> None:
    answer = request(f"{base}{path}", method="OPTIONS")
    assert answer.status == 204
    assert answer.headers["allow"] == allowed
    assert answer.body == b""
    assert "access-control-allow-origin" not in answer.headers


def test_keep_alive_serves_many_requests_on_one_connection(base: str) -> None:
    host, port = urllib.parse.urlsplit(base).netloc.split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=TIMEOUT)
    try:
        connection.connect()
        first = connection.sock
        for query in (PERSONS, COUNT, PARTICIPANTS, PERSONS):
            connection.request("GET", "/sparql?" + urllib.parse.urlencode({"query": query}))
            response = connection.getresponse()
            assert response.version == 11
            assert response.status == 200
            response.read()
            assert connection.sock is first  # not closed and opened again
        connection.request("POST", "/sparql", body=b"x", headers={"Content-Type": "text/plain"})
        assert connection.getresponse().read().startswith(b"send the query as ")
        assert connection.sock is first  # an error does not close it either
    finally:
        connection.close()


def test_listen_backlog_holds_many_waiting_clients(store: EmbeddedStore) -> None:
    """Clients that connect while the server is busy wait in the backlog, not in SYN retries.

    The server listens but does not accept yet: with a backlog of 5, the
    seventh connection would hang until its time-out.
    """
    assert BACKLOG >= 1024
    server = make_server(store.path, "127.0.0.1", 0, Limits(workers=1))
    # Named TCP, asyncio sets TCP_NODELAY on its connections: an answer written
    # in two parts then does not wait some 40 ms for the client's delayed ACK.
    assert server.socket.proto == socket.IPPROTO_TCP
    clients: list[socket.socket] = []
    try:
        for _ in range(200):
            client = socket.create_connection(server.server_address, timeout=TIMEOUT)
            clients.append(client)
    finally:
        for client in clients:
            client.close()
        server.server_close()
    assert len(clients) == 200


YASGUI = "https://yasgui.example.org"


def preflight(base: str, origin: str, method: str = "POST") -> Answer:
    headers = {
        "Origin": origin,
        "Access-Control-Request-Method": method,
        "Access-Control-Request-Headers": "content-type",
    }
    return request(f"{base}/sparql", method="OPTIONS", headers=headers)


def test_cors_is_off_by_default(base: str) -> None:
    assert "access-control-allow-origin" not in preflight(base, YASGUI).headers
    answer = request(f"{base}/sparql?query=ASK%7B%7D", headers={"Origin": YASGUI})
    assert answer.status == 200
    assert "access-control-allow-origin" not in answer.headers


def test_cors_for_named_origins(start: Callable[..., str]) -> None:
    base = start(cors=(YASGUI + "/", "http://localhost:3000"), max_rows=2)
    allowed = preflight(base, YASGUI)
    assert allowed.status == 200
    assert allowed.headers["access-control-allow-origin"] == YASGUI
    methods = {m.strip() for m in allowed.headers["access-control-allow-methods"].split(",")}
    assert methods == {"GET", "POST", "OPTIONS"}
    assert "content-type" in allowed.headers["access-control-allow-headers"].lower()
    answer = request(
        f"{base}/sparql",
        data=PERSONS.encode(),
        headers={"Content-Type": "application/sparql-query", "Origin": YASGUI},
    )
    assert answer.status == 200
    assert answer.headers["access-control-allow-origin"] == YASGUI
    assert "X-SPARQL-MaxRows" in answer.headers["access-control-expose-headers"]
    assert "Origin" in answer.headers["vary"]
    # Another origin, or a method that would write: refused in one line.
    for refused in (preflight(base, "https://elsewhere.example"), preflight(base, YASGUI, "PUT")):
        assert refused.status == 400
        assert (
            "access-control-allow-origin" not in refused.headers
            or refused.headers["access-control-allow-origin"] != "https://elsewhere.example"
        )
        assert refused.text.count("\n") <= 1 and refused.text.startswith("Disallowed CORS")
    other = request(
        f"{base}/sparql?query=ASK%7B%7D", headers={"Origin": "https://elsewhere.example"}
    )
    assert "access-control-allow-origin" not in other.headers


def test_cors_for_any_origin(start: Callable[..., str]) -> None:
    base = start(cors=("*",))
    assert preflight(base, "https://anywhere.example").headers["access-control-allow-origin"] == "*"
    answer = request(f"{base}/sparql?query=ASK%7B%7D", headers={"Origin": "https://a.example"})
    assert answer.headers["access-control-allow-origin"] == "*"


@pytest.mark.parametrize(
    "origin", ["yasgui.example.org", "https://a.example/path", "ftp://a.example", "https://"]
)
def test_a_malformed_cors_origin_is_refused(origin: str, store: EmbeddedStore) -> None:
    with pytest.raises(BadArgumentError, match="--cors takes an origin"):
        make_server(store.path, "127.0.0.1", 0, Limits(workers=1), cors=[origin])


# -- service description and base IRI -----------------------------------------

SD = "http://www.w3.org/ns/sparql-service-description#"


def test_service_description_at_the_endpoint(base: str, store: EmbeddedStore) -> None:
    answer = request(f"{base}/sparql")
    assert answer.status == 200
    assert answer.type == "text/turtle; charset=utf-8"
    graph = ox.Store()
    graph.load(answer.body, ox.RdfFormat.TURTLE)
    endpoint = ox.NamedNode(f"{base}/sparql")
    ask = f"""PREFIX sd: <{SD}>
        ASK {{ <{endpoint.value}> a sd:Service ; sd:endpoint <{endpoint.value}> ;
               sd:supportedLanguage sd:SPARQL11Query ; sd:feature sd:UnionDefaultGraph ;
               sd:resultFormat <http://www.w3.org/ns/formats/SPARQL_Results_JSON> }}"""
    assert graph.query(ask)
    names = graph.query(
        f"PREFIX sd: <{SD}> SELECT ?g {{ ?s sd:defaultDataset/sd:namedGraph/sd:name ?g }}"
    )
    assert sorted(s["g"].value for s in names) == sorted(
        g.value for g in store.oxigraph.named_graphs()
    )
    assert not graph.query(f"PREFIX sd: <{SD}> ASK {{ ?s sd:supportedLanguage sd:SPARQL11Update }}")


@pytest.mark.parametrize(
    "accept, params, fmt",
    [
        ("application/ld+json", {}, ox.RdfFormat.JSON_LD),
        ("application/rdf+xml", {}, ox.RdfFormat.RDF_XML),
        (None, {"format": "nt"}, ox.RdfFormat.N_TRIPLES),
    ],
)
def test_service_description_by_content_negotiation(
    accept: str | None, params: dict[str, str], fmt: ox.RdfFormat, base: str
) -> None:
    query = ("?" + urllib.parse.urlencode(params)) if params else ""
    answer = request(f"{base}/sparql{query}", headers={"Accept": accept} if accept else {})
    assert answer.status == 200
    assert answer.type.split(";")[0] == fmt.media_type
    triples = {q.triple for q in ox.parse(answer.body, fmt)}
    service = ox.NamedNode(f"{base}/sparql")
    assert ox.Triple(service, ox.NamedNode(SD + "endpoint"), service) in triples


def test_relative_iris_resolve_against_the_endpoint_url(base: str) -> None:
    relative = "SELECT ?x WHERE { BIND(<contact/1> AS ?x) }"
    for answer in (get(base, relative, "text/csv"), post_direct(base, relative)):
        assert answer.status == 200, answer.text
    assert get(base, relative, "text/csv").text.split("\r\n")[1] == f"{base}/contact/1"
    declared = "BASE <http://example.org/a/> SELECT ?x WHERE { BIND(<b> AS ?x) }"
    assert get(base, declared, "text/csv").text.split("\r\n")[1] == "http://example.org/a/b"
    # The base is the URL the client used (its Host header).
    named = request(
        f"{base}/sparql?" + urllib.parse.urlencode({"query": relative}),
        headers={"Accept": "text/csv", "Host": "localhost:8000"},
    )
    assert named.text.split("\r\n")[1] == "http://localhost:8000/contact/1"


def test_request_size_is_bounded(start: Callable[..., str]) -> None:
    base = start(max_request=1000)
    long_query = "SELECT * { ?s ?p ?o } #" + "x" * 2000
    assert post_direct(base, long_query).status == 413
    assert post_form(base, {"query": long_query}).status == 413
    assert get(base, long_query).status == 413
    assert get(base, PERSONS).status == 200


# -- limits -----------------------------------------------------------------


def test_slow_query_is_stopped_at_its_time_limit(start: Callable[..., str]) -> None:
    base = start(time_limit=1.0)
    # Left to run, the cross join would outlast the request's time-out: an
    # answer at all means it was stopped.
    answer = get(base, SLOW)
    assert answer.status == 503
    assert answer.text == (
        "the query ran longer than the time limit of 1 seconds and was stopped\n"
    )
    # The killed worker is replaced: the server goes on answering.
    assert get(base, COUNT).status == 200
    assert get(base, COUNT).status == 200


def test_fast_query_answered_while_a_slow_one_runs(start: Callable[..., str]) -> None:
    base = start(time_limit=3.0, workers=2)
    slow: dict[str, int] = {}
    running = threading.Event()

    def run_slow() -> None:
        running.set()
        slow["status"] = get(base, SLOW).status

    thread = threading.Thread(target=run_slow)
    thread.start()
    running.wait(TIMEOUT)
    time.sleep(0.5)  # the slow query is running in one worker by now
    fast = get(base, PERSONS)
    # Answered while the slow query still ran: an order of events, not a clock.
    still_running = thread.is_alive()
    thread.join(TIMEOUT)
    assert fast.status == 200
    assert still_running
    assert slow["status"] == 503


def test_rows_are_capped_and_the_answer_says_so(start: Callable[..., str]) -> None:
    base = start(max_rows=3)
    answer = get(base, PERSONS)
    assert answer.status == 200
    assert answer.headers["x-sparql-maxrows"] == "3"
    assert len(json.loads(answer.body)["results"]["bindings"]) == 3
    graph = get(base, PARTICIPANTS, "application/n-triples")
    assert graph.headers["x-sparql-maxrows"] == "3"
    assert len(graph.text.splitlines()) == 3
    small = get(base, "SELECT ?x WHERE { VALUES ?x { 1 2 3 } }")
    assert "x-sparql-maxrows" not in small.headers


# -- the query page and the log ----------------------------------------------


def test_query_page_is_self_contained_and_escaped(base: str) -> None:
    page = request(f"{base}/")
    assert page.status == 200
    assert page.type == "text/html; charset=utf-8"
    csp = page.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "connect-src 'self'" in csp
    assert "script-src 'sha256-" in csp and "unsafe-inline" not in csp
    assert not re.search(r"(src|href)=\"?(https?:)?//", page.text)
    # Every example is on the page, ready to run, in a JSON block that cannot close its script.
    data = re.search(
        r'<script type="application/json" id="examples">(.*?)</script>', page.text, re.S
    )
    assert data is not None and "<" not in data.group(1)
    shipped = json.loads(data.group(1))
    assert [e["name"] for e in shipped] == [
        "contacts-per-country-pair",
        "disputed-claims",
        "last-contact",
        "most-contacted",
        "person-timeline",
        "post-holder",
    ]
    for shown in shipped:
        answer = post_direct(base, shown["text"])
        assert answer.status == 200, (shown["name"], answer.text)
        assert json.loads(answer.body)["results"]["bindings"], shown["name"]


def test_one_log_line_per_request(base: str, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    get(base, PERSONS)
    post_form(base, {"update": INSERT})
    request(f"{base}/nowhere")
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 3
    assert re.fullmatch(
        r'127\.0\.0\.1 \[.+\] "GET /sparql" 200 \d+ \d+ms q="SELECT \?p .*"', lines[0]
    )
    assert '"POST /sparql" 403 ' in lines[1]
    assert '"GET /nowhere" 404 ' in lines[2]


# -- a standard client ------------------------------------------------------


def test_sparqlwrapper(base: str, store: EmbeddedStore) -> None:
    from SPARQLWrapper import JSON, POST, TURTLE, XML, SPARQLWrapper

    client = SPARQLWrapper(f"{base}/sparql")
    client.setTimeout(TIMEOUT)
    client.setQuery(PERSONS)
    client.setReturnFormat(JSON)
    rows = client.queryAndConvert()["results"]["bindings"]
    assert [r["p"]["value"] for r in rows][:2] == [f"{ID}person/austin", f"{ID}person/belousov"]

    client.setMethod(POST)
    client.setQuery(f"ASK {{ <{ID}person/lecornu> ?p ?o }}")
    assert client.queryAndConvert()["boolean"] is True

    client.setQuery(PARTICIPANTS)
    client.setReturnFormat(TURTLE)
    turtle = client.queryAndConvert()
    got = {q.triple for q in ox.parse(turtle, ox.RdfFormat.TURTLE)}
    assert got == set(store.oxigraph.query(PARTICIPANTS, use_default_graph_as_union=True))

    client.setReturnFormat(XML)  # RDF/XML for a graph
    assert len(client.queryAndConvert()) == len(got)  # an rdflib Graph


def test_sparqlwrapper_update_is_refused(base: str, store: EmbeddedStore) -> None:
    from SPARQLWrapper import POST, SPARQLWrapper

    before = triple_count(store)
    client = SPARQLWrapper(f"{base}/sparql")
    client.setTimeout(TIMEOUT)
    client.setMethod(POST)
    client.setQuery(INSERT)
    with pytest.raises(urllib.error.HTTPError) as refused:
        client.query()
    assert refused.value.code == 403
    assert triple_count(store) == before


def test_sparqlwrapper_malformed_query(base: str) -> None:
    from SPARQLWrapper import SPARQLWrapper
    from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

    client = SPARQLWrapper(f"{base}/sparql")
    client.setTimeout(TIMEOUT)
    client.setQuery("SELECT ?x WHERE { ?x ?y }")
    with pytest.raises(QueryBadFormed, match="malformed query: error at 1:"):
        client.query()


# -- the command -------------------------------------------------------------


@pytest.mark.slow
def test_kg_serve_command(store_dir: Path) -> None:
    env = {**os.environ, "KG_STORE": str(store_dir), "PYTHONPATH": str(ROOT)}
    env.pop("KG_DATA", None)
    command = [sys.executable, "-m", "kg", "serve", "--port", "0", "--workers", "1"]
    command += ["--cors", YASGUI, "--cors", "http://localhost:3000"]
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        assert process.stderr is not None
        line = process.stderr.readline()
        found = re.match(
            r"SPARQL endpoint at (http://127\.0\.0\.1:\d+)/sparql, query page at ", line
        )
        assert found, line
        answer = get(found.group(1), COUNT, "text/csv")
        assert answer.status == 200
        assert preflight(found.group(1), YASGUI).headers["access-control-allow-origin"] == YASGUI
    finally:
        process.terminate()
        process.wait(TIMEOUT)
    assert process.returncode == 0
    assert process.stderr is not None
    log = process.stderr.read()
    assert '"GET /sparql" 200 ' in log
    assert '"OPTIONS /sparql" 200 ' in log


def test_kg_serve_refuses_a_malformed_origin(run: Callable[..., Result]) -> None:
    result = run("serve", "--port", "0", "--cors", "yasgui.example.org")
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: --cors takes an origin such as https://example.org")


# -- a store rebuilt under a running server ---------------------------------------

NAME = f"SELECT ?name WHERE {{ <{ID}person/lecornu> <http://www.w3.org/2000/01/rdf-schema#label> ?name }}"


@pytest.mark.slow
def test_server_follows_rebuilds_made_by_another_process(
    start: Callable[..., str], data_copy: Path, tmp_path: Path
) -> None:
    """The server used to answer 503 for good once three later builds pruned the one it opened."""
    store_dir = tmp_path / "store"
    env = {**os.environ, "KG_STORE": str(store_dir), "KG_DATA": str(data_copy)}
    env["PYTHONPATH"] = str(ROOT)

    def rebuild() -> Path:
        done = subprocess.run(
            [sys.executable, "-m", "kg", "build"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert done.returncode == 0, done.stderr
        current = json.loads((store_dir / "CURRENT").read_text(encoding="utf-8"))
        found = find_build(str(store_dir), current["fingerprint"])
        assert found is not None
        return Path(found)

    first = rebuild()
    base = start(store_path=str(first), time_limit=1.0)
    assert get(base, NAME, "text/csv").text.split("\r\n")[1] == "Sébastien Lecornu"
    people = data_copy / "people.yaml"
    original = people.read_text(encoding="utf-8")
    for round in range(1, 5):
        renamed = original.replace("name: Sébastien Lecornu", f"name: Sébastien Lecornu {round}")
        people.write_text(renamed, encoding="utf-8")
        rebuild()
        answer = get(base, NAME, "text/csv")
        assert answer.status == 200, answer.text
        assert answer.text.split("\r\n")[1] == f"Sébastien Lecornu {round}"
    assert not first.exists()  # pruned by the later builds
    # A worker stopped now is replaced by one on the current build.
    assert get(base, SLOW).status == 503
    for _ in range(3):
        assert get(base, NAME, "text/csv").text.split("\r\n")[1] == "Sébastien Lecornu 4"


# -- the query page in a real browser -----------------------------------------


@pytest.mark.browser
def test_query_page_runs_an_example_in_a_browser(base: str, tmp_path: Path) -> None:
    """Debian's headless Chromium (Playwright never downloads one); only the server is reachable."""
    from playwright.sync_api import sync_playwright

    requests: list[str] = []
    blocked: list[str] = []
    problems: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 800})

            def only_the_server(route: object) -> None:
                url = route.request.url  # type: ignore[attr-defined]
                if url.startswith(base + "/"):
                    route.continue_()  # type: ignore[attr-defined]
                else:
                    blocked.append(url)
                    route.abort()  # type: ignore[attr-defined]

            page.route("**/*", only_the_server)
            page.on("request", lambda request: requests.append(request.url))
            page.on("pageerror", lambda error: problems.append(str(error)))
            page.on(
                "console",
                lambda message: problems.append(message.text) if message.type == "error" else None,
            )
            page.goto(f"{base}/", timeout=TIMEOUT * 1000)
            item = example("last-contact")
            assert item is not None
            page.select_option("#example", label=f"{item.name} \u2014 {item.summary}")
            assert "VALUES (?a ?b)" in page.input_value("#query")
            page.click("button[type=submit]")
            page.wait_for_selector("#output table", timeout=TIMEOUT * 1000)
            cells = page.locator("#output tbody tr").first.locator("td").all_text_contents()
            assert cells[0] == "2022-09"
            assert page.locator("#output tbody tr").count() == 2
            assert re.fullmatch(r"2 rows \(\d+ ms\)", page.text_content("#status") or "")
            page.fill("#query", "SELECT * WHERE { ?s ?p }")
            page.click("button[type=submit]")
            page.wait_for_selector("#output .error", timeout=TIMEOUT * 1000)
            assert (page.text_content("#output .error") or "").startswith("malformed query")
            page.screenshot(path=str(tmp_path / "query-page.png"))
        finally:
            browser.close()
    assert blocked == []
    assert problems == [] or all("400" in p for p in problems)  # the malformed query's 400
    assert set(requests) == {f"{base}/", f"{base}/sparql"}
