"""Splitting an article into sentences that keep their character offsets.

A plain regular-expression splitter: a sentence ends at ``.``, ``!`` or ``?``
followed by white space and a capital letter, a digit or an opening quote,
unless the full stop closes a known abbreviation (``Mr.``, ``U.S.``) or falls
inside double quotes that open a quotation continuing into the next words
(``"Readiness ... was noted. The starting points ...," the ministry said``).
Lines are sentences of their own, so a headline never runs into the lead.

Examples
--------
>>> [s.text for s in split_sentences('He said "We agree. Talks go on," and left. Then Mr. Smith spoke.')]
['He said "We agree. Talks go on," and left.', 'Then Mr. Smith spoke.']
>>> split_sentences("Title\\nFirst one. Second.")[2]
Sentence(text='Second.', start=17, end=24)
"""

from __future__ import annotations

import re
from typing import NamedTuple

__all__ = ["Sentence", "split_sentences"]

_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof gen col lt sgt st jan feb mar apr jun jul aug sep sept oct nov dec "
    "no vs etc u.s u.k u.n e.u inc ltd jr sr".split()
)
_END = re.compile(r"[.!?]+[\"'”’)]*(?=\s+[\"“'‘(]?[A-Z0-9])")


class Sentence(NamedTuple):
    """A sentence and its character offsets in the article (``text[start:end]``)."""

    text: str
    start: int
    end: int


def _inside_quote(text: str, start: int, stop: int) -> bool:
    """Whether a straight or curly double quote opened in ``text[start:stop]`` is still open."""
    segment = text[start:stop]
    straight = segment.count('"') % 2 == 1
    curly = segment.count("“") > segment.count("”")
    return straight or curly


def _ends_abbreviation(text: str, stop: int) -> bool:
    match = re.search(r"([\w.]+)\.$", text[:stop])
    return bool(match) and match.group(1).lower() in _ABBREVIATIONS if match else False


def split_sentences(text: str) -> list[Sentence]:
    """Split ``text`` into sentences with their offsets; blank lines and spaces drop out."""
    sentences: list[Sentence] = []
    for line in re.finditer(r"[^\n]+", text):
        begin, end = line.start(), line.end()
        start = begin
        for match in _END.finditer(text, begin, end):
            stop = match.end()
            if _ends_abbreviation(text, match.start() + 1) or _inside_quote(text, start, stop):
                continue
            sentences.append(_trimmed(text, start, stop))
            start = stop
        if text[start:end].strip():
            sentences.append(_trimmed(text, start, end))
    return [s for s in sentences if s.text]


def _trimmed(text: str, start: int, stop: int) -> Sentence:
    while start < stop and text[start].isspace():
        start += 1
    while stop > start and text[stop - 1].isspace():
        stop -= 1
    return Sentence(text[start:stop], start, stop)
