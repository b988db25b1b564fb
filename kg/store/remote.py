"""The same tool on a SPARQL 1.1 server: queries over HTTP, builds by SPARQL Update.

``--store URL`` (or ``KG_STORE=URL``) with an ``http://`` or ``https://`` URL
points every command at a SPARQL 1.1 endpoint instead of the embedded store.
The endpoint is tested against Virtuoso; any server speaking the SPARQL 1.1
Protocol and Update (Fuseki, GraphDB, QLever with updates...) should do.

- **Queries** go to the URL (``POST``, ``application/x-www-form-urlencoded``)
  and ask for SPARQL 1.1 Query Results JSON. Their default graph is the merge
  of kg's graphs, named with the protocol's ``default-graph-uri`` parameters,
  so no server setting (such as a union default graph) is needed. Bound
  values are joined to the query's ``WHERE`` group as a ``VALUES`` block of
  RDF terms (:func:`kg.store.join_values`): never formatted from a user's
  text.
- **Updates** (building, importing) go to ``$KG_STORE_UPDATE_URL`` if set,
  else to the same URL.
- **Loading**: with ``$KG_STORE_GRAPH_URL`` set to the server's SPARQL 1.1
  Graph Store Protocol endpoint (Virtuoso: ``/sparql-graph-crud-auth``),
  graphs are sent as N-Triples in large ``POST`` requests; without it, as
  ``INSERT DATA`` updates of a few hundred triples each (Virtuoso refuses
  larger ones), which is about twenty times slower.
- **Credentials** come from the environment only: ``KG_STORE_USER`` and
  ``KG_STORE_PASSWORD`` (HTTP Digest or Basic, whichever the server asks for).
- **Builds** happen locally (records, SHACL), then each graph (ontology,
  curated records, every imported source, and the pair index computed from
  them as they are read: :mod:`kg.store.pairs`) is uploaded into a staging
  graph and moved over the live one only when every upload succeeded, so a
  failed build leaves the server's graphs as they were. The fingerprint of the inputs
  is kept on the server (graph ``id/graph/build``), so an unchanged input is
  not uploaded again.
"""

from __future__ import annotations

import json
import os
import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from kg.errors import InvalidDataError, QueryError, StoreError
from kg.store.inputs import (
    CURATED_GRAPH,
    ONTOLOGY_GRAPH,
    Inputs,
    fingerprint,
    open_ntriples,
    source_graph,
)
from kg.store.pairs import PAIRS_GRAPH, PairIndex
from kg.store.values import Binding, Row, join_values
from kg.vocab import DCT, XSD, resource_iri

__all__ = ["RemoteStore", "open_remote", "build_remote"]

BUILD_GRAPH = resource_iri("graph", "build")
GENID = "https://w3id.org/kg-contacts/.well-known/genid/"
#: Triples per INSERT DATA request: small enough for any server's request limits.
#: Triples per ``INSERT DATA``: Virtuoso 7 refuses 2,000 ("the length of
#: generated SQL is too large").
CHUNK = 500
#: Triples per Graph Store Protocol request.
GSP_CHUNK = 100_000


