"""The authority: people whose tenures are known, indexed to link names to them.

An :class:`Authority` holds people (by IRI) with their names, Wikidata id,
dates of birth and death, and tenures (post, the post's country and levels,
first and last day). It is made from what the store already holds
(:meth:`Authority.from_store`: the officials table, the curated people,
the Historian's principal officers — every source's tenures but those of
the source being imported) or from curated records
(:meth:`Authority.from_records`), and an importer may add its own people
(:meth:`Authority.add`). :meth:`Authority.index` then indexes the names by
family name (:func:`kg.identity.names.index_keys`) for
:mod:`kg.identity.linking`.

Examples
--------
>>> import datetime as dt
>>> authority = Authority()
>>> _ = authority.add("p/kerry", "John Kerry", qid="Q22316")
>>> authority.add_tenure("p/kerry", Held("post/us-sos", "US Secretary of State", "us",
...     ("foreign-minister",), dt.date(2013, 2, 1), dt.date(2017, 1, 20)))
>>> authority.index()
>>> sorted(authority.candidates(parse_name("John Forbes Kerry")))
['p/kerry']
>>> [h.name for h in authority.held("p/kerry", dt.date(2015, 1, 1), dt.date(2015, 1, 2))]
['US Secretary of State']
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from kg.identity.names import (
    FAMILY_FIRST,
    FAMILY_LAST_TWO,
    Name,
    index_keys,
    lookup_keys,
    parse_name,
    skeleton,
)
from kg.vocab import KG, POST_LEVELS, local_id, resource_iri

__all__ = ["Held", "Official", "Authority", "RowSource"]

_LEVEL_NAMES = {KG.term(term): name for name, term in POST_LEVELS.items()}


class RowSource(Protocol):
    """Anything that runs a SELECT query with bound values (a store)."""

    def select(
        self, query: str, bindings: dict[str, object] | None = None
    ) -> list[dict[str, str]]: ...


@dataclass(frozen=True)
class Held:
    """One tenure: the post (IRI and name), its country id and levels, and its days."""

    post: str
    name: str
    country: str | None
    levels: tuple[str, ...]
    start: dt.date | None
    end: dt.date | None

    def overlaps(self, earliest: dt.date, latest: dt.date, grace: int = 0) -> bool:
        """Does the tenure meet the days ``earliest``–``latest`` (widened by ``grace`` days)?"""
        widen = dt.timedelta(days=grace)
        return (self.start is None or self.start - widen <= latest) and (
            self.end is None or self.end + widen >= earliest
        )

    def distance(self, earliest: dt.date, latest: dt.date) -> int:
        """Days between the tenure and the interval (0 when they meet)."""
        if self.overlaps(earliest, latest):
            return 0
        if self.start is not None and self.start > latest:
            return (self.start - latest).days
        return (earliest - self.end).days if self.end is not None else 0


@dataclass
class Official:
    """A person of the authority."""

    iri: str
    label: str
    names: list[str] = field(default_factory=list)
    qid: str | None = None
    birth: dt.date | None = None
    death: dt.date | None = None
    tenures: list[Held] = field(default_factory=list)
    parsed: list[Name] = field(default_factory=list)

    @property
    def countries(self) -> set[str]:
        """The countries of their posts."""
        return {t.country for t in self.tenures if t.country}

    @property
    def family_first(self) -> bool:
        """Do they write their family name first (by the countries of their posts)?"""
        return bool(self.countries & FAMILY_FIRST)

    @property
    def hispanic(self) -> bool:
        """Do they carry two surnames, the paternal one first?"""
        return bool(self.countries & FAMILY_LAST_TWO)


class Authority:
    """People with tenures, indexed for linking (see the module)."""

    def __init__(self) -> None:
        self.people: dict[str, Official] = {}
        self.by_qid: dict[str, str] = {}
        self._family: dict[str, set[str]] = defaultdict(set)
        self._skeleton: dict[str, set[str]] = defaultdict(set)
        self._holders: dict[tuple[str, str], list[tuple[str, Held]]] = defaultdict(list)
        self.family_count: dict[tuple[str, str], int] = defaultdict(int)
        #: How well a name fits a person, as :mod:`kg.identity.linking` computed it.
        self.strengths: dict[tuple[str, str], float | None] = {}

    def __len__(self) -> int:
        return len(self.people)

    # -- filling --------------------------------------------------------------------

    def add(
        self,
        iri: str,
        label: str,
        names: Iterable[str] = (),
        qid: str | None = None,
        birth: dt.date | None = None,
        death: dt.date | None = None,
    ) -> Official:
        """Add a person, or more names and facts to one already there."""
        person = self.people.get(iri)
        if person is None:
            person = self.people[iri] = Official(iri, label)
        elif label and not person.label:
            person.label = label
        for name in (label, *names):
            if name and name not in person.names:
                person.names.append(name)
        person.qid = person.qid or qid
        person.birth = person.birth or birth
        person.death = person.death or death
        if qid:
            self.by_qid.setdefault(qid, iri)
        return person

    def add_tenure(self, iri: str, held: Held) -> None:
        """Add a tenure to a person already added."""
        person = self.people[iri]
        if held not in person.tenures:
            person.tenures.append(held)

    def index(self) -> None:
        """Index names and holders; call after adding, before linking."""
        self._family.clear()
        self._skeleton.clear()
        self._holders.clear()
        self.family_count.clear()
        self.strengths.clear()
        for iri, person in self.people.items():
            person.parsed = [parse_name(n) for n in person.names]
            families: set[str] = set()
            for parsed in person.parsed:
                families |= index_keys(
                    parsed, family_first=person.family_first, hispanic=person.hispanic
                )
            for family in families:
                self._family[family].add(iri)
                if len(family) >= 5:
                    self._skeleton[skeleton(family)].add(iri)
                for country in person.countries:
                    self.family_count[(family, country)] += 1
            for held in person.tenures:
                for level in held.levels:
                    if held.country:
                        self._holders[(held.country, level)].append((iri, held))

    # -- questions ------------------------------------------------------------------

    def candidates(self, name: Name) -> set[str]:
        """People whose family name the name may give (to be matched one by one)."""
        found: set[str] = set()
        for key in lookup_keys(name) | set(name.keys):
            found |= self._family.get(key, set())
            if len(key) >= 5:
                found |= self._skeleton.get(skeleton(key), set())
        return found

    def held(self, iri: str, earliest: dt.date, latest: dt.date, grace: int = 0) -> list[Held]:
        """The tenures of ``iri`` meeting the days ``earliest``–``latest``."""
        person = self.people.get(iri)
        if person is None:
            return []
        found = [t for t in person.tenures if t.overlaps(earliest, latest, grace)]
        return sorted(found, key=lambda t: (t.post, t.start or dt.date.min))

    def holders_at(
        self, country: str, level: str, earliest: dt.date, latest: dt.date, grace: int = 0
    ) -> list[str]:
        """Who held a post of ``country`` at ``level`` then."""
        return sorted(
            {
                iri
                for iri, held in self._holders.get((country, level), ())
                if held.overlaps(earliest, latest, grace)
            }
        )

    # -- making -----------------------------------------------------------------------

    @classmethod
    def from_store(cls, store: RowSource, skip_graph: str) -> Authority:
        """Every person with a tenure in ``store``, except tenures of ``skip_graph``.

        Four simple queries joined here (``authority_*.rq``): about four
        seconds on an embedded store holding an officials table.
        """
        from kg.rq import load_query

        tenures = [
            row
            for row in store.select(load_query("authority_tenures"))
            if row["graph"] != skip_graph
        ]
        holders = {row["person"] for row in tenures}
        starts: dict[str, str] = {}
        ends: dict[str, str] = {}
        for row in store.select(load_query("authority_bounds")):
            if "start" in row:
                starts[row["interval"]] = row["start"]
            if "end" in row:
                ends[row["interval"]] = row["end"]
        posts: dict[str, tuple[str, str | None, set[str]]] = {}
        for row in store.select(load_query("authority_posts")):
            name, country, levels = posts.setdefault(
                row["post"], (row.get("postName", local_id(row["post"])), None, set())
            )
            if "country" in row:
                country = local_id(row["country"])
            if row.get("level") in _LEVEL_NAMES:
                levels.add(_LEVEL_NAMES[row["level"]])
            posts[row["post"]] = (name, country, levels)
        authority = cls()
        facts: dict[str, dict[str, str]] = defaultdict(dict)
        labels: dict[str, set[tuple[bool, str]]] = defaultdict(set)
        aliases: dict[str, set[str]] = defaultdict(set)
        tenure_graphs = {(row["person"], row["graph"]) for row in tenures}
        for row in store.select(load_query("authority_people")):
            person = row["person"]
            if person not in holders or row.get("graph") == skip_graph:
                continue
            if row.get("nameKind") == "label":
                # (the label of the graph holding their tenures first, whatever
                # order the store gives: the others are aliases)
                labels[person].add(((person, row.get("graph")) not in tenure_graphs, row["name"]))
            elif row.get("nameKind") == "alias":
                aliases[person].add(row["name"])
            for key in ("qid", "birth", "death"):
                if key in row:
                    facts[person][key] = min(row[key], facts[person].get(key, row[key]))
        for person in sorted(holders):
            found = facts.get(person, {})
            names = [name for _, name in sorted(labels.get(person, ()))]
            authority.add(
                person,
                names[0] if names else local_id(person),
                sorted(aliases.get(person, set()).union(names[1:])),
                local_id(found["qid"]) if "qid" in found else None,
                _date(found.get("birth")),
                _date(found.get("death")),
            )
        for row in tenures:
            name, country, levels = posts.get(row["post"], (local_id(row["post"]), None, set()))
            interval = row["interval"]
            authority.add_tenure(
                row["person"],
                Held(
                    row["post"],
                    name,
                    country,
                    _ordered(levels),
                    _date(starts.get(interval)),
                    _date(ends.get(interval)),
                ),
            )
        return authority

    @classmethod
    def from_records(cls, records: object) -> Authority:
        """The curated people and their tenures (``kg.records.model.Records``)."""
        from kg.records.model import Records

        assert isinstance(records, Records)
        authority = cls()
        posts = {p.id: p for p in records.posts}
        for person in records.people:
            iri = resource_iri("person", person.id)
            authority.add(iri, person.name, person.aliases, person.wikidata)
            for tenure in person.tenures:
                post = posts.get(tenure.post)
                if post is None:
                    continue
                authority.add_tenure(
                    iri,
                    Held(
                        resource_iri("post", post.id),
                        post.name,
                        post.country,
                        (post.level,),
                        tenure.start,
                        tenure.end,
                    ),
                )
        return authority


def _ordered(levels: Iterable[str]) -> tuple[str, ...]:
    rank = {name: number for number, name in enumerate(POST_LEVELS)}
    return tuple(sorted(levels, key=lambda name: rank[name]))


def _date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        if len(value) == 4 and value.isdigit():
            return dt.date(int(value), 1, 1)
        return None


def merge_names(people: Mapping[str, Official], extra: Mapping[str, Sequence[str]]) -> None:
    """Add spellings seen elsewhere (``extra``: IRI → names) to people's names."""
    for iri, names in extra.items():
        person = people.get(iri)
        if person is not None:
            person.names.extend(n for n in names if n not in person.names)
