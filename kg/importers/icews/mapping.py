"""From ICEWS rows to RDF: actors resolved, rows grouped into contacts, lines written.

:class:`Conversion` takes the rows of one or more inputs (Dataverse event
files, temporal-knowledge-graph folders or files), tells what each actor is
(:mod:`kg.importers.icews.actors`), resolves the people
(:mod:`kg.importers.icews.persons`), leaves out the rows without two sides,
groups the others (:mod:`kg.importers.icews.grouping`) and then yields the
N-Triples of the source one contact at a time (:meth:`Conversion.lines`), so
that the whole graph is never held in memory: each contact's lines sorted,
contacts in id order, then the shared agents, documents and people, then
the ``schema:Dataset`` node with its counts. The same input gives the same
bytes.

Claims and sources:

- a Dataverse row comes from a story: each story reporting a contact is a
  document (``source/SOURCE-story-ID``, published by the row's publisher)
  and a claim attributed to its publisher, so two publishers make the
  contact *confirmed*; ``kg:reportCount`` counts the stories;
- the temporal-knowledge-graph layouts keep no stories and no publishers:
  the source document of each contact is the data set itself
  (``source/SOURCE-ICEWS22``, a ``schema:Dataset`` published by ICEWS), and
  the claim is attributed to the ICEWS coders (``org/icews``), so a contact
  from them alone is *reported*; ``kg:reportCount`` counts its rows.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from typing import NamedTuple

from kg.importers.context import ImportContext
from kg.importers.countries import slug
from kg.importers.icews.actors import Actor, Actors, countries_in
from kg.importers.icews.cameo import ANNOUNCED, contact_type
from kg.importers.icews.dataverse import Event
from kg.importers.icews.grouping import Group, chains, group_contacts
from kg.importers.icews.persons import RegistryResolver, Sighting
from kg.importers.icews.stats import IcewsStats
from kg.importers.icews.tkg import Quads
from kg.records import rdf
from kg.records.ntriples import Triples, date, literal
from kg.vocab import DCT, PROV, RDF, local_id, resource_iri

__all__ = ["PUBLISHER", "PUBLISHER_NAME", "DataverseInput", "Conversion"]

PUBLISHER = "icews"
PUBLISHER_NAME = "Integrated Crisis Early Warning System (ICEWS)"
#: Kinds of side that count as linked (see IcewsStats.linked_share).
_LINKED = frozenset({"person (linked)", "country", "organisation", "office", "ministry"})


class DataverseInput(NamedTuple):
    """The kept rows of one Dataverse file, the rows read, and its path."""

    events: list[Event]
    rows: int
    path: str


class _Side(NamedTuple):
    agent: str
    kind: str
    label: str
    country: str | None


class _Row(NamedTuple):
    day: int
    code: str
    source: str
    target: str
    document: int


class _Document(NamedTuple):
    iri: str
    by: str
    key: str
    story: str | None


class _Planned(NamedTuple):
    ident: str
    pair: tuple[str, str]
    group: Group


class Conversion:
    """One import's rows, resolved and grouped (see the module); :meth:`lines` writes it.

    Parameters
    ----------
    context : ImportContext
        The curated data the import links to.
    source : str
        The source's name (contact ids start with it).
    dataverse : sequence of DataverseInput
        The Dataverse files read.
    quads : sequence of Quads
        The temporal-knowledge-graph inputs read.
    """

    def __init__(
        self,
        context: ImportContext,
        source: str,
        dataverse: Sequence[DataverseInput] = (),
        quads: Sequence[Quads] = (),
    ) -> None:
        self.context = context
        self.source = source
        self.shared = Triples()
        self.stats = IcewsStats(source=source)
        self.dataset = resource_iri("dataset", source)
        self.coders = resource_iri("org", PUBLISHER)
        self.documents: list[_Document] = []
        self._stories: dict[str, int] = {}
        self._written: set[str] = set()
        self.sides: dict[str, _Side] = {}
        self.labels = [q.label for q in quads]
        #: the data set label of each document of the temporal-knowledge-graph layouts
        self.labels_of: dict[int, str] = {}
        names: set[str] = set()
        for q in quads:
            names |= q.names
        for d in dataverse:
            names.update(a[0] for e in d.events for a in (e.source, e.target))
        self.actors = Actors(context, self.shared, countries_in(names))
        self.stats.layouts = ["dataverse"] * len(dataverse) + [q.layout for q in quads]
        self.stats.rows = sum(d.rows for d in dataverse) + sum(q.rows for q in quads)
        self.stats.records = self.stats.rows
        rdf.organisation(self.shared, self.coders, PUBLISHER_NAME)
        self._first_day, self._last_day = dt.date.max.toordinal(), 0
        self.kept: list[_Row] = []
        self.plan = self._plan(self._kept(dataverse, quads))
        #: the first and last day of the kept-code rows read (ordinals), if any
        self.days = (self._first_day, self._last_day) if self._last_day else None

    # -- rows to sides ---------------------------------------------------------------

    def _document(self, event: Event) -> int:
        number = self._stories.get(event.story)
        if number is None:
            publisher = resource_iri("org", f"publisher-{slug(event.publisher)}")
            if publisher not in self._written:
                self._written.add(publisher)
                rdf.organisation(self.shared, publisher, event.publisher)
            iri = resource_iri("source", f"{self.source}-story-{event.story}")
            self.shared.add_iri(iri, RDF.type, PROV.Entity)
            self.shared.add_triple(
                iri, DCT.title, literal(f"Story {event.story} ({event.publisher}), coded by ICEWS")
            )
            self.shared.add_iri(iri, DCT.publisher, publisher)
            self.shared.add_triple(iri, DCT.issued, date(event.day))
            self.shared.add_iri(iri, DCT.isPartOf, self.dataset)
            self.shared.add_triple(iri, DCT.identifier, literal(event.story))
            number = self._stories[event.story] = len(self.documents)
            self.documents.append(_Document(iri, publisher, f"s{event.story}", event.story))
        return number

    def _data_set_document(self, quads: Quads) -> int:
        iri = resource_iri("source", f"{self.source}-{slug(quads.label)}")
        title = f"{quads.label}: ICEWS coded events as temporal-knowledge-graph quads"
        rdf.source(self.shared, iri, "dataset", title, self.coders)
        self.shared.add_iri(iri, DCT.isPartOf, self.dataset)
        self.documents.append(_Document(iri, self.coders, slug(quads.label), None))
        self.labels_of[len(self.documents) - 1] = quads.label
        return len(self.documents) - 1

    def _kept(self, dataverse: Sequence[DataverseInput], quads: Sequence[Quads]) -> list[_Row]:
        """Every row between two sides, after the people are resolved."""
        pending: list[tuple[int, str, Actor, Actor, int | Event]] = []
        sightings: list[Sighting] = []
        dates: dict[int, dt.date] = {}

        def day_of(ordinal: int) -> dt.date:
            found = dates.get(ordinal)
            if found is None:
                found = dates[ordinal] = dt.date.fromordinal(ordinal)
            return found

        for d in dataverse:
            for e in d.events:
                ordinal = e.day.toordinal()
                dates.setdefault(ordinal, e.day)
                pair = (self.actors.dataverse(e.source), self.actors.dataverse(e.target))
                pending.append((ordinal, e.code, pair[0], pair[1], e))
        for q in quads:
            document = self._data_set_document(q)
            tkg = self.actors.tkg
            pending.extend((day, code, tkg(s), tkg(o), document) for day, code, s, o in q.codings)
        for day, _, a, b, _ in pending:
            for actor in (a, b):
                if actor.kind == "person":
                    sightings.append((actor.label, actor.country, day_of(day)))
        resolver = RegistryResolver(self.context, sightings)
        kept: list[_Row] = []
        for day, code, a, b, origin in pending:
            self._first_day = min(self._first_day, day)
            self._last_day = max(self._last_day, day)
            if code == ANNOUNCED:
                self.stats.announced_rows += 1
            else:
                self.stats.contact_rows += 1
            left = [actor.detail for actor in (a, b) if actor.kind == "left-out"]
            if left:
                self.stats.left_out.update(left)
                self.stats.skipped += 1
                continue
            first, second = (self._side(x, day_of(day), resolver) for x in (a, b))
            if first.agent == second.agent:
                self.stats.same_side += 1
                self.stats.skipped += 1
                continue
            if first.country is not None and first.country == second.country:
                self.stats.domestic += 1
                self.stats.skipped += 1
                continue
            self.stats.rows_kept += 1
            if code != ANNOUNCED:
                self._count_sides(a, b, first, second)
            # a story becomes a document once a kept row cites it
            document = self._document(origin) if isinstance(origin, Event) else origin
            kept.append(_Row(day, code, first.agent, second.agent, document))
        resolver.write(self.source, self.dataset, self.shared, self.stats)
        return kept

    def _side(self, actor: Actor, day: dt.date, resolver: RegistryResolver) -> _Side:
        if actor.kind != "person":
            side = _Side(actor.iri, actor.kind, actor.label, actor.country)
        else:
            link = resolver.resolve(actor.label, actor.country, day)
            country = actor.country
            if self.context.is_curated(link.iri):
                country = next(iter(self.context.curated_countries(link.iri, day, day)), country)
            kind = "person (linked)" if link.linked else "person (identified)"
            side = _Side(link.iri, kind, link.label, country)
        self.sides.setdefault(side.agent, side)
        return side

    def _count_sides(self, a: Actor, b: Actor, first: _Side, second: _Side) -> None:
        stats = self.stats
        stats.contact_rows_kept += 1
        kinds = []
        for actor, side in ((a, first), (b, second)):
            kind = side.kind
            if kind == "person (identified)" and side.agent.rsplit("/", 1)[-1].startswith(
                "review-"
            ):
                kind = "person (unresolved)"
            kinds.append(kind)
            stats.sides[kind] += 1
            if actor.kind in ("office", "ministry"):
                (stats.offices if actor.kind == "office" else stats.ministries)[actor.detail] += 1
                if actor.country:
                    stats.office_countries.add(actor.country)
        if all(k in _LINKED for k in kinds):
            stats.rows_linked += 1
        if all(k in _LINKED or k == "person (identified)" for k in kinds):
            stats.rows_resolved += 1

    # -- grouping ----------------------------------------------------------------------

    def _plan(self, kept: list[_Row]) -> list[_Planned]:
        pairs: dict[tuple[bool, str, str], list[tuple[int, str, int]]] = defaultdict(list)
        for number, row in enumerate(kept):
            a, b = sorted((row.source, row.target))
            pairs[(row.code == ANNOUNCED, a, b)].append((row.day, row.code, number))
        self.kept = kept
        planned: list[_Planned] = []
        used: set[str] = set()
        for (announced, a, b), rows in sorted(pairs.items()):
            groups = chains(rows) if announced else group_contacts(rows)
            for group in groups:
                kind = "announced" if announced else contact_type(group.codes)
                ident = (
                    f"{self.source}-{dt.date.fromordinal(group.first)}-{local_id(a)}-{local_id(b)}"
                )
                if announced:
                    ident = f"announced/{ident}"
                elif ident in used:
                    ident = f"{ident}-{kind}"
                while ident in used:
                    ident += "-2"
                used.add(ident)
                planned.append(_Planned(ident, (a, b), group))
                if announced:
                    self.stats.announced += 1
                else:
                    self.stats.contacts += 1
                    self.stats.types[kind] += 1
        planned.sort(key=lambda p: p.ident)
        return planned
