"""Turning the curated records into a validated RDF graph.

:func:`build_graphs` reads the ontology and the records of a data folder,
maps the records to RDF (:mod:`kg.records.mapping`, :mod:`kg.records.rdf`)
and validates the result with the SHACL shapes of ``ontology/shapes.ttl``.
It either returns the whole graph or raises :class:`~kg.errors.InvalidDataError`
listing every problem; it never returns a partial graph.

This module imports rdflib and pyshacl; the query path never does.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF

from kg.errors import DataError, InvalidDataError
from kg.identity.countries import write_countries
from kg.records import reading as rec
from kg.records.mapping import RecordMapper
from kg.records.model import Records, Where
from kg.records.tenures import RoleWarning, role_warnings
from kg.vocab import SKOS, resource_iri

__all__ = [
    "ONTOLOGY_FILES",
    "SHAPES_FILE",
    "Built",
    "load_ontology",
    "topic_ids",
    "records_to_lines",
    "records_to_graph",
    "lines_to_graph",
    "validate",
    "build_graphs",
    "check_data",
]

#: Turtle files of the ontology loaded into the store, in this order.
ONTOLOGY_FILES = ("kg.ttl", "topics.ttl")
SHAPES_FILE = "shapes.ttl"
TOPIC_BASE = resource_iri("topic", "")
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def _u(iri: str) -> URIRef:
    return URIRef(iri)


@dataclass(frozen=True)
class Built:
    """The result of a successful build: the ontology and data graphs, the records,
    and the data as N-Triples lines (what the store loads)."""

    ontology: Graph
    data: Graph
    records: Records
    lines: frozenset[str]


def load_ontology(ontology_dir: Path) -> Graph:
    """Parse the ontology files (OWL and topic scheme) into one graph."""
    graph = Graph()
    problems = []
    for name in ONTOLOGY_FILES:
        path = ontology_dir / name
        try:
            graph.parse(path, format="turtle")
        except FileNotFoundError:
            problems.append(DataError(str(path), "ontology file is missing"))
        except Exception as exc:  # rdflib raises parser-specific types
            problems.append(DataError(str(path), f"Turtle syntax error: {exc}"))
    if problems:
        raise InvalidDataError(problems)
    return graph


def topic_ids(ontology: Graph) -> set[str]:
    """The ids of the concepts of the topic scheme."""
    return {
        str(s)[len(TOPIC_BASE) :]
        for s in ontology.subjects(RDF.type, _u(SKOS.Concept))
        if str(s).startswith(TOPIC_BASE)
    }


def records_to_lines(records: Records) -> tuple[set[str], dict[str, tuple[Where, str]]]:
    """Map checked records to N-Triples lines (:class:`kg.records.mapping.RecordMapper`).

    Returns the lines and, for every resource, the file position and record
    id it came from (used to point SHACL problems back at the YAML).
    """
    mapper = RecordMapper()
    return mapper.map_records(records), mapper.origin


def lines_to_graph(lines: Iterable[str]) -> Graph:
    """An rdflib graph of N-Triples lines, for SHACL validation.

    The lines are read with pyoxigraph, whose parser is linear in the length
    of a literal (rdflib's takes 12 s for a 1 MiB one, and grows with its
    square), and each term is made an rdflib term.
    """
    import pyoxigraph as ox

    def term(node: Any) -> Any:
        if isinstance(node, ox.NamedNode):
            return URIRef(node.value)
        if isinstance(node, ox.BlankNode):
            return BNode(node.value)
        if node.language:
            return Literal(node.value, lang=node.language)
        datatype = node.datatype.value
        return Literal(node.value, datatype=None if datatype == _XSD_STRING else URIRef(datatype))

    graph = Graph()
    text = "".join(sorted(lines)).encode("utf-8")
    for triple in ox.parse(text, format=ox.RdfFormat.N_TRIPLES):
        graph.add((term(triple.subject), term(triple.predicate), term(triple.object)))
    return graph


def records_to_graph(records: Records) -> tuple[Graph, dict[str, tuple[Where, str]]]:
    """Map checked records to an rdflib graph (for validation); see :func:`records_to_lines`."""
    lines, origin = records_to_lines(records)
    return lines_to_graph(lines), origin


class _QueryText(str):
    """A SPARQL text whose parsing is left to :func:`_parsed_once`'s cache."""


