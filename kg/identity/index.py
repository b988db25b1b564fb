"""Resolving what a user types to an entity of the graph: names as people type them.

Entities are people, countries, organisations and posts. :meth:`NameIndex.lookup`
finds the candidates for a text, in this order:

1. a full name or alias (any case, with or without diacritics, "defense" or
   "defence"), the entity's id, or its Wikidata id (``Q142``): countries
   answer to the names of :mod:`kg.identity.countries` ("North Korea",
   "DPRK", "Korea, North", "USSR");
2. for posts, the same words in any order, without "of" and "the"
   ("Minister of Defence, Russian" is "Russian defence minister");
3. for people, the name as people type it, by the rule of
   :mod:`kg.identity.names` (the one the importers link names with): given
   and family name with middle names left out ("John Kerry" is John Forbes
   Kerry), nicknames ("Bill Clinton"), transliterations and diacritics
   ("Dmitry", "Dimitry"), a family name alone ("Lavrov"); a family name
   never matches a different one ("Kennedy" is not O'Kennedy, "Moon" is
   not Ban Ki-moon). The best fits win: a full match over a family name
   alone, a family name over a weak fit;
4. a family name written with a typo (``rapidfuzz``, only when nothing else
   matched: it is loaded then, as are the nickname lists);
5. a given name alone ("Emmanuel").

:meth:`NameIndex.resolve` returns the one entity or raises
:class:`~kg.errors.AmbiguousEntityError` (several fit: the question's
context may decide, see :func:`kg.query.last_contact`) or
:class:`~kg.errors.UnknownEntityError` with the closest names.

The index is built once per store build (:func:`build_index`) and saved with
it (``names.idx``), so a query only loads it.

Examples
--------
>>> normalise("  Sébastien   LECORNU ")
'sebastien lecornu'
>>> index = NameIndex.from_parts([
...     Entity("lecornu", "https://w3id.org/kg-contacts/id/person/lecornu", "Sébastien Lecornu", "person"),
...     Entity("kerry", "https://w3id.org/kg-contacts/id/person/kerry", "John Forbes Kerry", "person"),
... ], {"lecornu": ["Sébastien Lecornu"], "kerry": ["John Forbes Kerry"]})
>>> index.resolve("sebastien lecornu").name
'Sébastien Lecornu'
>>> index.resolve("LECORNU").id, index.resolve("John Kerry").id
('lecornu', 'kerry')
"""

from __future__ import annotations

import re
import unicodedata
import zlib
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, NamedTuple, Protocol

from kg.errors import AmbiguousEntityError, UnknownEntityError
from kg.identity.names import (
    FAMILY_FIRST,
    FAMILY_LAST_TWO,
    best_match,
    index_keys,
    lookup_keys,
    parse_name,
)
from kg.vocab import ENTITY_KINDS, FOAF, KG, ORG, PROV, SCHEMA, local_id

__all__ = ["Entity", "Candidate", "NameIndex", "normalise", "index_from_rows", "build_index"]

#: Spelling variants folded together in every name.
_VARIANTS = {"defense": "defence", "organization": "organisation"}
_STOPWORDS = frozenset({"of", "the", "s", "for", "and"})
_NON_WORD = re.compile(r"[^\w]+")
_EXACT = 10.0
_FAMILY_FIRST, _HISPANIC = 1, 2


class Entity(NamedTuple):
    """An entity a user can name: a person, country, organisation or post."""

    id: str
    iri: str
    name: str
    kind: str


class Candidate(NamedTuple):
    """An entity a text may name, and how well it fits (see :func:`kg.identity.names.match`)."""

    entity: Entity
    strength: float


