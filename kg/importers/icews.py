"""Import ICEWS-style event files (tab-separated rows coded with CAMEO).

ICEWS codes each sentence of each news story as directed events, so one
meeting becomes many rows: the reciprocal codings (A meets B, B meets A),
the same meeting in every story that reports it, and the two directions of
a visit (042 "make a visit" by the guest, 043 "host a visit" by the host).
:func:`icews_triples` keeps the contact codes and collapses them:

- rows with CAMEO 040–046 between two different sides, on one day, are one
  contact, whatever their direction; its type is the most specific code
  among them (042/043 visit, 044 meeting at a third location, 046
  negotiation round, 041 phone call, else meeting). Each story reporting it
  is a document and a claim, attributed to its publisher (so two publishers
  make the contact *confirmed*); ``kg:reportCount`` counts the stories, and
  each claim keeps the CAMEO codes of its rows;
- the direction of a visit is a claim of each story (042: the source actor
  is the visitor; 043: the target is): when stories disagree, the visitor
  statements dispute each other and neither is asserted;
- 036 ("express intent to meet or negotiate") makes a
  ``kg:AnnouncedMeeting``, not a contact: nothing says it took place;
- actors named by a person resolve like the Historian's names
  (:mod:`kg.importers.people`); actors named by sector ("Government
  (Nigeria)") or by a country stand as the country, international
  organisations as organisations; regions, actors with no country and
  actors with no sector whose name is not their country's are left out, as
  are rows whose two actors are of the same country (domestic
  consultations).
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from kg.dates import DateBounds
from kg.errors import BadPathError, DataError, InvalidDataError
from kg.importers.context import ImportContext, ImportStats
from kg.importers.countries import ALIASES, slug
from kg.importers.people import PersonRegistry
from kg.query.names import normalise
from kg.records import rdf
from kg.records.ntriples import Triples, date, integer, literal
from kg.vocab import DCT, KG, PROV, RDF, RDFS, SEM, local_id, resource_iri

__all__ = ["CONTACT_CODES", "ANNOUNCED_CODE", "Event", "read_icews", "icews_triples", "COLUMNS"]

#: CAMEO codes of contacts, and the contact type each gives.
CONTACT_CODES: dict[str, str] = {
    "040": "meeting",
    "041": "phone-call",
    "042": "visit",
    "043": "visit",
    "044": "third-location-meeting",
    "045": "meeting",
    "046": "negotiation-round",
}
ANNOUNCED_CODE = "036"
#: The most specific type wins when the rows of one contact disagree.
_PRIORITY = ("visit", "third-location-meeting", "negotiation-round", "phone-call", "meeting")
COLUMNS = (
    "Event ID", "Event Date", "Source Name", "Source Sectors", "Source Country",
    "CAMEO Code", "Target Name", "Target Sectors", "Target Country", "Story ID", "Publisher",
)  # fmt: skip
PUBLISHER = "icews"
PUBLISHER_NAME = "Integrated Crisis Early Warning System (ICEWS)"


@dataclass(frozen=True)
class Event:
    """One kept row: a contact or announced-meeting coding."""

    line: int
    id: str
    day: dt.date
    code: str
    source: tuple[str, str, str]
    target: tuple[str, str, str]
    story: str
    publisher: str


def read_icews(path: str, progress: Callable[[int], None] | None = None) -> tuple[list[Event], int]:
    """The contact-coded rows of an ICEWS file, and the number of rows read.

    ``progress`` is called with 1 after each row.

    Raises
    ------
    BadPathError
        When the file does not exist.
    InvalidDataError
        Naming the file, line and event id of every malformed row (or the
        missing columns), before anything is written.
    """
    if not os.path.isfile(path):
        raise BadPathError(f"'{path}' is not a file")
    problems: list[DataError] = []
    events: list[Event] = []
    rows = 0
    reader: csv.DictReader[str] | None = None
    try:
        with open(path, encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
            missing = [c for c in COLUMNS if c not in (reader.fieldnames or ())]
            if missing:
                raise InvalidDataError(
                    [
                        DataError(
                            path, f"not an ICEWS event file: no column {', '.join(missing)}", line=1
                        )
                    ]
                )
            for row in reader:
                rows += 1
                line = reader.line_num
                if progress is not None:
                    progress(1)
                code = (row.get("CAMEO Code") or "").strip()
                ident = (row.get("Event ID") or "").strip() or f"row {rows}"
                if None in row or any(row.get(c) is None for c in COLUMNS):
                    problems.append(
                        DataError(path, "wrong number of columns", line=line, record=ident)
                    )
                    continue
                if not re.fullmatch(r"\d{2,4}", code):
                    problems.append(
                        DataError(
                            path, f"CAMEO code '{code}' is not a code", line=line, record=ident
                        )
                    )
                    continue
                if code not in CONTACT_CODES and code != ANNOUNCED_CODE:
                    continue
                try:
                    day = dt.date.fromisoformat(row["Event Date"].strip())
                except ValueError:
                    problems.append(
                        DataError(
                            path, f"Event Date '{row['Event Date']}' is not YYYY-MM-DD",
                            line=line, record=ident,
                        )
                    )  # fmt: skip
                    continue
                story = row["Story ID"].strip()
                if not story:
                    problems.append(DataError(path, "no Story ID", line=line, record=ident))
                    continue
                events.append(
                    Event(
                        line, ident, day, code,
                        (row["Source Name"].strip(), row["Source Sectors"].strip(), row["Source Country"].strip()),
                        (row["Target Name"].strip(), row["Target Sectors"].strip(), row["Target Country"].strip()),
                        story, row["Publisher"].strip() or "unknown publisher",
                    )
                )  # fmt: skip
    except UnicodeDecodeError as exc:
        raise InvalidDataError(
            [DataError(path, f"not UTF-8 text ({exc.reason}): save it as UTF-8", _bad_line(path))]
        ) from exc
    except csv.Error as exc:
        line = reader.reader.line_num if reader is not None else 1  # the row being read
        raise InvalidDataError([DataError(path, _csv_problem(exc), line=line)]) from exc
    if problems:
        raise InvalidDataError(problems)
    return events, rows


def _bad_line(path: str) -> int:
    """The first line of ``path`` that is not UTF-8 (1 if none is found)."""
    with open(path, "rb") as handle:
        for number, raw in enumerate(handle, start=1):
            try:
                raw.decode("utf-8")
            except UnicodeDecodeError:
                return number
    return 1


def _csv_problem(exc: csv.Error) -> str:
    """What a row the csv module cannot read means for an ICEWS file."""
    reason = str(exc)
    if "field limit" in reason:
        return (
            f"a field is longer than {csv.field_size_limit():,} characters: not an ICEWS "
            "event file, or a broken one"
        )
    return f"cannot read the row as tab-separated text: {reason}"


def _country_id(name: str) -> str:
    return ALIASES.get(normalise(name), slug(name))


def _missing(value: str) -> bool:
    return value in ("", "NA", "None")


class _Mapper:
    def __init__(self, events: list[Event], rows: int, context: ImportContext, source: str) -> None:
        self.events = events
        self.context = context
        self.source = source
        self.out = Triples()
        self.stats = ImportStats(source=source, rows=rows, records=rows)
        self.registry = PersonRegistry(context.people)
        self.dataset = resource_iri("dataset", source)
        self.publisher = resource_iri("org", PUBLISHER)

    def country(self, name: str) -> str:
        return self.context.country(_country_id(name), name, self.out)

    def actor(self, actor: tuple[str, str, str], day: dt.date) -> tuple[str, str | int, str | None]:
        """``(kind, agent, country)``: kind ``country``/``org``/``person``/``none``;
        a person's agent is its sighting number, resolved later."""
        name, sectors, country_name = actor
        country = None if _missing(country_name) else self.country(country_name)
        if "(" in name or (country_name and normalise(name) == normalise(country_name)):
            return ("country", country, country) if country else ("none", "", None)
        if country is None:
            if "Organization" in sectors:
                org = resource_iri("org", f"{self.source}-{slug(name)}")
                self.context.publisher(org, name, self.out, country=None)
                return "org", org, None
            return "none", "", None
        if _missing(sectors):
            # No sector: the country under another name ("Russia", "Russian
            # Federation"), else a region or someone ICEWS could not place
            # ("Sicily", "Michelle O'Neill"): left out rather than guessed.
            same = _country_id(name) == _country_id(country_name)
            return ("country", country, country) if same else ("none", "", None)
        return "person", self.registry.add(name, country, day), country

    def run(self) -> tuple[Triples, ImportStats]:
        self.context.publisher(self.publisher, PUBLISHER_NAME, self.out, country=None)
        actors = [(self.actor(e.source, e.day), self.actor(e.target, e.day)) for e in self.events]
        resolved = self.registry.resolve()
        groups: dict[tuple[bool, dt.date, tuple[str, str]], list[tuple[Event, str, str]]] = (
            defaultdict(list)
        )
        sides: dict[str, str | None] = {}
        names: dict[str, str] = {}
        for event, (source, target) in zip(self.events, actors, strict=True):
            agents = []
            for kind, agent, country in (source, target):
                if kind == "none":
                    break
                if kind == "person":
                    assert isinstance(agent, int)
                    resolution = resolved[agent]
                    iri, names[resolution.iri] = resolution.iri, resolution.label
                else:
                    assert isinstance(agent, str)
                    iri = agent
                    names[iri] = self.context.label(iri)
                sides[iri] = country
                agents.append(iri)
            if (
                len(agents) < 2
                or agents[0] == agents[1]
                or (sides[agents[0]] is not None and sides[agents[0]] == sides[agents[1]])
            ):
                self.stats.skipped += 1
                continue
            self.stats.rows_kept += 1
            announced = event.code == ANNOUNCED_CODE
            pair = (min(agents), max(agents))
            groups[(announced, event.day, pair)].append((event, agents[0], agents[1]))
        written = [name for name, _, _, _ in self.registry.sightings]
        self.context.people_triples(
            resolved, written, self.source, self.dataset, self.out, self.stats
        )
        for (announced, day, pair), rows in sorted(groups.items()):
            if announced:
                self.announced(day, pair, rows, names)
            else:
                self.contact(day, pair, rows, names, sides)
        days = sorted({e.day for e in self.events})
        period = f"{days[0].isoformat()}/{days[-1].isoformat()}" if days else ""
        contact_types = tuple(KG.term(t) for t in ("Meeting", "PhoneCall", "Visit",
                                                    "ThirdLocationMeeting", "NegotiationRound"))  # fmt: skip
        self.context.dataset(
            self.dataset,
            title=f"ICEWS coded events ({os.path.basename(self.source)})",
            description=(
                "Machine-coded news events (ICEWS, CAMEO 040–046): consultations, phone calls, "
                "visits, meetings at a third location, mediation and negotiations between any "
                f"two sides, {period.replace('/', ' to ')}; every story coding one contact is "
                "collapsed into it and cited. CAMEO 036 (intent to meet) is kept as announced "
                "meetings, not contacts. Actors named only by a sector stand as their country; "
                "domestic consultations are left out."
            ),
            publisher=self.publisher,
            temporal=period,
            contact_types=contact_types,
            sides=(),
            licence=None,
            stats=self.stats,
            out=self.out,
        )
        return self.out, self.stats

    def _participant(
        self, iri: str, names: dict[str, str], sides: dict[str, str | None], day: dt.date, role: str
    ) -> rdf.Participant:
        acted_for = sides.get(iri)
        posts: tuple[str, ...] = ()
        if self.context.is_curated(iri):
            acted_for = next(iter(self.context.curated_countries(iri, day, day)), acted_for)
            posts = self.context.curated_posts(iri, day, day)
        return rdf.Participant(iri, names[iri], role, acted_for, posts)

    def story(self, event: Event) -> tuple[str, str]:
        """The IRI of the story's document and of its publisher."""
        publisher = resource_iri("org", f"publisher-{slug(event.publisher)}")
        self.context.publisher(publisher, event.publisher, self.out, country=None)
        iri = resource_iri("source", f"{self.source}-story-{event.story}")
        self.out.add_iri(iri, RDF.type, PROV.Entity)
        self.out.add_triple(
            iri, DCT.title, literal(f"Story {event.story} ({event.publisher}), coded by ICEWS")
        )
        self.out.add_iri(iri, DCT.publisher, publisher)
        self.out.add_triple(iri, DCT.issued, date(event.day))
        self.out.add_iri(iri, DCT.isPartOf, self.dataset)
        self.out.add_triple(iri, DCT.identifier, literal(event.story))
        return iri, publisher

    def contact(
        self,
        day: dt.date,
        pair: tuple[str, str],
        rows: list[tuple[Event, str, str]],
        names: dict[str, str],
        sides: dict[str, str | None],
    ) -> None:
        kinds = {CONTACT_CODES[e.code] for e, _, _ in rows}
        kind = next(k for k in _PRIORITY if k in kinds)
        contact_id = f"{self.source}-{day.isoformat()}-{local_id(pair[0])}-{local_id(pair[1])}"
        stories: dict[str, list[tuple[Event, str, str]]] = defaultdict(list)
        for row in rows:
            stories[row[0].story].append(row)
        claims: list[rdf.Claim] = []
        visitors: set[str] = set()
        for story, coded in sorted(stories.items()):
            document, publisher = self.story(coded[0][0])
            codes = tuple(sorted({e.code for e, _, _ in coded}))
            claims.append(rdf.Claim(f"s{story}", "occurred", None, publisher, None, document,
                                    publisher, cameo=codes))  # fmt: skip
            if kind != "visit":
                continue
            for value in sorted({s if e.code == "042" else t for e, s, t in coded
                                 if e.code in ("042", "043")}):  # fmt: skip
                visitors.add(value)
                claims.append(rdf.Claim(f"s{story}-visitor-{local_id(value)}", "visitor", value,
                                        publisher, None, document, publisher))  # fmt: skip
        roles = {agent: "participant" for agent in pair}
        if len(visitors) == 1:
            guest = next(iter(visitors))
            roles = {agent: "visitor" if agent == guest else "host" for agent in pair}
        participants = tuple(self._participant(a, names, sides, day, roles[a]) for a in pair)
        all_codes = sorted({e.code for e, _, _ in rows})
        note = (
            f"{len(rows)} coded rows (CAMEO {', '.join(all_codes)}) in {len(stories)} "
            f"stor{'y' if len(stories) == 1 else 'ies'} collapsed into one contact."
        )
        rdf.contact(
            self.out,
            rdf.ContactSpec(
                id=contact_id, type=kind,
                date=DateBounds(day.isoformat(), day, day, "day"),
                participants=participants, claims=tuple(claims), note=note,
                extra=((KG.reportCount, integer(len(stories))),),
            ),
        )  # fmt: skip
        self.stats.contacts += 1
        self.stats.reports += len(stories)

    def announced(
        self,
        day: dt.date,
        pair: tuple[str, str],
        rows: list[tuple[Event, str, str]],
        names: dict[str, str],
    ) -> None:
        node = resource_iri(
            "announcement",
            f"{self.source}-{day.isoformat()}-{local_id(pair[0])}-{local_id(pair[1])}",
        )
        stories = sorted({e.story for e, _, _ in rows})
        self.out.add_iri(node, RDF.type, KG.AnnouncedMeeting)
        self.out.add_triple(node, RDFS.label, literal(
            f"announced meeting, {names[pair[0]]} – {names[pair[1]]}, reported {day.isoformat()}"
        ))  # fmt: skip
        self.out.add_triple(node, DCT.date, date(day))
        for agent in pair:
            self.out.add_iri(node, SEM.hasActor, agent)
        for event, _, _ in rows:
            document, _ = self.story(event)
            self.out.add_iri(node, PROV.wasDerivedFrom, document)
        self.out.add_triple(node, KG.reportCount, integer(len(stories)))
        self.stats.announced += 1


def icews_triples(
    events: list[Event], rows: int, context: ImportContext, source: str = "icews"
) -> tuple[Triples, ImportStats]:
    """Map the kept rows to RDF for the graph of ``source``; return the triples and counts."""
    return _Mapper(events, rows, context, source).run()
