"""Telling who is who among the names imported records give.

Names in published records come with spelling variants, transliterations
and typos (Dmitri / Dmitry / Dimitry Medvedev, Sergei / Sergey Lavrov,
"Nicloas Sarkozy"), and often as a family name alone ("Foreign Minister
Lavrov", "Chancellor Adenauer"). :class:`PersonRegistry` collects every
sighting of a name (with the country and the day it was seen at) and
resolves them together:

1. every name is folded to a key of its first and last words (case,
   diacritics, honorifics, initials and particles dropped; ``y`` read as
   ``i``, doubled letters single, ``Dimitr`` as ``Dmitr``: see
   :func:`token_key`);
2. full names (two words or more) whose keys share a last word and whose
   first words differ by a typo (one edit for 5 to 7 letters, two from 8),
   or share a first word and whose last words differ by one edit (6 letters
   or more), or are the same two words in the other order (Kishida Fumio),
   are one person;
3. a person whose key matches one of the curated people (their name or an
   alias, by the same rules) *is* that person, with the curated IRI;
4. a family name alone resolves to the one person (curated, or found in
   step 2) with that last word — or, failing that, that first word ("King
   Hussein", "President Xi") — seen in the same country, and if several
   are, to the one whose recorded dates (curated tenures, or the days their
   full name was seen, widened by three years) include the day;
5. anything else is **unresolved**: kept as a new person flagged
   ``kg:needsReview`` (one per name and country), never dropped.

Every full name therefore resolves (to a curated person, or to a person
identified across its spellings); unresolved names are bare family names
with no fuller name in the data, or with several candidates.

Examples
--------
>>> token_key("Dimitry"), token_key("Dmitri"), token_key("Sergey"), token_key("al-Saud")
('dmitri', 'dmitri', 'sergei', 'saud')
>>> person_key("President Dimitry A. Medvedev")
('dmitri', 'medvedev')
>>> person_key("Sheikh Hamad bin Jassim bin Jaber al-Thani")
('hamad', 'bin-jasim')
>>> typo_close("nicloas", "nicolas")
True
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from kg.importers.countries import slug
from kg.records import model
from kg.records.tenures import TenureIndex
from kg.vocab import local_id, resource_iri

__all__ = [
    "token_key",
    "name_words",
    "person_key",
    "typo_close",
    "Resolution",
    "CuratedPeople",
    "PersonRegistry",
]

_HONORIFICS = frozenset(
    "sir lord lady dr prince princess sheikh sheik shaikh cardinal archbishop mr mrs ms "
    "madame madam general gen marshal dame his her majesty highness hrh crown king queen "
    "emir amir sultan shah president".split()
)
_PARTICLES = frozenset(
    "bin bint ibn al el de da di du del der van von la le y dos das ben abu zu ul".split()
)
_SUFFIXES = frozenset({"jr", "sr"})
_ROMAN = re.compile(r"^(?:I|II|III|IV|V|VI|VII|VIII|IX|X|XI|XII|XIII|XIV|XV|XVI|XXIII)$")
_SPAN = dt.timedelta(days=3 * 366)


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


@functools.lru_cache(maxsize=65536)
def token_key(token: str) -> str:
    """One word of a name folded so that transliterations and common variants agree."""
    word = _fold(token)
    word = re.sub(r"^(?:al|el)[-‑]", "", word)
    word = re.sub(r"[^a-z]", "", word)
    word = word.replace("y", "i")
    word = re.sub(r"(.)\1+", r"\1", word)
    word = re.sub(r"^dim", "dm", word)
    if re.fullmatch(r"m[ou]h[ae]m[ae]d", word):
        word = "mohamed"
    return word


def name_words(name: str) -> list[str]:
    """The words of a name that identify the person (no honorifics, initials, Jr.)."""
    text = re.sub(r"\([^)]*\)", " ", name)
    words = [w.strip(",.;:'’\"") for w in text.replace("’", "'").split()]
    words = [w for w in words if w]
    while words and _fold(words[0]).rstrip(".") in _HONORIFICS and len(words) > 1:
        words = words[1:]
    kept: list[str] = []
    for number, word in enumerate(words):
        bare = word.rstrip(".")
        if _ROMAN.fullmatch(word):
            # a regnal number names the person only after a single name (Elizabeth II)
            if number == len(words) - 1 and len(kept) == 1:
                kept.append(word)
            continue
        if re.fullmatch(r"(?:[A-Z]\.?)+", word) and len(bare.replace(".", "")) <= 2:
            continue  # an initial: A., H.W.
        if _fold(bare) in _SUFFIXES:
            continue
        kept.append(word)
    return kept


@functools.lru_cache(maxsize=65536)
def person_key(name: str) -> tuple[str, ...]:
    """``(first, last)`` word keys of a full name, ``(last,)`` of a single word."""
    every = name_words(name)
    folded = [_fold(w) for w in every]
    words = [w for w, f in zip(every, folded, strict=True) if f not in _PARTICLES]
    keys = [k for k in (token_key(w) for w in words) if k]
    if not keys:
        return ()
    if len(keys) == 1:
        return (keys[0],)
    # Arabic names: the father's name tells apart people who share a dynasty's
    # name (Hamad bin Jassim / Hamad bin Khalifa al-Thani)
    for number, word in enumerate(folded[:-1]):
        if word in ("bin", "ibn", "bint") and number > 0:
            following = token_key(every[number + 1])
            if following:
                return (keys[0], f"{word}-{following}")
    if len(keys) >= 3 and re.match(r"(?:al|el)[-‑]", folded[1]):
        return (keys[0], f"al-{keys[1]}")
    return (keys[0], keys[-1])


def _distance(a: str, b: str) -> int:
    """Optimal string alignment distance (a transposition counts one edit)."""
    rows = [list(range(len(b) + 1))]
    for i, ca in enumerate(a, 1):
        row = [i]
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            value = min(rows[-1][j] + 1, row[j - 1] + 1, rows[-1][j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                value = min(value, rows[-2][j - 2] + 1)
            row.append(value)
        rows.append(row)
    return rows[-1][-1]


def typo_close(a: str, b: str) -> bool:
    """Are two word keys the same word up to a typo (see the module rules)?"""
    if a == b:
        return True
    shorter = min(len(a), len(b))
    allowed = 0 if shorter < 5 else 1 if shorter < 8 else 2
    return allowed > 0 and abs(len(a) - len(b)) <= allowed and _distance(a, b) <= allowed


def _same_person(x: tuple[str, ...], y: tuple[str, ...]) -> bool:
    if len(x) != 2 or len(y) != 2:
        return False
    if x == y or x == (y[1], y[0]):
        return True  # (the caller offers reversed pairs only for two-word names)
    if x[1] == y[1] and typo_close(x[0], y[0]):
        return True
    return x[0] == y[0] and min(len(x[1]), len(y[1])) >= 6 and _distance(x[1], y[1]) <= 1


@dataclass(frozen=True)
class Resolution:
    """Who a sighting of a name is.

    Attributes
    ----------
    iri : str
        The person's IRI (curated, or made from the name key).
    label : str
        The person's display name.
    kind : str
        ``curated`` (a person of ``data/``), ``identified`` (a full name, or a
        family name matched to one) or ``unresolved`` (flagged for review).
    reason : str or None
        For an unresolved name, why.
    """

    iri: str
    label: str
    kind: str
    reason: str | None = None


class CuratedPeople:
    """The curated people, their name keys, countries and tenures.

    Parameters
    ----------
    records : kg.records.reading.Records
        The curated records.
    country_iri : callable
        Maps a curated country id to its IRI.
    """

    def __init__(self, records: model.Records) -> None:
        self.records = records
        self.tenures = TenureIndex(records)
        self.people = {p.id: p for p in records.people}
        self.full: dict[tuple[str, ...], set[str]] = defaultdict(set)
        self.family: dict[str, set[str]] = defaultdict(set)
        self.countries: dict[str, set[str]] = defaultdict(set)
        posts = {p.id: p for p in records.posts}
        for person in records.people:
            for name in (person.name, *person.aliases):
                key = person_key(name)
                if len(key) == 2:
                    self.full[key].add(person.id)
                if key:
                    self.family[key[-1]].add(person.id)
            if person.family_name:
                self.family[token_key(person.family_name)].add(person.id)
            for tenure in person.tenures:
                if tenure.post in posts:
                    self.countries[person.id].add(
                        resource_iri("country", posts[tenure.post].country)
                    )

    def match_full(self, keys: Iterable[tuple[str, ...]]) -> str | None:
        """The one curated person any of ``keys`` names, if exactly one."""
        found = {
            ident
            for key in keys
            for known, idents in self.full.items()
            if _same_person(key, known)
            for ident in idents
        }
        return next(iter(found)) if len(found) == 1 else None

    def active(self, ident: str, day: dt.date) -> bool:
        """Did ``ident`` hold a recorded post within a year of ``day``?"""
        year = dt.timedelta(days=366)
        return bool(self.tenures.held(ident, day - year, day + year))

    def iri(self, ident: str) -> str:
        """The person's IRI."""
        return resource_iri("person", ident)