class _Rows(Protocol):
    def select(self, query: str, bindings: Any = None) -> list[dict[str, str]]: ...


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
    """Names of entities, for :meth:`lookup` and :meth:`resolve` (see the module).

    Entities are kept by position; the tiers map folded names to positions.
    Saved (:meth:`dumps`), each table is split into buckets that are decoded
    only when a lookup reads them (:class:`_Buckets`): a question reads a few
    names, and decoding every name of thousands of officials would cost it
    milliseconds.
    """

    #: Version of :meth:`dumps`'s format; a saved index of another is ignored.
    FORMAT = 4

    def __init__(self) -> None:
        self._count = 0
        self._rows: Mapping[int, str] = {}
        self._cache: dict[int, Entity] = {}
        self._exact: Mapping[str, int | tuple[int, ...]] = {}
        self._posts: dict[str, int | tuple[int, ...]] = {}
        #: family-name key → people; given-name key → people; person → names
        self._family: Mapping[str, tuple[int, ...]] = {}
        self._given: Mapping[str, tuple[int, ...]] = {}
        self._names: Mapping[int, tuple[str, ...]] = {}
        self._flags: dict[int, int] = {}  # naming customs, for the few who have one

    @classmethod
    def from_parts(
        cls,
        entities: Iterable[Entity],
        names: Mapping[str, Iterable[str]],
        wikidata: Mapping[str, str] | None = None,
        countries: Mapping[str, Iterable[str]] | None = None,
    ) -> NameIndex:
        """An index of ``entities`` with their ``names`` (id → names and aliases),
        Wikidata ids and, for people, the countries of their posts (id → country ids:
        their naming custom, family name first or two surnames)."""
        index = cls()
        rows: dict[int, str] = {}
        exact: dict[str, set[int]] = defaultdict(set)
        posts: dict[str, set[int]] = defaultdict(set)
        family: dict[str, set[int]] = defaultdict(set)
        given: dict[str, set[int]] = defaultdict(set)
        people: dict[int, tuple[str, ...]] = {}
        flags_of: dict[int, int] = {}
        cache: dict[str, str] = {}

        def fold(text: str) -> str:
            found = cache.get(text)
            if found is None:
                found = cache[text] = normalise(text)
            return found

        for position, entity in enumerate(entities):
            rows[position] = "\x1f".join(entity)
            full = list(dict.fromkeys([entity.name, *names.get(entity.id, ())]))
            for key in (*full, entity.id, (wikidata or {}).get(entity.id, "")):
                if key and fold(key):
                    exact[fold(key)].add(position)
            if entity.kind == "post":
                for name in full:
                    posts[_word_set(name)].add(position)
            if entity.kind != "person":
                continue
            where = set((countries or {}).get(entity.id, ()))
            flags = (_FAMILY_FIRST if where & FAMILY_FIRST else 0) | (
                _HISPANIC if where & FAMILY_LAST_TWO else 0
            )
            if flags:
                flags_of[position] = flags
            people[position] = tuple(full)
            for name in full:
                parsed = parse_name(name)
                for key in index_keys(
                    parsed,
                    family_first=bool(flags & _FAMILY_FIRST),
                    hispanic=bool(flags & _HISPANIC),
                ):
                    family[key].add(position)
                if len(parsed.keys) > 1:
                    given[parsed.keys[0]].add(position)
        index._count = len(rows)
        index._rows = rows
        index._exact = {k: _packed(v) for k, v in exact.items()}
        index._posts = {k: _packed(v) for k, v in posts.items()}
        index._family = {k: tuple(sorted(v)) for k, v in family.items()}
        index._given = {k: tuple(sorted(v)) for k, v in given.items()}
        index._names = people
        index._flags = flags_of
        return index

    def dumps(self) -> bytes:
        """The index as bytes for :meth:`loads` (saved with each build)."""
        import marshal

        return marshal.dumps(
            (
                self.FORMAT,
                self._count,
                _Buckets.dumps(self._rows),
                _Buckets.dumps(self._exact),
                self._posts,
                _Buckets.dumps(self._family),
                _Buckets.dumps(self._given),
                _Buckets.dumps(self._names),
                self._flags,
            )
        )

    @classmethod
    def loads(cls, data: bytes) -> NameIndex | None:
        """The index :meth:`dumps` saved, or ``None`` if it is of another format."""
        import marshal

        try:
            saved = marshal.loads(data)
            if not isinstance(saved, tuple) or saved[0] != cls.FORMAT:
                return None
            _, count, rows, exact, posts, family, given, names, flags = saved
        except (EOFError, ValueError, TypeError):
            return None
        index = cls()
        index._count = count
        index._rows, index._exact = _Buckets(rows), _Buckets(exact)
        index._family, index._given, index._names = (
            _Buckets(family),
            _Buckets(given),
            _Buckets(names),
        )
        index._posts, index._flags = posts, flags
        return index

    def entity(self, position: int) -> Entity:
        """The entity at ``position``."""
        found = self._cache.get(position)
        if found is None:
            found = self._cache[position] = Entity(*self._rows[position].split("\x1f"))
        return found

    def __len__(self) -> int:
        return self._count

    # -- looking up -------------------------------------------------------------------

    def lookup(self, text: str) -> list[Candidate]:
        """Every entity ``text`` may name, best fits first (see the module); ``[]`` for none."""
        key = normalise(text)
        exact = [self.entity(i) for i in _unpacked(self._exact.get(key))]
        typed = parse_name(text)
        if exact and (len(typed.keys) != 1 or any(e.kind != "person" for e in exact)):
            return [Candidate(e, _EXACT) for e in exact]
        posts = [self.entity(i) for i in _unpacked(self._posts.get(_word_set(text)))]
        if posts:
            return [Candidate(e, _EXACT) for e in posts]
        people = self._candidates(typed, _unpacked(self._exact.get(key)))
        if people:
            return people
        if typed.keys:
            fuzzy = self._fuzzy(typed)
            if fuzzy:
                return fuzzy
            given = self._given.get(typed.keys[0], ())
            if given and len(typed.keys) == 1:
                return [Candidate(self.entity(i), 0.5) for i in given]
        return []

    def _strength(self, typed: Any, position: int) -> float | None:
        flags = self._flags.get(position, 0)
        return best_match(
            typed,
            [parse_name(n) for n in self._names.get(position, ())],
            family_first=bool(flags & _FAMILY_FIRST),
            hispanic=bool(flags & _HISPANIC),
        )

    def _candidates(self, typed: Any, exact: Sequence[int]) -> list[Candidate]:
        family = self._family
        found: dict[int, float] = {i: _EXACT if len(typed.keys) != 1 else 1.0 for i in exact}
        for key in sorted(lookup_keys(typed) | set(typed.keys)):
            for position in family.get(key, ()):
                if position in found:
                    continue
                strength = self._strength(typed, position)
                if strength:
                    found[position] = strength
        return _best(self, found)

    def _fuzzy(self, typed: Any) -> list[Candidate]:
        """Family names a typo away (only when nothing else matched)."""
        from rapidfuzz import process
        from rapidfuzz.fuzz import ratio

        family = self._family
        found: dict[int, float] = {}
        for key in sorted(lookup_keys(typed)):
            if len(key) < 5:
                continue
            for close, score, _ in process.extract(key, family.keys(), scorer=ratio, limit=5):
                if score < 85 or close[:2] != key[:2]:
                    continue
                fixed = typed._replace(keys=tuple(close if k == key else k for k in typed.keys))
                for position in family[close]:
                    strength = self._strength(fixed, position)
                    if strength:
                        found[position] = max(found.get(position, 0), strength - 0.25)
        return _best(self, found, only_best=True)

    def resolve(self, text: str) -> Entity:
        """Return the one entity ``text`` names, or raise (see the module)."""
        found = self.lookup(text)
        if len(found) == 1:
            return found[0].entity
        if found:
            raise AmbiguousEntityError(text, [(c.entity.id, c.entity.name) for c in found])
        raise UnknownEntityError(text, self.suggest(normalise(text)))

    def suggest(self, key: str, limit: int = 3) -> list[str]:
        """The names of the entities closest to ``key``."""
        from rapidfuzz import process  # only when a name is unknown
        from rapidfuzz.fuzz import ratio

        suggestions: list[str] = []
        found = process.extract(key, list(self._exact), scorer=ratio, limit=10, score_cutoff=70)
        for close, _, _ in found:
            for position in _unpacked(self._exact[close]):
                name = self.entity(position).name
                if name not in suggestions:
                    suggestions.append(name)
        return suggestions[:limit]


