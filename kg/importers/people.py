"""Telling who is who among the names imported records give.

Names in published records come with spelling variants, transliterations
and typos (Dmitri / Dmitry / Dimitry Medvedev, "Nicloas Sarkozy"), and often
as a family name alone ("Foreign Minister Lavrov"). :class:`PersonRegistry`
collects every sighting of a name, with what the record says around it
(:class:`kg.identity.linking.Sighting`), and resolves them together:

1. each sighting is **linked** to a person of the authority — the curated
   people, the officials table, the Historian's principal officers: anyone
   whose tenures are known (:mod:`kg.identity.linking`: name variants and
   post at the date, conservatively). A linked person keeps their id
   (``person/Q58217`` for a Wikidata id, a curated or Historian id);
2. the other full names are grouped across spellings by their name keys
   (:func:`person_key`: first and last words, a typo apart —
   ``rapidfuzz``'s optimal string alignment distance, one edit for 5 to 7
   letters, two from 8 —, or the same two words in the other order), never
   across countries' borders alone and never over a gap of more than twenty
   years; a group whose linked spellings all name one person is that person;
3. a family name alone goes to the one person of that name (linked or
   grouped) seen within ten years in that country, else (when the authority
   knows no one of that name) within three years in any country;
4. anything else is **unresolved**: a person flagged ``kg:needsReview``, one
   per family name and period (sightings more than four years apart are
   different people), never one per country and never dropped.

Examples
--------
>>> registry = PersonRegistry(CuratedPeople(model.Records()))
>>> day = dt.date(2010, 5, 1)
>>> a = registry.add("Nicolas Sarkozy", "country/france", day)
>>> b = registry.add("Nicloas Sarkozy", "country/france", day)
>>> c = registry.add("Sarkozy", "country/france", day)
>>> d = registry.add("Ozal", "country/turkey", day)
>>> found = registry.resolve()
>>> found[a] == found[b] == found[c], found[a].kind, found[d].kind, found[d].iri.rsplit("/", 1)[1]
(True, 'identified', 'unresolved', 'review-ozal')
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from kg.identity.authority import Authority
from kg.identity.countries import slug
from kg.identity.linking import Link, Sighting, link_all
from kg.identity.names import parse_name, token_key
from kg.records import model
from kg.records.tenures import TenureIndex
from kg.vocab import local_id, resource_iri

__all__ = [
    "token_key",
    "person_key",
    "typo_close",
    "Resolution",
    "CuratedPeople",
    "PersonRegistry",
]

_SPAN = dt.timedelta(days=3 * 366)
_SAME_COUNTRY_SPAN = dt.timedelta(days=10 * 366)
_GAP = dt.timedelta(days=20 * 366)
_REVIEW_GAP = dt.timedelta(days=4 * 366)


@functools.lru_cache(maxsize=65536)
def person_key(name: str) -> tuple[str, ...]:
    """``(first, last)`` word keys of a full name, ``(last,)`` of a single word, read by
    :func:`kg.identity.names.parse_name`; a regnal number stays (``("albert", "i")``) and
    the father's name tells apart people who share a dynasty's name (Hamad bin Jassim /
    Hamad bin Khalifa al-Thani).

    >>> person_key("President Dimitry A. Medvedev")
    ('dmitri', 'medvedev')
    >>> person_key("Sheikh Hamad bin Jassim bin Jaber al-Thani")
    ('hamad', 'bin-jasim')
    >>> person_key("Prince Albert I")
    ('albert', 'i')
    """
    parsed = parse_name(name)
    keys = parsed.keys
    if not keys:
        return ()
    if len(keys) == 1:
        return (keys[0], parsed.regnal.casefold()) if parsed.regnal else (keys[0],)
    if parsed.father and parsed.patronymic and len(keys) >= 3:
        return (keys[0], f"bin-{parsed.father}")
    return (keys[0], keys[-1])


def _distance(a: str, b: str) -> int:
    from rapidfuzz.distance import OSA

    return int(OSA.distance(a, b))


def typo_close(a: str, b: str) -> bool:
    """Are two word keys the same word up to a typo (see the module rules)?

    >>> typo_close("nicloas", "nicolas")
    True
    """
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
        The person's IRI.
    label : str
        The person's display name.
    kind : str
        ``curated`` (a person of ``data/``), ``linked`` (a person of the
        authority: the officials table, the Historian's principal officers),
        ``identified`` (a full name, or a family name matched to one, across
        this source's spellings) or ``unresolved`` (flagged for review).
    reason : str or None
        For an unresolved name, why; for a linked one, how it was linked.
    """

    iri: str
    label: str
    kind: str
    reason: str | None = None


