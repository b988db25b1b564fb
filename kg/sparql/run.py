"""Running a user's SPARQL query: bound parameters, safety checks, standard result formats.

This is the library behind ``kg sparql`` and ``kg serve``. It never prints:
:func:`run_query` returns a :class:`Result`, :func:`serialize` turns it into
the bytes of a standard format, and :func:`table` into rows for people.

Parameters are bound, never formatted into the query, and queries are
checked before they run (updates, ``SERVICE``, graphs outside the store):
see :mod:`kg.sparql.syntax`.

Examples
--------
>>> [e.name for e in examples()][:2]
['contacts-per-country-pair', 'disputed-claims']
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from kg.errors import BadPathError, QueryError
from kg.sparql.syntax import QueryShape, Term, bind, check_query, inspect_query, parse_value
from kg.vocab import PREFIXES

if TYPE_CHECKING:
    from kg.store.remote import RemoteStore

__all__ = [
    "RESULT_FORMATS",
    "GRAPH_FORMATS",
    "Parameter",
    "Example",
    "examples",
    "example",
    "bound_example",
    "load_user_query",
    "Result",
    "run_query",
    "serialize",
    "table",
    "table_text",
]

#: Formats of SELECT and ASK results (SPARQL 1.1 Query Results JSON, XML, CSV, TSV).
RESULT_FORMATS = ("json", "xml", "csv", "tsv")
#: Formats of CONSTRUCT and DESCRIBE results.
GRAPH_FORMATS = ("turtle", "nt", "jsonld", "rdfxml")

_RESULTS_FORMATS = {
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}
_RDF_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "rdfxml": ox.RdfFormat.RDF_XML,
    "jsonld": ox.RdfFormat.JSON_LD,
}
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
# ---------------------------------------------------------------------------
# The example queries shipped in kg/rq/examples.

_EXAMPLES_DIR = os.path.join(
    os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "rq", "examples"
)
_EXAMPLE_NAME = re.compile(r"[a-z0-9][a-z0-9-]*")


@dataclass(frozen=True)
class Parameter:
    """A parameter of an example query, from its comment block."""

    name: str
    description: str
    required: bool


@dataclass(frozen=True)
class Example:
    """An example query shipped with kg.

    Attributes
    ----------
    name : str
        Its file name without ``.rq``.
    summary : str
        The first line of its comment block.
    parameters : tuple of Parameter
        From its ``Parameters:`` section.
    invocation : str
        The example command line from its ``Example:`` section.
    text : str
        The query itself, comments included.
    """

    name: str
    summary: str
    parameters: tuple[Parameter, ...]
    invocation: str
    text: str

    @property
    def example_values(self) -> dict[str, str]:
        """The ``-p NAME VALUE`` pairs of :attr:`invocation`."""
        import shlex

        words = shlex.split(self.invocation)
        return {
            words[i + 1]: words[i + 2]
            for i, word in enumerate(words[:-2])
            if word in ("-p", "--param")
        }


def _parse_example(name: str, text: str) -> Example:
    comments = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        comments.append(line[1:].strip())
    summary = comments[0] if comments else name
    parameters = []
    invocation = ""
    section = ""
    for line in comments[1:]:
        if line.endswith(":") and line[:-1] in ("Parameters", "Example"):
            section = line[:-1]
        elif not line:
            section = ""
        elif section == "Parameters" and line.startswith("?"):
            variable, _, description = line.partition(" ")
            description = description.strip()
            optional = description.startswith("(optional)")
            parameters.append(Parameter(variable[1:], description, not optional))
        elif section == "Example" and not invocation:
            invocation = line
    return Example(name, summary, tuple(parameters), invocation, text)


@cache
def examples() -> tuple[Example, ...]:
    """Every example query shipped with kg, sorted by name.

    >>> "last-contact" in [e.name for e in examples()]
    True
    """
    found = []
    for file in sorted(os.listdir(_EXAMPLES_DIR)):
        if file.endswith(".rq"):
            with open(os.path.join(_EXAMPLES_DIR, file), encoding="utf-8") as handle:
                found.append(_parse_example(file[:-3], handle.read()))
    return tuple(found)


def example(name: str) -> Example | None:
    """The example query called ``name``, or ``None``."""
    return next((e for e in examples() if e.name == name), None)


def bound_example(item: Example) -> str:
    """The text of an example with the values of its example invocation bound."""
    shape = inspect_query(item.text)
    values = {k: parse_value(v, shape.prefixes) for k, v in item.example_values.items()}
    return bind(item.text, values, shape)


def load_user_query(argument: str, given: Iterable[str] = ()) -> str:
    """Turn ``kg sparql``'s argument into query text.

    A text with white space or braces is the query itself; else a readable
    file; else the name of an example query, whose required parameters must
    be among ``given``.
    """
    if re.search(r"[\s{}]", argument):
        return argument
    if os.path.isfile(argument):
        try:
            with open(argument, encoding="utf-8") as handle:
                return handle.read()
        except (OSError, UnicodeDecodeError) as exc:
            raise BadPathError(f"cannot read the query file '{argument}': {exc}") from exc
    found = example(argument) if _EXAMPLE_NAME.fullmatch(argument) else None
    if found is None:
        raise QueryError(f"'{argument}' is neither a query, a file nor an example query")
    names = set(given)
    missing = [p.name for p in found.parameters if p.required and p.name not in names]
    if missing:
        raise QueryError(
            f"the example query '{found.name}' needs -p {' and -p '.join(missing)}, "
            f"for instance: {found.invocation}"
        )
    return found.text


# ---------------------------------------------------------------------------
# Running and serialising.


@dataclass(frozen=True)
class Result:
    """The answer to a query, capped at a number of rows.

    Attributes
    ----------
    form : str
        ``SELECT``, ``ASK``, ``CONSTRUCT`` or ``DESCRIBE``.
    variables : tuple of str
        Projected variables (SELECT).
    rows : tuple of tuples
        One term or ``None`` per variable (SELECT).
    boolean : bool or None
        The answer of an ASK query.
    triples : tuple of Triple
        The graph of a CONSTRUCT or DESCRIBE query, sorted and without
        duplicates.
    truncated : bool
        Whether rows or triples beyond the cap were dropped.
    prefixes : dict
        The prefixes the query declares, used in Turtle and (with the
        predeclared ones) to shorten IRIs for people.
    """

    form: str
    variables: tuple[str, ...] = ()
    rows: tuple[tuple[Term | None, ...], ...] = ()
    boolean: bool | None = None
    triples: tuple[ox.Triple, ...] = ()
    truncated: bool = False
    prefixes: dict[str, str] = field(default_factory=dict)


def run_query(
    store: ox.Store,
    text: str,
    params: Mapping[str, str] | Sequence[tuple[str, str]] = (),
    *,
    allow_service: bool = False,
    graphs: Iterable[str] | None = None,
    default_graphs: Sequence[str] = (),
    named_graphs: Sequence[str] = (),
    max_rows: int | None = None,
) -> Result:
    """Run a SELECT, ASK, CONSTRUCT or DESCRIBE query with bound parameters.

    Parameters
    ----------
    store : pyoxigraph.Store
        The store (read-only is enough).
    text : str
        The query. The prefixes of :data:`kg.vocab.PREFIXES` (``kg:``,
        ``rdfs:``, ``foaf:``, ``schema:``...) are predeclared.
    params : mapping or sequence of (name, value)
        Values typed by a user (see :func:`parse_value`) for variables.
    allow_service : bool
        Allow federated ``SERVICE`` calls (off: they reach the network).
    graphs : iterable of str, optional
        The store's graph names, to refuse ``FROM`` naming anything else.
    default_graphs, named_graphs : sequence of str
        The protocol's ``default-graph-uri`` and ``named-graph-uri``. Without
        them or a ``FROM``, the default graph is the union of all graphs.
    max_rows : int, optional
        Keep at most this many rows or triples (``truncated`` says if more).

    Raises
    ------
    QueryError
        Malformed query (with the parser's message) or parameter.
    QueryRefusedError
        Update, ``SERVICE``, graphs outside the store.
    """
    requested = [*default_graphs, *named_graphs]
    shape, bound = _prepare(text, params, allow_service, graphs, requested)
    options: dict[str, Any] = {"prefixes": dict(PREFIXES)}
    if requested:
        options["default_graph"] = [ox.NamedNode(g) for g in default_graphs]
        options["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
    elif not shape.datasets:
        options["use_default_graph_as_union"] = True
    try:
        return _collect(store.query(bound, **options), shape, max_rows)
    except SyntaxError as exc:
        raise QueryError(f"malformed query: {exc}") from exc
    except (OSError, RuntimeError, ValueError) as exc:
        raise QueryError(f"the query failed: {exc}") from exc


def run_remote(
    store: RemoteStore,
    text: str,
    params: Mapping[str, str] | Sequence[tuple[str, str]] = (),
    *,
    allow_service: bool = False,
    max_rows: int | None = None,
) -> Result:
    """Run a query as :func:`run_query` does, on a SPARQL server.

    The same checks and binding apply before anything is sent; the
    predeclared prefixes the query does not declare itself are written into
    it; its default graph is kg's graphs on the server unless it names its
    own with ``FROM`` (which must be kg's too).

    Raises
    ------
    QueryError, QueryRefusedError
        As :func:`run_query`; :class:`kg.errors.StoreError` when the server
        cannot be reached or refuses the query.
    """
    shape, bound = _prepare(text, params, allow_service, store.graphs(), ())
    prologue = "".join(
        f"PREFIX {name}: <{iri}>\n" for name, iri in PREFIXES.items() if name not in shape.prefixes
    )
    graph_form = shape.form in ("CONSTRUCT", "DESCRIBE")
    body = store.query(
        prologue + bound,
        accept="text/turtle" if graph_form else "application/sparql-results+json",
        graphs=() if shape.datasets else None,
    )
    try:
        if graph_form:
            return _collect(ox.parse(body, format=ox.RdfFormat.TURTLE), shape, max_rows)
        from kg.store.remote import canonical_results

        answer = ox.parse_query_results(canonical_results(body), format=ox.QueryResultsFormat.JSON)
        return _collect(answer, shape, max_rows)
    except SyntaxError as exc:
        raise QueryError(f"the server's answer could not be read: {exc}") from exc


def _prepare(
    text: str,
    params: Mapping[str, str] | Sequence[tuple[str, str]],
    allow_service: bool,
    graphs: Iterable[str] | None,
    requested: Sequence[str],
) -> tuple[QueryShape, str]:
    """Check the query and bind the parameters: its shape and the text to run."""
    shape = check_query(
        text, allow_service=allow_service, graphs=graphs, requested_graphs=requested
    )
    pairs = list(params.items()) if isinstance(params, Mapping) else list(params)
    if len({name for name, _ in pairs}) != len(pairs):
        raise QueryError("a parameter is given more than once")
    values = {name.lstrip("?$"): parse_value(value, shape.prefixes) for name, value in pairs}
    return shape, bind(text, values, shape)


def _collect(answer: Any, shape: QueryShape, max_rows: int | None) -> Result:
    """A :class:`Result` from solutions, a boolean, or triples (or quads) parsed from RDF."""
    cap = max_rows if max_rows is not None else -1
    if isinstance(answer, ox.QueryBoolean):
        return Result("ASK", boolean=bool(answer), prefixes=shape.prefixes)
    if not isinstance(answer, ox.QuerySolutions):
        unique: dict[ox.Triple, None] = {}
        for item in answer:
            unique[item.triple if isinstance(item, ox.Quad) else item] = None
            if 0 <= cap < len(unique):
                break
        triples = list(unique)
        return Result(
            shape.form or "CONSTRUCT",
            triples=tuple(sorted(triples[:cap] if cap >= 0 else triples, key=str)),
            truncated=0 <= cap < len(triples),
            prefixes=shape.prefixes,
        )
    names = tuple(v.value for v in answer.variables)
    rows = [tuple(s[n] for n in names) for s in _take(answer, cap)]
    return Result(
        "SELECT",
        variables=names,
        rows=tuple(rows[:cap] if cap >= 0 else rows),
        truncated=0 <= cap < len(rows),
        prefixes=shape.prefixes,
    )


def _take(items: Iterable[Any], cap: int) -> list[Any]:
    """Up to ``cap + 1`` items (all when ``cap`` is negative): one more says "truncated"."""
    taken = []
    for item in items:
        taken.append(item)
        if 0 <= cap < len(taken) - 1:
            break
    return taken


def _json_term(term: Term) -> dict[str, Any]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Triple):
        parts = ("subject", "predicate", "object")
        return {"type": "triple", "value": {p: _json_term(getattr(term, p)) for p in parts}}
    out: dict[str, Any] = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype.value != _XSD_STRING:
        out["datatype"] = term.datatype.value
    return out


def serialize(result: Result, fmt: str) -> bytes:
    """The result in a standard format, UTF-8.

    SELECT and ASK: ``json``, ``xml``, ``csv``, ``tsv`` (SPARQL 1.1 Query
    Results formats). CONSTRUCT and DESCRIBE: ``turtle``, ``nt``, ``jsonld``
    and ``rdfxml`` (``json`` and ``xml`` are their old spellings; see
    :func:`kg.output.formats.resolve`).

    Raises
    ------
    QueryError
        When the format does not fit the query form.
    """
    import json

    if result.form in ("CONSTRUCT", "DESCRIBE"):
        fmt = {"json": "jsonld", "xml": "rdfxml"}.get(fmt, fmt)
        if fmt not in _RDF_FORMATS:
            raise QueryError(
                f"{result.form} returns a graph: use {', '.join(GRAPH_FORMATS)} or table, not {fmt}"
            )
        prefixes = result.prefixes if fmt == "turtle" else None
        graph = ox.serialize(result.triples, format=_RDF_FORMATS[fmt], prefixes=prefixes)
        assert graph is not None  # no output file given: the bytes are returned
        return graph
    if fmt not in RESULT_FORMATS:
        raise QueryError(
            f"{result.form} returns results: use {', '.join(RESULT_FORMATS)} or table, not {fmt}"
        )
    document: dict[str, Any]
    if result.form == "ASK":
        document = {"head": {}, "boolean": result.boolean}
    else:
        bindings = [
            {n: _json_term(t) for n, t in zip(result.variables, row, strict=True) if t is not None}
            for row in result.rows
        ]
        document = {"head": {"vars": list(result.variables)}, "results": {"bindings": bindings}}
    data = json.dumps(document, ensure_ascii=False).encode("utf-8")
    if fmt == "json":
        return data
    parsed = ox.parse_query_results(data, ox.QueryResultsFormat.JSON)
    converted = parsed.serialize(format=_RESULTS_FORMATS[fmt])
    assert converted is not None  # no output file given: the bytes are returned
    return converted


def _display(term: Term | None, prefixes: Mapping[str, str]) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        best = max(
            (p for p in prefixes.items() if term.value.startswith(p[1])),
            key=lambda p: len(p[1]),
            default=None,
        )
        local = term.value[len(best[1]) :] if best else ""
        if best and re.fullmatch(r"[\w-]+(?:[\w.-]*[\w-])?|", local):
            return f"{best[0]}:{local}"
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Triple):
        return f"<< {str(term)} >>"
    return term.value


def table_text(result: Result) -> str:
    """The ``table`` format of a result, for people (:func:`table`)."""
    from kg.output.text import render_rows

    columns, rows = table(result)
    return render_rows(rows, columns, "table")


def table(result: Result) -> tuple[list[str], list[dict[str, str]]]:
    """Columns and rows for people: IRIs shortened with the query's prefixes, literals bare.

    ASK gives one ``answer`` column; a graph gives ``subject``, ``predicate``, ``object``.
    """
    prefixes = {**PREFIXES, **result.prefixes}
    if result.form == "ASK":
        return ["answer"], [{"answer": "true" if result.boolean else "false"}]
    if result.form in ("CONSTRUCT", "DESCRIBE"):
        columns = ["subject", "predicate", "object"]
        return columns, [
            {c: _display(getattr(t, c), prefixes) for c in columns} for t in result.triples
        ]
    columns = list(result.variables)
    rows = [
        {c: _display(t, prefixes) for c, t in zip(columns, row, strict=True)} for row in result.rows
    ]
    return columns, rows
