"""Who says what about a contact: attributions, topics, denials, initiators.

An attribution is a verb of saying with its agent: "the Russian defence
ministry said", "according to the Kremlin", "a source close to Lecornu was
quick to deny", "Paris immediately denied", "said the Kremlin". The agent is
the nearest name of an organisation, anonymous source, country or person
before the verb (at most four words away), or just after it; "the source" and
"the ministry" refer back to the last ones named. A sentence with no
attribution is the publisher's own report.

Examples
--------
>>> [t for t, _ in find_topics("the pair discussed last month's deadly attack on a Moscow concert hall", {})]
['crocus-city-hall-attack']
"""

from __future__ import annotations

import re
from typing import NamedTuple

from kg.extract.cues import DENIAL, SAY, TOPIC_CUES
from kg.extract.gazetteer import Gazetteer, Mention, Topic

__all__ = ["Attribution", "find_attributions", "find_topics"]

_AGENT_KINDS = ("organisation", "agent", "country", "person")
_DENY_VERB = re.compile(r"den(?:y|ied|ies)|rejected|dismissed", re.I)
_BACKGROUND = re.compile(
    r",\s+whose\b[^,.;]*|\bstrained by\b[^,.;]*|\bsince Russia's invasion\b", re.I
)


class Attribution(NamedTuple):
    """An agent saying something: ``id`` is ``BOTH`` for "both sides"."""

    id: str
    text: str
    stance: str
    start: int
    kind: str


def _ministry(gazetteer: Gazetteer, demonym: str | None, preferred: list[str]) -> str | None:
    country = gazetteer.demonym(demonym) if demonym else None
    found = [
        o.id
        for o in gazetteer.records.organisations
        if "ministry" in o.name.lower() and (country is None or o.country == country)
    ]
    for ident in preferred:
        if ident in found:
            return ident
    return found[0] if len(found) == 1 else None


def find_attributions(
    text: str,
    offset: int,
    mentions: list[Mention],
    gazetteer: Gazetteer,
    last_agent: Mention | None,
    recent_orgs: list[str],
) -> list[Attribution]:
    """Every attribution of a sentence (``text`` at ``offset``), in order."""
    found: list[Attribution] = []
    agents = [m for m in mentions if m.kind in _AGENT_KINDS]
    quoted = _quoted_spans(text)
    for match in SAY.finditer(text):
        if any(a <= match.start() < b for a, b in quoted):
            continue
        verb = match.group(0).lower()
        stance = "denies" if _DENY_VERB.fullmatch(verb) else "affirms"
        pos = offset + match.start()
        before = text[: match.start()]
        agent: tuple[str, str, str] | None = None
        if verb == "according to":
            after = [m for m in agents if m.start >= offset + match.end()]
            literal = re.match(r"\s+the (?:(\w+) )?ministry\b", text[match.end() :])
            if after and after[0].start - offset - match.end() <= 5:
                agent = (after[0].id, after[0].text, after[0].kind)
            elif literal:
                ident = _ministry(gazetteer, literal.group(1), recent_orgs)
                agent = (ident, literal.group(0).strip(), "organisation") if ident else None
        else:
            words = re.findall(r"[\w'’]+", before)[-6:]
            tail = " ".join(words).lower()
            near = [
                m for m in agents if m.end <= pos and _close(text[m.end - offset : match.start()])
            ]
            literal = re.search(
                r"\b(both sides|the source|the (?:(\w+) )?ministry(?: statement)?)\s*(?:\w+\s*){0,3}$",
                tail,
            )
            if literal and literal.group(1) == "both sides":
                agent = ("BOTH", "both sides", "both")
            elif literal and literal.group(1) == "the source" and last_agent is not None:
                agent = (last_agent.id, "the source", "agent")
            elif near:
                last = near[-1]
                agent = (last.id, last.text, last.kind)
            elif literal and "ministry" in literal.group(1):
                ident = _ministry(gazetteer, literal.group(2), recent_orgs)
                agent = (ident, literal.group(1), "organisation") if ident else None
            else:
                after = [m for m in agents if 0 <= m.start - (offset + match.end()) <= 5]
                if after:
                    agent = (after[0].id, after[0].text, after[0].kind)
        if agent is not None:
            found.append(Attribution(agent[0], agent[1], stance, pos, agent[2]))
    if DENIAL.search(text) and found and not any(a.stance == "denies" for a in found):
        if len({a.id for a in found}) == 1:
            found = [a._replace(stance="denies") for a in found]
    return found


def _close(between: str) -> bool:
    """Whether an agent this far before a verb can be its subject."""
    words = re.findall(r"[\w'’]+", between)
    return len(words) <= 4 and "," not in between and not {"but", "and"} & set(words)


def _quoted_spans(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"\"[^\"]*\"|“[^”]*”", text)]


def quote_at(text: str, position: int) -> str | None:
    """The quotation (first sentence of it) that covers ``position``, if any."""
    for start, end in _quoted_spans(text):
        if start <= position < end:
            inner = text[start + 1 : end - 1].strip().rstrip(",")
            first = re.split(r"(?<=[.!?])\s+", inner)[0]
            return first
    return None


def find_topics(text: str, topics: dict[str, Topic]) -> list[tuple[str, int]]:
    """Topic ids named in ``text`` with the position of the phrase, longest phrase first.

    Phrases are the labels of the topic scheme and :data:`~kg.extract.cues.TOPIC_CUES`;
    background clauses ("whose ties have been strained by the war") do not count.
    Without a topic scheme (``topics`` empty) every cue counts.
    """
    cleaned = _BACKGROUND.sub(lambda m: " " * len(m.group(0)), text)
    spans: list[tuple[int, int, str]] = []
    for ident, cue in TOPIC_CUES.items():
        if topics and ident not in topics:
            continue
        for m in re.finditer(cue, cleaned, re.I):
            spans.append((m.start(), m.end(), ident))
    for topic in topics.values():
        for phrase in topic.phrases:
            for m in re.finditer(rf"\b{re.escape(phrase)}\b", cleaned, re.I):
                spans.append((m.start(), m.end(), topic.id))
    spans.sort(key=lambda s: (-(s[1] - s[0]), s[0]))
    kept: list[tuple[int, int, str]] = []
    for span in spans:
        if not any(span[0] < k[1] and k[0] < span[1] for k in kept):
            kept.append(span)
    seen: dict[str, int] = {}
    for start, _, ident in sorted(kept):
        seen.setdefault(ident, start)
    return list(seen.items())
