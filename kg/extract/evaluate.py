"""Scoring :func:`kg.extract.extract` against expected records, field by field.

Proposed and expected contacts of a passage are paired one to one, greedily, by
how much they agree (shared participants first, then type, then date); a pair
must share a participant. Over the pairs, and counting every unpaired record
as a false positive (proposed) or a false negative (expected):

- ``contacts``: a proposed contact is right when participants (as a set of ids),
  type and EDTF date (so its precision, and both ends of an interval) are all right;
- ``participants``: each participant id of each contact;
- ``type``; ``date`` (EDTF string equality);
- ``initiator``, ``topics`` (affirmed, by anyone), ``claims`` (about, value,
  stance and agent) and ``denials`` (the claims that deny);
- ``not_contacts``: an absence or announcement of the right kind whose sentence
  holds the expected phrase.

A series or an interval is one record like any other: it matches only a record
with the same interval, so "calls from February to September 2022" and "a call
in September 2022" are two records, each to be found.

Examples
--------
>>> s = Score(3, 1, 0)
>>> (s.precision, s.recall)
(0.75, 1.0)
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg.extract.gazetteer import Gazetteer

__all__ = ["FIELDS", "Score", "evaluate", "load_passages", "parse_claim"]

FIELDS = (
    "contacts",
    "participants",
    "type",
    "date",
    "initiator",
    "topics",
    "claims",
    "denials",
    "not_contacts",
)


@dataclass
class Score:
    """True positives, false positives and false negatives of one field."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    def add_sets(self, proposed: set[Any], expected: set[Any]) -> None:
        self.tp += len(proposed & expected)
        self.fp += len(proposed - expected)
        self.fn += len(expected - proposed)


def parse_claim(text: str) -> tuple[str, str | None, str, str]:
    """``"+topic:war-in-ukraine afp"`` → ``("topic", "war-in-ukraine", "affirms", "afp")``."""
    sign, rest = text[0], text[1:]
    about, by = rest.split()
    kind, _, value = about.partition(":")
    return kind, value or None, "affirms" if sign == "+" else "denies", by


def load_passages(folder: Path) -> list[dict[str, Any]]:
    """Every passage of the ``*.yaml`` files of ``folder``, in file order."""
    import yaml

    passages: list[dict[str, Any]] = []
    for path in sorted(folder.glob("*.yaml")):
        passages += yaml.safe_load(path.read_text(encoding="utf-8"))
    return passages


def _expected(entry: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": entry["type"],
        "participants": frozenset(entry["participants"]),
        "date": str(entry["date"]),
        "claims": {parse_claim(c) for c in entry.get("claims", [])},
    }


def _proposed(contact: Any) -> dict[str, Any]:
    return {
        "type": contact.type,
        "participants": frozenset(p.id for p in contact.participants),
        "date": contact.when.edtf,
        "claims": {(c.about, c.value, c.stance, c.by) for c in contact.claims},
    }


def _agreement(a: dict[str, Any], b: dict[str, Any]) -> float:
    shared = len(a["participants"] & b["participants"])
    if not shared:
        return 0.0
    union = len(a["participants"] | b["participants"])
    return 2.0 * shared / union + float(a["type"] == b["type"]) + float(a["date"] == b["date"])


def _pairs(proposed: list[dict[str, Any]], expected: list[dict[str, Any]]) -> list[tuple[int, int]]:
    options = sorted(
        ((-_agreement(p, e), i, j) for i, p in enumerate(proposed) for j, e in enumerate(expected)),
    )
    used_p: set[int] = set()
    used_e: set[int] = set()
    pairs = []
    for score, i, j in options:
        if score < 0 and i not in used_p and j not in used_e:
            pairs.append((i, j))
            used_p.add(i)
            used_e.add(j)
    return pairs


def _score_passage(entry: dict[str, Any], found: Any, scores: dict[str, Score]) -> None:
    expected = [_expected(e) for e in entry.get("contacts") or []]
    proposed = [_proposed(c) for c in found.contacts]
    pairs = _pairs(proposed, expected)
    key_p = {i: j for i, j in pairs}
    exact = sum(
        1 for i, j in pairs
        if all(proposed[i][k] == expected[j][k] for k in ("type", "participants", "date"))
    )  # fmt: skip
    scores["contacts"].tp += exact
    scores["contacts"].fp += len(proposed) - exact
    scores["contacts"].fn += len(expected) - exact

    def keyed(records: list[dict[str, Any]], key: dict[int, int], tag: str) -> dict[str, set[Any]]:
        out: dict[str, set[Any]] = {
            f: set()
            for f in ("participants", "type", "date", "initiator", "topics", "claims", "denials")
        }
        for n, r in enumerate(records):
            k = key.get(n, f"{tag}{n}")
            out["participants"] |= {(k, p) for p in r["participants"]}
            out["type"].add((k, r["type"]))
            out["date"].add((k, r["date"]))
            for about, value, stance, by in r["claims"]:
                out["claims"].add((k, about, value, stance, by))
                if stance == "denies":
                    out["denials"].add((k, about, value, by))
                elif about == "initiator":
                    out["initiator"].add((k, value))
                elif about == "topic":
                    out["topics"].add((k, value))
        return out

    got = keyed(proposed, key_p, "p")
    want = keyed(expected, {j: j for j in range(len(expected))}, "e")
    for name, values in got.items():
        scores[name].add_sets(values, want[name])
    wanted = list(entry.get("not_contacts") or [])
    matched = 0
    free = list(found.not_contacts)
    for item in wanted:
        hit = next(
            (
                n
                for n in free
                if n.kind == item["kind"] and item["contains"].lower() in n.evidence.text.lower()
            ),
            None,
        )
        if hit is not None:
            free.remove(hit)
            matched += 1
    scores["not_contacts"].tp += matched
    scores["not_contacts"].fp += len(found.not_contacts) - matched
    scores["not_contacts"].fn += len(wanted) - matched


def evaluate(
    passages: list[dict[str, Any]], gazetteer: Gazetteer, publisher: str = "AFP"
) -> dict[str, Score]:
    """Extract from each passage and score every field (see the module docstring)."""
    from kg.extract import extract

    scores = {name: Score() for name in FIELDS}
    for entry in passages:
        published = entry["published"]
        day = published if isinstance(published, dt.date) else dt.date.fromisoformat(str(published))
        found = extract(entry["text"], day, gazetteer, publisher=publisher)
        _score_passage(entry, found, scores)
    return scores