class RemoteStore:
    """A SPARQL 1.1 endpoint answering the library's queries.

    Parameters
    ----------
    url : str
        The query endpoint.
    update_url : str, optional
        The update endpoint (default ``$KG_STORE_UPDATE_URL``, else ``url``).
    graph_store_url : str, optional
        A Graph Store Protocol endpoint for loading (default
        ``$KG_STORE_GRAPH_URL``; none: load with updates).
    timeout : float
        Seconds to wait for an answer.
    """

    def __init__(
        self,
        url: str,
        update_url: str | None = None,
        graph_store_url: str | None = None,
        timeout: float = 120,
    ) -> None:
        self.url = url
        self.update_url = update_url or os.environ.get("KG_STORE_UPDATE_URL") or url
        self.graph_store_url = graph_store_url or os.environ.get("KG_STORE_GRAPH_URL") or None
        self.timeout = timeout
        self.warning: str | None = None
        self._opener = _opener(url, self.update_url, *filter(None, [self.graph_store_url]))
        self._graphs: list[str] | None = None

    @property
    def path(self) -> str:
        """Where the store is (its URL), as :attr:`EmbeddedStore.path` says for a folder."""
        return self.url

    @property
    def info(self) -> dict[str, Any]:
        """What the server's graphs were built from: ``fingerprint`` and ``graphs``."""
        answer = json.loads(
            self.query(
                f"SELECT ?fingerprint ?graph WHERE {{ GRAPH <{BUILD_GRAPH}> {{ "
                f"<{BUILD_GRAPH}> <{DCT.identifier}> ?fingerprint ; <{DCT.hasPart}> ?graph }} }}",
                graphs=(),
            )
        )
        rows = answer.get("results", {}).get("bindings", [])
        if not rows:
            return {}
        return {
            "fingerprint": rows[0]["fingerprint"]["value"],
            "graphs": sorted(r["graph"]["value"] for r in rows),
        }

    def graphs(self) -> list[str]:
        """kg's graphs on the server (the default graph of every query)."""
        if self._graphs is None:
            self._graphs = self.info.get("graphs", [])
        return self._graphs

    def _post(
        self,
        url: str,
        form: Iterable[tuple[str, str]],
        accept: str,
        is_query: bool = False,
        payload: tuple[str, bytes] | None = None,
    ) -> bytes:
        content_type, data = payload or (
            "application/x-www-form-urlencoded; charset=utf-8",
            urllib.parse.urlencode(list(form)).encode("utf-8"),
        )
        request = urllib.request.Request(
            url,
            data=data,
            headers={"Accept": accept, "Content-Type": content_type},
            method="POST",
        )
        try:
            with self._opener.open(request, timeout=self.timeout) as response:
                body: bytes = response.read()
                return body
        except urllib.error.HTTPError as exc:
            detail = exc.read().decode("utf-8", "replace").strip().splitlines()
            reason = detail[0] if detail else exc.reason
            if exc.code == 400 and is_query:  # a query the server cannot parse
                raise QueryError(f"the SPARQL server at {url} refused the query: {reason}") from exc
            raise StoreError(f"the SPARQL server at {url} answered {exc.code}: {reason}") from exc
        except (urllib.error.URLError, OSError) as exc:
            raise StoreError(f"cannot reach the SPARQL server at {url}: {exc}") from exc

    def query(
        self,
        query: str,
        accept: str = "application/sparql-results+json",
        graphs: Iterable[str] | None = None,
    ) -> bytes:
        """Send ``query`` as it is and return the server's answer in ``accept``.

        Its default graph is the merge of ``graphs`` (default: kg's graphs).
        """
        chosen = self.graphs() if graphs is None else graphs
        form = [("query", query), *(("default-graph-uri", g) for g in chosen)]
        return self._post(self.url, form, accept, is_query=True)

    def select(self, query: str, bindings: Mapping[str, Binding] | None = None) -> list[Row]:
        """Run one of kg's SELECT queries with ``bindings`` joined as ``VALUES``
        (:func:`kg.store.join_values`); rows of lexical values."""
        answer = json.loads(self.query(join_values(query, bindings)))
        rows: list[Row] = []
        for solution in answer.get("results", {}).get("bindings", []):
            rows.append({name: _lexical(term) for name, term in solution.items()})
        return rows

    def update(self, text: str) -> None:
        """Run a SPARQL 1.1 Update on the update endpoint."""
        self._post(self.update_url, [("update", text)], "*/*")
        self._graphs = None

    def add_triples(self, graph: str, ntriples: str) -> None:
        """Add N-Triples to ``graph``: a Graph Store Protocol ``POST`` if the
        server has one (:attr:`graph_store_url`), else ``INSERT DATA``."""
        if self.graph_store_url is None:
            self.update(f"INSERT DATA {{ GRAPH <{graph}> {{\n{ntriples}\n}} }}")
            return
        separator = "&" if "?" in self.graph_store_url else "?"
        target = f"{self.graph_store_url}{separator}{urllib.parse.urlencode({'graph': graph})}"
        self._post(target, (), "*/*", payload=("application/n-triples", ntriples.encode("utf-8")))


def canonical_results(body: bytes) -> bytes:
    """SPARQL JSON results with every term in canonical lexical form (:func:`_lexical`)."""
    answer = json.loads(body)
    for solution in answer.get("results", {}).get("bindings", []):
        for term in solution.values():
            term["value"] = _lexical(term)
    return json.dumps(answer).encode("utf-8")


def _lexical(term: Mapping[str, str]) -> str:
    """A result term's canonical lexical form: Virtuoso writes booleans as 1 and 0."""
    value = term["value"]
    if term.get("datatype") == str(XSD.boolean):
        return {"1": "true", "0": "false"}.get(value, value)
    return value


