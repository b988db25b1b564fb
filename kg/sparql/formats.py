"""Media types of SPARQL answers, and content negotiation between them.

An answer is of one of two kinds: ``results`` (SELECT and ASK: the SPARQL 1.1
Query Results formats) or ``graph`` (CONSTRUCT, DESCRIBE and the service
description: RDF). :func:`negotiate` picks the format of an answer from a
request's ``Accept`` header or its ``format=`` parameter; the short names it
returns are those of :func:`kg.sparql.run.serialize`.

Examples
--------
>>> negotiate("results", "text/csv;q=0.5, application/sparql-results+xml")
'xml'
>>> offered("graph")[:2]
('text/turtle', 'application/turtle')
"""

from __future__ import annotations

from collections.abc import Sequence

from kg.sparql.run import GRAPH_FORMATS, RESULT_FORMATS

__all__ = ["KINDS", "negotiate", "offered"]

#: The kinds of answer: ``results`` (SELECT, ASK) and ``graph`` (RDF).
KINDS = ("results", "graph")

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
_VALID = {"results": RESULT_FORMATS, "graph": GRAPH_FORMATS}


def offered(kind: str) -> tuple[str, ...]:
    """The media types an answer of ``kind`` can be sent in, preferred first."""
    return tuple(_MEDIA[kind])


def negotiate(kind: str, accept: str | None, formats: Sequence[str] = ()) -> str | None:
    """Pick the format of an answer of ``kind`` (``results`` or ``graph``).

    A ``format=`` value (short name or media type) wins over ``Accept``;
    ``None`` means nothing acceptable (406).

    Examples
    --------
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
