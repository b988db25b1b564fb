"""Writing N-Triples: terms, a triple set, sorted deterministic output.

Importers collect triples in a :class:`Triples` set and write it with
:func:`write_atomic`: one line per triple, sorted, UTF-8, so the same input
always gives the same bytes.

Examples
--------
>>> out = Triples()
>>> out.add_triple("http://ex.org/a", "http://ex.org/p", literal('say "hi"'))
>>> out.add_iri("http://ex.org/a", "http://ex.org/q", "http://ex.org/b")
>>> print("".join(out.lines()), end="")
<http://ex.org/a> <http://ex.org/p> "say \\"hi\\"" .
<http://ex.org/a> <http://ex.org/q> <http://ex.org/b> .
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterable

from kg.vocab import XSD

__all__ = ["Triples", "iri", "literal", "boolean", "integer", "date", "write_atomic"]

_BAD_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_TABLE = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def iri(value: str) -> str:
    """An IRI as an N-Triples term; refuses characters N-Triples forbids."""
    if not value or _BAD_IRI.search(value):
        raise ValueError(f"not a valid IRI: {value!r}")
    return f"<{value}>"


def literal(value: str, datatype: str | None = None) -> str:
    """A literal as an N-Triples term (plain string unless ``datatype``)."""
    text = value.translate(_TABLE)
    return f'"{text}"' if datatype is None else f'"{text}"^^<{datatype}>'


def boolean(value: bool) -> str:
    """An ``xsd:boolean`` literal."""
    return literal("true" if value else "false", XSD.boolean)


def integer(value: int) -> str:
    """An ``xsd:integer`` literal."""
    return literal(str(value), XSD.integer)


def date(value: dt.date) -> str:
    """An ``xsd:date`` literal."""
    return literal(value.isoformat(), XSD.date)


class Triples(set[str]):
    """A set of N-Triples lines (so a triple written twice is kept once).

    :mod:`kg.records.rdf` adds whole lines; importers add their own triples
    with :meth:`add_triple` and :meth:`add_iri`.
    """

    def add_triple(self, subject: str, predicate: str, obj: str) -> None:
        """Add one triple: ``subject`` and ``predicate`` are IRIs, ``obj`` a formatted term."""
        self.add(f"{iri(subject)} {iri(predicate)} {obj} .\n")

    def add_iri(self, subject: str, predicate: str, obj: str) -> None:
        """Add a triple whose object is the IRI ``obj``."""
        self.add_triple(subject, predicate, iri(obj))

    def lines(self) -> list[str]:
        """Every line, sorted."""
        return sorted(self)


def write_atomic(path: str, lines: Iterable[str]) -> None:
    """Write ``lines`` to ``path`` through a temporary file and :func:`os.replace`."""
    folder = os.path.dirname(path) or "."
    os.makedirs(folder, exist_ok=True)
    temporary = os.path.join(folder, f".{os.path.basename(path)}.{os.getpid()}.tmp")
    try:
        with open(temporary, "w", encoding="utf-8", newline="\n") as handle:
            handle.writelines(lines)
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