def _opener(*urls: str) -> urllib.request.OpenerDirector:
    """An opener that answers Digest or Basic challenges with the environment's credentials."""
    user = os.environ.get("KG_STORE_USER")
    password = os.environ.get("KG_STORE_PASSWORD", "")
    if not user:
        return urllib.request.build_opener()
    manager = urllib.request.HTTPPasswordMgrWithDefaultRealm()
    for url in urls:
        manager.add_password(None, url, user, password)
    return urllib.request.build_opener(
        urllib.request.HTTPDigestAuthHandler(manager),
        urllib.request.HTTPBasicAuthHandler(manager),
    )


def _chunks(lines: Iterable[str], size: int) -> Iterator[str]:
    batch: list[str] = []
    for line in lines:
        line = line.strip()
        if line:
            batch.append(line)
        if len(batch) >= size:
            yield "\n".join(batch)
            batch = []
    if batch:
        yield "\n".join(batch)


def _scanned(lines: Iterable[bytes], index: PairIndex) -> Iterator[str]:
    """N-Triples ``lines`` as text, the pair ``index`` reading them on the way."""
    batch: list[bytes] = []
    for line in lines:
        batch.append(line)
        if len(batch) >= 10_000:
            index.read(batch)
            yield from (raw.decode("utf-8") for raw in batch)
            batch = []
    index.read(batch)
    yield from (raw.decode("utf-8") for raw in batch)


def _upload(store: RemoteStore, graph: str, lines: Iterable[str]) -> None:
    """Replace ``graph`` on the server with N-Triples ``lines``, via a staging graph."""
    staging = f"{graph}-staging"
    store.update(f"DROP SILENT GRAPH <{staging}>")
    size = GSP_CHUNK if store.graph_store_url else CHUNK
    for chunk in _chunks(lines, size):
        store.add_triples(staging, chunk)


def build_remote(store: RemoteStore, inputs: Inputs, *, force: bool = False) -> dict[str, Any]:
    """Build the graphs of ``inputs`` locally and upload them, unless already there.

    Raises
    ------
    InvalidDataError
        When the inputs do not build; nothing on the server changes.
    """
    key = fingerprint(inputs)
    if not force and store.info.get("fingerprint") == key:
        return {"fingerprint": key, "data_dir": inputs.data_dir, "store": store.url}
    from pathlib import Path

    from kg.records.curated import build_graphs

    built = build_graphs(Path(inputs.data_dir), Path(inputs.ontology_dir))
    index = PairIndex()
    # Servers such as Virtuoso refuse blank nodes in INSERT DATA: the
    # ontology's (OWL lists) are written as skolem IRIs instead.
    ontology = re.sub(r"_:([A-Za-z0-9]+)", rf"<{GENID}\1>", built.ontology.serialize(format="nt"))
    _upload(store, ONTOLOGY_GRAPH, _scanned((ln.encode() for ln in ontology.splitlines()), index))
    _upload(store, CURATED_GRAPH, _scanned((ln.encode() for ln in sorted(built.lines)), index))
    names = [ONTOLOGY_GRAPH, CURATED_GRAPH]
    for source, path in inputs.import_files():  # streamed: an import may be millions of lines
        with open_ntriples(path) as handle:
            _upload(store, source_graph(source), _scanned(handle, index))
        names.append(source_graph(source))
    _upload(store, PAIRS_GRAPH, (line.decode("utf-8") for line in index.lines()))
    names.append(PAIRS_GRAPH)
    moves = [f"MOVE SILENT GRAPH <{graph}-staging> TO <{graph}>" for graph in names]
    stale = [g for g in store.info.get("graphs", []) if g not in names]
    store.update(" ;\n".join([*moves, *(f"DROP SILENT GRAPH <{g}>" for g in stale)]))
    parts = " , ".join(f"<{g}>" for g in names)
    store.update(
        f"DROP SILENT GRAPH <{BUILD_GRAPH}> ;\n"
        f"INSERT DATA {{ GRAPH <{BUILD_GRAPH}> {{ <{BUILD_GRAPH}> "
        f'<{DCT.identifier}> "{key}" ; <{DCT.hasPart}> {parts} }} }}'
    )
    return {"fingerprint": key, "data_dir": inputs.data_dir, "store": store.url}


def open_remote(url: str, inputs: Inputs) -> RemoteStore:
    """Open the endpoint at ``url``, uploading the inputs first if they changed.

    When the inputs changed but do not build, answer from what the server
    holds and say so in :attr:`RemoteStore.warning`.
    """
    store = RemoteStore(url)
    try:
        build_remote(store, inputs)
    except InvalidDataError as exc:
        if not store.info:
            raise
        count = len(exc.problems)
        store.warning = (
            f"the data changed but has {count} problem{'s' if count != 1 else ''}, so answers "
            "come from what the server already holds; run 'kg build' to see and fix them"
        )
    return store
