"""The record types of ``data/``: countries, organisations, agents, posts, people,
sources and contacts with their participants and claims.

``data/README.md`` documents every field; :mod:`kg.records.reading` reads
and checks them from YAML, :mod:`kg.importers.jsonl` from JSON Lines, and
:mod:`kg.records.mapping` maps them to RDF.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field

from kg.dates import DateBounds

__all__ = [
    "CLAIM_SUBJECTS",
    "ROLES",
    "SOURCE_KINDS",
    "Where",
    "Country",
    "Organisation",
    "Agent",
    "Post",
    "Tenure",
    "Person",
    "Source",
    "Participation",
    "ClaimRecord",
    "Contact",
    "Records",
]


#: What a claim can be about besides ``occurred``: {KEY: value}.
CLAIM_SUBJECTS = ("topic", "initiator", "date")

#: Roles a participant can have in a contact.
ROLES = ("participant", "visitor", "host")


SOURCE_KINDS = ("news-article", "web-page", "dataset", "document")


@dataclass(frozen=True)
class Where:
    """The file and line a record or value comes from."""

    path: str
    line: int | None


@dataclass(frozen=True)
class Country:
    id: str
    name: str
    where: Where
    aliases: tuple[str, ...] = ()
    wikidata: str | None = None


@dataclass(frozen=True)
class Organisation:
    id: str
    name: str
    where: Where
    aliases: tuple[str, ...] = ()
    country: str | None = None
    wikidata: str | None = None


@dataclass(frozen=True)
class Agent:
    """An anonymous source quoted by a document."""

    id: str
    name: str
    where: Where
    country: str | None = None
    close_to: str | None = None


@dataclass(frozen=True)
class Post:
    id: str
    name: str
    where: Where
    country: str
    level: str
    aliases: tuple[str, ...] = ()
    organisation: str | None = None
    wikidata: str | None = None


@dataclass(frozen=True)
class Tenure:
    post: str
    start: dt.date
    end: dt.date | None
    source: str
    where: Where
    note: str | None = None


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    where: Where
    aliases: tuple[str, ...] = ()
    family_name: str | None = None
    wikidata: str | None = None
    tenures: tuple[Tenure, ...] = ()


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    publisher: str
    where: Where
    kind: str = "news-article"
    published: dt.date | None = None
    url: str | None = None


@dataclass(frozen=True)
class Participation:
    """A participant of a contact; ``post`` is the post the record names them by."""

    agent: str
    role: str
    post: str | None = None


@dataclass(frozen=True)
class ClaimRecord:
    """One claim: ``predicate`` is ``occurred``, ``topic``, ``initiator`` or ``date``."""

    predicate: str
    value: str | None
    stance: str
    by: str
    source: str
    where: Where
    quote: str | None = None


@dataclass(frozen=True)
class Contact:
    id: str
    type: str
    date: DateBounds
    participants: tuple[Participation, ...]
    claims: tuple[ClaimRecord, ...]
    where: Where
    location: str | None = None
    series: bool = False
    note: str | None = None


@dataclass
class Records:
    """Every record read from one data folder, checked."""

    countries: list[Country] = field(default_factory=list)
    organisations: list[Organisation] = field(default_factory=list)
    agents: list[Agent] = field(default_factory=list)
    posts: list[Post] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    contacts: list[Contact] = field(default_factory=list)

    def all_agents(self) -> Iterator[Country | Organisation | Agent | Person]:
        """Everything that can take part in a contact or make a claim."""
        yield from self.countries
        yield from self.organisations
        yield from self.agents
        yield from self.people