class CuratedPeople:
    """The curated people, their name keys, countries and tenures."""

    def __init__(self, records: model.Records) -> None:
        self.records = records
        self.tenures = TenureIndex(records)
        self.people = {p.id: p for p in records.people}
        self.full: dict[tuple[str, ...], set[str]] = defaultdict(set)
        self.by_qid = {p.wikidata: p.id for p in records.people if p.wikidata}
        posts = {p.id: p for p in records.posts}
        self.countries: dict[str, set[str]] = defaultdict(set)
        for person in records.people:
            for name in (person.name, *person.aliases):
                key = person_key(name)
                if len(key) == 2:
                    self.full[key].add(person.id)
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

    def iri(self, ident: str) -> str:
        """The person's IRI."""
        return resource_iri("person", ident)


@dataclass
class _Cluster:
    keys: set[tuple[str, ...]]
    names: Counter[str]
    countries: set[str]
    days: list[dt.date]
    person: str | None = None
    label: str | None = None

    def covers(self, day: dt.date, span: dt.timedelta = _SPAN) -> bool:
        return min(self.days) - span <= day <= max(self.days) + span


class PersonRegistry:
    """Sightings of names, resolved together (see the module).

    Parameters
    ----------
    curated : CuratedPeople
        The curated people (their ids win).
    authority : Authority, optional
        People whose tenures are known, to link names to; without one, only
        the curated people are (an authority made from them).
    """

    def __init__(self, curated: CuratedPeople, authority: Authority | None = None) -> None:
        self.curated = curated
        if authority is None:
            authority = Authority.from_records(curated.records)
            authority.index()
        self.authority = authority
        self.sightings: list[tuple[str, str | None, dt.date, tuple[str, ...]]] = []
        self.context: list[Sighting] = []
        self.links: list[Link] = []
        self._cluster_list: list[_Cluster] = []
        self._by_last: dict[str, list[int]] = {}
        self._by_first: dict[str, list[int]] = {}
        self._resolved_clusters: dict[int, Resolution] = {}

    def add(
        self,
        name: str,
        country: str | None,
        day: dt.date,
        sighting: Sighting | None = None,
    ) -> int:
        """Record a sighting of ``name`` in ``country`` (an IRI) on ``day``; return its index.

        ``sighting`` gives what the record says around the name, for linking;
        without it, the country is taken as the adjective's.
        """
        self.sightings.append((name, country, day, person_key(name)))
        self.context.append(
            sighting or Sighting(name, None, local_id(country) if country else None, None, day, day)
        )
        return len(self.sightings) - 1

    def resolve(self) -> list[Resolution]:
        """The resolution of every sighting, in the order they were added."""
        self.links = link_all(self.authority, self.context)
        clusters, index = self._clusters()
        self._cluster_list = clusters
        self._by_last = defaultdict(list)
        self._by_first = defaultdict(list)
        self._resolved_clusters = {}
        for position, cluster in enumerate(clusters):
            for word in sorted({k[1] for k in cluster.keys}):
                self._by_last[word].append(position)
            for word in sorted({k[0] for k in cluster.keys}):
                self._by_first[word].append(position)
        results: list[Resolution | None] = []
        for number, (name, _, _, key) in enumerate(self.sightings):
            found = self.links[number]
            if found.person is not None:
                results.append(self._linked(found.person, found.method))
            elif len(key) == 2:
                results.append(self._cluster_resolution(clusters[index[(number, key)]]))
            elif not key:
                raise ValueError(f"no name in {name!r}")
            else:
                results.append(None)
        pending = [n for n, r in enumerate(results) if r is None]
        for number in pending:
            results[number] = self._single(number, clusters)
        self._review(pending, results)
        return [r for r in results if r is not None]

    # -- linked and grouped people -------------------------------------------------

    def _linked(self, iri: str, method: str | None) -> Resolution:
        person = self.authority.people[iri]
        curated = local_id(iri) in self.curated.people and iri == self.curated.iri(local_id(iri))
        return Resolution(iri, person.label, "curated" if curated else "linked", method)

    def _clusters(self) -> tuple[list[_Cluster], dict[tuple[int, tuple[str, ...]], int]]:
        """Full names grouped by their keys, split where twenty years pass unseen."""
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
            if len(key) == 2 and len(parse_name(name).keys) == 2
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
        members: dict[tuple[str, ...], list[int]] = defaultdict(list)
        for number, (_, _, _, key) in enumerate(self.sightings):
            if len(key) == 2:
                members[find(key)].append(number)
        clusters: list[_Cluster] = []
        index: dict[tuple[int, tuple[str, ...]], int] = {}
        for root in sorted(members):
            numbers = sorted(members[root], key=lambda n: self.sightings[n][2])
            for part in _split_by_gaps(numbers, [self.sightings[n][2] for n in numbers], _GAP):
                cluster = _Cluster(set(), Counter(), set(), [])
                for number in part:
                    name, country, day, key = self.sightings[number]
                    cluster.keys.add(key)
                    cluster.names[name] += 1
                    if country:
                        cluster.countries.add(country)
                    cluster.days.append(day)
                    index[(number, key)] = len(clusters)
                linked = {self.links[n].person for n in part} - {None}
                if len(linked) == 1:
                    cluster.person = linked.pop()
                clusters.append(cluster)
        return clusters, index

    def _cluster_resolution(self, cluster: _Cluster) -> Resolution:
        cached = self._resolved_clusters.get(id(cluster))
        if cached is None:
            cached = self._resolved_clusters[id(cluster)] = self._resolve_cluster(cluster)
        return cached

    def _resolve_cluster(self, cluster: _Cluster) -> Resolution:
        if cluster.person is not None:
            return self._linked(cluster.person, "same spelling group")
        curated = self.curated.match_full(sorted(cluster.keys))
        if curated is not None:
            person = self.curated.people[curated]
            return Resolution(self.curated.iri(person.id), person.name, "curated")
        key = max(
            sorted(cluster.keys),
            key=lambda k: sum(n for name, n in cluster.names.items() if person_key(name) == k),
        )
        ident = "-".join(key)
        first = min(cluster.days)
        others = {i for k in cluster.keys for i in self._by_last.get(k[1], ())}
        if any(
            self._cluster_list[i] is not cluster
            and self._cluster_list[i].keys & cluster.keys
            and min(self._cluster_list[i].days) < first
            for i in others
        ):
            ident = f"{ident}-{first.year}"
        return Resolution(resource_iri("person", ident), _label(cluster.names), "identified")

    # -- family names alone ---------------------------------------------------------

    def _single(self, number: int, clusters: Sequence[_Cluster]) -> Resolution | None:
        """A family name alone: the one person so called seen around then (by the last
        word of their full names, else the first: "King Hussein", "President Xi")."""
        name, country, day, key = self.sightings[number]
        word = key[0]
        link = self.links[number]
        for index in (self._by_last, self._by_first):
            named = [clusters[i] for i in index.get(word, ())]
            options: dict[str, Resolution] = {}
            for cluster in named:
                if cluster.covers(day, _SAME_COUNTRY_SPAN) and (
                    country is None or country in cluster.countries
                ):
                    found = self._cluster_resolution(cluster)
                    options[found.iri] = found
            if (
                not options
                and country is not None
                and link.status == "unlinked"
                and not link.candidates
            ):
                # seen only in other countries ("Chairman Arafat" met in Egypt), and no one
                # of the authority fits: the one person of that family name whose dates fit
                for cluster in named:
                    if cluster.covers(day):
                        found = self._cluster_resolution(cluster)
                        options[found.iri] = found
            if len(options) == 1:
                return next(iter(options.values()))
            if options:
                return None
        return None

    def _review(self, pending: Sequence[int], results: list[Resolution | None]) -> None:
        """Unresolved family names: one person per name and period, never per country."""
        by_word: dict[str, list[int]] = defaultdict(list)
        for number in pending:
            if results[number] is None:
                by_word[self.sightings[number][3][0]].append(number)
        for word, numbers in sorted(by_word.items()):
            numbers.sort(key=lambda n: self.sightings[n][2])
            days = [self.sightings[n][2] for n in numbers]
            for part_number, part in enumerate(_split_by_gaps(numbers, days, _REVIEW_GAP)):
                names: Counter[str] = Counter(self.sightings[n][0] for n in part)
                first = self.sightings[part[0]][2]
                ident = f"review-{word}" if part_number == 0 else f"review-{word}-{first.year}"
                several = self.links[part[0]].candidates
                reason = (
                    "family name alone; several people fit: "
                    + ", ".join(self.authority.people[c].label for c in several[:4])
                    if self.links[part[0]].status == "ambiguous"
                    else "family name alone, and no fuller name of anyone so called then"
                )
                for n in part:
                    results[n] = Resolution(
                        resource_iri("person", slug(ident)), _label(names), "unresolved", reason
                    )


def _split_by_gaps(
    numbers: Sequence[int], days: Sequence[dt.date], gap: dt.timedelta
) -> list[list[int]]:
    """``numbers`` (sorted by ``days``) cut wherever more than ``gap`` passes."""
    parts: list[list[int]] = []
    last: dt.date | None = None
    for number, day in zip(numbers, days, strict=True):
        if last is None or day - last > gap:
            parts.append([])
        parts[-1].append(number)
        last = day
    return parts


def _label(names: Counter[str]) -> str:
    """The most frequent spelling; ties to the longest, then alphabetical."""
    return sorted(names.items(), key=lambda item: (-item[1], -len(item[0]), item[0]))[0][0]