class _Buckets(Mapping[Any, Any]):
    """A saved table (str or int keys) split into marshalled buckets, each decoded
    when first read: a lookup decodes one bucket, a scan of every key all of them."""

    #: Buckets a table is split into.
    COUNT = 64

    def __init__(self, blobs: Sequence[bytes]) -> None:
        self._blobs = blobs
        self._parts: list[dict[Any, Any] | None] = [None] * len(blobs)

    @staticmethod
    def _number(key: str | int, count: int) -> int:
        if isinstance(key, int):
            return key % count
        return zlib.crc32(key.encode("utf-8")) % count

    @classmethod
    def dumps(cls, table: Mapping[Any, Any]) -> tuple[bytes, ...]:
        """``table`` as the buckets :class:`_Buckets` reads."""
        import marshal

        parts: list[dict[Any, Any]] = [{} for _ in range(cls.COUNT)]
        for key, value in table.items():
            parts[cls._number(key, cls.COUNT)][key] = value
        return tuple(marshal.dumps(part) for part in parts)

    def _part(self, number: int) -> dict[Any, Any]:
        part = self._parts[number]
        if part is None:
            import marshal

            part = self._parts[number] = marshal.loads(self._blobs[number])
        return part

    def __getitem__(self, key: Any) -> Any:
        return self._part(self._number(key, len(self._blobs)))[key]

    def get(self, key: Any, default: Any = None) -> Any:
        return self._part(self._number(key, len(self._blobs))).get(key, default)

    def __iter__(self) -> Iterator[Any]:
        for number in range(len(self._blobs)):
            yield from self._part(number)

    def __len__(self) -> int:
        return sum(len(self._part(number)) for number in range(len(self._blobs)))


