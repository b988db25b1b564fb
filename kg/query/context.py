"""Choosing among the people a name fits, by the context of the question.

When a name fits several entities (:meth:`kg.identity.index.NameIndex.lookup`),
a question about two sides says more than the name alone:

1. the other side of the pair: the candidates who ever had contact with it
   ("Rubio" asked with "Lavrov" is Marco Rubio, the one who met him);
2. the record itself: the candidates who took part in any contact (a
   namesake known only from the officials table has no contact to answer
   with);

and :func:`choose` keeps the one that remains, saying so in a note (one
line, for stderr). When the context cannot decide it raises
:class:`~kg.errors.AmbiguousEntityError` listing each candidate with their
posts and years (:func:`describe`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any, Protocol

from kg.errors import AmbiguousEntityError, UnknownEntityError
from kg.identity.index import Candidate, Entity, NameIndex, normalise
from kg.rq import load_query
from kg.store.pairs import pair_iri
from kg.store.values import BindValue, Iri, Row
from kg.vocab import KG

__all__ = ["SIDE_PROPERTY", "side_pair", "candidates", "choose", "describe"]

#: How an entity of each kind takes part in a contact (see pair_contacts.rq).
SIDE_PROPERTY = {
    "person": KG.participant,
    "organisation": KG.participant,
    "country": KG.participantCountry,
    "post": KG.participantPost,
}
#: Pairs of candidates tried at most.
_MAX_PAIRS = 36


class _Store(Protocol):
    def select(self, query: str, bindings: dict[str, BindValue] | None = None) -> list[Row]: ...


def candidates(index: NameIndex, text: str) -> list[Candidate]:
    """The candidates for ``text``; raises :class:`UnknownEntityError` for none."""
    found = index.lookup(text)
    if not found:
        raise UnknownEntityError(text, index.suggest(normalise(text)))
    return found


def side_pair(a: Entity, b: Entity) -> str:
    """The IRI of the pair of ``a`` and ``b`` in the store's pair index
    (:mod:`kg.store.pairs`), each taking part as its kind does (:data:`SIDE_PROPERTY`)."""
    return pair_iri(a.iri, SIDE_PROPERTY[a.kind], b.iri, SIDE_PROPERTY[b.kind])


def _met(store: _Store, a: Entity, b: Entity) -> bool:
    return bool(store.select(load_query("pair_exists"), {"pair": Iri(side_pair(a, b))}))


def _in_contacts(store: _Store, entity: Entity) -> bool:
    prop = SIDE_PROPERTY[entity.kind]
    rows = store.select(load_query("side_contacts"), {"side": Iri(entity.iri), "prop": Iri(prop)})
    return bool(rows)


def describe(store: _Store, entity: Entity) -> str:
    """A short account of who an entity is: posts with years, else the titles,
    country and years of their contacts ("Secretary of State of the United
    States, 2025–"; "President-elect, Mexico, 1929")."""
    if entity.kind != "person":
        return entity.kind
    agent: dict[str, BindValue] = {"agent": Iri(entity.iri)}
    spans: dict[str, list[str]] = {}
    for row in store.select(load_query("entity_tenures"), agent):
        start, end = row.get("start", "")[:4], row.get("end", "")[:4]
        span = start if start == end else f"{start}–{end}"
        spans.setdefault(row["postName"], [])
        if start and span not in spans[row["postName"]]:
            spans[row["postName"]].append(span)
    if spans:
        latest = sorted(spans, key=lambda name: spans[name][-1:] or [""], reverse=True)[:2]
        return "; ".join(
            f"{name}, {', '.join(spans[name])}" if spans[name] else name for name in latest
        )
    rows = store.select(load_query("entity_contacts"), agent)
    rows += store.select(load_query("entity_titles"), agent)
    titles = Counter(r["title"] for r in rows if "title" in r)
    countries = Counter(r["countryName"] for r in rows if "countryName" in r)
    years = sorted({r["earliest"][:4] for r in rows if "earliest" in r})
    words = [titles.most_common(1)[0][0]] if titles else []
    words += [countries.most_common(1)[0][0]] if countries else []
    if years:
        words.append(years[0] if len(years) == 1 else f"{years[0]}–{years[-1]}")
    return ", ".join(words) or "no post or contact recorded"


def _ambiguous(store: _Store, text: str, found: Sequence[Entity]) -> AmbiguousEntityError:
    return AmbiguousEntityError(
        text,
        [(e.id, e.name) for e in found],
        [describe(store, e) for e in found],
    )


def choose(
    store: _Store,
    index: NameIndex,
    a: str | Entity,
    b: str | Entity,
) -> tuple[Entity, Entity, tuple[str, ...]]:
    """The two entities a pair of names means, and notes on the choices made.

    Raises
    ------
    UnknownEntityError
        When a name fits nobody.
    AmbiguousEntityError
        When a name still fits several entities in the question's context,
        listing each with their posts and years.
    """
    sides: list[list[Entity]] = []
    for side in (a, b):
        if isinstance(side, Entity):
            sides.append([side])
        else:
            sides.append([c.entity for c in candidates(index, side)])
    notes: list[str] = []
    if len(sides[0]) == len(sides[1]) == 1:
        return sides[0][0], sides[1][0], ()
    # (only people in some contact can have met: an officials table adds many who
    # are in none, and would push the one who did out of the pairs tried)
    active_sides = [
        side if len(side) == 1 else [e for e in side if _in_contacts(store, e)] for side in sides
    ]
    pairs = [(x, y) for x in active_sides[0] for y in active_sides[1] if x.iri != y.iri]
    met = [(x, y) for x, y in pairs[:_MAX_PAIRS] if _met(store, x, y)]
    chosen: list[Entity | None] = [None, None]
    for number in (0, 1):
        texts = (a, b)
        options = sides[number]
        if len(options) == 1:
            chosen[number] = options[0]
            continue
        with_other = list(dict.fromkeys(pair[number] for pair in met))
        if len(with_other) == 1:
            chosen[number] = with_other[0]
            partner = next(pair[1 - number] for pair in met if pair[number] == with_other[0])
            notes.append(
                _note(
                    store, texts[number], options, with_other[0], f"the one who met {partner.name}"
                )
            )
            continue
        pool = with_other or options
        active = [e for e in pool if _in_contacts(store, e)]
        if len(active) == 1 and not with_other:
            chosen[number] = active[0]
            notes.append(_note(store, texts[number], options, active[0],
                               "the only one in a recorded contact"))  # fmt: skip
            continue
        text = texts[number]
        raise _ambiguous(store, text if isinstance(text, str) else text.name, active or pool)
    first, second = chosen
    assert first is not None and second is not None
    return first, second, tuple(notes)


def _note(store: _Store, text: Any, options: Sequence[Entity], chosen: Entity, why: str) -> str:
    typed = text if isinstance(text, str) else text.name
    return (
        f"'{typed}' fits {len(options)} people; chose {chosen.name} "
        f"({describe(store, chosen)}), {why}"
    )
