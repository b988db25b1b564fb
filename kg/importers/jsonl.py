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
(1, 46)
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
from kg.records import model, rdf
from kg.records import reading as rec
from kg.records.mapping import RecordMapper
from kg.store import Inputs
from kg.vocab import CONTACT_TYPES, RDF, SKOS, resource_iri

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
#: The mapper method of each kind of entity line.
_MAPPERS = {
    "country": "country",
    "organisation": "organisation",
    "agent": "anonymous_agent",
    "post": "post",
    "person": "person",
    "source": "source",
}


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
        self.mapper = RecordMapper(track_origin=False)
        self.kind_of = self.mapper.kind_of
        self.entities = 0
        self.contacts = 0
        self.first: dt.date | None = None
        self.last: dt.date | None = None
        #: The contact id the last line defined (for the parallel merge).
        self.defined: str | None = None

    # --- checks -----------------------------------------------------------

    def problem(self, line: int, message: str, record: str | None = None) -> None:
        self.check.add(model.Where(self.shown, line), message, record)

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
        where = model.Where(self.shown, number)
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

    def fields(self, raw: dict[str, Any], where: model.Where, kind: str) -> rec._Fields:
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
        if not self.references(kind, record, line):
            return []
        out: set[str] = set()
        getattr(self.mapper, _MAPPERS[kind])(record, out)
        self.entities += 1
        return sorted(out)

    def references(self, kind: str, record: Any, line: int) -> bool:
        """Whether every id ``record`` refers to was defined on an earlier line."""
        rid = record.id
        if kind == "organisation":
            return self.need(record.country, ("country",), "country", line, rid)
        if kind == "agent":
            ok = self.need(record.country, ("country",), "country", line, rid)
            return self.need(record.close_to, ("person",), "person", line, rid) and ok
        if kind == "post":
            ok = self.need(record.country, ("country",), "country", line, rid)
            organisation = self.need(
                record.organisation, ("organisation",), "organisation", line, rid
            )
            return organisation and ok
        if kind == "person":
            ok = True
            for held in record.tenures:
                ok = self.need(held.post, ("post",), "post", line, rid) and ok
                ok = self.need(held.source, ("source",), "source", line, rid) and ok
            return ok
        if kind == "source":
            kinds = ("country", "organisation", "agent", "person")
            return self.need(record.publisher, kinds, "publisher", line, rid)
        return True

    # --- contacts -----------------------------------------------------------

    def quick_contact(self, raw: dict[str, Any], where: model.Where) -> model.Contact | None:
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
                participants.append(model.Participation(part, "participant"))
            elif (
                isinstance(part, dict)
                and part.keys() <= {"id", "role"}
                and isinstance(part.get("id"), str)
                and part["id"] == part["id"].strip()
                and part.get("role", "participant") in model.ROLES
            ):
                participants.append(
                    model.Participation(part["id"], part.get("role", "participant"))
                )
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
            claims.append(model.ClaimRecord(predicate, value, stance, by, source, where))
        try:
            bounds = _bounds(date)
        except ValueError:
            return None
        if bounds.earliest > self.today:
            return None
        return model.Contact(ident, kind, bounds, tuple(participants), tuple(claims), where)

    def read_contact(self, f: rec._Fields) -> model.Contact | None:
        """As :func:`kg.records.reading._read_contact`, with the fast date parser."""
        return rec._read_contact(f, self.shown, self.today, parse_date=_bounds)

    def check_contact(self, c: model.Contact, line: int) -> bool:
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

    def contact(self, c: model.Contact) -> list[str]:
        """The triples the curated build gives the same contact, sorted."""
        out: set[str] = set()
        self.mapper.contact(c, out)
        self.contacts += 1
        date = c.date
        if self.first is None or date.earliest < self.first:
            self.first = date.earliest
        if self.last is None or date.latest > self.last:
            self.last = date.latest
        return sorted(out)

    def dataset(self, source: str, lines: int) -> list[str]:
        """The node describing the import, as ``kg sources`` lists it."""
        name = os.path.basename(self.shown)
        coverage = None
        if self.first is not None and self.last is not None:
            coverage = f"{self.first.isoformat()}/{self.last.isoformat()}"
        out: set[str] = set()
        rdf.dataset(
            out,
            resource_iri("dataset", source),
            title=f"Bulk import {source} ({name})",
            description=f"contacts of a JSON Lines bulk file ({name}), imported as they are",
            records=lines,
            contacts=self.contacts,
            temporal=coverage,
        )
        return sorted(out)


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
                    "'.', '_' and '-'",
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
