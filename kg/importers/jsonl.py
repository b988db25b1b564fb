"""Bulk import of contacts from JSON Lines, streamed into an imported source.

A bulk file holds one JSON object per line, each saying which ``record`` it is:
``country``, ``organisation``, ``agent``, ``post``, ``person``, ``source``
or ``contact``. Every other field is the field of the curated record of that
kind, as ``data/README.md`` documents it (a person carries its ``tenures``; a
contact its ``participants`` and ``claims``, each claim with ``about``,
``stance``, ``by``, ``source``)::

    {"record": "country", "id": "fr", "name": "France"}
    {"record": "organisation", "id": "afp", "name": "Agence France-Presse"}
    {"record": "source", "id": "s1", "title": "A report", "publisher": "afp"}
    {"record": "post", "id": "fr-fm", "name": "French foreign minister", "country": "fr", "level": "foreign-minister"}
    {"record": "person", "id": "p1", "name": "A B", "tenures": [{"post": "fr-fm", "start": "2020-01-01", "source": "s1"}]}
    {"record": "contact", "id": "c1", "type": "phone-call", "date": "2021-03", "participants": ["p1", "fr"], "claims": [{"about": "occurred", "by": "afp", "source": "s1"}]}

A bulk file is self-contained, and a line may refer only to ids defined on
*earlier* lines (so: countries, organisations, sources, posts, people, then
contacts). Blank lines are skipped.

:func:`import_contacts` reads the file once, line by line (it never holds
the file, nor an RDF graph, in memory), checks each line as the curated
loader checks a record — fields, ids, dates, references, at least two
participants, a claim that the contact occurred — and writes N-Triples in
exactly the shapes :mod:`kg.records.curated` gives curated records: statuses derived
by :mod:`kg.records.status` (through :func:`kg.records.curated.statement_statuses`),
``kg:participantCountry`` and ``kg:participantPost`` from the tenures at the
contact's date. Output is stable: records in file order, each record's
triples sorted. The N-Triples are written beside ``IMPORTS/SOURCE.nt`` under
a hidden name, the store is built with them (loading them into the named
graph :func:`kg.store.source_graph` of ``SOURCE``), and only then do they
replace ``SOURCE.nt`` (:func:`kg.store.sources.replace_source`). A bad file
raises :class:`~kg.errors.InvalidDataError` naming the file and line of every
problem, and nothing is written; a build that fails leaves the store and the
imports folder as they were.

Examples
--------
>>> import json, tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> lines = [
...     {"record": "country", "id": "fr", "name": "France"},
...     {"record": "country", "id": "ru", "name": "Russia"},
...     {"record": "organisation", "id": "afp", "name": "AFP"},
...     {"record": "source", "id": "s1", "title": "A report", "publisher": "afp"},
...     {"record": "contact", "id": "c1", "type": "meeting", "date": "2021-03",
...      "participants": ["fr", "ru"],
...      "claims": [{"about": "occurred", "by": "afp", "source": "s1"}]},
... ]
>>> _ = (folder / "in.jsonl").write_text("\\n".join(json.dumps(x) for x in lines))
>>> counts = convert(folder / "in.jsonl", folder / "out.nt", topics=set())
>>> counts.contacts, counts.triples
(1, 36)
>>> (folder / "in.jsonl").write_text('{"record": "contact", "id": "c2"}\\n') and None
>>> convert(folder / "in.jsonl", folder / "bad.nt", topics=set())
Traceback (most recent call last):
...
kg.errors.InvalidDataError: 4 problems in the data; nothing was built and the previous store was kept:
  ...in.jsonl:1: record 'c2': missing field 'type'
  ...
>>> (folder / "bad.nt").exists()
False
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import multiprocessing as mp
import os
import re
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TextIO

from kg.dates import DateBounds, parse_edtf
from kg.errors import DataError, InvalidDataError
from kg.importers.screen import NT_LINE_BYTES, line_problem, long_output
from kg.records import reading as rec
from kg.records.curated import (
    contact_label,
    participant_countries,
    statement_statuses,
    statement_suffix,
)
from kg.records.tenures import TenureIndex
from kg.store import Inputs
from kg.vocab import (
    CONTACT_TYPES,
    DCT,
    FOAF,
    KG,
    ORG,
    POST_LEVELS,
    PROV,
    RDF,
    RDFS,
    SCHEMA,
    SKOS,
    TIME,
    WIKIDATA,
    XSD,
    resource_iri,
)

__all__ = ["KINDS", "MAX_PROBLEMS", "Counts", "BulkImport", "convert", "import_contacts"]

#: The ``record`` kind of each line, and the curated section whose fields it takes.
KINDS: dict[str, str] = {
    "country": "countries",
    "organisation": "organisations",
    "agent": "agents",
    "post": "posts",
    "person": "people",
    "source": "sources",
    "contact": "contacts",
}
#: Problems listed before the rest are only counted.
MAX_PROBLEMS = 50

_SOURCE_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
_ID = _SOURCE_NAME
_QUICK_FIELDS = frozenset(("id", "type", "date", "participants", "claims"))
_QUICK_CLAIM_FIELDS = frozenset(("about", "stance", "by", "source"))
_PLAIN_DATE = re.compile(r"^(\d{4})(?:-(0[1-9]|1[0-2]))?(?:-(\d{2}))?$")
_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})
_STATUS_IRIS = {
    "confirmed": KG.Confirmed,
    "reported": KG.Reported,
    "disputed": KG.Disputed,
    "denied": KG.Denied,
}
_CLAIM_PROPERTIES = {
    "occurred": KG.occurred,
    "topic": KG.topic,
    "initiator": KG.initiator,
    "date": KG.edtf,
}
_SOURCE_KINDS = {
    "news-article": SCHEMA.NewsArticle,
    "web-page": SCHEMA.WebPage,
    "dataset": SCHEMA.Dataset,
    "document": PROV.Entity,
}
_TRUE = f'"true"^^<{XSD.boolean}>'


def _i(iri: str) -> str:
    return f"<{iri}>"


def _lit(text: str, datatype: str | None = None) -> str:
    escaped = text.translate(_ESCAPES)
    return f'"{escaped}"' if datatype is None else f'"{escaped}"^^<{datatype}>'


@functools.lru_cache(maxsize=65536)
def _day(day: dt.date) -> str:
    return f'"{day.isoformat()}"^^<{XSD.date}>'


# Terms used on every contact, formatted once (the namespaces check names on each access).
_A = _i(RDF.type)
_LABEL = _i(RDFS.label)
_T = {
    name: _i(KG.term(name))
    for name in (
        "Contact",
        "Claim",
        "Affirms",
        "Denies",
        "edtf",
        "earliest",
        "latest",
        "precision",
        "status",
        "participant",
        "participantCountry",
        "participantPost",
        "series",
        "claims",
        "stance",
        "quote",
        "visitor",
        "host",
        "initiator",
        "topic",
        "occurred",
    )
}
_T.update(
    {
        "Entity": _i(PROV.Entity),
        "attributed": _i(PROV.wasAttributedTo),
        "derived": _i(PROV.wasDerivedFrom),
        "Statement": _i(RDF.Statement),
        "subject": _i(RDF.subject),
        "predicate": _i(RDF.predicate),
        "object": _i(RDF.object),
        "location": _i(SCHEMA.location),
        "comment": _i(RDFS.comment),
    }
)
_TYPE_IRIS = {name: _i(KG.term(term)) for name, term in CONTACT_TYPES.items()}
_STATUS_TERMS = {name: _i(iri) for name, iri in _STATUS_IRIS.items()}
_CLAIM_TERMS = {name: _i(iri) for name, iri in _CLAIM_PROPERTIES.items()}
_CONTACT_BASE = resource_iri("contact", "")
_CLAIM_BASE = resource_iri("claim", "")
_STATEMENT_BASE = resource_iri("statement", "")
_POST_BASE = resource_iri("post", "")
_TOPIC_BASE = resource_iri("topic", "")


def _plain_bounds(text: str) -> DateBounds | None:
    """Bounds of a plain ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, or ``None``.

    The same answer :func:`kg.dates.parse_edtf` gives, without the EDTF
    grammar (which costs ~20 ms a date); anything else returns ``None``.
    """
    match = _PLAIN_DATE.match(text)
    if match is None or (match.group(3) and not match.group(2)):
        return None
    year, month, day = (int(g) if g else None for g in match.groups())
    assert year is not None
    if year == 0:
        return None
    try:
        if month is None:
            return DateBounds(text, dt.date(year, 1, 1), dt.date(year, 12, 31), "year")
        if day is None:
            following = dt.date(year + month // 12, month % 12 + 1, 1)
            last = following - dt.timedelta(days=1)
            return DateBounds(text, dt.date(year, month, 1), last, "month")
        return DateBounds(text, dt.date(year, month, day), dt.date(year, month, day), "day")
    except ValueError:
        return None


@functools.lru_cache(maxsize=65536)
def _bounds(text: str) -> DateBounds:
    """:func:`kg.dates.parse_edtf`, with a fast path for plain dates and their intervals."""
    text = text.strip()
    plain = _plain_bounds(text)
    if plain is not None:
        return plain
    if text.count("/") == 1:
        left, right = (_plain_bounds(part) for part in text.split("/"))
        if left is not None and right is not None and left.earliest <= right.latest:
            order = ("day", "month", "year")
            coarser = max(left.precision, right.precision, key=order.index)
            return DateBounds(text, left.earliest, right.latest, coarser)
    return parse_edtf(text)


@dataclass(frozen=True)
class Counts:
    """What :func:`convert` wrote."""

    lines: int
    entities: int
    contacts: int
    triples: int


@dataclass(frozen=True)
class BulkImport:
    """The result of :func:`import_contacts`.

    Attributes
    ----------
    source : str
        The name of the imported source (its graph is ``source_graph(source)``).
    path : str
        The N-Triples file written.
    counts : Counts
        Lines read, entities and contacts imported, triples written.
    build : dict
        What :func:`kg.store.build_store` returned (``triples`` in the store...).
    """

    source: str
    path: str
    counts: Counts
    build: dict[str, Any]


class _Converter:
    """Checks lines and turns them into N-Triples, keeping only what later lines need."""

    def __init__(self, shown: str, topics: set[str], today: dt.date) -> None:
        self.shown = shown
        self.topics = topics
        self.today = today
        self.check = rec._Checker()
        self.seen: dict[str, int] = {}
        self.kind_of: dict[str, str] = {}
        self.iri: dict[str, str] = {}
        self.label: dict[str, str] = {}
        self.side: dict[str, str | None] = {}
        self.publisher: dict[str, str] = {}
        self.kinds: dict[str, set[str]] = {"country": set(), "organisation": set()}
        self.tenures = TenureIndex(rec.Records())
        self.entities = 0
        self.contacts = 0
        self.first: dt.date | None = None
        self.last: dt.date | None = None
        #: The contact id the last line defined (for the parallel merge).
        self.defined: str | None = None

    # --- checks -----------------------------------------------------------

    def problem(self, line: int, message: str, record: str | None = None) -> None:
        self.check.add(rec.Where(self.shown, line), message, record)

    def need(
        self, value: str | None, kinds: tuple[str, ...], what: str, line: int, rid: str | None
    ) -> bool:
        if value is None or self.kind_of.get(value) in kinds:
            return True
        first = self.seen.get(value)
        where = "no earlier line defines it" if first is None else f"line {first} has problems"
        self.problem(
            line,
            f"unknown {what} '{value}': {where}; define it as a {' or '.join(kinds)} on an "
            "earlier line",
            rid,
        )
        return False

    def define(self, ident: str, kind: str, line: int) -> bool:
        first = self.seen.get(ident)
        if first is not None:
            self.problem(
                line, f"duplicate id; it is already used at line {first}. Ids must be unique", ident
            )
            return False
        self.seen[ident] = line
        if kind == "contact":
            self.defined = ident
        return True

    # --- lines --------------------------------------------------------------

    def line(self, number: int, text: str) -> list[str]:
        """The N-Triples lines of one input line (none if it has a problem)."""
        try:
            raw = json.loads(text)
        except ValueError as exc:
            self.problem(number, f"not valid JSON: {exc}")
            return []
        if not isinstance(raw, dict):
            self.problem(number, "each line must be a JSON object with a 'record' kind")
            return []
        kind = raw.pop("record", None)
        if kind not in KINDS:
            record = raw.get("id") if isinstance(raw.get("id"), str) else None
            self.problem(
                number, f"field 'record' must be one of: {', '.join(KINDS)}, not {kind!r}", record
            )
            return []
        before = len(self.check.problems)
        where = rec.Where(self.shown, number)
        out: list[str] = []
        if kind == "contact":
            contact = self.quick_contact(raw, where)
            if contact is None:
                contact = self.read_contact(self.fields(raw, where, kind))
            if contact is not None and self.check_contact(contact, number):
                out = self.contact(contact)
        else:
            out = self.entity(kind, self.fields(raw, where, kind), number)
        return out if len(self.check.problems) == before else []

    def fields(self, raw: dict[str, Any], where: rec.Where, kind: str) -> rec._Fields:
        return rec._Fields(raw, where, self.check, rec._KINDS[KINDS[kind]])

    def entity(self, kind: str, f: rec._Fields, line: int) -> list[str]:
        reader: Callable[[], Any] = {
            "country": lambda: rec._read_country(f),
            "organisation": lambda: rec._read_organisation(f),
            "agent": lambda: rec._read_agent(f),
            "post": lambda: rec._read_post(f),
            "person": lambda: rec._read_person(f, self.shown),
            "source": lambda: rec._read_source(f),
        }[kind]
        record = reader()
        if record is None or not self.define(record.id, kind, line):
            return []
        out: set[str] = set()
        add = getattr(self, f"_{kind}")
        if add(record, line, out) is False:
            return []
        self.kind_of[record.id] = kind
        self.entities += 1
        return sorted(out)

    def _names(self, iri: str, record: Any, out: set[str]) -> None:
        out.add(f"{iri} {_LABEL} {_lit(record.name)} .\n")
        for alias in record.aliases:
            out.add(f"{iri} {_i(SKOS.altLabel)} {_lit(alias)} .\n")
        if record.wikidata:
            out.add(f"{iri} {_i(SCHEMA.sameAs)} {_i(WIKIDATA.term(record.wikidata))} .\n")

    def _register(self, ident: str, iri: str, name: str, side: str | None) -> None:
        self.iri[ident] = iri
        self.label[ident] = name
        self.side[ident] = side

    def _country(self, c: rec.Country, line: int, out: set[str]) -> None:
        iri = _i(resource_iri("country", c.id))
        self._register(c.id, iri, c.name, c.id)
        self.kinds["country"].add(c.id)
        out.add(f"{iri} {_A} {_i(SCHEMA.Country)} .\n")
        out.add(f"{iri} {_A} {_i(PROV.Agent)} .\n")
        self._names(iri, c, out)

    def _organisation(self, o: rec.Organisation, line: int, out: set[str]) -> bool:
        if not self.need(o.country, ("country",), "country", line, o.id):
            return False
        iri = _i(resource_iri("org", o.id))
        self._register(o.id, iri, o.name, o.country)
        self.kinds["organisation"].add(o.id)
        out.add(f"{iri} {_A} {_i(ORG.Organization)} .\n")
        out.add(f"{iri} {_A} {_i(PROV.Agent)} .\n")
        self._names(iri, o, out)
        if o.country:
            out.add(f"{iri} {_i(KG.country)} {self.iri[o.country]} .\n")
        return True

    def _agent(self, a: rec.Agent, line: int, out: set[str]) -> bool:
        ok = self.need(a.country, ("country",), "country", line, a.id)
        if not (self.need(a.close_to, ("person",), "person", line, a.id) and ok):
            return False
        iri = _i(resource_iri("agent", a.id))
        self._register(a.id, iri, a.name, a.country)
        out.add(f"{iri} {_A} {_i(KG.AnonymousSource)} .\n")
        out.add(f"{iri} {_A} {_i(PROV.Agent)} .\n")
        out.add(f"{iri} {_LABEL} {_lit(a.name)} .\n")
        if a.country:
            out.add(f"{iri} {_i(KG.country)} {self.iri[a.country]} .\n")
        if a.close_to:
            out.add(f"{iri} {_i(KG.closeTo)} {self.iri[a.close_to]} .\n")
        return True

    def _post(self, p: rec.Post, line: int, out: set[str]) -> bool:
        ok = self.need(p.country, ("country",), "country", line, p.id)
        if not (self.need(p.organisation, ("organisation",), "organisation", line, p.id) and ok):
            return False
        iri = _i(resource_iri("post", p.id))
        self.tenures.posts[p.id] = p
        out.add(f"{iri} {_A} {_i(ORG.Post)} .\n")
        self._names(iri, p, out)
        out.add(f"{iri} {_i(KG.country)} {self.iri[p.country]} .\n")
        out.add(f"{iri} {_i(KG.postLevel)} {_i(KG.term(POST_LEVELS[p.level]))} .\n")
        if p.organisation:
            out.add(f"{iri} {_i(ORG.postIn)} {self.iri[p.organisation]} .\n")
        return True

    def _person(self, p: rec.Person, line: int, out: set[str]) -> bool:
        ok = True
        for t in p.tenures:
            ok = self.need(t.post, ("post",), "post", line, p.id) and ok
            ok = self.need(t.source, ("source",), "source", line, p.id) and ok
        if not ok:
            return False
        iri = _i(resource_iri("person", p.id))
        countries = {self.tenures.posts[t.post].country for t in p.tenures}
        self._register(p.id, iri, p.name, countries.pop() if len(countries) == 1 else None)
        self.tenures.tenures[p.id].extend(p.tenures)
        out.add(f"{iri} {_A} {_i(FOAF.Person)} .\n")
        out.add(f"{iri} {_A} {_i(PROV.Agent)} .\n")
        self._names(iri, p, out)
        if p.family_name:
            out.add(f"{iri} {_i(FOAF.familyName)} {_lit(p.family_name)} .\n")
        for t in p.tenures:
            tenure = resource_iri("tenure", f"{p.id}-{t.post}-{t.start.isoformat()}")
            ti, interval = _i(tenure), _i(f"{tenure}#interval")
            out.add(f"{ti} {_A} {_i(ORG.Membership)} .\n")
            out.add(f"{ti} {_i(ORG.member)} {iri} .\n")
            out.add(f"{ti} {_i(KG.post)} {_i(resource_iri('post', t.post))} .\n")
            out.add(f"{ti} {_i(PROV.wasDerivedFrom)} {_i(resource_iri('source', t.source))} .\n")
            if t.note:
                out.add(f"{ti} {_i(RDFS.comment)} {_lit(t.note)} .\n")
            out.add(f"{ti} {_i(ORG.memberDuring)} {interval} .\n")
            out.add(f"{interval} {_A} {_i(TIME.Interval)} .\n")
            for prop, day, suffix in (
                (TIME.hasBeginning, t.start, "start"),
                (TIME.hasEnd, t.end, "end"),
            ):
                if day is None:
                    continue
                instant = _i(f"{tenure}#{suffix}")
                out.add(f"{interval} {_i(prop)} {instant} .\n")
                out.add(f"{instant} {_A} {_i(TIME.Instant)} .\n")
                out.add(f"{instant} {_i(TIME.inXSDDate)} {_day(day)} .\n")
        return True

    def _source(self, s: rec.Source, line: int, out: set[str]) -> bool:
        kinds = ("country", "organisation", "agent", "person")
        if not self.need(s.publisher, kinds, "publisher", line, s.id):
            return False
        iri = _i(resource_iri("source", s.id))
        self.publisher[s.id] = s.publisher
        self.iri[s.id] = iri
        out.add(f"{iri} {_A} {_i(PROV.Entity)} .\n")
        out.add(f"{iri} {_A} {_i(_SOURCE_KINDS[s.kind])} .\n")
        out.add(f"{iri} {_i(DCT.title)} {_lit(s.title)} .\n")
        out.add(f"{iri} {_i(DCT.publisher)} {self.iri[s.publisher]} .\n")
        if s.published:
            out.add(f"{iri} {_i(DCT.issued)} {_day(s.published)} .\n")
        if s.url:
            out.add(f"{iri} {_i(SCHEMA.url)} {_lit(s.url, XSD.anyURI)} .\n")
        return True

    # --- contacts -----------------------------------------------------------

    def quick_contact(self, raw: dict[str, Any], where: rec.Where) -> rec.Contact | None:
        """The record of a contact line in the common, plain shape, without the field checker.

        Returns ``None`` for anything else (a note, a location, a date claim,
        a value with spaces around it, any mistake), which then takes the
        full checks of :meth:`read_contact`; for a line it accepts, both give
        the same record (``tests/test_bulk.py`` compares them).
        """
        if not raw.keys() <= _QUICK_FIELDS:
            return None
        ident, kind, date = raw.get("id"), raw.get("type"), raw.get("date")
        raw_parts, raw_claims = raw.get("participants"), raw.get("claims")
        if not (
            isinstance(ident, str)
            and _ID.match(ident)
            and kind in CONTACT_TYPES
            and isinstance(date, str)
            and date
            and date == date.strip()
            and isinstance(raw_parts, list)
            and isinstance(raw_claims, list)
            and raw_claims
        ):
            return None
        participants = []
        for part in raw_parts:
            if isinstance(part, str) and part and part == part.strip():
                participants.append(rec.Participation(part, "participant"))
            elif (
                isinstance(part, dict)
                and part.keys() <= {"id", "role"}
                and isinstance(part.get("id"), str)
                and part["id"] == part["id"].strip()
                and part.get("role", "participant") in rec.ROLES
            ):
                participants.append(rec.Participation(part["id"], part.get("role", "participant")))
            else:
                return None
        claims = []
        for claim in raw_claims:
            if not (isinstance(claim, dict) and claim.keys() <= _QUICK_CLAIM_FIELDS):
                return None
            about, by, source = claim.get("about"), claim.get("by"), claim.get("source")
            stance = claim.get("stance", "affirms")
            if about == "occurred":
                predicate, value = "occurred", None
            elif isinstance(about, dict) and len(about) == 1:
                predicate, value = next(iter(about.items()))
                if predicate not in ("topic", "initiator") or not (
                    isinstance(value, str) and value and value == value.strip()
                ):
                    return None
            else:
                return None
            if not (
                stance in ("affirms", "denies")
                and isinstance(by, str)
                and _ID.match(by)
                and isinstance(source, str)
                and _ID.match(source)
            ):
                return None
            claims.append(rec.ClaimRecord(predicate, value, stance, by, source, where))
        try:
            bounds = _bounds(date)
        except ValueError:
            return None
        if bounds.earliest > self.today:
            return None
        return rec.Contact(ident, kind, bounds, tuple(participants), tuple(claims), where)

    def read_contact(self, f: rec._Fields) -> rec.Contact | None:
        """As :func:`kg.records.reading._read_contact`, with the fast date parser."""
        return rec._read_contact(f, self.shown, self.today, parse_date=_bounds)

    def check_contact(self, c: rec.Contact, line: int) -> bool:
        """The contact checks of :func:`kg.records.reading.read_records`, against earlier lines."""
        ok = self.define(c.id, "contact", line)
        agents = ("country", "organisation", "agent", "person")
        ids = [p.agent for p in c.participants]
        for part in c.participants:
            ok = self.need(part.post, ("post",), "post", line, c.id) and ok
            ok = self.need(part.agent, agents, "participant", line, c.id) and ok
        for ident in sorted({i for i in ids if ids.count(i) > 1}):
            self.problem(line, f"participant '{ident}' is listed twice", c.id)
            ok = False
        known = len({i for i in ids if i in self.kind_of})
        if known < 2:
            self.problem(line, f"a contact needs at least two participants, found {known}", c.id)
            ok = False
        for claim in c.claims:
            ok = self.need(claim.by, agents, "agent", line, c.id) and ok
            ok = self.need(claim.source, ("source",), "source", line, c.id) and ok
            if claim.predicate == "topic" and claim.value not in self.topics:
                self.problem(
                    line,
                    f"unknown topic '{claim.value}'; add it to ontology/topics.ttl or use an "
                    "existing topic id",
                    c.id,
                )
                ok = False
            if claim.predicate == "initiator":
                ok = self.need(claim.value, agents, "initiator", line, c.id) and ok
        if c.claims and not any(claim.predicate == "occurred" for claim in c.claims):
            self.problem(
                line,
                "no claim says this contact occurred; add one with 'about: occurred', who "
                "said it and the source",
                c.id,
            )
            ok = False
        return ok

    def contact(self, c: rec.Contact) -> list[str]:
        """The triples :mod:`kg.records.curated` gives a curated contact, sorted."""
        t = _T
        iri = f"<{_CONTACT_BASE}{c.id}>"
        date = c.date
        out = {
            f"{iri} {_A} {t['Contact']} .\n",
            f"{iri} {_A} {_TYPE_IRIS[c.type]} .\n",
            f"{iri} {t['edtf']} {_lit(date.edtf)} .\n",
            f"{iri} {t['earliest']} {_day(date.earliest)} .\n",
            f"{iri} {t['latest']} {_day(date.latest)} .\n",
            f"{iri} {t['precision']} <{date.precision_iri}> .\n",
        }
        names = [self.label[p.agent] for p in c.participants]
        out.add(f"{iri} {_LABEL} {_lit(contact_label(c.type, names, date.edtf))} .\n")
        if c.series:
            out.add(f"{iri} {t['series']} {_TRUE} .\n")
        if c.location:
            out.add(f"{iri} {t['location']} {_lit(c.location)} .\n")
        if c.note:
            out.add(f"{iri} {t['comment']} {_lit(c.note)} .\n")
        for part in c.participants:
            agent = self.iri[part.agent]
            out.add(f"{iri} {t['participant']} {agent} .\n")
            if part.role != "participant":
                out.add(f"{iri} {t[part.role]} {agent} .\n")
            for country in participant_countries(
                part.agent, date, self.kinds, self.side, self.tenures
            ):
                out.add(f"{iri} {t['participantCountry']} {self.iri[country]} .\n")
            for post in self.tenures.held(part.agent, date.earliest, date.latest):
                out.add(f"{iri} {t['participantPost']} <{_POST_BASE}{post.id}> .\n")
        for number, claim in enumerate(c.claims, start=1):
            ci = f"<{_CLAIM_BASE}{c.id}-{number}>"
            statement = (
                f"<{_STATEMENT_BASE}{c.id}-{statement_suffix(claim.predicate, claim.value)}>"
            )
            stance = t["Affirms"] if claim.stance == "affirms" else t["Denies"]
            out.add(f"{ci} {_A} {t['Claim']} .\n")
            out.add(f"{ci} {_A} {t['Entity']} .\n")
            out.add(f"{ci} {t['claims']} {statement} .\n")
            out.add(f"{ci} {t['stance']} {stance} .\n")
            out.add(f"{ci} {t['attributed']} {self.iri[claim.by]} .\n")
            out.add(f"{ci} {t['derived']} {self.iri[claim.source]} .\n")
            if claim.quote:
                out.add(f"{ci} {t['quote']} {_lit(claim.quote)} .\n")
        for predicate, value, claims, status in statement_statuses(
            c.claims, self.side, self.publisher
        ):
            si = f"<{_STATEMENT_BASE}{c.id}-{statement_suffix(claims[0].predicate, value)}>"
            obj = self.statement_object(predicate, value)
            status_iri = _STATUS_TERMS[status]
            out.add(f"{si} {_A} {t['Statement']} .\n")
            out.add(f"{si} {t['subject']} {iri} .\n")
            out.add(f"{si} {t['predicate']} {_CLAIM_TERMS[predicate]} .\n")
            out.add(f"{si} {t['object']} {obj} .\n")
            out.add(f"{si} {t['status']} {status_iri} .\n")
            if predicate == "occurred":
                out.add(f"{iri} {t['status']} {status_iri} .\n")
            elif predicate != "date" and status in ("confirmed", "reported"):
                out.add(f"{iri} {_CLAIM_TERMS[predicate]} {obj} .\n")
        self.contacts += 1
        if self.first is None or date.earliest < self.first:
            self.first = date.earliest
        if self.last is None or date.latest > self.last:
            self.last = date.latest
        return sorted(out)

    def dataset(self, source: str, lines: int) -> list[str]:
        """The node describing the import, as ``kg sources`` lists it."""
        node = _i(resource_iri("dataset", source))
        name = os.path.basename(self.shown)
        out = [
            f"{node} {_A} {_i(SCHEMA.Dataset)} .\n",
            f"{node} {_A} {_i(PROV.Entity)} .\n",
            f"{node} {_i(DCT.title)} {_lit(f'Bulk import {source} ({name})')} .\n",
            f"{node} {_i(DCT.description)} "
            f"{_lit(f'contacts of a JSON Lines bulk file ({name}), imported as they are')} .\n",
            f"{node} {_i(KG.recordCount)} {_lit(str(lines), XSD.integer)} .\n",
            f"{node} {_i(KG.contactCount)} {_lit(str(self.contacts), XSD.integer)} .\n",
        ]
        if self.first is not None and self.last is not None:
            coverage = f"{self.first.isoformat()}/{self.last.isoformat()}"
            out.append(f"{node} {_i(SCHEMA.temporalCoverage)} {_lit(coverage)} .\n")
        return sorted(out)

    def statement_object(self, predicate: str, value: str | None) -> str:
        if predicate == "occurred":
            return _TRUE
        if predicate == "topic":
            return f"<{_TOPIC_BASE}{value}>"
        if predicate == "date":
            return _lit(value or "")
        return self.iri[value or ""]


def _topics(ontology_dir: str) -> set[str]:
    """The topic ids of ``topics.ttl`` (read with pyoxigraph, not rdflib)."""
    import pyoxigraph as ox

    base = resource_iri("topic", "")
    path = os.path.join(ontology_dir, "topics.ttl")
    concept = ox.NamedNode(SKOS.Concept)
    found = set()
    for quad in ox.parse(path=path, format=ox.RdfFormat.TURTLE):
        if quad.predicate.value == RDF.type and quad.object == concept:
            subject = quad.subject.value
            if subject.startswith(base):
                found.add(subject[len(base) :])
    return found


def convert(
    path: str | os.PathLike[str],
    out_path: str | os.PathLike[str],
    *,
    topics: set[str],
    today: dt.date | None = None,
    source: str | None = None,
    workers: int | None = None,
) -> Counts:
    """Check the bulk file ``path`` and write its N-Triples to ``out_path``, atomically.

    Streams: memory grows with the number of entities and ids, not with the
    file. ``topics`` are the known topic ids; ``today`` the day after which a
    contact is in the future (default: today). With ``source``, a
    ``schema:Dataset`` node describing the import ends the output (the
    imported source's name, its counts and dates, as ``kg sources`` shows).
    Contact lines are converted by ``workers`` processes (default: one per
    core for a file over :data:`PARALLEL_BYTES`, else none); the output and
    the problems reported are the same either way (except for how far past
    ``10 * MAX_PROBLEMS`` problems reading goes before it stops).

    Raises
    ------
    InvalidDataError
        With every problem (the first :data:`MAX_PROBLEMS`, then a count),
        each naming the file and line; ``out_path`` is then left untouched.
    """
    path, out_path = os.fspath(path), os.fspath(out_path)
    converter = _Converter(path, topics, today or dt.date.today())
    if workers is None:
        large = os.path.isfile(path) and os.path.getsize(path) > PARALLEL_BYTES
        workers = (os.cpu_count() or 1) if large else 1
    folder = os.path.dirname(out_path) or "."
    os.makedirs(folder, exist_ok=True)
    temporary = os.path.join(folder, f".{os.path.basename(out_path)}.{os.getpid()}.tmp")
    lines = triples = 0
    try:
        with (
            open(path, encoding="utf-8") as handle,
            open(temporary, "w", encoding="utf-8", newline="\n", buffering=1 << 20) as sink,
        ):
            if workers > 1 and "fork" in mp.get_all_start_methods():
                lines, triples = _convert_parallel(converter, handle, sink, workers)
            else:
                lines, triples = _convert_serial(converter, handle, sink)
            if source is not None and not converter.check.problems:
                out = converter.dataset(source, converter.entities + converter.contacts)
                triples += len(out)
                sink.write("".join(out))
        problems = converter.check.problems
        if problems:
            shown = problems[:MAX_PROBLEMS]
            if len(problems) > MAX_PROBLEMS:
                shown.append(
                    DataError(
                        path,
                        f"... and more problems ({len(problems) - MAX_PROBLEMS} "
                        "more before reading stopped or the file ended)",
                    )
                )
            raise InvalidDataError(shown)
        os.replace(temporary, out_path)
    except UnicodeDecodeError as exc:
        raise InvalidDataError(
            [DataError(path, f"the file is not UTF-8 text: {exc}", line=lines + 1)]
        ) from exc
    except FileNotFoundError as exc:
        if not os.path.exists(path):
            raise InvalidDataError([DataError(path, "the file does not exist")]) from exc
        raise
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
    return Counts(lines, converter.entities, converter.contacts, triples)


def _too_many(converter: _Converter) -> bool:
    return len(converter.check.problems) > 10 * MAX_PROBLEMS


def _read_line(converter: _Converter, number: int, text: str) -> list[str]:
    """:meth:`_Converter.line` for a line safe to parse, whose triples the store can load.

    A line nested too deep, holding a value over the length limit or a lone
    surrogate (:func:`kg.importers.screen.line_problem`), or making a triple
    longer than the store reads, is a problem of that line instead.
    """
    refused = line_problem(text)
    if refused is not None:
        converter.problem(number, *refused)
        return []
    out = converter.line(number, text)
    longest = long_output(out)
    if longest is not None:
        converter.problem(
            number,
            f"the record makes a triple of {longest:,} bytes, more than the store reads "
            f"({NT_LINE_BYTES:,}): its texts are too long together",
        )
        return []
    return out


def _convert_serial(converter: _Converter, handle: TextIO, sink: TextIO) -> tuple[int, int]:
    """Convert every line in this process; the lines read and triples written."""
    lines = triples = 0
    for lines, text in enumerate(handle, start=1):  # noqa: B007 - counted
        if not text.strip():
            continue
        out = _read_line(converter, lines, text)
        if converter.check.problems:
            if _too_many(converter):
                break
            continue
        triples += len(out)
        sink.write("".join(out))
    return lines, triples


#: A line that is certainly a contact record: ``record`` is its first key
#: (and, checked besides, its only one), as generators write it.
_CONTACT_LINE = re.compile(r'\s*\{\s*"record"\s*:\s*"contact"\s*[,}]')
#: Above this size, :func:`convert` spreads contact lines over processes.
PARALLEL_BYTES = 8 << 20
#: Contact lines sent to a worker process at a time.
BATCH_LINES = 2000
#: The converter forked worker processes start from (see :func:`_convert_parallel`).
_FORKED: _Converter | None = None
#: What a worker sends back for one line: its number, N-Triples, the contact
#: id it defined, its problems (line, message, record), its date bounds.
_LineResult = tuple[int, str, str | None, list[tuple[int | None, str, str | None]],
                    dt.date | None, dt.date | None]  # fmt: skip


def _convert_batch(batch: list[tuple[int, str]]) -> list[_LineResult]:
    """In a worker: convert contact lines with the converter forked from the parent."""
    converter = _FORKED
    assert converter is not None
    results: list[_LineResult] = []
    for number, text in batch:
        converter.defined = None
        converter.first = converter.last = None
        converter.check.problems.clear()  # the parent's, when it forked, or the last line's
        out = _read_line(converter, number, text)
        problems = [(p.line, p.message, p.record) for p in converter.check.problems]
        results.append(
            (number, "".join(out), converter.defined, problems, converter.first, converter.last)
        )
    return results


def _convert_parallel(
    converter: _Converter, handle: TextIO, sink: TextIO, workers: int
) -> tuple[int, int]:
    """Convert contact lines in forked worker processes, everything else here.

    Workers start from a copy of the converter (fork), which is what every
    contact line needs: the entities defined on earlier lines. A non-contact
    line after contacts waits for the contacts before it, then the next
    contacts go to workers forked anew. Results are merged in file order;
    a contact id used in two batches is caught here, as the serial
    conversion would catch it.
    """
    global _FORKED
    lines = triples = 0
    pool: Any = None
    pending: deque[Any] = deque()
    batch: list[tuple[int, str]] = []

    def merge(results: list[_LineResult]) -> None:
        nonlocal triples
        for number, out, defined, problems, first, last in results:
            for line, message, record in problems:
                converter.problem(line or number, message, record)
            if defined is not None:
                if not converter.define(defined, "contact", number):
                    continue
            if out and not converter.check.problems:
                triples += out.count("\n")
                sink.write(out)
            if first is not None and (converter.first is None or first < converter.first):
                converter.first = first
            if last is not None and (converter.last is None or last > converter.last):
                converter.last = last
            if out:
                converter.contacts += 1

    def dispatch() -> None:
        nonlocal pool, batch
        if not batch:
            return
        if pool is None:
            global _FORKED
            _FORKED = converter
            pool = mp.get_context("fork").Pool(workers)
        pending.append(pool.apply_async(_convert_batch, (batch,)))
        batch = []
        while len(pending) > 2 * workers:
            merge(pending.popleft().get())

    def drain() -> None:
        nonlocal pool
        dispatch()
        while pending:
            merge(pending.popleft().get())
        if pool is not None:
            pool.close()
            pool.join()
            pool = None

    try:
        for lines, text in enumerate(handle, start=1):  # noqa: B007 - counted
            if not text.strip():
                continue
            if _CONTACT_LINE.match(text) and text.count('"record"') == 1:
                batch.append((lines, text))
                if len(batch) >= BATCH_LINES:
                    dispatch()
            else:
                drain()  # the line may define what later contacts use
                out = _read_line(converter, lines, text)
                if not converter.check.problems:
                    triples += len(out)
                    sink.write("".join(out))
            if _too_many(converter):
                break
        drain()
    finally:
        if pool is not None:
            pool.terminate()
        _FORKED = None
    return lines, triples


def import_contacts(
    path: str | os.PathLike[str],
    inputs: Inputs,
    store: str | None = None,
    source: str | None = None,
    *,
    today: dt.date | None = None,
) -> BulkImport:
    """Import the bulk file ``path`` as the source ``source``, then rebuild the store.

    Parameters
    ----------
    path : str or path-like
        A JSON Lines bulk file (see the module documentation).
    inputs : Inputs
        The store's inputs; ``inputs.imports_dir`` receives ``SOURCE.nt``.
    store : str, optional
        The store directory (or SPARQL endpoint URL) to rebuild.
    source : str, optional
        The source name (lower-case letters, digits, ``.``, ``_``, ``-``);
        default: the file's name without its extensions.
    today : datetime.date, optional
        The day after which a contact is in the future (default: today).

    Raises
    ------
    InvalidDataError
        When the file has problems or the store does not build with it: the
        import is all or nothing (:func:`kg.store.sources.replace_source`), so
        the imports folder and the store are then as they were.
    StoreError
        When the store cannot be written (read-only, full disk).
    """
    path = os.fspath(path)
    if source is None:
        source = os.path.basename(path).split(".", 1)[0].lower()
    if not _SOURCE_NAME.match(source):
        raise InvalidDataError(
            [
                DataError(
                    path,
                    f"'{source}' is not a valid source name: use lower-case letters, digits, "
                    "'.', '_' and '-' (option --source)",
                )
            ]
        )
    if inputs.imports_dir is None:
        raise InvalidDataError([DataError(path, "the store has no imports folder")])
    from kg.store.sources import replace_source

    topics = _topics(inputs.ontology_dir)
    counts, info = replace_source(
        store,
        inputs,
        source,
        lambda staged: convert(path, staged, topics=topics, today=today, source=source),
    )
    return BulkImport(source, os.path.join(inputs.imports_dir, f"{source}.nt"), counts, info)
