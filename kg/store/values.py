"""Values bound into kg's own queries, and the rows they answer with.

Both stores (:mod:`kg.store.embedded`, :mod:`kg.store.remote`) run kg's
queries with values joined to their ``WHERE`` group by :func:`join_values`:
RDF terms written as pyoxigraph serialises them, never text pasted in.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping

import pyoxigraph as ox

from kg.vocab import XSD

__all__ = ["Iri", "BindValue", "Binding", "Row", "to_term", "join_values"]


class Iri(str):
    """A string meant as an IRI when bound into a query."""


BindValue = Iri | str | int | dt.date
#: A bound variable's value, or several (one ``VALUES`` row each).
Binding = BindValue | tuple[BindValue, ...]
#: One query solution: variable name → IRI or literal lexical form.
Row = dict[str, str]


def to_term(value: BindValue) -> ox.NamedNode | ox.Literal:
    if isinstance(value, Iri):
        return ox.NamedNode(value)
    if isinstance(value, bool):
        return ox.Literal(str(value).lower(), datatype=ox.NamedNode(XSD.boolean))
    if isinstance(value, int):
        return ox.Literal(str(value), datatype=ox.NamedNode(XSD.integer))
    if isinstance(value, dt.date):
        return ox.Literal(value.isoformat(), datatype=ox.NamedNode(XSD.date))
    return ox.Literal(value)


_WHERE = re.compile(r"\bWHERE\s*\{")


def join_values(query: str, bindings: Mapping[str, Binding] | None) -> str:
    """Join ``bindings`` to the first ``WHERE {`` group of one of kg's own queries.

    The values become one ``VALUES`` row of RDF terms written as pyoxigraph
    serialises them (escaped, one token each), never text pasted into the
    query; a tuple binds its one variable to each of its values in turn (a
    row each), so one query answers for several. Starting the group with
    them lets a query planner start from the bound values: pyoxigraph's
    ``substitutions=`` alone are applied after planning (the pair query
    scanned every contact, 38 s at 100,000 contacts, against a few
    milliseconds with ``VALUES``). For queries typed
    by users, :func:`kg.sparql.syntax.bind` does the same with a full lexer.

    >>> print(join_values("SELECT ?a ?b WHERE { ?a ?p ?b }", {"a": Iri("http://ex/a")}))
    SELECT ?a ?b WHERE {
      VALUES (?a) { (<http://ex/a>) } ?a ?p ?b }
    >>> print(join_values("SELECT ?a WHERE { ?a ?p 1 }", {"a": (Iri("http://ex/a"), "b")}))
    SELECT ?a WHERE {
      VALUES (?a) { (<http://ex/a>) ("b") } ?a ?p 1 }
    """
    if not bindings:
        return query
    match = _WHERE.search(query)
    if match is None:
        raise ValueError("kg's own queries bind values in their 'WHERE {' group")
    rows: list[tuple[BindValue, ...]] = [()]
    for value in bindings.values():
        if isinstance(value, tuple):
            if len(bindings) > 1:
                raise ValueError("a variable bound to several values must be bound alone")
            rows = [(v,) for v in value]
        else:
            rows[0] += (value,)
    names = " ".join(f"?{name}" for name in bindings)
    values = " ".join("(" + " ".join(str(to_term(v)) for v in row) + ")" for row in rows)
    cut = match.end()
    return f"{query[:cut]}\n  VALUES ({names}) {{ {values} }}{query[cut:]}"
