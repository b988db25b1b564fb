"""Every format kg writes, in one registry: its name, what it renders, its media type, its writer.

A format has one name across the tool (``jsonld`` is JSON-LD in ``kg sparql``,
``kg export`` and the endpoint alike). What it can render is a *kind* of
value:

========== ==========================================================
kind       value
========== ==========================================================
rows       records with columns (every listing command)
answer     a question's answer that also reads as text (``kg last-contact``, ``kg who-held``)
results    the solutions of a SPARQL ``SELECT`` or ``ASK``
graph      the triples of a SPARQL ``CONSTRUCT`` or ``DESCRIBE``
store      the whole store as RDF (``kg export``)
network    the person network (``kg export``)
records    candidate records proposed from an article (``kg extract``)
========== ==========================================================

Commands take their ``--format`` choices from here
(:func:`kg.cli.support.format_option`), ``kg serve`` its content
negotiation (:func:`negotiate`), and callers render through :func:`render`,
which imports the writer only when it is used.

Old spellings stay accepted for a release: ``json`` and ``xml`` for a graph
are ``jsonld`` and ``rdfxml`` (:func:`resolve` says so in ``deprecated``).

Examples
--------
>>> choices("results", "graph")
['table', 'json', 'csv', 'tsv', 'xml', 'turtle', 'nt', 'jsonld', 'rdfxml']
>>> resolve("json", "graph")
Resolved(name='jsonld', deprecated='json')
>>> writer("jsonld", "graph").media_type
'application/ld+json'
>>> negotiate("results", "text/csv;q=0.5, application/sparql-results+xml")
'xml'
>>> negotiate("graph", "*/*"), negotiate("graph", None, ["json-ld"])
('turtle', 'jsonld')
>>> negotiate("results", "text/turtle") is None
True
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from importlib import import_module
from typing import Any, NamedTuple

from kg.errors import BadArgumentError

__all__ = [
    "KINDS",
    "Writer",
    "WRITERS",
    "Resolved",
    "choices",
    "resolve",
    "writer",
    "render",
    "negotiate",
    "offered",
]

KINDS = ("rows", "answer", "results", "graph", "store", "network", "records")

_TEXT = "text/plain; charset=utf-8"


class Writer(NamedTuple):
    """One format for one kind of value.

    Attributes
    ----------
    name : str
        The format's name, as ``--format`` and ``format=`` take it.
    kind : str
        What it renders (:data:`KINDS`).
    media_type : str
        Its media type.
    target : str
        ``module:function`` writing it, imported when used.
    accepts : tuple of str
        Other media types a client may ask for it by.
    takes_name : bool
        Whether the writer writes several formats and takes the format's
        name after the value (``serialize(result, "turtle")``).
    """

    name: str
    kind: str
    media_type: str
    target: str
    accepts: tuple[str, ...] = ()
    takes_name: bool = False

    def load(self) -> Callable[..., Any]:
        """The writer function."""
        module, _, function = self.target.partition(":")
        found: Callable[..., Any] = getattr(import_module(module), function)
        return found


#: Every writer, in the order formats are offered (the first of a kind is its default).
WRITERS: tuple[Writer, ...] = (
    Writer("table", "rows", _TEXT, "kg.output.text:rows_table"),
    Writer("json", "rows", "application/json", "kg.output.text:rows_json"),
    Writer("csv", "rows", "text/csv; charset=utf-8", "kg.output.text:rows_csv"),
    Writer("text", "answer", _TEXT, "kg.output.text:answer_text"),
    Writer("json", "answer", "application/json", "kg.output.text:answer_json"),
    Writer("table", "results", _TEXT, "kg.sparql.run:table_text"),
    Writer(
        "json",
        "results",
        "application/sparql-results+json",
        "kg.sparql.run:serialize",
        ("application/json",),
        takes_name=True,
    ),
    Writer("csv", "results", "text/csv; charset=utf-8", "kg.sparql.run:serialize", takes_name=True),
    Writer(
        "tsv",
        "results",
        "text/tab-separated-values; charset=utf-8",
        "kg.sparql.run:serialize",
        takes_name=True,
    ),
    Writer(
        "xml",
        "results",
        "application/sparql-results+xml",
        "kg.sparql.run:serialize",
        ("application/xml", "text/xml"),
        takes_name=True,
    ),
    Writer("table", "graph", _TEXT, "kg.sparql.run:table_text"),
    Writer(
        "turtle",
        "graph",
        "text/turtle; charset=utf-8",
        "kg.sparql.run:serialize",
        ("application/turtle", "application/x-turtle", "text/n3"),
        takes_name=True,
    ),
    Writer(
        "nt",
        "graph",
        "application/n-triples",
        "kg.sparql.run:serialize",
        ("text/plain",),
        takes_name=True,
    ),
    Writer(
        "jsonld",
        "graph",
        "application/ld+json",
        "kg.sparql.run:serialize",
        ("application/json",),
        takes_name=True,
    ),
    Writer(
        "rdfxml",
        "graph",
        "application/rdf+xml",
        "kg.sparql.run:serialize",
        ("application/xml",),
        takes_name=True,
    ),
    Writer(
        "turtle",
        "store",
        "text/turtle; charset=utf-8",
        "kg.network.projection:rdf_bytes",
        takes_name=True,
    ),
    Writer(
        "nt", "store", "application/n-triples", "kg.network.projection:rdf_bytes", takes_name=True
    ),
    Writer(
        "jsonld", "store", "application/ld+json", "kg.network.projection:rdf_bytes", takes_name=True
    ),
    Writer(
        "rdfxml", "store", "application/rdf+xml", "kg.network.projection:rdf_bytes", takes_name=True
    ),
    Writer(
        "graphml",
        "network",
        "application/graphml+xml",
        "kg.network.projection:network_bytes",
        takes_name=True,
    ),
    Writer(
        "gexf",
        "network",
        "application/gexf+xml",
        "kg.network.projection:network_bytes",
        takes_name=True,
    ),
    Writer("yaml", "records", "application/yaml", "kg.extract.yaml_out:records_yaml"),
    Writer("json", "records", "application/json", "kg.extract.yaml_out:records_json"),
)

#: Other spellings of a name, whatever the kind.
_ALIASES = {
    "ttl": "turtle",
    "n3": "turtle",
    "ntriples": "nt",
    "n-triples": "nt",
    "json-ld": "jsonld",
    "rdf+xml": "rdfxml",
}
#: Old spellings for one kind, accepted for a release.
_DEPRECATED = {("graph", "json"): "jsonld", ("graph", "xml"): "rdfxml"}

_BY_KEY = {(w.kind, w.name): w for w in WRITERS}


class Resolved(NamedTuple):
    """A format name as given, made canonical; ``deprecated`` holds an old spelling used."""

    name: str
    deprecated: str | None = None


def choices(*kinds: str) -> list[str]:
    """The format names that render any of ``kinds``, in registry order."""
    return list(dict.fromkeys(w.name for w in WRITERS if w.kind in kinds))


def resolve(name: str, kind: str) -> Resolved:
    """The canonical name of format ``name`` for ``kind`` (aliases and old spellings).

    Raises
    ------
    BadArgumentError
        When no format of that name renders ``kind``.
    """
    given = name.strip().lower()
    canonical = _ALIASES.get(given, given)
    if (kind, canonical) in _BY_KEY:
        return Resolved(canonical)
    if (kind, canonical) in _DEPRECATED:
        return Resolved(_DEPRECATED[(kind, canonical)], given)
    raise BadArgumentError(
        f"a {_KIND_WORDS.get(kind, kind)} cannot be written as '{name}'; "
        f"use {', '.join(choices(kind))}"
    )


_KIND_WORDS = {
    "results": "SELECT or ASK answer",
    "graph": "CONSTRUCT or DESCRIBE answer (a graph)",
    "store": "store export",
    "network": "network export",
    "records": "set of candidate records",
}


def writer(name: str, kind: str) -> Writer:
    """The writer of format ``name`` (any spelling) for ``kind``."""
    return _BY_KEY[(kind, resolve(name, kind).name)]


def render(name: str, kind: str, *args: Any, **options: Any) -> Any:
    """Render a value of ``kind`` as format ``name``: the writer's own return value.

    Writers take the value first (``rows_table(rows, columns)``,
    ``serialize(result, fmt)``...) and the canonical format name where one
    function writes several formats.
    """
    found = writer(name, kind)
    function = found.load()
    if found.takes_name:
        return function(*args, found.name, **options)
    return function(*args, **options)


def offered(kind: str) -> tuple[str, ...]:
    """The media types an HTTP answer of ``kind`` can be sent in, preferred first.

    >>> offered("graph")[:2]
    ('text/turtle', 'application/turtle')
    """
    found: dict[str, None] = {}
    for item in WRITERS:
        if item.kind == kind and item.name != "table":
            found[item.media_type.split(";")[0]] = None
            found.update(dict.fromkeys(item.accepts))
    return tuple(found)


def negotiate(kind: str, accept: str | None, formats: Sequence[str] = ()) -> str | None:
    """The format of an HTTP answer of ``kind`` (``results`` or ``graph``), or ``None`` (406).

    A ``format=`` value (a name, an alias or a media type) wins over the
    ``Accept`` header, whose ranges are tried by quality, then order.
    """
    offered = [w for w in WRITERS if w.kind == kind and w.name != "table"]
    by_media: dict[str, str] = {}
    for item in offered:
        by_media.setdefault(item.media_type.split(";")[0], item.name)
    for item in offered:
        for media in item.accepts:
            by_media.setdefault(media, item.name)
    if formats:
        for value in formats:
            value = value.strip().lower()
            if value in by_media:
                return by_media[value]
            try:
                return resolve(value, kind).name
            except BadArgumentError:
                continue
        return None
    default = offered[0].name
    if not accept or not accept.strip():
        return default
    ranges = []
    for order, given in enumerate(accept.split(",")):
        media, *parameters = (part.strip() for part in given.split(";"))
        quality = 1.0
        for parameter in parameters:
            key, _, value = parameter.partition("=")
            if key.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if media and quality > 0:
            ranges.append((-quality, order, media.lower()))
    for _, _, media in sorted(ranges):
        if media == "*/*":
            return default
        if media.endswith("/*"):
            major = media[:-1]
            match = next((name for m, name in by_media.items() if m.startswith(major)), None)
            if match:
                return match
        elif media in by_media:
            return by_media[media]
    return None