@contextmanager
def _parsed_once() -> Iterator[None]:
    """Parse each SPARQL text once while pyshacl validates.

    pyshacl hands rdflib the text of a SPARQL constraint once per focus node,
    and rdflib parses it every time (pyparsing: about 70 ms a query, 95% of a
    build of the bundled data). The parsed and translated query does not
    depend on the focus node (pyshacl binds ``$this`` with ``initBindings``),
    so it is kept and reused, as rdflib's own ``prepareQuery`` would.
    """
    from rdflib.plugins.sparql import processor

    parse, translate = getattr(processor, "parseQuery"), getattr(processor, "translateQuery")  # noqa: B009
    cache: dict[tuple[str, Any, Any], Any] = {}

    def later(text: str) -> _QueryText:
        return _QueryText(text)

    def cached(parsed: Any, base: Any = None, initNs: Any = None) -> Any:  # noqa: N803
        if not isinstance(parsed, _QueryText):
            return translate(parsed, base, initNs)
        key = (str(parsed), base, tuple(sorted((initNs or {}).items())))
        if key not in cache:
            cache[key] = translate(parse(str(parsed)), base, initNs)
        return cache[key]

    setattr(processor, "parseQuery", later)  # noqa: B010
    setattr(processor, "translateQuery", cached)  # noqa: B010
    try:
        yield
    finally:
        setattr(processor, "parseQuery", parse)  # noqa: B010
        setattr(processor, "translateQuery", translate)  # noqa: B010


def validate(
    data: Graph,
    ontology: Graph,
    shapes_path: Path,
    origin: dict[str, tuple[Where, str]] | None = None,
) -> None:
    """Validate ``data`` against the SHACL shapes; raise with every violation."""
    import pyshacl

    shapes = Graph()
    try:
        shapes.parse(shapes_path, format="turtle")
    except Exception as exc:  # rdflib raises parser-specific types
        raise InvalidDataError(
            [DataError(str(shapes_path), f"cannot read the shapes: {exc}")]
        ) from exc
    # The topic scheme and the class hierarchy are part of what is validated
    # (a topic must be a concept of the scheme), so validate the union.
    with _parsed_once():
        conforms, report, _ = pyshacl.validate(
            data + ontology, shacl_graph=shapes, inference="none", advanced=True
        )
    if conforms:
        return
    sh = "http://www.w3.org/ns/shacl#"
    problems = []
    for result in report.subjects(RDF.type, _u(sh + "ValidationResult")):
        focus = report.value(result, _u(sh + "focusNode"))
        message = report.value(result, _u(sh + "resultMessage"))
        path = report.value(result, _u(sh + "resultPath"))
        where, ident = (origin or {}).get(str(focus), (Where("(graph)", None), str(focus)))
        text = str(message) if message is not None else "violates a shape"
        if path is not None and not isinstance(path, BNode):
            text += f" (property {path})"
        problems.append(DataError(where.path, f"SHACL: {text}", line=where.line, record=ident))
    problems.sort(key=lambda p: (p.path, p.line or 0, p.message))
    raise InvalidDataError(problems)


def build_graphs(
    data_dir: str | Path, ontology_dir: str | Path, today: dt.date | None = None
) -> Built:
    """Read, map and validate; return the ontology and data graphs."""
    data_dir, ontology_dir = Path(data_dir), Path(ontology_dir)
    ontology = load_ontology(ontology_dir)
    records = rec.read_records(data_dir, topic_ids(ontology), today=today)
    lines, origin = records_to_lines(records)
    try:
        data = lines_to_graph(lines)
    except (SyntaxError, MemoryError) as exc:  # pyoxigraph: a line over its 16 MiB buffer
        message = (
            f"the checked records could not be loaded into the store (a text too long?): {exc}"
        )
        raise InvalidDataError([DataError(str(data_dir), message)]) from exc
    validate(data, ontology, ontology_dir / SHAPES_FILE, origin)
    # Every country of the catalogue (kg.identity.countries), for the importers and
    # the names users type: library data and a table the tests check, not records,
    # so they are added once the records are validated.
    countries: set[str] = set()
    write_countries(countries, [(c.id, c.name, c.aliases, c.wikidata) for c in records.countries])
    countries -= lines
    data.parse(data="".join(sorted(countries)), format="nt")
    return Built(ontology, data, records, frozenset(lines | countries))


def check_data(data_dir: str | Path, ontology_dir: str | Path) -> list[RoleWarning]:
    """Read and check every record without building (``kg check``); the role warnings.

    Raises :class:`~kg.errors.InvalidDataError` on the errors a build would
    refuse (the SHACL shapes run only when building).
    """
    ontology = load_ontology(Path(ontology_dir))
    records = rec.read_records(Path(data_dir), topic_ids(ontology))
    return role_warnings(records)
