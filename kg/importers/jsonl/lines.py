"""One line of a JSON Lines bulk file, checked and turned into N-Triples.

:class:`LineConverter` checks each line as the curated loader checks a record
and maps it through :class:`kg.records.mapping.RecordMapper`, keeping only
what later lines need (the ids defined, the tenures); :func:`read_line` adds
the limits every line must keep (:mod:`kg.importers.screen`).
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
import re
from collections.abc import Callable
from typing import Any

from kg.dates import parse_edtf
from kg.importers.screen import NT_LINE_BYTES, line_problem, long_output
from kg.records import model, rdf
from kg.records import reading as rec
from kg.records.fields import Checker, Fields
from kg.records.mapping import RecordMapper
from kg.vocab import CONTACT_TYPES, resource_iri

__all__ = ["KINDS", "SOURCE_NAME", "LineConverter", "date_bounds", "read_line"]

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

SOURCE_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
_ID = SOURCE_NAME
_QUICK_FIELDS = frozenset(("id", "type", "date", "participants", "claims"))
_QUICK_CLAIM_FIELDS = frozenset(("about", "stance", "by", "source"))
#: The mapper method of each kind of entity line.
_MAPPERS = {
    "country": "country",
    "organisation": "organisation",
    "agent": "anonymous_agent",
    "post": "post",
    "person": "person",
    "source": "source",
}


#: :func:`kg.dates.parse_edtf` (which skips the EDTF grammar for plain dates and
#: their intervals), remembered: a bulk file repeats the same dates many times.
date_bounds = functools.lru_cache(maxsize=65536)(parse_edtf)


class LineConverter:
    """Checks lines and turns them into N-Triples, keeping only what later lines need."""

    def __init__(self, shown: str, topics: set[str], today: dt.date) -> None:
        self.shown = shown
        self.topics = topics
        self.today = today
        self.check = Checker()
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

    def fields(self, raw: dict[str, Any], where: model.Where, kind: str) -> Fields:
        return Fields(raw, where, self.check, rec._KINDS[KINDS[kind]])

    def entity(self, kind: str, f: Fields, line: int) -> list[str]:
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
            bounds = date_bounds(date)
        except ValueError:
            return None
        if bounds.earliest > self.today:
            return None
        return model.Contact(ident, kind, bounds, tuple(participants), tuple(claims), where)

    def read_contact(self, f: Fields) -> model.Contact | None:
        """As :func:`kg.records.reading._read_contact`, with the fast date parser."""
        return rec._read_contact(f, self.shown, self.today, parse_date=date_bounds)

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


def read_line(converter: LineConverter, number: int, text: str) -> list[str]:
    """:meth:`LineConverter.line` for a line safe to parse, whose triples the store can load.

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