def _packed(positions: set[int]) -> int | tuple[int, ...]:
    ordered = tuple(sorted(positions))
    return ordered[0] if len(ordered) == 1 else ordered


def _unpacked(value: int | tuple[int, ...] | None) -> tuple[int, ...]:
    if value is None:
        return ()
    return (value,) if isinstance(value, int) else value


def _best(index: NameIndex, found: Mapping[int, float], only_best: bool = False) -> list[Candidate]:
    """The candidates that fit best: a full match over a family name over a weak fit."""
    if not found:
        return []
    best = max(found.values())
    floor = best if only_best else min(best, 1.0)
    return sorted(
        (Candidate(index.entity(i), s) for i, s in found.items() if s >= floor),
        key=lambda c: (-c.strength, c.entity.name, c.entity.id),
    )


def index_from_rows(
    rows: Iterable[Mapping[str, str]], countries: Iterable[Mapping[str, str]] = ()
) -> NameIndex:
    """Build a :class:`NameIndex` from the rows of ``entities.rq`` (and of
    ``person_countries.rq``, for people's naming customs)."""
    kinds: dict[str, set[str]] = defaultdict(set)
    labels: dict[str, str] = {}
    names: dict[str, list[str]] = defaultdict(list)
    wikidata: dict[str, str] = {}
    for row in rows:
        agent = row["agent"]
        if "kind" in row:
            kinds[agent].add(row["kind"])
        if "name" in row:
            if row.get("nameKind") == "label":
                labels.setdefault(agent, row["name"])
            names[agent].append(row["name"])
        if "wikidata" in row:
            wikidata[agent] = local_id(row["wikidata"])
    nameable = (PROV.Agent, ORG.Post)
    entities: dict[str, Entity] = {}
    for agent in sorted(kinds):
        found = kinds[agent]
        if agent not in labels or not found & set(nameable) or KG.AnonymousSource in found:
            continue
        kind = next(
            (ENTITY_KINDS[k] for k in (FOAF.Person, SCHEMA.Country, ORG.Post) if k in found),
            "organisation",
        )
        ident = local_id(agent)
        if ident not in entities or kind != "organisation":
            entities[ident] = Entity(ident, agent, labels[agent], kind)
    by_id = {e.id: e.iri for e in entities.values()}
    where: dict[str, set[str]] = defaultdict(set)
    for row in countries:
        where[local_id(row["person"])].add(local_id(row["country"]))
    return NameIndex.from_parts(
        entities.values(),
        {i: names[iri] for i, iri in by_id.items()},
        {i: wikidata[iri] for i, iri in by_id.items() if iri in wikidata},
        where,
    )


def build_index(store: _Rows) -> NameIndex:
    """The index of every nameable entity of ``store`` (run when a store is built)."""
    from kg.rq import load_query

    return index_from_rows(
        store.select(load_query("entities")), store.select(load_query("person_countries"))
    )
