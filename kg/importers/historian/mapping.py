"""Mapping the Historian's records to contacts, each participant with their own post and country.

- a trip is a ``kg:Visit`` from its start to its end day, with the
  traveller as visitor (acting for the United States) and the country
  visited as host — the country as it was then: a trip to the ``russia`` of
  1985, labelled "U.S.S.R.", is a visit to the Soviet Union; the
  counterparts its remarks name (:mod:`kg.importers.mentions`) take part too;
- a visit is a ``kg:Visit`` of the visitor to the sitting President, unless
  the record names the US official met instead (:mod:`.us`);
- names are linked to people of the authority, or grouped across spellings
  (:class:`kg.importers.people.PersonRegistry`);
- each participant holds the posts of *their own* tenures at the contact's
  date (officials table, curated data, principal officers) and acts for the
  country of the post the record's title names, else of their highest post,
  else of the one country all their posts belong to, else of the country
  the record gives them (an adjective, the country a visitor came from) —
  never the place of the contact, never another participant's;
- a title the record gives a participant ("Palestinian Authority President")
  is the record's claim, a ``kg:statedTitle`` statement about their
  participation, never a tenure; a title their tenures do not support is
  reported as a :class:`~kg.importers.context.TitleWarning`.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from kg.identity.linking import MAIN_LEVELS, Sighting
from kg.importers.context import ImportContext, ImportStats, TitleWarning
from kg.importers.historian.reading import (
    HistorianRecords,
    Trip,
    Visit,
    day_bounds,
    group_trips,
    interval,
)
from kg.importers.historian.us import UsSide
from kg.importers.mentions import LEVELS, Mention, canonical_title, find_mentions
from kg.importers.people import PersonRegistry, Resolution, person_key
from kg.records import rdf
from kg.records.ntriples import Triples, literal
from kg.vocab import DCT, KG, PROV, RDF, local_id, resource_iri

__all__ = ["COVERAGE", "historian_triples"]

COVERAGE = (
    "In-person contacts of US Presidents and Secretaries of State: their trips abroad "
    "(with the counterparts the records name) and foreign leaders' visits to the US, "
    "as recorded by the Office of the Historian; no phone calls, no meetings held in "
    "the US other than those visits."
)
PUBLISHER = "us-office-of-the-historian"
PUBLISHER_NAME = "Office of the Historian, US Department of State"
#: Titles of international officials: no country unless the remark gives one.
_INTERNATIONAL = frozenset(
    {"Secretary General", "Secretary-General", "Director General", "Director-General",
     "High Representative"}
)  # fmt: skip
_RANK = {level: rank for rank, level in enumerate(MAIN_LEVELS)}


def historian_triples(
    found: HistorianRecords,
    context: ImportContext,
    source: str = "historian",
    progress: Callable[[int], None] | None = None,
) -> tuple[Triples, ImportStats]:
    """Map the records to RDF for the graph of ``source``; return the triples and counts."""
    return _Mapper(found, context, source, progress).run()


def _level(titles: Sequence[str]) -> str | None:
    levels = {LEVELS.get(t, "other") for t in titles}
    return next((level for level in MAIN_LEVELS if level in levels), None)


@dataclass
class _Named:
    """A counterpart named in a record, before and after resolution."""

    mention: Mention
    adjective: str | None
    sighting: int


class _Mapper:
    def __init__(
        self,
        found: HistorianRecords,
        context: ImportContext,
        source: str,
        progress: Callable[[int], None] | None,
    ) -> None:
        self.found = found
        self.context = context
        self.source = source
        self.progress = progress
        self.out = Triples()
        self.stats = ImportStats(source=source)
        self.registry = PersonRegistry(context.people, context.authority)
        self.publisher = resource_iri("org", PUBLISHER)
        self.dataset = resource_iri("dataset", source)
        self.country_names: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        self.stated: dict[str, set[str]] = defaultdict(set)
        self.people_seen: set[str] = set()
        self.us = UsSide(found, context, source, self.out)

    # -- countries ------------------------------------------------------------------

    def country(self, ident: str, label: str, day: dt.date) -> str:
        """The country of a record (the country as it was on ``day``)."""
        return self.context.country(ident, label, self.out, day)

    def named_country(self, mention: Mention, day: dt.date) -> str | None:
        """The country a remark gives a person ("Soviet", "North Korean", "of China")."""
        if not mention.country:
            return None
        countries = self.context.countries
        entity = countries.demonym(mention.country, day) or countries.find(mention.country, day)
        return self.context.country_of(entity.id) if entity else None

    # -- run --------------------------------------------------------------------

    def run(self) -> tuple[Triples, ImportStats]:
        found = self.found
        self.stats.records = len(found.trips) + len(found.visits)
        self.stats.trips = len(found.trips)
        self.stats.visits = len(found.visits)
        self.context.publisher(self.publisher, PUBLISHER_NAME, self.out)
        self.us.add_to_authority()
        groups, exact, near = group_trips(found.trips)
        self.stats.exact_duplicates = exact
        self.stats.near_duplicates = near
        named_trips = [(group, self.trip_mentions(group)) for group in groups]
        named_visits = [(visit, self.visit_mentions(visit)) for visit in found.visits]
        resolved = self.registry.resolve()
        self.stats.principals = self.us.write()
        for group, named in named_trips:
            self.trip_contact(group, named, resolved)
            if self.progress is not None:
                self.progress(len(group))
        for visit, visitor in named_visits:
            self.visit_contact(visit, visitor, resolved)
            if self.progress is not None:
                self.progress(1)
        written = [name for name, _, _, _ in self.registry.sightings]
        self.context.people_triples(
            resolved, written, self.source, self.dataset, self.out, self.stats, self.stated
        )
        self.identity(resolved)
        self.stats.contacts = len(groups) + len(found.visits)
        self.describe()
        return self.out, self.stats

    def identity(self, resolved: Sequence[Resolution]) -> None:
        """Count splits (one Wikidata id under two ids) and merges (two under one)."""
        authority = self.context.authority
        by_qid: dict[str, set[str]] = defaultdict(set)
        by_iri: dict[str, set[str]] = defaultdict(set)
        for iri in {r.iri for r in resolved} | self.people_seen:
            person = authority.people.get(iri)
            if person is not None and person.qid:
                by_qid[person.qid].add(iri)
                by_iri[iri].add(person.qid)
        for link, resolution in zip(self.registry.links, resolved, strict=True):
            qid = authority.people[link.person].qid if link.person in authority.people else None
            if qid:
                by_qid[qid].add(resolution.iri)
                by_iri[resolution.iri].add(qid)
        self.stats.splits = sum(1 for iris in by_qid.values() if len(iris) > 1)
        self.stats.merges = sum(1 for qids in by_iri.values() if len(qids) > 1)

    def describe(self) -> None:
        found = self.found
        days = [t.start for t in found.trips] + [v.start for v in found.visits]
        ends = [t.end for t in found.trips] + [v.end for v in found.visits]
        kinds = []
        if found.trips:
            kinds.append("trips abroad of US Presidents and Secretaries of State")
        if found.visits:
            kinds.append("visits of foreign leaders to the US")
        self.context.dataset(
            self.dataset,
            title="Office of the Historian, " + " and ".join(kinds),
            description=f"{COVERAGE} Dates: {min(days).year}–{max(ends).year}.",
            publisher=self.publisher,
            temporal=f"{min(days).isoformat()}/{max(ends).isoformat()}",
            contact_types=(KG.Visit,),
            sides=(self.us.us,),
            licence="https://creativecommons.org/publicdomain/zero/1.0/",
            stats=self.stats,
            out=self.out,
        )

    # -- names ------------------------------------------------------------------

    def trip_mentions(self, group: Sequence[Trip]) -> list[_Named]:
        first = group[0]
        named: list[_Named] = []
        seen: set[str] = set()
        traveller = person_key(first.name)
        for trip in group:
            place = self.country(trip.country_id, trip.country, trip.start)
            for mention in find_mentions(trip.remarks):
                if mention.name in seen:
                    continue
                if self.us.is_us(mention, trip.start, traveller):
                    self.stats.us_officials += 1
                    continue
                seen.add(mention.name)
                adjective = self.named_country(mention, trip.start)
                international = mention.organisation or set(mention.titles) & _INTERNATIONAL
                where = adjective or (None if international else place)
                sighting = Sighting(
                    mention.name, _level(mention.titles), local_or_none(adjective),
                    None if international else local_id(place), trip.start, trip.end,
                    bool(international), tuple(canonical_title(t) for t in mention.titles),
                    "us",
                )  # fmt: skip
                number = self.registry.add(mention.name, where, trip.start, sighting)
                named.append(_Named(mention, adjective, number))
        return named

    def visit_mentions(self, visit: Visit) -> _Named:
        """The visitor, named in the record's ``visitor`` field."""
        mentions = find_mentions(visit.visitor)
        mention = mentions[0] if mentions else Mention((), visit.visitor)
        if not mention.name:
            mention = Mention(mention.titles, visit.visitor)
        origin = self.country(visit.country_id, visit.country, visit.start)
        sighting = Sighting(
            mention.name,
            _level(mention.titles),
            local_id(origin),
            None,
            visit.start,
            visit.end,
            titles=tuple(canonical_title(t) for t in mention.titles),
            other_side="us",
        )
        number = self.registry.add(mention.name, origin, visit.start, sighting)
        return _Named(mention, origin, number)

    # -- participants ---------------------------------------------------------------

    def counterpart(
        self,
        named: _Named,
        resolution: Resolution,
        start: dt.date,
        end: dt.date,
        record: Trip | Visit,
        role: str,
    ) -> rdf.Participant:
        """A counterpart with the posts of their own tenures and their own country."""
        held = self.context.held(resolution.iri, start, end)
        posts = tuple(dict.fromkeys(h.post for h in held))
        self.check_title(named.mention, resolution, start, record)
        acted_for: str | None = None
        with_country = [h for h in held if h.country]
        if with_country:
            titles = [canonical_title(t).casefold() for t in named.mention.titles]
            named_by = [h for h in with_country if any(t in h.name.casefold() for t in titles)]
            best = min(
                named_by or with_country,
                key=lambda h: (min(_RANK.get(x, 9) for x in h.levels or ("other",)), h.post),
            )
            acted_for = self.context.country_of(best.country)
        else:
            person = self.context.authority.people.get(resolution.iri)
            countries = person.countries if person is not None else set()
            if len(countries) == 1:
                acted_for = self.context.country_of(next(iter(countries)))
            elif named.adjective and not (person is not None and person.tenures):
                acted_for = named.adjective
                self.stated[resolution.iri].add(named.adjective)
        self.people_seen.add(resolution.iri)
        return rdf.Participant(resolution.iri, resolution.label, role, acted_for, posts)

    def check_title(
        self, mention: Mention, resolution: Resolution, start: dt.date, record: Trip | Visit
    ) -> None:
        levels = {LEVELS.get(t, "other") for t in mention.titles} - {"other", "minister"}
        person = self.context.authority.people.get(resolution.iri)
        if not levels or person is None or not person.tenures:
            return
        held = self.context.held(resolution.iri, start, start)
        titles = " and ".join(mention.titles)
        kind = "trip" if isinstance(record, Trip) else "visit"
        if not held:
            message = (
                f"calls {resolution.label} '{titles}' on {start}, but no tenure of theirs "
                "is recorded at that date"
            )
        elif not levels & {level for h in held for level in h.levels}:
            message = (
                f"calls {resolution.label} '{titles}' on {start}, but their recorded "
                f"tenure then is {', '.join(sorted({h.name for h in held}))}"
            )
        else:
            return
        self.stats.warnings.append(TitleWarning(record.path, f"{kind} {record.id}", message))

    def title_claims(
        self, named: Sequence[_Named], resolved: Sequence[Resolution], record: Trip | Visit,
        document: str, present: set[str],
    ) -> list[rdf.Claim]:  # fmt: skip
        """The titles the record gives its participants, as the record's claims."""
        claims = []
        for item in named:
            iri = resolved[item.sighting].iri
            phrase = item.mention.phrase or " ".join(item.mention.titles)
            if not phrase or iri not in present:
                continue
            claims.append(
                rdf.Claim(f"r{record.id}-title-{rdf.participation_suffix(iri)}", "title",
                          phrase, self.publisher, "us", document, PUBLISHER,
                          quote=f"{phrase} {item.mention.name}", about=iri)
            )  # fmt: skip
        return claims

    # -- contacts -------------------------------------------------------------------

    def trip_contact(
        self, group: list[Trip], named: list[_Named], resolved: list[Resolution]
    ) -> None:
        first = group[0]
        start = min(t.start for t in group)
        end = max(t.end for t in group)
        traveller = self.us.traveller(first)
        self.people_seen.add(traveller.agent)
        host_iri = self.country(first.country_id, first.country, first.start)
        host_name = self.context.label(host_iri)
        participants = [traveller, rdf.Participant(host_iri, host_name, "host", host_iri)]
        present = {traveller.agent, host_iri}
        for item in named:
            resolution = resolved[item.sighting]
            if resolution.iri in present:
                continue
            present.add(resolution.iri)
            participants.append(
                self.counterpart(item, resolution, start, end, first, "participant")
            )
        dates = {interval(t.start, t.end) for t in group}
        claims: list[rdf.Claim] = []
        for trip in group:
            document = self.record_document(trip)
            claims.append(
                rdf.Claim(f"r{trip.id}", "occurred", None, self.publisher, "us", document,
                          PUBLISHER, quote=trip.remarks or None)
            )  # fmt: skip
            if len(dates) > 1:
                claims.append(
                    rdf.Claim(f"r{trip.id}-date", "date", interval(trip.start, trip.end),
                              self.publisher, "us", document, PUBLISHER)
                )  # fmt: skip
        first_document = self.record_document(first)
        claims += self.title_claims(named, resolved, first, first_document, present)
        note = None
        if len(group) > 1:
            ids = ", ".join(t.id for t in group)
            what = "with different dates" if len(dates) > 1 else "as duplicates"
            note = f"One trip recorded {len(group)} times ({what}): records {ids}."
        rdf.contact(
            self.out,
            rdf.ContactSpec(
                id=f"{self.source}-trip-{first.id}", type="visit", date=day_bounds(start, end),
                participants=tuple(participants), claims=tuple(claims),
                location=first.locale or None, note=note,
            ),
        )  # fmt: skip

    def record_document(self, record: Trip | Visit) -> str:
        kind = "trip" if isinstance(record, Trip) else "visit"
        iri = resource_iri("source", f"{self.source}-{kind}-{record.id}")
        if isinstance(record, Trip):
            where = f"{record.country}" + (f" ({record.locale})" if record.locale else "")
            title = (
                f"Trip {record.id}: {record.name} to {where}, {interval(record.start, record.end)}"
            )
        else:
            title = f"Visit {record.id}: {record.visitor} ({record.country}), {interval(record.start, record.end)}"
        self.out.add_iri(iri, RDF.type, PROV.Entity)
        self.out.add_triple(iri, DCT.title, literal(title))
        self.out.add_iri(iri, DCT.publisher, self.publisher)
        self.out.add_iri(iri, DCT.isPartOf, self.dataset)
        self.out.add_triple(iri, DCT.identifier, literal(record.id))
        return iri

    def visit_contact(self, visit: Visit, visitor: _Named, resolved: list[Resolution]) -> None:
        resolution = resolved[visitor.sighting]
        guest = self.counterpart(visitor, resolution, visit.start, visit.end, visit, "visitor")
        host = self.us.visit_host(visit)
        if host is None:
            sitting = self.us.presidents.on(visit.start)
            if sitting is None:
                host = (self.us.us, self.context.label(self.us.us), "")
            else:
                iri, name = self.us.person(sitting.id, sitting.name)
                host = (iri, name, "")
        iri, name, _ = host
        posts = self.context.curated_posts(iri, visit.start, visit.end)
        self.people_seen.add(iri)
        participants = (guest, rdf.Participant(iri, name, "host", self.us.us, posts))
        document = self.record_document(visit)
        claims = [
            rdf.Claim(f"r{visit.id}", "occurred", None, self.publisher, "us", document,
                      PUBLISHER, quote=visit.description or None)
        ]  # fmt: skip
        claims += self.title_claims([visitor], resolved, visit, document, {guest.agent})
        rdf.contact(
            self.out,
            rdf.ContactSpec(
                id=f"{self.source}-visit-{visit.id}", type="visit",
                date=day_bounds(visit.start, visit.end),
                participants=participants, claims=tuple(claims),
            ),
        )  # fmt: skip


def local_or_none(iri: str | None) -> str | None:
    """The id of a country IRI, or ``None``."""
    return local_id(iri) if iri else None
