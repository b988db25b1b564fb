"""What the graph already knows, as names to find in text: people, posts, countries, agencies.

A :class:`Gazetteer` is built from the checked records of a data folder
(:func:`kg.records.reading.read_records`) and the topic scheme. :meth:`Gazetteer.mentions`
finds, with their offsets, every name of a person, country (and its capital
or demonym: "Moscow", "French"), post ("US Defence Secretary"), organisation
("the Russian defence ministry") and anonymous source ("a source close to
Lecornu") in a text, folding case, accents and defense/defence as
:func:`kg.identity.index.normalise` does. A title followed by a name the records do
not hold ("Turkish Foreign Minister Hakan Fidan") is a *new* person, to be
reviewed, with the post and country the text gives.

Examples
--------
>>> from kg.records.model import Records, Person, Country, Where
>>> w = Where("x", 1)
>>> g = Gazetteer(Records(countries=[Country("tr", "Turkey", w)], people=[Person("lavrov", "Sergei Lavrov", w)]), {})
>>> [(m.kind, m.id, m.new) for m in g.mentions("Lavrov met Turkish Foreign Minister Hakan Fidan.")]
[('person', 'lavrov', False), ('demonym', 'tr', False), ('person', 'hakan-fidan', True)]
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field

from kg.identity.index import normalise
from kg.records.model import Person, Records

__all__ = ["Mention", "Topic", "Gazetteer", "slug", "DEMONYMS", "load_topics", "load_gazetteer"]

#: Demonyms and short forms of countries, for posts ("French counterpart") and descriptors.
DEMONYMS: dict[str, str] = {
    "french": "France", "russian": "Russia", "us": "United States", "u s": "United States",
    "american": "United States", "turkish": "Turkey", "ukrainian": "Ukraine",
    "german": "Germany", "british": "United Kingdom", "uk": "United Kingdom",
    "chinese": "China", "italian": "Italy", "spanish": "Spain", "polish": "Poland",
    "indian": "India", "israeli": "Israel", "iranian": "Iran", "saudi": "Saudi Arabia",
    "japanese": "Japan", "brazilian": "Brazil", "qatari": "Qatar", "emirati": "United Arab Emirates",
    "swiss": "Switzerland", "hungarian": "Hungary", "belarusian": "Belarus", "egyptian": "Egypt",
}  # fmt: skip
#: Cities that stand for no country in the records but locate a meeting.
CITIES: dict[str, str] = {
    "geneva": "Switzerland", "vienna": "Austria", "istanbul": "Turkey", "berlin": "Germany",
    "london": "United Kingdom", "beijing": "China", "new delhi": "India", "riyadh": "Saudi Arabia",
    "doha": "Qatar", "minsk": "Belarus", "brussels": "Belgium", "rome": "Italy",
    "budapest": "Hungary", "jeddah": "Saudi Arabia", "abu dhabi": "United Arab Emirates",
    "warsaw": "Poland", "tokyo": "Japan", "cairo": "Egypt", "helsinki": "Finland",
}  # fmt: skip
_TITLES = (
    r"(?:deputy |first deputy |vice[- ])?(?:prime minister|foreign minister|defen[cs]e minister"
    r"|minister of [a-z ]+?|minister|president|chancellor|secretary of state|defen[cs]e secretary"
    r"|foreign secretary|national security adviser|spokes(?:man|woman|person)|envoy|ambassador"
    r"|king|crown prince|emir|premier|leader|counterpart|top diplomat|army chief|chief of staff)"
)
_NAME = r"[A-Z][\w'’-]+(?:\s+(?:(?:bin|al|van|de|von)\s+)?[A-Z][\w'’-]+){1,3}"
_TITLED = re.compile(rf"(?i:\b(?P<title>{_TITLES}))\s+(?P<name>{_NAME})\b")
_SOURCE = re.compile(
    r"\b(?:a|the|one)?\s*(?:senior\s+)?sources?\s+close\s+to\s+(?:the\s+)?(?P<who>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)*)"
)
_OFFICIAL = re.compile(
    r"\b(?:an?|one)\s+(?:senior\s+)?(?P<dem>[A-Z][A-Za-z]+)\s+(?P<what>official|diplomat|diplomatic source|government source|military source)\b"
)
_TOKEN = re.compile(r"\w+(?:[-.]\w+)*")


def slug(text: str) -> str:
    """An id made from a name: ``slug("Hakan Fidan") == "hakan-fidan"``."""
    return "-".join(normalise(text).split()) or "x"


@dataclass(frozen=True)
class Mention:
    """A name found in the text, resolved (``id``) or new (``new=True``, id made from the name).

    ``kind`` is ``person``, ``country``, ``demonym``, ``post``, ``organisation``
    or ``agent``; ``title`` is the title written before a person's name and
    ``country`` the country id it or the demonym gives.
    """

    kind: str
    id: str
    name: str
    text: str
    start: int
    end: int
    new: bool = False
    title: str | None = None
    country: str | None = None
    close_to: str | None = None


@dataclass(frozen=True)
class Topic:
    """A concept of the topic scheme, with the phrases that name it."""

    id: str
    label: str
    phrases: tuple[str, ...]
    broader: frozenset[str] = frozenset()


@dataclass
class Gazetteer:
    """Names of the records, for finding and resolving mentions in an article."""

    records: Records
    topics: dict[str, Topic]
    _forms: dict[tuple[str, ...], set[tuple[str, str]]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        forms: dict[tuple[str, ...], set[tuple[str, str]]] = defaultdict(set)
        family: dict[str, set[str]] = defaultdict(set)

        def add(kind: str, ident: str, *names: str) -> None:
            for name in names:
                key = tuple(normalise(name).split())
                if key:
                    forms[key].add((kind, ident))

        for c in self.records.countries:
            add("country", c.id, c.name, *c.aliases)
        for o in self.records.organisations:
            add("organisation", o.id, o.name, *o.aliases)
        for p in self.records.posts:
            add("post", p.id, p.name, *p.aliases)
        for person in self.records.people:
            add("person", person.id, person.name, *person.aliases)
            for name in (person.name, *person.aliases):
                words = normalise(name).split()
                if len(words) > 1:
                    family[person.family_name or words[-1]].add(person.id)
        for name, ids in family.items():
            if len(ids) == 1:
                add("person", next(iter(ids)), name)
        self._forms = dict(forms)
        self._country_names = {normalise(c.name): c.id for c in self.records.countries}

    # --- lookups ---------------------------------------------------------------

    def country_id(self, name: str) -> str:
        """The id of a country by name, or an id made from the name when it is new."""
        return self._country_names.get(normalise(name), slug(name))

    def demonym(self, word: str) -> str | None:
        """The country id a demonym or short name stands for ("French" → ``fr``)."""
        name = DEMONYMS.get(normalise(word))
        return self.country_id(name) if name else None

    def person(self, ident: str) -> Person | None:
        return next((p for p in self.records.people if p.id == ident), None)

    def name_of(self, ident: str) -> str:
        for record in (*self.records.all_agents(), *self.records.posts):
            if record.id == ident:
                return record.name
        return ident

    def posts_held(self, person: str, day: dt.date) -> list[str]:
        """The posts a person held on ``day``, per the recorded tenures."""
        found = self.person(person)
        return [
            t.post
            for t in (found.tenures if found else ())
            if t.start <= day and (t.end is None or day <= t.end)
        ]

    def holders(self, post: str, first: dt.date, last: dt.date) -> list[str]:
        """Who held ``post`` at some time between ``first`` and ``last``."""
        return sorted(
            p.id
            for p in self.records.people
            for t in p.tenures
            if t.post == post and t.start <= last and (t.end is None or first <= t.end)
        )

    def country_of(self, ident: str, day: dt.date) -> str | None:
        """The country a person acts for at ``day`` (by post), an organisation's or a post's."""
        posts = {p.id: p for p in self.records.posts}
        for post in self.posts_held(ident, day):
            return posts[post].country
        for org in self.records.organisations:
            if org.id == ident:
                return org.country
        for agent in self.records.agents:
            if agent.id == ident:
                return agent.country
        if ident in posts:
            return posts[ident].country
        return ident if any(c.id == ident for c in self.records.countries) else None

    def post_like(self, country: str, level: str) -> str | None:
        """The one post of ``country`` at ``level``, if there is exactly one."""
        found = [p.id for p in self.records.posts if p.country == country and p.level == level]
        return found[0] if len(found) == 1 else None

    def level_of(self, post: str) -> str | None:
        return next((p.level for p in self.records.posts if p.id == post), None)

    # --- mentions --------------------------------------------------------------

    def mentions(self, text: str, offset: int = 0) -> list[Mention]:
        """Every known or new name in ``text``, in order, longest match first."""
        found: list[Mention] = []
        taken: set[int] = set()

        def keep(m: Mention) -> None:
            span = set(range(m.start, m.end))
            if not span & taken:
                found.append(m)
                taken.update(span)

        for match in _SOURCE.finditer(text):
            keep(self._source(match, text, offset))
        for match in _OFFICIAL.finditer(text):
            country = self.demonym(match.group("dem"))
            if country:
                what = match.group("what")
                ident = f"{country}-{slug(what)}"
                name = f"a {match.group('dem')} {what}"
                keep(Mention("agent", ident, name, match.group(0), offset + match.start(),
                             offset + match.end(), new=not self._has_agent(ident), country=country))  # fmt: skip
        tokens = [(m.start(), m.end(), normalise(m.group(0))) for m in _TOKEN.finditer(text)]
        for i in range(len(tokens)):
            for j in range(min(len(tokens), i + 8), i, -1):
                key = tuple(" ".join(t[2] for t in tokens[i:j]).split())
                hits = self._forms.get(key)
                start, end = tokens[i][0], tokens[j - 1][1]
                if hits and len(hits) == 1 and (text[start].isupper() or len(key) > 1):
                    kind, ident = next(iter(hits))
                    keep(Mention(kind, ident, self.name_of(ident), text[start:end],
                                 offset + start, offset + end))  # fmt: skip
                    break
        for match in _TITLED.finditer(text):
            self._titled(match, text, offset, found, keep)
        for start, end, word in tokens:
            city = CITIES.get(word)
            if city and text[start].isupper() and normalise(city) in self._country_names:
                keep(Mention("city", self.country_id(city), text[start:end], text[start:end],
                             offset + start, offset + end, country=self.country_id(city)))  # fmt: skip
            country = self.demonym(word) if text[start].isupper() else None
            if country:
                keep(Mention("demonym", country, DEMONYMS[word], text[start:end],
                             offset + start, offset + end, country=country))  # fmt: skip
        return sorted(found, key=lambda m: m.start)

    def _has_agent(self, ident: str) -> bool:
        return any(a.id == ident for a in self.records.all_agents())

    def _source(self, match: re.Match[str], text: str, offset: int) -> Mention:
        who = match.group("who")
        person = [m for m in self.mentions(who) if m.kind == "person"]
        target = person[0].id if person else slug(who)
        name = person[0].name if person else who
        existing = next((a for a in self.records.agents if a.close_to == target), None)
        ident = existing.id if existing else f"source-close-to-{target}"
        return Mention(
            "agent", ident, existing.name if existing else f"a source close to {name}",
            match.group(0).strip(), offset + match.start(), offset + match.end(),
            new=existing is None, close_to=target,
        )  # fmt: skip

    def _titled(self, match: re.Match[str], text: str, offset: int, found: list[Mention],
                keep: object) -> None:  # fmt: skip
        name = match.group("name")
        start, end = offset + match.start("name"), offset + match.end("name")
        title = match.group("title")
        before = text[max(0, match.start() - 30) : match.start()].split()
        dem = self.demonym(before[-1]) if before else None
        for i, m in enumerate(found):
            if m.kind == "person" and m.start >= start and m.end <= end:
                found[i] = Mention(m.kind, m.id, m.name, m.text, m.start, m.end,
                                   title=(f"{before[-1]} {title}" if dem else title), country=dem)  # fmt: skip
                return
        if any(m.start < end and start < m.end for m in found):
            return
        label = f"{before[-1]} {title}" if dem else title
        assert callable(keep)
        keep(Mention("person", slug(name), name, name, start, end, new=True, title=label,
                     country=dem))  # fmt: skip


def load_topics(ontology_dir: str) -> dict[str, Topic]:
    """The concepts of ``topics.ttl`` in ``ontology_dir``, with labels and broader concepts."""
    from pathlib import Path

    from rdflib import Graph
    from rdflib.namespace import RDF, SKOS

    graph = Graph().parse(Path(ontology_dir) / "topics.ttl", format="turtle")
    topics: dict[str, Topic] = {}
    for concept in sorted(set(graph.subjects(RDF.type, SKOS.Concept)), key=str):
        ident = str(concept).rsplit("/", 1)[-1]
        labels = sorted(str(x) for x in graph.objects(concept, SKOS.prefLabel))
        alt = sorted(str(x) for x in graph.objects(concept, SKOS.altLabel))
        broader = frozenset(str(b).rsplit("/", 1)[-1] for b in graph.objects(concept, SKOS.broader))
        topics[ident] = Topic(ident, labels[0] if labels else ident, tuple(labels + alt), broader)
    return topics


def load_gazetteer(data_dir: str, ontology_dir: str) -> Gazetteer:
    """A :class:`Gazetteer` of the records in ``data_dir`` (checked as a build would)."""
    from pathlib import Path

    from kg.records.reading import read_records

    topics = load_topics(ontology_dir)
    return Gazetteer(read_records(Path(data_dir), set(topics)), topics)
