"""The ontology: declared once, documented, in step with kg.vocab."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from kg.paths import bundled_ontology_dir
from kg.vocab import KG, KG_TERMS

NS = str(KG)


@pytest.fixture(scope="module")
def ontology() -> Graph:
    graph = Graph()
    graph.parse(Path(bundled_ontology_dir()) / "kg.ttl", format="turtle")
    return graph


def declared(graph: Graph) -> set[str]:
    return {
        str(s)[len(NS) :]
        for s in graph.subjects(RDF.type, None)
        if isinstance(s, URIRef) and str(s).startswith(NS) and str(s) != NS
    }


def test_python_namespace_matches_the_turtle(ontology: Graph) -> None:
    assert declared(ontology) == set(KG_TERMS)


def test_every_term_has_a_label_and_a_comment(ontology: Graph) -> None:
    missing = [
        term
        for term in sorted(KG_TERMS)
        if ontology.value(URIRef(KG.term(term)), RDFS.label) is None
        or ontology.value(URIRef(KG.term(term)), RDFS.comment) is None
    ]
    assert missing == []


@pytest.mark.parametrize(
    "kind, cameo, plover",
    [
        ("PhoneCall", {"041"}, {"phone"}),
        ("Visit", {"042", "043"}, {"visit"}),
        ("ThirdLocationMeeting", {"044"}, {"third-party"}),
        ("NegotiationRound", {"046"}, set()),
        ("MultilateralMeeting", {"040"}, {"multilateral"}),
    ],
)
def test_contact_types_map_to_cameo_and_plover(
    ontology: Graph, kind: str, cameo: set[str], plover: set[str]
) -> None:
    node = URIRef(KG.term(kind))
    assert {str(o) for o in ontology.objects(node, URIRef(KG.cameoCode))} == cameo
    assert {str(o) for o in ontology.objects(node, URIRef(KG.ploverMode))} == plover
    assert (node, RDFS.subClassOf, URIRef(KG.Contact)) in ontology or any(
        (parent, RDFS.subClassOf, URIRef(KG.Contact)) in ontology
        for parent in ontology.objects(node, RDFS.subClassOf)
    )


def test_is_an_owl_ontology(ontology: Graph) -> None:
    assert (URIRef(NS.rstrip("#")), RDF.type, OWL.Ontology) in ontology


def test_shapes_and_topics_parse() -> None:
    for name in ("shapes.ttl", "topics.ttl"):
        assert len(Graph().parse(Path(bundled_ontology_dir()) / name, format="turtle")) > 50