@dataclass
class _Cluster:
    keys: set[tuple[str, ...]]
    names: Counter[str]
    countries: set[str]
    first_day: dt.date
    last_day: dt.date
    curated: str | None = None

    def covers(self, day: dt.date) -> bool:
        return self.first_day - _SPAN <= day <= self.last_day + _SPAN


class PersonRegistry:
    """Sightings of names, resolved together (see the module rules).

    Examples
    --------
    >>> registry = PersonRegistry(CuratedPeople(model.Records()))
    >>> day = dt.date(2010, 5, 1)
    >>> a = registry.add("Nicolas Sarkozy", "country/france", day)
    >>> b = registry.add("Nicloas Sarkozy", "country/france", day)
    >>> c = registry.add("Sarkozy", "country/france", day)
    >>> d = registry.add("Ozal", "country/turkey", day)
    >>> found = registry.resolve()
    >>> found[a] == found[b] == found[c], found[a].kind, found[d].kind
    (True, 'identified', 'unresolved')
    """

    def __init__(self, curated: CuratedPeople) -> None:
        self.curated = curated
        self.sightings: list[tuple[str, str | None, dt.date, tuple[str, ...]]] = []

    def add(self, name: str, country: str | None, day: dt.date) -> int:
        """Record a sighting of ``name`` in ``country`` (an IRI) on ``day``; return its index."""
        self.sightings.append((name, country, day, person_key(name)))
        return len(self.sightings) - 1

    def _clusters(self) -> tuple[list[_Cluster], dict[tuple[str, ...], int]]:
        counts = Counter(key for _, _, _, key in self.sightings if len(key) == 2)
        keys: list[tuple[str, ...]] = sorted(counts)
        parent: dict[tuple[str, ...], tuple[str, ...]] = {key: key for key in keys}

        def find(key: tuple[str, ...]) -> tuple[str, ...]:
            while parent[key] != key:
                parent[key] = parent[parent[key]]
                key = parent[key]
            return key

        by_last: dict[str, list[tuple[str, ...]]] = defaultdict(list)
        by_first: dict[str, list[tuple[str, ...]]] = defaultdict(list)
        for key in keys:
            by_last[key[1]].append(key)
            by_first[key[0]].append(key)
        candidates = [*by_last.values(), *by_first.values()]
        two_words = {
            key
            for name, _, _, key in self.sightings
            if len(key) == 2 and len(name_words(name)) == 2
        }
        for two in keys:
            if two in two_words and (two[1], two[0]) in two_words:
                candidates.append([two, (two[1], two[0])])
        for group in candidates:
            for i, x in enumerate(group):
                for y in group[i + 1 :]:
                    if _same_person(x, y):
                        rx, ry = find(x), find(y)
                        if rx != ry:
                            parent[max(rx, ry)] = min(rx, ry)
        members: dict[tuple[str, ...], list[tuple[str, ...]]] = defaultdict(list)
        for member in keys:
            members[find(member)].append(member)
        clusters: list[_Cluster] = []
        index: dict[tuple[str, ...], int] = {}
        for root in sorted(members):
            for member in members[root]:
                index[member] = len(clusters)
            clusters.append(
                _Cluster(set(members[root]), Counter(), set(), dt.date.max, dt.date.min)
            )
        for name, country, day, key in self.sightings:
            if len(key) == 2:
                cluster = clusters[index[key]]
                cluster.names[name] += 1
                if country:
                    cluster.countries.add(country)
                cluster.first_day = min(cluster.first_day, day)
                cluster.last_day = max(cluster.last_day, day)
        for cluster in clusters:
            cluster.curated = self.curated.match_full(sorted(cluster.keys))
        return clusters, index

    def resolve(self) -> list[Resolution]:
        """The resolution of every sighting, in the order they were added."""
        clusters, index = self._clusters()
        self._by_word: dict[tuple[int, str], list[int]] = defaultdict(list)
        for number, cluster in enumerate(clusters):
            for position in (0, 1):
                for word in sorted({k[position] for k in cluster.keys}):
                    self._by_word[(position, word)].append(number)
        resolved_clusters = [self._cluster_resolution(c) for c in clusters]
        unresolved_names: dict[tuple[str, str | None], Counter[str]] = defaultdict(Counter)
        results: list[Resolution | None] = []
        pending: list[tuple[int, tuple[str, str | None], str]] = []
        for number, (name, country, day, key) in enumerate(self.sightings):
            if len(key) == 2:
                results.append(resolved_clusters[index[key]])
                continue
            if not key:
                raise ValueError(f"no name in {name!r}")
            found, reason = self._single(key[0], country, day, clusters, resolved_clusters)
            results.append(found)
            if found is None:
                unresolved_names[(key[0], country)][name] += 1
                pending.append((number, (key[0], country), reason))
        for number, group, reason in pending:
            word, country = group
            label = _label(unresolved_names[group])
            where = local_id(country) if country else "none"
            results[number] = Resolution(
                resource_iri("person", f"review-{slug(where)}-{word}"), label, "unresolved", reason
            )
        return [r for r in results if r is not None]

    def _cluster_resolution(self, cluster: _Cluster) -> Resolution:
        if cluster.curated is not None:
            person = self.curated.people[cluster.curated]
            return Resolution(self.curated.iri(person.id), person.name, "curated")
        key = max(
            sorted(cluster.keys),
            key=lambda k: sum(n for name, n in cluster.names.items() if person_key(name) == k),
        )
        return Resolution(
            resource_iri("person", "-".join(key)), _label(cluster.names), "identified"
        )

    def _single(
        self,
        word: str,
        country: str | None,
        day: dt.date,
        clusters: Sequence[_Cluster],
        resolved: Sequence[Resolution],
    ) -> tuple[Resolution | None, str]:
        curated = sorted(
            ident
            for ident in self.curated.family.get(word, ())
            if country is None
            or not self.curated.countries[ident]
            or country in self.curated.countries[ident]
        )
        options: list[tuple[Resolution, bool]] = [
            (
                Resolution(self.curated.iri(i), self.curated.people[i].name, "curated"),
                self.curated.active(i, day),
            )
            for i in curated
        ]
        for position in (1, 0):
            if options:
                break
            for number in self._by_word.get((position, word), ()):
                cluster = clusters[number]
                if cluster.curated is not None and cluster.curated in curated:
                    continue
                if country is None or country in cluster.countries:
                    options.append((resolved[number], cluster.covers(day)))
        if not options and country is not None:
            # seen only in other countries ("Chairman Arafat" met in Egypt): the one
            # person of that family name whose dates fit
            for number in self._by_word.get((1, word), ()):
                if clusters[number].covers(day):
                    options.append((resolved[number], True))
        unique = {o.iri: (o, current) for o, current in options}
        if len(unique) > 1:
            current = {iri: o for iri, (o, now) in unique.items() if now}
            if len(current) == 1:
                return next(iter(current.values())), ""
            names = ", ".join(sorted(o.label for o, _ in unique.values()))
            return None, f"family name alone; several people fit: {names}"
        if len(unique) == 1:
            return next(iter(unique.values()))[0], ""
        return None, "family name alone, and no fuller name of anyone so called in that country"


def _label(names: Counter[str]) -> str:
    """The most frequent spelling; ties to the longest, then alphabetical."""
    return sorted(names.items(), key=lambda item: (-item[1], -len(item[0]), item[0]))[0][0]
