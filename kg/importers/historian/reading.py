"""Import the US Office of the Historian's travels and visits records.

Two datasets, published as XML with schemas (public domain / CC0):

- *travels*: trips abroad of the President and the Secretary of State
  (``president-travels/*.xml`` and ``secretary-travels/*.xml``: ``<trips>``
  of ``<trip>``), with the list of presidents and their terms
  (``presidents/presidents.xml``);
- *visits*: visits of foreign leaders to the US (``data/*.xml``:
  ``<visits>`` of ``<visit>``).

:func:`read_historian` finds every such file under a path (either dataset
as published, or a folder holding both), checks every record and returns
:class:`HistorianRecords`; :func:`historian_triples` maps them to RDF:

- a trip is a ``kg:Visit`` from its start to its end date, at day
  precision, with the traveller as visitor and the country as host; the
  counterparts its remarks name ("Met with President Emmanuel Macron,
  Foreign Minister Stéphane Séjourné...", see :mod:`kg.importers.mentions`)
  take part too, with the post and country the remark gives. A remark that
  names nobody gives a visit to the country alone;
- a visit is a ``kg:Visit`` of the visitor to the sitting President (from
  the presidents list), unless the record names someone else it met with
  (a President-elect, a Vice President, a Secretary of State), or only "U.S.
  officials" (then the host is the United States);
- names resolve across spellings and to the curated people
  (:mod:`kg.importers.people`); unresolved ones become people flagged
  ``kg:needsReview``;
- exact duplicate trips merge into one contact citing both records;
  near duplicates (same traveller, start, country and place, one remark
  extending the other) merge too, and when their dates differ the contact
  spans both and carries each record's date as a claim: the rival dates
  dispute each other;
- titles given to curated people are checked against their recorded
  tenures, and mismatches returned as :class:`TitleWarning`.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from kg.dates import DateBounds
from kg.errors import BadPathError, DataError, InvalidDataError
from kg.importers.context import ImportContext, ImportStats, TitleWarning
from kg.importers.countries import slug
from kg.importers.mentions import LEVELS, Mention, canonical_title, find_mentions
from kg.importers.people import PersonRegistry, Resolution, person_key
from kg.records import rdf
from kg.records.ntriples import Triples, literal
from kg.vocab import KG, resource_iri

__all__ = [
    "Trip",
    "Visit",
    "President",
    "HistorianRecords",
    "find_historian_files",
    "read_historian",
    "historian_triples",
    "COVERAGE",
]

COVERAGE = (
    "In-person contacts of US Presidents and Secretaries of State: their trips abroad "
    "(with the counterparts the records name) and foreign leaders' visits to the US, "
    "as recorded by the Office of the Historian; no phone calls, no meetings held in "
    "the US other than those visits."
)
PUBLISHER = "us-office-of-the-historian"
PUBLISHER_NAME = "Office of the Historian, US Department of State"
#: Titles that make a post of the counterpart's country.
_NO_POST = frozenset(
    {
        "President-elect", "Prince", "Sheikh", "Cardinal", "Archbishop", "Patriarch",
        "Ecumenical Patriarch", "Mayor", "Generalissimo", "Secretary General",
        "Secretary-General", "High Representative", "Secretary of State", "Director General",
        "Director-General",
    }
)  # fmt: skip
#: Titles of international officials: no country unless the remark gives one.
_INTERNATIONAL = frozenset(
    {
        "Secretary General",
        "Secretary-General",
        "Director General",
        "Director-General",
        "High Representative",
    }
)
#: US Vice Presidents since 1945 who did not become President (remarks name them bare).
_US_VICE_PRESIDENTS = frozenset(
    {"barkley", "humphrey", "agnew", "rockefeller", "mondale", "quaile", "gore", "cheney",
     "pence", "haris", "vance"}
)  # fmt: skip
_US_TITLES = frozenset({"President", "President-elect", "Vice President", "Secretary of State"})
_MET_WITH = re.compile(
    r"[Mm]et with (?:U\.S\. )?(President-elect|Vice President|Secretary of State) "
)


@dataclass(frozen=True)
class Trip:
    """One ``<trip>`` record."""

    id: str
    role: str
    who: str
    name: str
    start: dt.date
    end: dt.date
    country_id: str
    country: str
    locale: str
    remarks: str
    path: str


@dataclass(frozen=True)
class Visit:
    """One ``<visit>`` record."""

    id: str
    start: dt.date
    end: dt.date
    visitor: str
    country_id: str
    country: str
    description: str
    path: str


@dataclass(frozen=True)
class President:
    """One president of the presidents list, with a term."""

    id: str
    name: str
    took_office: dt.date
    left_office: dt.date | None


@dataclass
class HistorianRecords:
    """Every record read, in file order."""

    trips: list[Trip] = field(default_factory=list)
    visits: list[Visit] = field(default_factory=list)
    presidents: list[President] = field(default_factory=list)
    files: list[str] = field(default_factory=list)


def find_historian_files(path: str) -> list[str]:
    """Every ``*.xml`` file under ``path`` (or ``path`` itself), sorted."""
    if os.path.isfile(path):
        return [path]
    if not os.path.isdir(path):
        raise BadPathError(f"'{path}' does not exist")
    found = [
        os.path.join(folder, name)
        for folder, _, names in os.walk(path)
        for name in names
        if name.endswith(".xml")
    ]
    return sorted(found)


def _text(element: ET.Element, tag: str) -> str:
    child = element.find(tag)
    return " ".join("".join(child.itertext()).split()) if child is not None else ""


def _day(value: str, what: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{what} '{value}' is not a date (YYYY-MM-DD)") from None


def _span(element: ET.Element) -> tuple[dt.date, dt.date]:
    """The start and end dates of a trip or visit, checked to be in order."""
    start = _day(_text(element, "start-date"), "start-date")
    end = _day(_text(element, "end-date"), "end-date")
    if end < start:
        raise ValueError(f"ends ({end}) before it starts ({start})")
    return start, end


def _read_trip(element: ET.Element, path: str) -> Trip:
    ident = _text(element, "id")
    country = element.find("country")
    missing = [t for t in ("id", "start-date", "end-date", "name") if not _text(element, t)]
    if country is None or not country.get("id"):
        missing.append("country (with an id)")
    if missing:
        raise ValueError(f"missing {', '.join(missing)}")
    assert country is not None
    start, end = _span(element)
    role = element.get("role") or _text(element, "role")
    if role not in ("president", "secretary"):
        raise ValueError(f"role '{role}' is neither 'president' nor 'secretary'")
    return Trip(
        id=ident,
        role=role,
        who=element.get("who") or slug(_text(element, "name")),
        name=_text(element, "name"),
        start=start,
        end=end,
        country_id=country.get("id", ""),
        country=" ".join("".join(country.itertext()).split()),
        locale=_text(element, "locale"),
        remarks=_text(element, "remarks"),
        path=path,
    )


def _read_visit(element: ET.Element, path: str) -> Visit:
    ident = _text(element, "id")
    origin = element.find("from")
    missing = [t for t in ("id", "start-date", "end-date", "visitor") if not _text(element, t)]
    if origin is None or not origin.get("id"):
        missing.append("from (with an id)")
    if missing:
        raise ValueError(f"missing {', '.join(missing)}")
    assert origin is not None
    start, end = _span(element)
    return Visit(
        id=ident,
        start=start,
        end=end,
        visitor=_text(element, "visitor"),
        country_id=origin.get("id", ""),
        country=" ".join("".join(origin.itertext()).split()),
        description=_text(element, "description"),
        path=path,
    )


def _read_president(element: ET.Element) -> President:
    left = element.find("left-office-date")
    left_text = (left.text or "").strip() if left is not None else ""
    return President(
        id=_text(element, "id"),
        name=_text(element, "name"),
        took_office=_day(_text(element, "took-office-date"), "took-office-date"),
        left_office=_day(left_text, "left-office-date") if left_text else None,
    )


def read_historian(path: str, progress: Callable[[int], None] | None = None) -> HistorianRecords:
    """Read and check every travels and visits record under ``path``.

    Files are recognised by their root element (``trips``, ``visits``,
    ``presidents``); others are ignored. ``progress`` is called with 1 after
    each file.

    Raises
    ------
    BadPathError
        When ``path`` does not exist or holds no such file.
    InvalidDataError
        Listing every malformed file or record (file, record id, problem),
        before anything is written.
    """
    found = HistorianRecords()
    problems: list[DataError] = []
    seen: dict[tuple[str, str], tuple[object, str]] = {}
    for name in find_historian_files(path):
        try:
            root = ET.parse(name).getroot()
        except ET.ParseError as exc:
            problems.append(DataError(name, f"not well-formed XML: {exc}", line=exc.position[0]))
            continue
        readers: dict[str, tuple[str, Callable[[ET.Element, str], object]]] = {
            "trips": ("trip", _read_trip),
            "visits": ("visit", _read_visit),
        }
        if root.tag == "presidents":
            for number, element in enumerate(root.iter("president"), start=1):
                try:
                    found.presidents.append(_read_president(element))
                except ValueError as exc:
                    problems.append(
                        DataError(name, str(exc), record=_text(element, "id") or f"#{number}")
                    )
        elif root.tag in readers:
            tag, reader = readers[root.tag]
            found.files.append(name)
            for number, element in enumerate(root, start=1):
                record = _text(element, "id") or f"{tag} #{number}"
                if element.tag != tag:
                    problems.append(
                        DataError(name, f"unexpected element <{element.tag}>", record=record)
                    )
                    continue
                try:
                    item = reader(element, name)
                except ValueError as exc:
                    problems.append(DataError(name, f"{tag}: {exc}", record=record))
                    continue
                earlier = seen.setdefault((tag, record), (item, name))
                if earlier[0] is not item and _same_record(earlier[0], item) is False:
                    problems.append(
                        DataError(
                            name,
                            f"{tag} id {record} is also used in {earlier[1]} for another record",
                            record=record,
                        )
                    )
                    continue
                if isinstance(item, Trip):
                    found.trips.append(item)
                elif isinstance(item, Visit):
                    found.visits.append(item)
        if progress is not None:
            progress(1)
    if not found.trips and not found.visits and not problems:
        raise BadPathError(
            f"no Office of the Historian records (<trips> or <visits> XML files) under '{path}'"
        )
    if found.visits and not found.presidents:
        problems.append(
            DataError(
                path,
                "visits need the list of presidents (travels/presidents/presidents.xml) to "
                "know who was President: import a folder holding it too",
            )
        )
    if problems:
        raise InvalidDataError(problems)
    return found


def _same_record(a: object, b: object) -> bool:
    """Two records with one id: the same content (a copy) or not."""
    fields = ("path",)
    if type(a) is not type(b):
        return False
    return {k: v for k, v in vars(a).items() if k not in fields} == {
        k: v for k, v in vars(b).items() if k not in fields
    }


# ---------------------------------------------------------------------------
# Mapping to RDF
# ---------------------------------------------------------------------------


def _interval(start: dt.date, end: dt.date) -> str:
    return start.isoformat() if start == end else f"{start.isoformat()}/{end.isoformat()}"


def day_bounds(start: dt.date, end: dt.date) -> DateBounds:
    """The bounds of a day or an interval of days, as :func:`kg.dates.parse_edtf` gives them.

    (Built directly: the EDTF grammar costs tens of milliseconds a date.)

    >>> from kg.dates import parse_edtf
    >>> a, b = dt.date(2024, 4, 1), dt.date(2024, 4, 2)
    >>> day_bounds(a, b) == parse_edtf("2024-04-01/2024-04-02")
    True
    """
    return DateBounds(_interval(start, end), start, end, "day")


def _bare(remarks: str) -> str:
    return remarks.rstrip(" .;,").casefold()


def _group_trips(trips: Sequence[Trip]) -> tuple[list[list[Trip]], int, int]:
    """Trips grouped into contacts; also the numbers of exact and near duplicates merged."""
    exact: dict[tuple[str, ...], list[Trip]] = defaultdict(list)
    for trip in trips:
        key = (trip.who, str(trip.start), str(trip.end), trip.country_id, trip.locale, trip.remarks)
        exact[key].append(trip)
    exact_merged = sum(len(g) - 1 for g in exact.values())
    buckets: dict[tuple[str, ...], list[list[Trip]]] = defaultdict(list)
    for group in exact.values():
        first = group[0]
        buckets[(first.who, str(first.start), first.country_id, first.locale)].append(group)
    groups: list[list[Trip]] = []
    near_merged = 0
    for bucket in buckets.values():
        bucket.sort(key=lambda g: len(g[0].remarks))
        merged: list[list[Trip]] = []
        for group in bucket:
            remark = _bare(group[0].remarks)
            home = next(
                (m for m in merged if remark.startswith(_bare(m[0].remarks)) and remark), None
            )
            if home is None:
                merged.append(list(group))
            else:
                home.extend(group)
                near_merged += len(group)
        groups.extend(merged)
    for group in groups:
        group.sort(key=lambda t: int(t.id) if t.id.isdigit() else 0)
    groups.sort(key=lambda g: (g[0].start, g[0].who, g[0].id))
    return groups, exact_merged, near_merged


@dataclass
class _Presidents:
    terms: list[President]

    def on(self, day: dt.date) -> President | None:
        found = [
            p
            for p in self.terms
            if p.took_office <= day and (p.left_office is None or day < p.left_office)
        ]
        return found[-1] if found else None

    def elect(self, day: dt.date) -> President | None:
        later = [p for p in self.terms if p.took_office > day]
        return min(later, key=lambda p: p.took_office) if later else None

    def later_named(self, family: str, day: dt.date) -> President | None:
        """The next president of that family name taking office after ``day``."""
        later = [
            p for p in self.terms if p.took_office > day and person_key(p.name)[-1:] == (family,)
        ]
        return min(later, key=lambda p: p.took_office) if later else None

    def family_on(self, family: str, day: dt.date, elect: bool = False) -> President | None:
        president = self.elect(day) if elect else self.on(day)
        if president and person_key(president.name)[-1:] == (family,):
            return president
        return None


def historian_triples(
    found: HistorianRecords,
    context: ImportContext,
    source: str = "historian",
    progress: Callable[[int], None] | None = None,
) -> tuple[Triples, ImportStats]:
    """Map the records to RDF for the graph of ``source``; return the triples and counts."""
    return _Mapper(found, context, source, progress).run()


@dataclass
class _Named:
    """A counterpart named in a record, before and after resolution."""

    mention: Mention
    country: str | None
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
        self.presidents = _Presidents(sorted(found.presidents, key=lambda p: (p.took_office, p.id)))
        self.registry = PersonRegistry(context.people)
        self.publisher = resource_iri("org", PUBLISHER)
        self.dataset = resource_iri("dataset", source)
        self.country_names: dict[str, Counter[str]] = defaultdict(Counter)
        for trip in found.trips:
            self.country_names[trip.country_id][trip.country] += 1
        for visit in found.visits:
            self.country_names[visit.country_id][visit.country] += 1
        self.secretaries: dict[str, list[Trip]] = defaultdict(list)
        for trip in found.trips:
            if trip.role == "secretary":
                self.secretaries[trip.who].append(trip)
        self.us_keys: dict[tuple[str, ...], set[str]] = defaultdict(set)
        for president in found.presidents:
            self.us_keys[person_key(president.name)].add(president.id)
        for who, trips in self.secretaries.items():
            self.us_keys[person_key(trips[0].name)].add(who)

    # -- agents ---------------------------------------------------------------

    def country(self, ident: str) -> str:
        names = self.country_names.get(ident)
        label = (
            sorted(names.items(), key=lambda i: (-i[1], len(i[0]), i[0]))[0][0]
            if names
            else ident.replace("-", " ").title()
        )
        return self.context.country(ident, label, self.out)

    def us_person(self, who: str, name: str) -> tuple[str, str]:
        """IRI and name of a President or Secretary of State (curated if known)."""
        curated = self.context.people.match_full([person_key(name)])
        if curated is not None:
            person = self.context.people.people[curated]
            return self.context.people.iri(curated), person.name
        key = person_key(name)
        # the id other sources give the same name, unless two officials share it (the Bushes)
        ident = "-".join(key) if len(key) == 2 and self.us_keys[key] == {who} else who
        return resource_iri("person", ident), re.sub(r"\s*\([^)]*\)", "", name)

    def us_posts(self) -> tuple[str, str]:
        us = self.context.country_iri("us", "United States")
        president = self.context.post(us, "President", "head-of-state", self.out)
        secretary = self.context.post(us, "Secretary of State", "foreign-minister", self.out)
        return president, secretary

    # -- run --------------------------------------------------------------------

    def run(self) -> tuple[Triples, ImportStats]:
        self.stats.records = len(self.found.trips) + len(self.found.visits)
        self.stats.trips = len(self.found.trips)
        self.stats.visits = len(self.found.visits)
        self.context.publisher(self.publisher, PUBLISHER_NAME, self.out)
        groups, exact, near = _group_trips(self.found.trips)
        self.stats.exact_duplicates = exact
        self.stats.near_duplicates = near
        named_trips = [(group, self.trip_mentions(group)) for group in groups]
        named_visits = [(visit, self.visit_mentions(visit)) for visit in self.found.visits]
        resolved = self.registry.resolve()
        self.travellers()
        for group, named in named_trips:
            self.trip_contact(group, named, resolved)
            if self.progress is not None:
                self.progress(len(group))
        for visit, (visitor, host) in named_visits:
            self.visit_contact(visit, visitor, host, resolved)
            if self.progress is not None:
                self.progress(1)
        written = [name for name, _, _, _ in self.registry.sightings]
        self.context.people_triples(
            resolved, written, self.source, self.dataset, self.out, self.stats
        )
        self.stats.contacts = len(groups) + len(self.found.visits)
        days = [t.start for t in self.found.trips] + [v.start for v in self.found.visits]
        ends = [t.end for t in self.found.trips] + [v.end for v in self.found.visits]
        kinds = []
        if self.found.trips:
            kinds.append("trips abroad of US Presidents and Secretaries of State")
        if self.found.visits:
            kinds.append("visits of foreign leaders to the US")
        self.context.dataset(
            self.dataset,
            title="Office of the Historian, " + " and ".join(kinds),
            description=f"{COVERAGE} Dates: {min(days).year}–{max(ends).year}.",
            publisher=self.publisher,
            temporal=f"{min(days).isoformat()}/{max(ends).isoformat()}",
            contact_types=(KG.Visit,),
            sides=(self.context.country_iri("us", "United States"),),
            licence="https://creativecommons.org/publicdomain/zero/1.0/",
            stats=self.stats,
            out=self.out,
        )
        return self.out, self.stats

    # -- trips ------------------------------------------------------------------

    def trip_mentions(self, group: Sequence[Trip]) -> list[_Named]:
        first = group[0]
        named: list[_Named] = []
        seen: set[str] = set()
        traveller = person_key(first.name)
        for trip in group:
            for mention in find_mentions(trip.remarks):
                if mention.name in seen:
                    continue
                if self.is_us(mention, trip.start, traveller):
                    self.stats.us_officials += 1
                    continue
                seen.add(mention.name)
                international = mention.organisation or set(mention.titles) & _INTERNATIONAL
                country = (
                    None
                    if international and not mention.country
                    else self.country(mention.country or first.country_id)
                )
                sighting = self.registry.add(mention.name, country, trip.start)
                named.append(_Named(mention, country, sighting))
        return named

    def is_us(self, mention: Mention, day: dt.date, traveller: tuple[str, ...]) -> bool:
        if mention.us_side:
            return True
        if mention.country or mention.organisation:
            return False
        key = person_key(mention.name)
        if not key or key == traveller:
            return not key or key == traveller
        titles = set(mention.titles)
        if not titles & _US_TITLES:
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
            return any(person_key(t[0].name)[-1:] == (family,) for t in self.secretaries.values())
        return False

    def travellers(self) -> None:
        """Posts and tenures of the travellers: presidents from the list, secretaries attested."""
        president_post, secretary_post = self.us_posts()
        terms_source = resource_iri("source", f"{self.source}-presidents")
        if self.found.presidents:
            self.out.add_iri(
                terms_source,
                "http://www.w3.org/1999/02/22-rdf-syntax-ns#type",
                "http://www.w3.org/ns/prov#Entity",
            )
            self.out.add_triple(
                terms_source,
                "http://purl.org/dc/terms/title",
                literal("Presidents of the United States and their terms"),
            )
            self.out.add_iri(terms_source, "http://purl.org/dc/terms/publisher", self.publisher)
            self.out.add_iri(terms_source, "http://purl.org/dc/terms/isPartOf", self.dataset)
        for president in self.presidents.terms:
            iri, name = self.us_person(president.id, president.name)
            if self.context.is_curated(iri):
                continue
            self.context.person(iri, name, (), self.out)
            self.context.tenure(
                f"{self.source}-{president.id}-{president.took_office.isoformat()}",
                iri, president_post, president.took_office, president.left_office,
                terms_source, None, self.out,
            )  # fmt: skip
        for who, trips in sorted(self.secretaries.items()):
            iri, name = self.us_person(who, trips[0].name)
            if self.context.is_curated(iri):
                continue
            self.context.person(iri, name, (), self.out)
            first, last = min(t.start for t in trips), max(t.end for t in trips)
            self.context.tenure(
                f"{self.source}-{who}-secretary-of-state", iri, secretary_post, first, last,
                self.dataset,
                f"Attested by the trip records only, from the first trip ({first}) to the last "
                f"({last}); not the full tenure.",
                self.out,
            )  # fmt: skip

    def traveller(self, trip: Trip) -> rdf.Participant:
        president_post, secretary_post = self.us_posts()
        iri, name = self.us_person(trip.who, trip.name)
        us = self.context.country_iri("us", "United States")
        if self.context.is_curated(iri):
            posts = self.context.curated_posts(iri, trip.start, trip.end)
        else:
            posts = (president_post if trip.role == "president" else secretary_post,)
        return rdf.Participant(iri, name, "visitor", us, posts)

    def counterpart(
        self,
        named: _Named,
        resolution: Resolution,
        start: dt.date,
        end: dt.date,
        record: Trip | Visit,
        role: str,
    ) -> rdf.Participant:
        posts: tuple[str, ...] = ()
        if self.context.is_curated(resolution.iri):
            posts = self.context.curated_posts(resolution.iri, start, end)
            self.check_title(named.mention, resolution, start, end, record, posts)
            countries = self.context.curated_countries(resolution.iri, start, end) or (
                (named.country,) if named.country else ()
            )
        else:
            countries = (named.country,) if named.country else ()
            if named.country:
                posts = tuple(
                    self.context.attest(resolution.iri, post, start, end)
                    for post in self.titled_posts(named.mention, named.country)
                )
        acted_for = countries[0] if countries else None
        return rdf.Participant(resolution.iri, resolution.label, role, acted_for, posts)

    def titled_posts(self, mention: Mention, country: str) -> list[str]:
        posts = []
        for title in mention.titles:
            if title in _NO_POST:
                continue
            level = LEVELS[title]
            posts.append(self.context.post(country, canonical_title(title), level, self.out))
        return posts

    def check_title(
        self,
        mention: Mention,
        resolution: Resolution,
        start: dt.date,
        end: dt.date,
        record: Trip | Visit,
        posts: Sequence[str],
    ) -> None:
        levels = {LEVELS[t] for t in mention.titles} - {"other", "minister"}
        if not levels:
            return
        held = self.context.curated_levels(resolution.iri, start, end)
        titles = " and ".join(mention.titles)
        kind = "trip" if isinstance(record, Trip) else "visit"
        if not held:
            message = (
                f"calls {resolution.label} '{titles}' on {start}, but no tenure of theirs "
                "is recorded at that date"
            )
        elif not levels & set(held.values()):
            message = (
                f"calls {resolution.label} '{titles}' on {start}, but their recorded "
                f"tenure then is {', '.join(sorted(held))}"
            )
        else:
            return
        self.stats.warnings.append(TitleWarning(record.path, f"{kind} {record.id}", message))

    def trip_contact(
        self, group: list[Trip], named: list[_Named], resolved: list[Resolution]
    ) -> None:
        first = group[0]
        start = min(t.start for t in group)
        end = max(t.end for t in group)
        date = day_bounds(start, end)
        traveller = self.traveller(first)
        host_iri = self.country(first.country_id)
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
        contact_id = f"{self.source}-trip-{first.id}"
        dates = {_interval(t.start, t.end) for t in group}
        claims: list[rdf.Claim] = []
        for trip in group:
            document = self.record_document(trip)
            claims.append(
                rdf.Claim(f"r{trip.id}", "occurred", None, self.publisher, "us", document,
                          PUBLISHER, quote=trip.remarks or None)
            )  # fmt: skip
            if len(dates) > 1:
                claims.append(
                    rdf.Claim(f"r{trip.id}-date", "date", _interval(trip.start, trip.end),
                              self.publisher, "us", document, PUBLISHER)
                )  # fmt: skip
        note = None
        if len(group) > 1:
            ids = ", ".join(t.id for t in group)
            what = "with different dates" if len(dates) > 1 else "as duplicates"
            note = f"One trip recorded {len(group)} times ({what}): records {ids}."
        rdf.contact(
            self.out,
            rdf.ContactSpec(
                id=contact_id, type="visit", date=date, participants=tuple(participants),
                claims=tuple(claims), location=first.locale or None, note=note,
            ),
        )  # fmt: skip

    def record_document(self, record: Trip | Visit) -> str:
        kind = "trip" if isinstance(record, Trip) else "visit"
        iri = resource_iri("source", f"{self.source}-{kind}-{record.id}")
        if isinstance(record, Trip):
            where = f"{record.country}" + (f" ({record.locale})" if record.locale else "")
            title = (
                f"Trip {record.id}: {record.name} to {where}, {_interval(record.start, record.end)}"
            )
        else:
            title = f"Visit {record.id}: {record.visitor} ({record.country}), {_interval(record.start, record.end)}"
        rdf_type = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
        self.out.add_iri(iri, rdf_type, "http://www.w3.org/ns/prov#Entity")
        self.out.add_triple(iri, "http://purl.org/dc/terms/title", literal(title))
        self.out.add_iri(iri, "http://purl.org/dc/terms/publisher", self.publisher)
        self.out.add_iri(iri, "http://purl.org/dc/terms/isPartOf", self.dataset)
        self.out.add_triple(iri, "http://purl.org/dc/terms/identifier", literal(record.id))
        return iri

    # -- visits -----------------------------------------------------------------

    def visit_mentions(self, visit: Visit) -> tuple[_Named, tuple[str, str, str] | None]:
        """The visitor, and the host when the record names someone other than the President."""
        mentions = find_mentions(visit.visitor)
        mention = mentions[0] if mentions else Mention((), visit.visitor)
        if not mention.name:
            mention = Mention(mention.titles, visit.visitor)
        country = self.country(visit.country_id)
        sighting = self.registry.add(mention.name, country, visit.start)
        return _Named(mention, country, sighting), self.visit_host(visit)

    def visit_host(self, visit: Visit) -> tuple[str, str, str] | None:
        """``(iri, name, post)`` of a US official the record names instead of the President."""
        text = visit.description
        sitting = self.presidents.on(visit.start)
        if sitting and re.search(
            rf"President {re.escape(person_key(sitting.name)[-1:][0].title())}\b", text, re.I
        ):
            return None
        match = _MET_WITH.search(text)
        if match is None:
            if "U.S. officials" in text and "President" not in text:
                us = self.context.country_iri("us", "United States")
                return us, self.context.label(us), ""
            return None
        mentions = find_mentions(text[match.start() + len("met with ") - 1 :])
        if not mentions:
            return None
        name = mentions[0].name
        family = person_key(name)[-1:]
        title = match.group(1)
        president_post, secretary_post = self.us_posts()
        if title == "President-elect":
            elect = self.presidents.elect(visit.start)
            if elect and person_key(elect.name)[-1:] == family:
                iri, label = self.us_person(elect.id, elect.name)
                return iri, label, ""
        if title == "Secretary of State":
            for who, trips in sorted(self.secretaries.items()):
                first, last = min(t.start for t in trips), max(t.end for t in trips)
                if person_key(trips[0].name)[-1:] == family and first - dt.timedelta(
                    days=400
                ) <= visit.start <= last + dt.timedelta(days=400):
                    iri, label = self.us_person(who, trips[0].name)
                    return iri, label, secretary_post
        if title == "Vice President":
            later = self.presidents.later_named(family[0] if family else "", visit.start)
            if later is not None:
                iri, label = self.us_person(later.id, later.name)
                return iri, label, ""
            key = person_key(name)
            iri = resource_iri("person", "-".join(key) if len(key) == 2 else f"us-{slug(name)}")
            self.context.person(iri, name, (), self.out)
            return iri, name, ""
        return None

    def visit_contact(
        self,
        visit: Visit,
        visitor: _Named,
        host: tuple[str, str, str] | None,
        resolved: list[Resolution],
    ) -> None:
        date = day_bounds(visit.start, visit.end)
        resolution = resolved[visitor.sighting]
        guest = self.counterpart(visitor, resolution, visit.start, visit.end, visit, "visitor")
        us = self.context.country_iri("us", "United States")
        president_post, _ = self.us_posts()
        if host is None:
            sitting = self.presidents.on(visit.start)
            if sitting is None:
                host = (us, self.context.label(us), "")
            else:
                iri, name = self.us_person(sitting.id, sitting.name)
                host = (iri, name, president_post)
        iri, name, post = host
        if self.context.is_curated(iri):
            posts = self.context.curated_posts(iri, visit.start, visit.end)
        else:
            posts = (post,) if post else ()
        participants = (guest, rdf.Participant(iri, name, "host", us, posts))
        document = self.record_document(visit)
        claim = rdf.Claim(f"r{visit.id}", "occurred", None, self.publisher, "us", document,
                          PUBLISHER, quote=visit.description or None)  # fmt: skip
        rdf.contact(
            self.out,
            rdf.ContactSpec(
                id=f"{self.source}-visit-{visit.id}", type="visit", date=date,
                participants=participants, claims=(claim,),
            ),
        )  # fmt: skip
