"""The SPARQL 1.1 Service Description of ``kg serve``'s endpoint.

A client that GETs the endpoint URL without a ``query`` parameter gets an RDF
description of the service (https://www.w3.org/TR/sparql11-service-description/):
what it answers (SPARQL 1.1 Query, not Update), in which result formats, and
its dataset: a default graph that is the union of the store's named graphs,
each of which is listed.

Examples
--------
>>> text = describe_service("http://127.0.0.1:8000/sparql", ["http://example.org/g"], "turtle")
>>> print(text.decode()[:200])
@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .
...
"""

from __future__ import annotations

from collections.abc import Sequence

import pyoxigraph as ox

from kg.sparql.run import Result, serialize

__all__ = ["SD", "description_triples", "describe_service"]

#: The Service Description vocabulary.
SD = "http://www.w3.org/ns/sparql-service-description#"
_FORMATS = "http://www.w3.org/ns/formats/"
_RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
_RDFS = "http://www.w3.org/2000/01/rdf-schema#"
_SIMPLE_ENTAILMENT = "http://www.w3.org/ns/entailment/Simple"
_RESULT_FORMATS = (
    "SPARQL_Results_JSON",
    "SPARQL_Results_XML",
    "SPARQL_Results_CSV",
    "SPARQL_Results_TSV",
    "Turtle",
    "N-Triples",
    "RDF_XML",
    "JSON-LD",
)
_PREFIXES = {"sd": SD, "formats": _FORMATS, "rdfs": _RDFS}


def description_triples(endpoint: str, graphs: Sequence[str], comment: str = "") -> list[ox.Triple]:
    """The description of the endpoint at ``endpoint`` serving ``graphs``, in a stable order.

    Blank nodes have fixed labels (``dataset``, ``default-graph``,
    ``graph-1``...), so the same endpoint and graphs give the same bytes.

    Examples
    --------
    >>> triples = description_triples("http://127.0.0.1:8000/sparql", [])
    >>> str(triples[0])
    '<http://127.0.0.1:8000/sparql> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://www.w3.org/ns/sparql-service-description#Service>'
    """
    service = ox.NamedNode(endpoint)
    dataset = ox.BlankNode("dataset")
    default = ox.BlankNode("default-graph")

    def sd(name: str) -> ox.NamedNode:
        return ox.NamedNode(SD + name)

    triples = [
        ox.Triple(service, _RDF_TYPE, sd("Service")),
        ox.Triple(service, sd("endpoint"), service),
        ox.Triple(service, sd("supportedLanguage"), sd("SPARQL11Query")),
        *(
            ox.Triple(service, sd("resultFormat"), ox.NamedNode(_FORMATS + name))
            for name in _RESULT_FORMATS
        ),
        # The default graph is the union of the named graphs (unless a query
        # or the protocol's default-graph-uri names its own).
        ox.Triple(service, sd("feature"), sd("UnionDefaultGraph")),
        ox.Triple(service, sd("defaultEntailmentRegime"), ox.NamedNode(_SIMPLE_ENTAILMENT)),
        ox.Triple(service, ox.NamedNode(_RDFS + "label"), ox.Literal("kg SPARQL endpoint")),
    ]
    if comment:
        triples.append(ox.Triple(service, ox.NamedNode(_RDFS + "comment"), ox.Literal(comment)))
    named = [(ox.BlankNode(f"graph-{n}"), g) for n, g in enumerate(sorted(graphs), start=1)]
    triples += [
        ox.Triple(service, sd("defaultDataset"), dataset),
        ox.Triple(dataset, _RDF_TYPE, sd("Dataset")),
        ox.Triple(dataset, sd("defaultGraph"), default),
        *(ox.Triple(dataset, sd("namedGraph"), node) for node, _ in named),
        ox.Triple(default, _RDF_TYPE, sd("Graph")),
    ]
    for node, graph in named:
        triples += [
            ox.Triple(node, _RDF_TYPE, sd("NamedGraph")),
            ox.Triple(node, sd("name"), ox.NamedNode(graph)),
        ]
    return triples


def describe_service(endpoint: str, graphs: Sequence[str], fmt: str, comment: str = "") -> bytes:
    """The description serialised as ``fmt``: ``turtle``, ``nt``, ``rdfxml`` or ``jsonld``."""
    triples = description_triples(endpoint, graphs, comment)
    result = Result("CONSTRUCT", triples=tuple(triples), prefixes=dict(_PREFIXES))
    return serialize(result, fmt)
