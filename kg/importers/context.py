"""What importers share: the curated data they link to, agents, posts, coverage.

:class:`ImportContext` is built from the curated records (:func:`load_context`)
and gives every importer the same answers: the IRI of a country (the curated
one when the curated data knows it by name or alias), of a post (a curated
post of that country and level, or a new one), whether a person is curated
and what they held at a date (their recorded tenures), and writes the
agents, posts, people and dataset description of a source once.

:class:`ImportStats` holds the counts an import reports and records as its
coverage.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kg.importers.countries import slug
from kg.importers.people import CuratedPeople, Resolution
from kg.query.names import normalise
from kg.records import model, rdf
from kg.records import reading as rec
from kg.records.ntriples import Triples, integer
from kg.vocab import (
    local_id,
    resource_iri,
)

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
    names_identified: int = 0
    names_unresolved: int = 0
    people_flagged: int = 0
    us_officials: int = 0
    skipped: int = 0
    triples: int = 0
    warnings: list[TitleWarning] = field(default_factory=list)

    @property
    def resolution_rate(self) -> float:
        """Share of the names found that resolved to one person."""
        if not self.names_found:
            return 1.0
        return (self.names_curated + self.names_identified) / self.names_found


class ImportContext:
    """The curated data an import links to, and the shared agents it writes."""

    def __init__(self, records: model.Records) -> None:
        self.records = records
        self.people = CuratedPeople(records)
        self._country_names: dict[str, str] = {}
        self._country_cache: dict[tuple[str, str], str] = {}
        self._labels: dict[str, str] = {}
        for country in records.countries:
            country_iri = resource_iri("country", country.id)
            self._labels[country_iri] = country.name
            for name in (country.name, *country.aliases, country.id):
                self._country_names.setdefault(normalise(name), country.id)
        self._curated_posts: dict[tuple[str, str], list[str]] = defaultdict(list)
        self._post_levels: dict[str, tuple[str, str]] = {}
        for post in records.posts:
            post_iri = resource_iri("post", post.id)
            self._curated_posts[(resource_iri("country", post.country), post.level)].append(
                post_iri
            )
            self._post_levels[post_iri] = (post.name, post.level)
        self._curated_people = {resource_iri("person", p.id): p.id for p in records.people}
        self._written: set[str] = set()
        self._attested: dict[tuple[str, str], list[dt.date]] = {}

    # -- countries and posts ----------------------------------------------------

    def country_iri(self, ident: str, label: str) -> str:
        """The IRI of a country known by the Historian id ``ident`` or by ``label``."""
        cached = self._country_cache.get((ident, label))
        if cached is None:
            cached = self._country_cache[(ident, label)] = self._find_country(ident, label)
        return cached

    def _find_country(self, ident: str, label: str) -> str:
        for name in (label, ident.replace("-", " "), ident):
            curated = self._country_names.get(normalise(name))
            if curated is not None:
                return resource_iri("country", curated)
        return resource_iri("country", slug(ident) or slug(label))

    def country(self, ident: str, label: str, out: Triples) -> str:
        """:meth:`country_iri`, writing the country's triples when it is not curated."""
        found = self.country_iri(ident, label)
        if found not in self._labels:
            self._labels[found] = label
        if found not in self._written and not self._is_curated_country(found):
            self._written.add(found)
            rdf.country(out, found, self._labels[found])
        return found

    def _is_curated_country(self, country: str) -> bool:
        return local_id(country) in {c.id for c in self.records.countries}

    def label(self, agent: str) -> str:
        """The display name of an agent this context knows."""
        return self._labels.get(agent, local_id(agent))

    def post(self, country: str, title: str, level: str, out: Triples) -> str:
        """The post ``title`` of ``country``: the curated one of that level, or a new one."""
        if level in _MAIN_LEVELS:
            curated = self._curated_posts.get((country, level), [])
            if len(curated) == 1:
                return curated[0]
        post = resource_iri("post", f"{local_id(country)}-{slug(title)}")
        if post not in self._written:
            self._written.add(post)
            name = f"{title} of {self.label(country)}"
            self._labels[post] = name
            rdf.post(out, post, name, country, level)
        return post

    # -- people -------------------------------------------------------------------

    def is_curated(self, person: str) -> bool:
        """Is ``person`` (an IRI) one of the curated people?"""
        return person in self._curated_people

    def curated_posts(self, person: str, start: dt.date, end: dt.date) -> tuple[str, ...]:
        """Posts a curated person held at some day of ``start``–``end``."""
        ident = self._curated_people[person]
        return tuple(
            resource_iri("post", p.id) for p in self.people.tenures.held(ident, start, end)
        )

    def curated_levels(self, person: str, start: dt.date, end: dt.date) -> dict[str, str]:
        """Name → level of the posts a curated person held then."""
        ident = self._curated_people[person]
        return {p.name: p.level for p in self.people.tenures.held(ident, start, end)}

    def curated_countries(self, person: str, start: dt.date, end: dt.date) -> tuple[str, ...]:
        """Countries of the posts a curated person held then."""
        ident = self._curated_people[person]
        held = self.people.tenures.held(ident, start, end)
        return tuple(sorted({resource_iri("country", p.country) for p in held}))

    def person(
        self,
        person: str,
        name: str,
        aliases: Iterable[str],
        out: Triples,
        review: str | None = None,
    ) -> None:
        """Write a (non-curated) person with a display name and other spellings;
        ``review`` flags an uncertain name for a person to check."""
        if self.is_curated(person):
            return
        if person in self._written:
            rdf.names(out, person, name, aliases)
            return
        self._written.add(person)
        rdf.person(out, person, name, aliases, review=review)

    def attest(self, person: str, post: str, start: dt.date, end: dt.date) -> str:
        """Note that a record calls ``person`` holder of ``post`` from ``start`` to ``end``."""
        days = self._attested.setdefault((person, post), [start, end])
        days[0], days[1] = min(days[0], start), max(days[1], end)
        return post

    def tenure(
        self,
        ident: str,
        person: str,
        post: str,
        start: dt.date,
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
    ) -> None:
        """Write the people the names resolved to, flag the unresolved, count them.

        ``written`` holds the name of each sighting as written, in the same order.
        """
        spellings: dict[str, set[str]] = defaultdict(set)
        people: dict[str, Resolution] = {}
        for resolution, name in zip(resolved, written, strict=True):
            people.setdefault(resolution.iri, resolution)
            spellings[resolution.iri].add(name)
            if resolution.kind == "curated":
                stats.names_curated += 1
            elif resolution.kind == "identified":
                stats.names_identified += 1
            else:
                stats.names_unresolved += 1
        stats.names_found = len(resolved)
        for person, resolution in sorted(people.items()):
            if resolution.kind == "curated":
                continue
            review = None
            if resolution.kind == "unresolved":
                stats.people_flagged += 1
                review = f"Unresolved name ({resolution.reason}); check who this is."
            self.person(person, resolution.label, sorted(spellings[person]), out, review)
        for (person, post), (start, end) in sorted(self._attested.items()):
            self.tenure(
                f"{source}-{local_id(person)}-{local_id(post)}",
                person,
                post,
                start,
                end,
                dataset,
                f"Attested by the records only (called so from {start} to {end}); "
                "not the full tenure.",
                out,
            )

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


def load_context(data_dir: str | Path, ontology_dir: str | Path) -> ImportContext:
    """Read the curated records (checked as a build checks them) into a context."""
    from kg.records.curated import load_ontology, topic_ids

    ontology = load_ontology(Path(ontology_dir))
    records = rec.read_records(Path(data_dir), topic_ids(ontology))
    return ImportContext(records)
