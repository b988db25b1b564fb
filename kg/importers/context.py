"""What importers share: the curated data and authority they link to, agents, posts, coverage.

:class:`ImportContext` is built by :func:`load_context` from the curated
records and, when a store is given, from what the store already holds (the
officials table and other sources' tenures: :class:`kg.identity.authority.Authority`).
It gives every importer the same answers: the IRI of a country (the curated
one when the curated data knows it by name or alias, else the country of
:mod:`kg.identity.countries`), of a post (a curated post of that country
and level, or a new one), who is curated, what a person held at a date
(their own recorded tenures only), and writes the agents, posts, people and
dataset description of a source once.

:class:`ImportStats` holds the counts an import reports and records as its
coverage.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.identity.authority import Authority, Held
from kg.identity.countries import catalogue, slug
from kg.identity.posts import post_label
from kg.importers.people import CuratedPeople, Resolution
from kg.query.names import normalise
from kg.records import model, rdf
from kg.records import reading as rec
from kg.records.ntriples import Triples, integer
from kg.vocab import local_id, resource_iri

__all__ = ["TitleWarning", "ImportStats", "ImportContext", "load_context"]

_MAIN_LEVELS = ("head-of-state", "head-of-government", "foreign-minister", "defence-minister")


@dataclass(frozen=True)
class TitleWarning:
    """A record gives someone a title their recorded tenures do not support."""

    path: str
    record: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.record}: {self.message}"


@dataclass
class ImportStats:
    """The counts of one import (see the README for each one's meaning)."""

    source: str
    records: int = 0
    trips: int = 0
    visits: int = 0
    rows: int = 0
    rows_kept: int = 0
    contacts: int = 0
    announced: int = 0
    exact_duplicates: int = 0
    near_duplicates: int = 0
    reports: int = 0
    names_found: int = 0
    names_curated: int = 0
    names_linked: int = 0
    names_with_qid: int = 0
    names_identified: int = 0
    names_unresolved: int = 0
    people_flagged: int = 0
    us_officials: int = 0
    skipped: int = 0
    triples: int = 0
    #: One Wikidata id under two ids, two under one (``None``: not counted).
    splits: int | None = None
    merges: int | None = None
    principals: int = 0
    warnings: list[TitleWarning] = field(default_factory=list)

    @property
    def resolution_rate(self) -> float:
        """Share of the names found that resolved to one person."""
        if not self.names_found:
            return 1.0
        resolved = self.names_curated + self.names_linked + self.names_identified
        return resolved / self.names_found

    @property
    def qid_rate(self) -> float:
        """Share of the names found that resolved to a person with a Wikidata id."""
        return self.names_with_qid / self.names_found if self.names_found else 1.0


class ImportContext:
    """The curated data and authority an import links to, and the shared agents it writes."""

    def __init__(self, records: model.Records, authority: Authority | None = None) -> None:
        self.records = records
        self.people = CuratedPeople(records)
        if authority is None:
            authority = Authority.from_records(records)
        self.authority = authority
        self.authority.index()
        #: People other sources (or the curated data) hold: an import adds only names.
        self._external = set(authority.people)
        #: Their tenures as other sources record them, before an import adds its own.
        self.tenures_before = {iri: tuple(p.tenures) for iri, p in authority.people.items()}
        self._person_labels: dict[str, str] = {}
        self.countries = catalogue()
        self._country_names: dict[str, str] = {}
        self._country_cache: dict[tuple[str, str, dt.date | None], str] = {}
        self._labels: dict[str, str] = {}
        for country in records.countries:
            country_iri = resource_iri("country", country.id)
            self._labels[country_iri] = country.name
            for name in (country.name, *country.aliases, country.id):
                self._country_names.setdefault(normalise(name), country.id)
        for entity in self.countries:
            self._labels.setdefault(resource_iri("country", entity.id), entity.name)
        self._curated_posts: dict[tuple[str, str], list[str]] = defaultdict(list)
        for post in records.posts:
            post_iri = resource_iri("post", post.id)
            self._curated_posts[(resource_iri("country", post.country), post.level)].append(
                post_iri
            )
            self._labels[post_iri] = post.name
        self._curated_people = {resource_iri("person", p.id): p.id for p in records.people}
        self._curated_countries = {resource_iri("country", c.id) for c in records.countries}
        self._written: set[str] = set()

    # -- countries and posts ----------------------------------------------------

    def country_iri(self, ident: str, label: str, day: dt.date | None = None) -> str:
        """The IRI of a country known by the Historian id ``ident`` or by ``label`` on ``day``."""
        key = (ident, label, day)
        cached = self._country_cache.get(key)
        if cached is None:
            cached = self._country_cache[key] = self._find_country(ident, label, day)
        return cached

    def _find_country(self, ident: str, label: str, day: dt.date | None) -> str:
        entity = self.countries.historian(ident, label, day)
        names = entity.names if entity else (label, ident.replace("-", " "), ident)
        for name in names:
            curated = self._country_names.get(normalise(name)) if name else None
            if curated is not None:
                return resource_iri("country", curated)
        if entity is not None:
            return resource_iri("country", entity.id)
        return resource_iri("country", slug(ident) or slug(label))

    def country(self, ident: str, label: str, out: Triples, day: dt.date | None = None) -> str:
        """:meth:`country_iri`, writing the country's triples when neither the curated
        data nor the catalogue of countries (both in the curated graph) has it."""
        found = self.country_iri(ident, label, day)
        if found not in self._labels:
            self._labels[found] = label
        if (
            found not in self._written
            and found not in self._curated_countries
            and self.countries.get(local_id(found)) is None
        ):
            self._written.add(found)
            rdf.country(out, found, self._labels[found])
        return found

    def country_of(self, entity_id: str | None) -> str | None:
        """The IRI of a country entity id (of the catalogue or curated)."""
        return resource_iri("country", entity_id) if entity_id else None

    def label(self, agent: str) -> str:
        """The display name of an agent this context knows."""
        return self._labels.get(agent, local_id(agent))

    def post(
        self, country: str, title: str, level: str, out: Triples, also: Sequence[str] = ()
    ) -> str:
        """The post ``title`` of ``country``: the curated one of that level, or a new one
        (``also``: further levels, for a presidency heading state and government)."""
        if level in _MAIN_LEVELS and not also:
            curated = self._curated_posts.get((country, level), [])
            if len(curated) == 1:
                return curated[0]
        post = resource_iri("post", f"{local_id(country)}-{slug(title)}")
        if post not in self._written:
            self._written.add(post)
            name = post_label(title, self.label(country))
            self._labels[post] = name
            rdf.post(out, post, name, country, level, also=also)
        return post

    def curated_post(self, country: str, level: str) -> str | None:
        """The one curated post of ``country`` at ``level``, if there is exactly one."""
        found = self._curated_posts.get((country, level), [])
        return found[0] if len(found) == 1 else None

    # -- people -------------------------------------------------------------------

    def is_curated(self, person: str) -> bool:
        """Is ``person`` (an IRI) one of the curated people?"""
        return person in self._curated_people

    def curated_iri(self, qid: str) -> str | None:
        """The IRI of the curated person with Wikidata id ``qid``, if any."""
        ident = self.people.by_qid.get(qid)
        return resource_iri("person", ident) if ident else None

    def curated_posts_ever(self, person: str) -> tuple[str, ...]:
        """The posts of every curated tenure of ``person``."""
        ident = self._curated_people.get(person)
        if ident is None:
            return ()
        return tuple(
            dict.fromkeys(
                resource_iri("post", t.post) for t in self.people.tenures.tenures.get(ident, ())
            )
        )

    def held(self, person: str, start: dt.date, end: dt.date) -> list[Held]:
        """The tenures of ``person`` (curated, officials, principal officers) meeting the days."""
        return self.authority.held(person, start, end)

    def curated_posts(self, person: str, start: dt.date, end: dt.date) -> tuple[str, ...]:
        """Posts a person held at some day of ``start``–``end`` (their own tenures)."""
        return tuple(dict.fromkeys(h.post for h in self.held(person, start, end)))

    def curated_levels(self, person: str, start: dt.date, end: dt.date) -> dict[str, str]:
        """Name → level of the posts a person held then."""
        return {h.name: h.levels[0] for h in self.held(person, start, end) if h.levels}

    def curated_countries(self, person: str, start: dt.date, end: dt.date) -> tuple[str, ...]:
        """Countries of the posts a person held then."""
        return tuple(
            sorted(
                {
                    resource_iri("country", h.country)
                    for h in self.held(person, start, end)
                    if h.country
                }
            )
        )

    def person(
        self,
        person: str,
        name: str,
        aliases: Iterable[str],
        out: Triples,
        review: str | None = None,
    ) -> None:
        """Write a person with a display name and other spellings; for a person another
        source (or the curated data) holds already, only the spellings; ``review``
        flags an uncertain name for a person to check."""
        if self.is_curated(person):
            return
        if person in self._written:
            rdf.names(out, person, self._person_labels.get(person, name), aliases)
            return
        self._written.add(person)
        known = self.authority.people.get(person) if person in self._external else None
        if known is not None:
            self._person_labels[person] = known.label
            rdf.names(out, person, known.label, aliases)
            return
        self._person_labels[person] = name
        rdf.person(out, person, name, aliases, review=review)

    def tenure(
        self,
        ident: str,
        person: str,
        post: str,
        start: dt.date | None,
        end: dt.date | None,
        source: str,
        note: str | None,
        out: Triples,
    ) -> None:
        """Write an ``org:Membership`` of ``person`` in ``post`` with its interval."""
        rdf.tenure(out, resource_iri("tenure", ident), person, post, start, end, source, note)

    def people_triples(
        self,
        resolved: Sequence[Resolution],
        written: Sequence[str],
        source: str,
        dataset: str,
        out: Triples,
        stats: ImportStats,
        countries: dict[str, set[str]] | None = None,
    ) -> None:
        """Write the people the names resolved to, flag the unresolved, count them.

        ``written`` holds the name of each sighting as written, in the same
        order; ``countries`` the countries sources give a person with no
        tenures (person IRI → country IRIs), written as their ``kg:country``.
        """
        spellings: dict[str, set[str]] = defaultdict(set)
        people: dict[str, Resolution] = {}
        for resolution, name in zip(resolved, written, strict=True):
            people.setdefault(resolution.iri, resolution)
            spellings[resolution.iri].add(name)
            if resolution.kind == "curated":
                stats.names_curated += 1
            elif resolution.kind == "linked":
                stats.names_linked += 1
            elif resolution.kind == "identified":
                stats.names_identified += 1
            else:
                stats.names_unresolved += 1
            known = self.authority.people.get(resolution.iri)
            if known is not None and known.qid:
                stats.names_with_qid += 1
        stats.names_found = len(resolved)
        for person, resolution in sorted(people.items()):
            if resolution.kind == "curated":
                continue
            review = None
            if resolution.kind == "unresolved":
                stats.people_flagged += 1
                review = f"Unresolved name ({resolution.reason}); check who this is."
            self.person(person, resolution.label, sorted(spellings[person]), out, review)
        for person, where in sorted((countries or {}).items()):
            for country in sorted(where):
                out.add_iri(person, "https://w3id.org/kg-contacts/ns#country", country)

    # -- sources ---------------------------------------------------------------------

    def publisher(self, org: str, name: str, out: Triples, country: str | None = "us") -> None:
        """Write an organisation publishing records."""
        if org in self._written:
            return
        self._written.add(org)
        in_country = self.country_iri(country, country) if country else None
        rdf.organisation(out, org, name, in_country=in_country)

    def dataset(
        self,
        node: str,
        *,
        title: str,
        description: str,
        publisher: str,
        temporal: str,
        contact_types: Sequence[str],
        sides: Sequence[str],
        licence: str | None,
        stats: ImportStats,
        out: Triples,
    ) -> None:
        """Describe a source and its coverage in its own graph."""
        merged = stats.exact_duplicates + stats.near_duplicates
        merged += max(stats.rows_kept - stats.contacts - stats.announced, 0)
        rdf.dataset(
            out,
            node,
            title=title,
            description=description,
            publisher=publisher,
            temporal=temporal,
            licence=licence,
            contact_types=contact_types,
            sides=sides,
            records=stats.records or stats.rows,
            contacts=stats.contacts,
            merged=merged,
            unresolved=stats.people_flagged,
        )
        stats.triples = len(out) + 1
        out.add_triple(node, "http://rdfs.org/ns/void#triples", integer(stats.triples))


def load_context(
    data_dir: str | Path,
    ontology_dir: str | Path,
    store: Any | None = None,
    source: str | None = None,
) -> ImportContext:
    """Read the curated records (checked as a build checks them) into a context.

    With ``store`` (an open store), the authority is every person with a
    tenure in it — the curated people, an imported officials table, other
    sources' principal officers — except the tenures of ``source``'s own
    graph, which the import replaces.
    """
    from kg.records.curated import load_ontology, topic_ids

    ontology = load_ontology(Path(ontology_dir))
    records = rec.read_records(Path(data_dir), topic_ids(ontology))
    authority = None
    if store is not None:
        from kg.store import source_graph

        authority = Authority.from_store(store, source_graph(source or ""))
    return ImportContext(records, authority)
