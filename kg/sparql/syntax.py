"""What a SPARQL text says before any engine runs it: tokens, form, refusals, bound values.

A small lexer whose token classes follow the SPARQL 1.1 grammar (section
19.8), so that a keyword is recognised exactly where a SPARQL parser sees one:
never inside a string, an IRI, a prefixed name, a variable or a comment.
:func:`inspect_query` tells the query form, prefixes, ``FROM`` graphs,
whether ``SERVICE`` occurs and where the ``WHERE`` group opens;
:func:`check_query` refuses updates, ``SERVICE`` and graphs outside the store;
:func:`bind` joins bound values to the ``WHERE`` group.

Binding never formats a user's text into the query. The value is first parsed
into one RDF term (:func:`parse_value`; a malformed IRI is refused); the query
then gets a ``VALUES`` block at the start of its ``WHERE`` group holding the
term as pyoxigraph writes it in N-Triples syntax, which escapes every quote,
backslash and line break, so it is always one token. The bound variable keeps
its name and scope: it can be projected or not, tested with ``BOUND()``,
grouped on, and a sub-query's own variable of the same name is left alone.
(pyoxigraph's ``substitutions=`` would require the variable in the SELECT
projection and does not answer ``BOUND()`` on it.)

Examples
--------
>>> shape = inspect_query("PREFIX ex: <http://ex/> SELECT ?s { ?s ex:p ?o }")
>>> shape.form, sorted(shape.variables), shape.prefixes
('SELECT', ['o', 's'], {'ex': 'http://ex/'})
>>> print(bind("SELECT ?s { ?s ?p ?o }", {"o": parse_value('"it\\'s"@en')}))
SELECT ?s { VALUES (?o) { ("it's"@en) } ?s ?p ?o }
>>> check_query("SELECT * { SERVICE <http://example.org/> { ?s ?p ?o } }")
Traceback (most recent call last):
...
kg.errors.QueryRefusedError: SERVICE is not allowed: queries never reach the network here
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

import pyoxigraph as ox

from kg.errors import QueryError, QueryRefusedError
from kg.vocab import PREFIXES

__all__ = [
    "Term",
    "Token",
    "tokenize",
    "QueryShape",
    "inspect_query",
    "check_query",
    "parse_value",
    "bind",
    "MAX_NESTING",
]

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple

_UPDATE_WORDS = frozenset("INSERT DELETE LOAD CLEAR CREATE DROP COPY MOVE ADD WITH".split())
_QUERY_FORMS = frozenset(("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"))

#: The deepest nesting of ``{``, ``(`` and ``[`` a query may have. pyoxigraph's
#: parser recurses once per level (3,000 braces overflow its stack and kill the
#: process) and slows steeply with depth (100 nested ``[`` or ``(`` in a triple
#: pattern take about a second to parse, 200 take 10-20 s); real queries nest
#: a dozen levels at most.
MAX_NESTING = 64
_OPENERS = {"{": 1, "(": 1, "[": 1, "}": -1, ")": -1, "]": -1}
_BRACKETS = re.compile(r"[{}()\[\]]")

_PN_CHARS = r"\w\u00B7\u0300-\u036F\u203F-\u2040\-"
_ESC = r"(?:%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%])"
_TOKEN = re.compile(
    rf"""
    (?P<ws>\s+)
  | (?P<comment>\#[^\r\n]*)
  | (?P<iri><(?:[^<>"{{}}|^`\\\x00-\x20]|\\u[0-9A-Fa-f]{{4}}|\\U[0-9A-Fa-f]{{8}})*>)
  | (?P<string>'''(?:(?:'|'')?(?:[^'\\]|\\.))*'''
             |\"\"\"(?:(?:"|"")?(?:[^"\\]|\\.))*\"\"\"
             |'(?:[^'\\\r\n]|\\.)*'
             |"(?:[^"\\\r\n]|\\.)*")
  | (?P<var>[?$][\w\u00B7\u0300-\u036F\u203F-\u2040]+)
  | (?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
  | (?P<pname>(?:[^\W\d_](?:[{_PN_CHARS}.]*[{_PN_CHARS}])?|_)?:
               (?:(?:[{_PN_CHARS}:]|{_ESC})(?:(?:[{_PN_CHARS}.:]|{_ESC})*(?:[{_PN_CHARS}:]|{_ESC}))?)?)
  | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<number>[0-9]*\.?[0-9]+(?:[eE][+-]?[0-9]+)?)
  | (?P<punct>\^\^|&&|\|\||!=|<=|>=|.)
    """,
    re.X | re.S,
)


class Token(NamedTuple):
    """One lexical token: its class (``iri``, ``word``, ``var``...), text and offset."""

    kind: str
    text: str
    start: int


def tokenize(text: str) -> list[Token]:
    """The significant tokens of a SPARQL text (no whitespace or comments).

    Examples
    --------
    >>> [t.text for t in tokenize('ASK { ?s <http://x#y> "a # b" } # done')]
    ['ASK', '{', '?s', '<http://x#y>', '"a # b"', '}']
    """
    tokens = []
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or "punct"
        if kind not in ("ws", "comment"):
            tokens.append(Token(kind, match.group(), match.start()))
    return tokens


@dataclass(frozen=True)
class QueryShape:
    """What the lexer sees in a query, before any engine parses it.

    Attributes
    ----------
    form : str or None
        ``SELECT``, ``ASK``, ``CONSTRUCT``, ``DESCRIBE``, ``UPDATE`` (any
        SPARQL Update operation) or ``None`` when the text starts with
        neither (the engine will say what is wrong).
    prefixes : dict
        Prefix declarations of the prologue.
    base : str or None
        The ``BASE`` IRI, if declared.
    variables : frozenset of str
        Every variable name used.
    datasets : tuple of (bool, str or None)
        Each ``FROM`` (``False``) or ``FROM NAMED`` (``True``) with the IRI it
        names, ``None`` when it cannot be resolved.
    uses_service : bool
        Whether the keyword ``SERVICE`` occurs.
    where_offset : int or None
        Offset just after the ``{`` opening the query's ``WHERE`` group.
    subselect_end : int or None
        When that group is directly a sub-query (``WHERE { SELECT ... }``),
        the offset of its closing ``}``.
    nesting : int
        The deepest nesting of ``{``, ``(`` and ``[`` outside strings, IRIs
        and comments.
    """

    form: str | None
    prefixes: dict[str, str] = field(default_factory=dict)
    base: str | None = None
    variables: frozenset[str] = frozenset()
    datasets: tuple[tuple[bool, str | None], ...] = ()
    uses_service: bool = False
    where_offset: int | None = None
    subselect_end: int | None = None
    nesting: int = 0

    @property
    def graph_form(self) -> bool:
        """Whether the answer is an RDF graph (``CONSTRUCT`` or ``DESCRIBE``)."""
        return self.form in ("CONSTRUCT", "DESCRIBE")


def _iri_value(token: Token, prefixes: Mapping[str, str], base: str | None) -> str | None:
    if token.kind == "iri":
        from urllib.parse import urljoin

        iri = token.text[1:-1]
        return iri if ":" in iri.split("/", 1)[0] or base is None else urljoin(base, iri)
    if token.kind == "pname":
        prefix, _, local = token.text.partition(":")
        namespace = prefixes.get(prefix)
        return None if namespace is None else namespace + re.sub(r"\\(.)", r"\1", local)
    return None


def inspect_query(text: str) -> QueryShape:
    """Lex ``text`` and say what kind of query it is and what it uses."""
    tokens = tokenize(text)
    prefixes: dict[str, str] = {}
    base: str | None = None
    position = 0
    while position < len(tokens) and tokens[position].text.upper() in ("PREFIX", "BASE"):
        word = tokens[position].text.upper()
        if word == "BASE" and position + 1 < len(tokens):
            base = tokens[position + 1].text[1:-1]
            position += 2
        elif word == "PREFIX" and position + 2 < len(tokens):
            prefixes[tokens[position + 1].text.rstrip(":")] = tokens[position + 2].text[1:-1]
            position += 3
        else:
            break
    first = tokens[position].text.upper() if position < len(tokens) else ""
    form = first if first in _QUERY_FORMS else "UPDATE" if first in _UPDATE_WORDS else None
    words = [t.text.upper() if t.kind == "word" else "" for t in tokens]
    where_offset, subselect_end = _where_group(tokens, position, form)
    datasets = []
    for index, word in enumerate(words):
        if word == "FROM":
            named = index + 1 < len(words) and words[index + 1] == "NAMED"
            target = index + 2 if named else index + 1
            iri = _iri_value(tokens[target], prefixes, base) if target < len(tokens) else None
            datasets.append((named, iri))
    return QueryShape(
        form=form,
        prefixes=prefixes,
        base=base,
        variables=frozenset(t.text[1:] for t in tokens if t.kind == "var"),
        datasets=tuple(datasets),
        uses_service="SERVICE" in words,
        where_offset=where_offset,
        subselect_end=subselect_end,
        nesting=_nesting(t.text for t in tokens if t.kind == "punct"),
    )


def _nesting(brackets: Iterable[str]) -> int:
    """The deepest nesting of the brackets among ``brackets`` (other texts are skipped)."""
    depth = deepest = 0
    for text in brackets:
        depth += _OPENERS.get(text, 0)
        deepest = max(deepest, depth)
    return deepest


def _closing(tokens: Sequence[Token], opening: int) -> int:
    """Index of the ``}`` matching the ``{`` at ``opening`` (the last token if unclosed)."""
    depth = 0
    for index in range(opening, len(tokens)):
        depth += {"{": 1, "}": -1}.get(tokens[index].text, 0)
        if depth == 0:
            return index
    return len(tokens) - 1


def _where_group(
    tokens: Sequence[Token], position: int, form: str | None
) -> tuple[int | None, int | None]:
    """Where the WHERE group opens and, if it is a bare sub-query, where it closes."""
    if form not in _QUERY_FORMS:
        return None, None
    index = position + 1
    if form == "CONSTRUCT":
        if index < len(tokens) and tokens[index].text == "{":
            index = _closing(tokens, index) + 1
        elif index < len(tokens) and tokens[index].text.upper() == "WHERE":
            return None, None  # CONSTRUCT WHERE { ... }: the pattern is also the template
    depth = 0
    for at in range(index, len(tokens)):
        token = tokens[at]
        if token.text == "(":
            depth += 1
        elif token.text == ")":
            depth -= 1
        elif token.text == "{" and depth == 0:
            end = None
            if at + 1 < len(tokens) and tokens[at + 1].text.upper() == "SELECT":
                end = tokens[_closing(tokens, at)].start
            return token.start + 1, end
    return None, None


def check_query(
    text: str,
    *,
    allow_service: bool = False,
    graphs: Iterable[str] | None = None,
    requested_graphs: Iterable[str] = (),
) -> QueryShape:
    """Inspect ``text`` and refuse what must not run.

    Parameters
    ----------
    text : str
        The query.
    allow_service : bool
        Allow ``SERVICE`` (federated queries reach the network).
    graphs : iterable of str, optional
        The store's graph names: when given, every ``FROM`` / ``FROM NAMED``
        and every name in ``requested_graphs`` must be one of them.
    requested_graphs : iterable of str
        Graphs asked for outside the query (the protocol's
        ``default-graph-uri`` and ``named-graph-uri``).

    Raises
    ------
    QueryRefusedError
        For an update, ``SERVICE``, a graph outside the store, or brackets
        nested deeper than :data:`MAX_NESTING`.
    """
    # Counted on the bare characters first, then outside strings and comments:
    # the engine must never see a nesting its recursive parser cannot take.
    raw = _nesting(_BRACKETS.findall(text))
    shape = inspect_query(text)
    if max(raw, shape.nesting) > MAX_NESTING:
        raise QueryRefusedError(
            f"the query nests brackets ({{, ( or [) deeper than {MAX_NESTING} levels; "
            "write it with fewer nested groups"
        )
    if shape.form == "UPDATE":
        raise QueryRefusedError("the store is read-only: SPARQL Update is not accepted")
    if shape.uses_service and not allow_service:
        raise QueryRefusedError("SERVICE is not allowed: queries never reach the network here")
    if graphs is not None:
        known = set(graphs)
        named = [iri for _, iri in shape.datasets] + list(requested_graphs)
        for iri in named:
            if iri not in known:
                listed = ", ".join(f"<{g}>" for g in sorted(known))
                raise QueryRefusedError(
                    f"FROM {'<' + iri + '>' if iri else '(unresolved IRI)'} is not a graph "
                    f"of this store and nothing is fetched from elsewhere; its graphs: {listed}"
                )
    return shape


# ---------------------------------------------------------------------------
# Values and binding.

_LITERAL = re.compile(
    r'"(?P<lexical>(?:[^"\\]|\\.)*)"'
    r"(?:@(?P<lang>[A-Za-z]+(?:-[A-Za-z0-9]+)*)|\^\^(?P<datatype><[^<>]*>|[\w.-]*:[\w.-]*))?",
    re.S,
)
_ECHAR = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}


def _unescape(lexical: str) -> str:
    def one(match: re.Match[str]) -> str:
        code = match.group(1)
        if code[0] in "uU":
            return chr(int(code[1:], 16))
        if code not in _ECHAR:
            raise QueryError(f"unknown escape '\\{code}' in a parameter value")
        return _ECHAR[code]

    return re.sub(r"\\(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)", one, lexical)


def parse_value(text: str, prefixes: Mapping[str, str] | None = None) -> Term:
    """Parse a parameter value typed by a user into one RDF term.

    ``<iri>`` is an IRI; ``"text"`` a string literal, ``"text"@lang`` a
    language-tagged one and ``"text"^^<datatype>`` or ``"text"^^xsd:date`` a
    typed one (prefixes: those of the query and the usual ``xsd:``, ``rdf:``,
    ``kg:``...); anything else is a plain string literal, as typed.

    Examples
    --------
    >>> parse_value("<https://w3id.org/kg-contacts/id/person/lecornu>")
    <NamedNode value=https://w3id.org/kg-contacts/id/person/lecornu>
    >>> print(parse_value('"2024-04-03"^^xsd:date'))
    "2024-04-03"^^<http://www.w3.org/2001/XMLSchema#date>
    >>> print(parse_value("Sébastien Lecornu"))
    "Sébastien Lecornu"
    """
    if text.startswith("<") and text.endswith(">"):
        try:
            return ox.NamedNode(text[1:-1])
        except ValueError as exc:
            raise QueryError(f"{text} is not a valid IRI: {exc}") from exc
    match = _LITERAL.fullmatch(text) if text.startswith('"') else None
    if match is None:
        return ox.Literal(text)
    lexical = _unescape(match["lexical"])
    if match["lang"]:
        return ox.Literal(lexical, language=match["lang"])
    datatype = match["datatype"]
    if datatype is None:
        return ox.Literal(lexical)
    if datatype.startswith("<"):
        iri = datatype[1:-1]
    else:
        prefix, _, local = datatype.partition(":")
        namespace = {**PREFIXES, **(prefixes or {})}.get(prefix)
        if namespace is None:
            raise QueryError(f"unknown prefix '{prefix}:' in the datatype of {text}")
        iri = namespace + local
    try:
        return ox.Literal(lexical, datatype=ox.NamedNode(iri))
    except ValueError as exc:
        raise QueryError(f"{text} has an invalid datatype: {exc}") from exc


def bind(text: str, bindings: Mapping[str, Term], shape: QueryShape | None = None) -> str:
    """Return ``text`` with ``bindings`` joined to its WHERE group as ``VALUES``.

    Raises
    ------
    QueryError
        When a name is not a variable of the query, or the query has no
        WHERE group to bind in (``CONSTRUCT WHERE`` short form, ``DESCRIBE``
        without ``WHERE``).
    """
    if not bindings:
        return text
    shape = shape or inspect_query(text)
    for name in bindings:
        if name not in shape.variables:
            raise QueryError(f"the query has no variable ?{name} to bind")
    if shape.where_offset is None:
        raise QueryError("parameters need a query with a WHERE { ... } group to bind them in")
    names = " ".join(f"?{name}" for name in bindings)
    values = " ".join(str(term) for term in bindings.values())
    block = f" VALUES ({names}) {{ ({values}) }}"
    start, end = shape.where_offset, shape.subselect_end
    if end is None:
        return text[:start] + block + text[start:]
    # A group that is a bare sub-query takes no other pattern: nest it.
    return text[:start] + block + " {" + text[start:end] + "} " + text[end:]
