"""What a line of a bulk file must not hold: checked before the line is parsed.

:func:`line_problem` looks at a JSON line of ``kg import contacts`` and says
why it cannot be read safely, in the words a problem report uses:

- arrays and objects nested deeper than :data:`kg.records.yaml_lines.MAX_DEPTH`
  (Python's JSON parser recurses per level: 100,000 levels raise
  ``RecursionError``);
- a text longer than :data:`kg.records.yaml_lines.MAX_TEXT` (the limit of
  curated values, far below the 16 MiB N-Triples line the store reads);
- a lone UTF-16 surrogate (``"\\ud800"``): JSON lets it be written, but it is
  no character and cannot be written out as UTF-8.

The common line pays for a few scans in C (its length, its brackets, a
search for a surrogate escape); only a suspect line is parsed here.

Examples
--------
>>> line_problem('{"record": "country", "id": "fr", "name": "France"}') is None
True
>>> line_problem('{"record": "country", "id": "fr", "name": "\\\\ud800"}')
("field 'name' holds \\\\ud800, half of a UTF-16 surrogate pair, which is no character; fix the escape", 'fr')
>>> line_problem("[" * 100 + "]" * 100)[0]
'arrays and objects nest deeper than 50 levels; records need four at most'
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from kg.records.yaml_lines import MAX_DEPTH, MAX_TEXT

__all__ = ["line_problem", "NT_LINE_BYTES", "long_output"]

#: The store (pyoxigraph) reads N-Triples lines shorter than this many bytes.
NT_LINE_BYTES = 1 << 24

_STRING_OR_BRACKET = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")
_SURROGATE = re.compile("[\ud800-\udfff]")


def _depth(text: str) -> int:
    depth = deepest = 0
    for match in _STRING_OR_BRACKET.finditer(text):
        token = match.group()
        if token in ("[", "{"):
            depth += 1
            deepest = max(deepest, depth)
        elif token in ("]", "}"):
            depth -= 1
    return deepest


def _texts(value: Any) -> Iterator[tuple[str, str]]:
    """Every key and string in ``value`` with where it is (``claims[1].quote``)."""
    stack: list[tuple[str, Any]] = [("", value)]
    while stack:
        where, item = stack.pop()
        if isinstance(item, str):
            yield where, item
        elif isinstance(item, dict):
            for key, inner in item.items():
                name = key if len(key) <= 60 else key[:40] + "..."
                path = f"{where}.{name}" if where else name
                yield path, key
                stack.append((path, inner))
        elif isinstance(item, list):
            stack.extend((f"{where}[{index}]", inner) for index, inner in enumerate(item))


def line_problem(text: str) -> tuple[str, str | None] | None:
    """Why the JSON line ``text`` cannot be read safely, and the record id if known.

    ``None`` when it can (a line that is not JSON at all is left to the
    reader, which says so).
    """
    if text.count("[") + text.count("{") > MAX_DEPTH and _depth(text) > MAX_DEPTH:
        return (
            f"arrays and objects nest deeper than {MAX_DEPTH} levels; records need four at most",
            None,
        )
    if len(text) <= MAX_TEXT and _SURROGATE_ESCAPE.search(text) is None:
        return None
    try:
        value = json.loads(text)
    except ValueError:
        return None
    ident = value.get("id") if isinstance(value, dict) else None
    record = ident if isinstance(ident, str) and len(ident) <= 200 else None
    for where, found in _texts(value):
        if len(found) > MAX_TEXT:
            return (
                f"field '{where}': a value of {len(found):,} characters is longer than the "
                f"{MAX_TEXT:,} a record's value may have; shorten it",
                record,
            )
        surrogate = _SURROGATE.search(found)
        if surrogate is not None:
            return (
                f"field '{where}' holds \\u{ord(surrogate.group()):04x}, half of a UTF-16 "
                "surrogate pair, which is no character; fix the escape",
                record,
            )
    return None


def long_output(lines: list[str]) -> int | None:
    """The length in bytes of the longest of ``lines`` if the store cannot read it, else ``None``.

    A character takes at most four bytes: lines of fewer than a quarter of
    :data:`NT_LINE_BYTES` characters in all are not even measured.
    """
    if sum(map(len, lines)) < NT_LINE_BYTES // 4:
        return None
    longest = max(len(line.encode("utf-8")) for line in lines)
    return longest if longest >= NT_LINE_BYTES else None
