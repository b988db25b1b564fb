"""Resolving what a user types to one entity of the graph.

Entities are people, countries, organisations and posts. A name resolves, in
this order of tiers, by:

1. a full name or alias (any case, with or without diacritics, "defense" or
   "defence"), the entity's id, or its Wikidata id (``Q142``);
2. for posts, the same words in any order, without "of" and "the"
   ("Minister of Defence, Russian" is "Russian defence minister");
3. a family name alone (``Shoigu``), for people;
4. a given name alone (``Emmanuel``), for people.

The first tier that matches decides: one entity is the answer, several are
an :class:`~kg.errors.AmbiguousEntityError` listing them. No match at all is
an :class:`~kg.errors.UnknownEntityError` suggesting the closest names.
Other transliterations (Shoygu, Sergey) are aliases in the data.

Examples
--------
>>> normalise("  Sébastien   LECORNU ")
'sebastien lecornu'
>>> index = NameIndex([
...     Entity("lecornu", "https://w3id.org/kg-contacts/id/person/lecornu", "Sébastien Lecornu", "person"),
... ], {"lecornu": ["Sébastien Lecornu"]}, {}, {})
>>> index.resolve("sebastien lecornu").name
'Sébastien Lecornu'
>>> index.resolve("LECORNU").id
'lecornu'
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import NamedTuple

from kg.errors import AmbiguousEntityError, UnknownEntityError
from kg.vocab import ENTITY_KINDS, local_id

__all__ = ["Entity", "NameIndex", "normalise", "index_from_rows"]

#: Spelling variants folded together in every name.
_VARIANTS = {"defense": "defence", "organization": "organisation"}
_STOPWORDS = frozenset({"of", "the", "s", "for", "and"})
_NON_WORD = re.compile(r"[^\w]+")


class Entity(NamedTuple):
    """An entity a user can name: a person, country, organisation or post."""

    id: str
    iri: str
    name: str
    kind: str


def normalise(text: str) -> str:
    """Fold case and diacritics and collapse punctuation and spaces."""
    if not text.isascii():  # ASCII has nothing to decompose
        decomposed = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    words = _NON_WORD.sub(" ", text.casefold()).split()
    return " ".join(_VARIANTS.get(word, word) for word in words)


def _word_set(text: str) -> str:
    """The words of a name in sorted order, without "of", "the" and the like."""
    return " ".join(sorted(set(normalise(text).split()) - _STOPWORDS))


class NameIndex:
    """Names of entities in three tiers, for :meth:`resolve`.

    Parameters
    ----------
    entities : iterable of Entity
    names : mapping of entity id to its full names and aliases
    family : mapping of entity id to explicit family names
    wikidata : mapping of entity id to its Wikidata id
    """

    def __init__(
        self,
        entities: Iterable[Entity],
        names: Mapping[str, Iterable[str]],
        family: Mapping[str, Iterable[str]],
        wikidata: Mapping[str, str],
    ) -> None:
        self.entities = {e.id: e for e in entities}
        self._tiers: list[dict[str, set[str]]] = [defaultdict(set) for _ in range(4)]
        for ident, entity in self.entities.items():
            full = [entity.name, *names.get(ident, ())]
            self._add(0, ident, [*full, ident, wikidata.get(ident, "")])
            if entity.kind == "post":
                for name in full:
                    self._tiers[1][_word_set(name)].add(ident)
            if entity.kind != "person":
                continue
            tokens = [normalise(n).split() for n in full]
            explicit = list(family.get(ident, ()))
            self._add(2, ident, explicit or [t[-1] for t in tokens if len(t) > 1])
            self._add(3, ident, [t[0] for t in tokens if len(t) > 1])

    #: Version of :meth:`dumps`'s format; a saved index of another is ignored.
    FORMAT = 1

    def dumps(self) -> bytes:
        """The index as bytes for :meth:`loads` (saved with each build)."""
        import marshal

        entities = [tuple(e) for e in self.entities.values()]
        return marshal.dumps((self.FORMAT, entities, [dict(t) for t in self._tiers]))

    @classmethod
    def loads(cls, data: bytes) -> NameIndex | None:
        """The index :meth:`dumps` saved, or ``None`` if it is of another format."""
        import marshal

        try:
            version, entities, tiers = marshal.loads(data)
        except (EOFError, ValueError, TypeError):
            return None
        if version != cls.FORMAT:
            return None
        index = cls.__new__(cls)
        index.entities = {row[0]: Entity(*row) for row in entities}
        index._tiers = tiers
        return index

    def _add(self, tier: int, ident: str, keys: Iterable[str]) -> None:
        for key in keys:
            folded = normalise(key)
            if folded:
                self._tiers[tier][folded].add(ident)

    def resolve(self, text: str) -> Entity:
        """Return the one entity ``text`` names, or raise."""
        key = normalise(text)
        for number, tier in enumerate(self._tiers):
            found = tier.get(_word_set(text) if number == 1 else key)
            if found:
                if len(found) == 1:
                    return self.entities[next(iter(found))]
                candidates = sorted((self.entities[i] for i in found), key=lambda e: e.name)
                raise AmbiguousEntityError(text, [(e.id, e.name) for e in candidates])
        raise UnknownEntityError(text, self.suggest(key))

    def suggest(self, key: str, limit: int = 3) -> list[str]:
        """The names of the entities closest to ``key``."""
        import difflib  # only when a name is unknown

        keys = list(self._tiers[0]) + list(self._tiers[2])
        suggestions: list[str] = []
        for close in difflib.get_close_matches(key, keys, n=10, cutoff=0.6):
            for tier in (self._tiers[0], self._tiers[2]):
                for ident in sorted(tier.get(close, ())):
                    name = self.entities[ident].name
                    if name not in suggestions:
                        suggestions.append(name)
        return suggestions[:limit]


def index_from_rows(rows: Iterable[Mapping[str, str]]) -> NameIndex:
    """Build a :class:`NameIndex` from the rows of ``entities.rq``."""
    entities: dict[str, Entity] = {}
    names: dict[str, list[str]] = defaultdict(list)
    family: dict[str, list[str]] = defaultdict(list)
    wikidata: dict[str, str] = {}
    for row in rows:
        ident = local_id(row["agent"])
        kind = ENTITY_KINDS.get(row.get("kind", ""), "organisation")
        if ident not in entities or kind != "organisation":
            entities[ident] = Entity(ident, row["agent"], row["label"], kind)
        if row["nameKind"] == "family":
            family[ident].append(row["name"])
        else:
            names[ident].append(row["name"])
        if "wikidata" in row:
            wikidata[ident] = local_id(row["wikidata"])
    return NameIndex(entities.values(), names, family, wikidata)
