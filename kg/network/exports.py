"""The person network and the graph itself as files: GraphML, GEXF, Turtle, N-Triples, JSON-LD.

:func:`network_bytes` writes a projection (:func:`kg.network.projection.project`)
as GraphML or GEXF, for Gephi and Cytoscape, its attribute values flattened
by :func:`flatten`; :func:`rdf_bytes` writes the store's triples as Turtle,
N-Triples, JSON-LD or RDF/XML. The same input always gives the same bytes.

This module imports networkx, rdflib and pyoxigraph's serialisers only
inside the functions that need them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kg.errors import StoreError
from kg.output.formats import choices
from kg.store import ONTOLOGY_GRAPH
from kg.vocab import ID_BASE, PREFIXES

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["flatten", "network_bytes", "rdf_bytes"]


def _flat(value: Any) -> str | int | float | bool:
    """One attribute value as GraphML and GEXF can hold it."""
    if isinstance(value, (list, tuple)):
        if any(isinstance(item, dict) for item in value):
            import json

            return json.dumps(list(value), ensure_ascii=False, separators=(",", ":"))
        return "; ".join(str(item) for item in value)
    if isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def flatten(graph: nx.MultiGraph, fmt: str = "graphml") -> nx.MultiGraph:
    """A copy of a projection whose attribute values GraphML or GEXF can hold.

    Lists of strings (``countries``, ``country_ids``, ``posts``) become one
    string joined with ``"; "``; lists of records (``topics``,
    ``statements``, ``sources``) become JSON
    text; ``None`` values are left out. Every node gets a ``label`` (its
    name). Each edge is keyed ``CONTACT:A:B`` (the contact id and the two
    agent ids, in order), which is unique within the file as both formats
    require; the contact id stays in the ``contact`` attribute.

    For ``fmt="gexf"``, edges also get a ``label`` and ``start``/``end`` (the
    earliest and latest day, so Gephi's timeline shows when each contact may
    have happened), and ``type`` is renamed ``contact_type`` since GEXF
    reserves ``type`` for the edge's direction.

    Examples
    --------
    >>> import networkx as nx
    >>> graph = nx.MultiGraph(start=None, end="2024-12-31")
    >>> graph.add_node("ann", name="Ann", kind="person", countries=["Aland"], posts=["a", "b"])
    >>> flatten(graph).nodes["ann"]
    {'name': 'Ann', 'kind': 'person', 'countries': 'Aland', 'posts': 'a; b', 'label': 'Ann'}
    >>> flatten(graph).graph
    {'end': '2024-12-31'}
    """
    import networkx as nx

    flat = nx.MultiGraph(**{k: _flat(v) for k, v in graph.graph.items() if v is not None})
    for node, data in graph.nodes(data=True):
        attributes = {k: _flat(v) for k, v in data.items() if v is not None}
        attributes.setdefault("label", str(data.get("name", node)))
        flat.add_node(node, **attributes)
    for u, v, key, data in graph.edges(keys=True, data=True):
        a, b = sorted((u, v))
        attributes = {k: _flat(val) for k, val in data.items() if val is not None}
        if fmt == "gexf":
            attributes["contact_type"] = attributes.pop("type", "")
            attributes["label"] = f"{data.get('type_label', '')}, {data.get('date', '')}"
            attributes["start"] = data["earliest"]
            attributes["end"] = data["latest"]
        flat.add_edge(a, b, key=f"{data.get('contact', key)}:{a}:{b}", **attributes)
    return flat


def network_bytes(graph: nx.MultiGraph, fmt: str) -> bytes:
    """A projection as a GraphML or GEXF (1.2) file, UTF-8, the same bytes for the same graph.

    Attribute values are flattened first (:func:`flatten`). GEXF's optional
    last-modified date is left out so that the output does not depend on
    the day it is written.
    """
    import io

    import networkx as nx

    if fmt not in choices("network"):
        raise ValueError(f"unknown network format {fmt!r}")
    buffer = io.BytesIO()
    if fmt == "graphml":
        nx.write_graphml(flatten(graph, fmt), buffer, encoding="utf-8")
        return buffer.getvalue()
    from networkx.readwrite.gexf import GEXFWriter

    writer = GEXFWriter(encoding="utf-8", prettyprint=True, version="1.2draft")
    meta = writer.xml.find("meta")
    if meta is not None:
        meta.attrib.pop("lastmodifieddate", None)
    writer.add_graph(flatten(graph, fmt))
    writer.write(buffer)
    return buffer.getvalue()


#: Prefixes of the data resources (``contact:lecornu-shoigu-2024-04-03``), for Turtle and
#: JSON-LD; organisations (``id/org/``) get ``organisation:`` since ``org:`` is W3C ORG's.
_ID_PREFIXES = {
    "organisation" if kind == "org" else kind: f"{ID_BASE}{kind}/"
    for kind in (
        "agent",
        "claim",
        "contact",
        "country",
        "org",
        "person",
        "post",
        "source",
        "statement",
        "tenure",
        "topic",
    )
}


def rdf_bytes(store: Any, fmt: str, *, ontology: bool = False) -> bytes:
    """The store's triples as Turtle, N-Triples or JSON-LD, sorted, UTF-8.

    Parameters
    ----------
    store : EmbeddedStore
        A store with a pyoxigraph database (``store.oxigraph``).
    fmt : str
        ``turtle``, ``nt``, ``jsonld`` or ``rdfxml``.
    ontology : bool
        Include the ontology's triples (class and property definitions,
        labels of contact types, the topic scheme); by default only the data.

    Returns
    -------
    bytes
        The triples of every named graph (but the ontology's, unless asked),
        merged and sorted, so the same data gives the same bytes. Turtle and
        JSON-LD use the prefixes of :data:`kg.vocab.PREFIXES` and one per
        kind of resource (``contact:``, ``person:``, ...); JSON-LD carries its
        context inline (no remote context).

    Raises
    ------
    StoreError
        When the store is not an embedded one (a remote endpoint).
    """
    import pyoxigraph as ox

    database = getattr(store, "oxigraph", None)
    if not isinstance(database, ox.Store):
        raise StoreError("exporting RDF needs the embedded store (a pyoxigraph database)")
    if fmt not in choices("store"):
        raise ValueError(f"unknown RDF format {fmt!r}")
    skip = ox.NamedNode(ONTOLOGY_GRAPH)
    triples = sorted(
        {
            ox.Triple(quad.subject, quad.predicate, quad.object)
            for quad in database.quads_for_pattern(None, None, None, None)
            if ontology or quad.graph_name != skip
        },
        key=str,
    )
    prefixes = {**PREFIXES, **_ID_PREFIXES}
    if fmt == "turtle":
        text = bytes(ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=prefixes) or b"")
        # The prefix lines come in the serialiser's own order: put them in ours.
        lines = text.split(b"\n")
        body = [line for line in lines if not line.startswith(b"@prefix ")]
        head = [f"@prefix {k}: <{v}> .".encode() for k, v in sorted(prefixes.items())]
        return b"\n".join(head + body)
    if fmt == "rdfxml":
        return bytes(ox.serialize(triples, format=ox.RdfFormat.RDF_XML, prefixes=prefixes) or b"")
    ntriples = bytes(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"")
    return ntriples if fmt == "nt" else _jsonld(ntriples, prefixes)


def _sorted_json(value: Any) -> Any:
    """Order JSON-LD node objects by ``@id`` and value arrays by content (both are sets)."""
    import json

    if isinstance(value, dict):
        return {k: _sorted_json(v) for k, v in sorted(value.items())}
    if isinstance(value, list):
        items = [_sorted_json(v) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    return value


def _jsonld(ntriples: bytes, prefixes: dict[str, str]) -> bytes:
    import json

    import rdflib

    graph = rdflib.Graph()
    graph.parse(data=ntriples.decode("utf-8"), format="nt")
    text = graph.serialize(format="json-ld", context=prefixes, auto_compact=True)
    document = json.loads(text)
    if isinstance(document, dict) and "@graph" in document:
        document["@graph"] = _sorted_json(document["@graph"])
        document = {k: document[k] for k in sorted(document)}
    else:
        document = _sorted_json(document)
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
