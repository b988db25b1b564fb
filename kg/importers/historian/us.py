"""The US side of the Historian's records: presidents, principal officers, visit hosts.

The travellers of the travels data are Presidents (their terms come from
``presidents/presidents.xml``) and Secretaries of State (their terms from
the principal officers' ``positions-principals/secretary.xml`` of ``pocom``,
when the folder holds it; its person ids are the travellers' ids). Each is a
person with real tenures of US posts: a President's term, every principal
officer's appointment. A person the authority already knows — someone of
the officials table or of the curated data who held a US post then, with
the same name (Kerry, Q22316) — keeps that id, and their tenures of a post
the authority already records are not written again; anyone else gets the
Historian's id (``person/kerry-john-forbes``). Without ``pocom`` no tenure
is invented for a Secretary of State: they hold no recorded post.

:class:`UsSide` also tells the US officials a remark names ("met with
President Eisenhower") from counterparts, and which US official a foreign
leader's visit was with.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass

from kg.identity.authority import Held
from kg.identity.names import match, parse_name
from kg.importers.context import ImportContext
from kg.importers.historian.reading import HistorianRecords, President, Trip, Visit
from kg.importers.mentions import Mention, find_mentions
from kg.importers.people import person_key
from kg.records import rdf
from kg.records.ntriples import Triples, literal
from kg.vocab import DCT, PROV, RDF, resource_iri

__all__ = ["Presidents", "UsSide", "US_TITLES"]

#: Titles that make a post of the counterpart's country.
US_TITLES = frozenset({"President", "President-elect", "Vice President", "Secretary of State"})
#: US Vice Presidents since 1945 who did not become President (remarks name them bare).
_US_VICE_PRESIDENTS = frozenset(
    {"barkley", "humphrey", "agnew", "rockefeller", "mondale", "quaile", "gore", "cheney",
     "pence", "haris", "vance"}
)  # fmt: skip
_MET_WITH = re.compile(
    r"[Mm]et with (?:U\.S\. )?(President-elect|Vice President|Secretary of State) "
)
_YEAR = dt.timedelta(days=366)


@dataclass
class Presidents:
    """The presidents and their terms, in order."""

    terms: list[President]

    def on(self, day: dt.date) -> President | None:
        """Who was President on ``day``."""
        found = [
            p
            for p in self.terms
            if p.took_office <= day and (p.left_office is None or day < p.left_office)
        ]
        return found[-1] if found else None

    def elect(self, day: dt.date) -> President | None:
        """The next president to take office after ``day``."""
        later = [p for p in self.terms if p.took_office > day]
        return min(later, key=lambda p: p.took_office) if later else None

    def later_named(self, family: str, day: dt.date) -> President | None:
        """The next president of that family name taking office after ``day``."""
        later = [
            p for p in self.terms if p.took_office > day and person_key(p.name)[-1:] == (family,)
        ]
        return min(later, key=lambda p: p.took_office) if later else None

    def family_on(self, family: str, day: dt.date, elect: bool = False) -> President | None:
        """The President (or President-elect) on ``day`` if of that family name."""
        president = self.elect(day) if elect else self.on(day)
        if president and person_key(president.name)[-1:] == (family,):
            return president
        return None


@dataclass(frozen=True)
class _Term:
    """A term of a US person in a US post, before it is written."""

    post: str
    level: str
    start: dt.date
    end: dt.date | None
    source: str


class UsSide:
    """The US people of the records with their ids and tenures (see the module)."""

    def __init__(
        self, found: HistorianRecords, context: ImportContext, source: str, out: Triples
    ) -> None:
        self.found = found
        self.context = context
        self.source = source
        self.out = out
        self.presidents = Presidents(sorted(found.presidents, key=lambda p: (p.took_office, p.id)))
        self.secretaries: dict[str, list[Trip]] = defaultdict(list)
        for trip in found.trips:
            if trip.role == "secretary":
                self.secretaries[trip.who].append(trip)
        self.us = context.country_iri("us", "United States")
        self.publisher = resource_iri("org", "us-office-of-the-historian")
        self.dataset = resource_iri("dataset", source)
        self.names: dict[str, str] = {}
        self.iris: dict[str, str] = {}
        self.terms: dict[str, list[_Term]] = defaultdict(list)
        self.principal_posts: dict[str, str] = {}
        self._written_sources: set[str] = set()
        self._gather()

    # -- who they are ---------------------------------------------------------------

    def _gather(self) -> None:
        president_post = self.context.post(
            self.us, "President", "head-of-state", self.out, also=("head-of-government",)
        )
        terms_source = resource_iri("source", f"{self.source}-presidents")
        for president in self.presidents.terms:
            self.names.setdefault(president.id, re.sub(r"\s*\([^)]*\)", "", president.name))
            self.terms[president.id].append(
                _Term(president_post, "head-of-state", president.took_office,
                      president.left_office, terms_source)
            )  # fmt: skip
        pocom = self.found.pocom
        for position in sorted(pocom.positions.values(), key=lambda p: p.id):
            if position.id == "secretary":
                post = self.context.post(
                    self.us, "Secretary of State", "foreign-minister", self.out
                )
                level = "foreign-minister"
            else:
                post = self.context.post(self.us, position.name, "other", self.out)
                level = "other"
            self.principal_posts[position.id] = post
            source = resource_iri("source", f"{self.source}-principals-{position.id}")
            for principal in position.principals:
                person = pocom.people.get(principal.person)
                if person is None:
                    continue
                self.names.setdefault(person.id, person.name)
                self.terms[person.id].append(
                    _Term(post, level, principal.started or dt.date.min, principal.ended, source)
                )
        for who, trips in self.secretaries.items():
            self.names.setdefault(who, trips[0].name)
        for who in sorted(self.names):
            self.iris[who] = self._identify(who)

    def _identify(self, who: str) -> str:
        """The id of a US person: the authority's when it knows them, else the Historian's."""
        name = self.names[who]
        typed = parse_name(name)
        authority = self.context.authority
        terms = self.terms.get(who, [])
        found = set()
        for iri in authority.candidates(typed):
            person = authority.people[iri]
            strength = max(
                (match(typed, n, family_first=False) or 0 for n in person.parsed), default=0
            )
            if strength < 2:
                continue
            us_tenures = [t for t in person.tenures if t.country == "us"]
            if any(
                t.overlaps(term.start, term.end or dt.date.max, 31)
                for term in terms
                for t in us_tenures
            ) or (not terms and us_tenures):
                found.add(iri)
        if len(found) == 1:
            return found.pop()
        return resource_iri("person", who)

    def person(self, who: str, name: str) -> tuple[str, str]:
        """IRI and name of a traveller or US official of the records."""
        if who not in self.iris:
            self.names[who] = name
            self.iris[who] = self._identify(who)
        iri = self.iris[who]
        known = self.context.authority.people.get(iri)
        return iri, known.label if known is not None else self.names[who]

    def add_to_authority(self) -> None:
        """Make the US people and their terms known to the authority (for linking)."""
        authority = self.context.authority
        for who, iri in self.iris.items():
            if iri not in authority.people:
                authority.add(iri, self.names[who])
            for term in self.terms.get(who, []):
                level = (
                    (term.level, "head-of-government")
                    if term.level == "head-of-state"
                    else (term.level,)
                )
                authority.add_tenure(
                    iri,
                    Held(
                        term.post, self.context.label(term.post), "us", level, term.start, term.end
                    ),
                )
        authority.index()

    # -- writing --------------------------------------------------------------------

    def write(self) -> int:
        """Write the US people not known elsewhere and the tenures not recorded
        elsewhere; return the number of tenures written."""
        written = 0
        for who in sorted(self.iris):
            iri = self.iris[who]
            self.context.person(iri, self.names[who], (), self.out)
            known = self.context.tenures_before.get(iri, ())
            for term in self.terms.get(who, []):
                if any(
                    t.post == term.post and t.overlaps(term.start, term.end or dt.date.max)
                    for t in known
                ):
                    continue
                self._source(term.source)
                start = None if term.start == dt.date.min else term.start
                ident = (
                    f"{self.source}-{who}-{term.post.rsplit('/', 1)[1]}-{term.start.isoformat()}"
                )
                self.context.tenure(
                    ident, iri, term.post, start, term.end, term.source, None, self.out
                )
                written += 1
        return written

    def _source(self, node: str) -> None:
        if node in self._written_sources:
            return
        self._written_sources.add(node)
        if node.endswith(f"{self.source}-presidents"):
            title = "Presidents of the United States and their terms"
        else:
            position = node.rsplit(f"{self.source}-principals-", 1)[1]
            name = self.found.pocom.positions[position].name
            title = f"Principal officers of the Department of State: {name}"
        self.out.add_iri(node, RDF.type, PROV.Entity)
        self.out.add_triple(node, DCT.title, literal(title))
        self.out.add_iri(node, DCT.publisher, self.publisher)
        self.out.add_iri(node, DCT.isPartOf, self.dataset)

    # -- remarks and visits -------------------------------------------------------

    def traveller(self, trip: Trip) -> rdf.Participant:
        """The traveller of a trip, a visitor acting for the United States."""
        iri, name = self.person(trip.who, trip.name)
        posts = self.context.curated_posts(iri, trip.start, trip.end)
        return rdf.Participant(iri, name, "visitor", self.us, posts)

    def _secretary_family(
        self, family: tuple[str, ...], day: dt.date, widen: dt.timedelta
    ) -> str | None:
        """The Secretary of State of that family name around ``day`` (principals, else trips)."""
        secretary = self.found.pocom.positions.get("secretary")
        if secretary is not None:
            for principal in secretary.principals:
                end = principal.ended or dt.date.max
                person = self.found.pocom.people.get(principal.person)
                if (
                    person is not None
                    and person_key(person.name)[-1:] == family
                    and principal.started is not None
                    and principal.started - widen
                    <= day
                    <= end + (widen if end != dt.date.max else dt.timedelta())
                ):
                    return person.id
        for who, trips in sorted(self.secretaries.items()):
            first, last = min(t.start for t in trips), max(t.end for t in trips)
            if person_key(trips[0].name)[-1:] == family and first - widen <= day <= last + widen:
                return who
        return None

    def is_us(self, mention: Mention, day: dt.date, traveller: tuple[str, ...]) -> bool:
        """Does a remark name a US official (the traveller, a President...), not a counterpart?"""
        if mention.us_side:
            return True
        if mention.country or mention.organisation:
            return False
        key = person_key(mention.name)
        if not key or key == traveller:
            return True
        titles = set(mention.titles)
        if not titles & US_TITLES:
            return False
        family = key[-1]
        if "President" in titles and self.presidents.family_on(family, day):
            return True
        if "Vice President" in titles and (
            family in _US_VICE_PRESIDENTS or self.presidents.later_named(family, day)
        ):
            return True
        if "President-elect" in titles and self.presidents.family_on(family, day, elect=True):
            return True
        if "Secretary of State" in titles:
            return any(
                person_key(t[0].name)[-1:] == (family,) for t in self.secretaries.values()
            ) or (self._secretary_family((family,), day, 5 * _YEAR) is not None)
        return False

    def visit_host(self, visit: Visit) -> tuple[str, str, str] | None:
        """``(iri, name, post)`` of a US official the record names instead of the President."""
        text = visit.description
        sitting = self.presidents.on(visit.start)
        if sitting and re.search(
            rf"President {re.escape(person_key(sitting.name)[-1:][0].title())}\b", text, re.I
        ):
            return None
        found = _MET_WITH.search(text)
        if found is None:
            if "U.S. officials" in text and "President" not in text:
                return self.us, self.context.label(self.us), ""
            return None
        mentions = find_mentions(text[found.start() + len("met with ") - 1 :])
        if not mentions:
            return None
        name = mentions[0].name
        family = person_key(name)[-1:]
        title = found.group(1)
        if title == "President-elect":
            elect = self.presidents.elect(visit.start)
            if elect and person_key(elect.name)[-1:] == family:
                iri, label = self.person(elect.id, elect.name)
                return iri, label, ""
        if title == "Secretary of State":
            who = self._secretary_family(family, visit.start, dt.timedelta(days=400))
            if who is not None:
                iri, label = self.person(who, self.names.get(who, name))
                return iri, label, ""
        if title == "Vice President":
            later = self.presidents.later_named(family[0] if family else "", visit.start)
            if later is not None:
                iri, label = self.person(later.id, later.name)
                return iri, label, ""
            key = person_key(name)
            iri = resource_iri("person", "-".join(key) if len(key) == 2 else f"us-{'-'.join(key)}")
            self.context.person(iri, name, (), self.out)
            return iri, name, ""
        return None
