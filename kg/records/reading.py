"""Reading and checking the curated YAML records (the types: :mod:`kg.records.model`).

A data folder holds ``*.yaml`` files (searched recursively). Each file is a
mapping whose keys are record kinds — ``countries``, ``organisations``,
``agents``, ``posts``, ``people``, ``sources``, ``contacts`` — each a list of
records. ``data/README.md`` documents every field with a full example.

:func:`read_records` checks everything that can be checked without RDF:
YAML syntax, fields and their types, ids that are duplicated or unknown,
dates that do not parse or cannot be, contacts with fewer than two
participants or no claim that they occurred. It collects every problem with
its file, line and record id, and raises them together.

Examples
--------
>>> import pathlib, tempfile
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "a.yaml").write_text('''
... countries:
...   - {id: fr, name: France}
... contacts:
...   - id: c1
...     type: phone-call
...     date: 2024-04-03
...     participants: [fr, ru]
...     claims: [{about: occurred, by: fr, source: s1}]
... ''')
>>> read_records(folder, topics=set())
Traceback (most recent call last):
...
kg.errors.InvalidDataError: 3 problems in the data; nothing was built and the previous store was kept:
  a.yaml:5: record 'c1': unknown participant 'ru'; add it to people, countries or organisations, or fix the id
  a.yaml:5: record 'c1': a contact needs at least two participants, found 1
  a.yaml:9: record 'c1': unknown source 's1'; add it under sources, or fix the id
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from kg.dates import DateBounds, parse_edtf
from kg.errors import InvalidDataError
from kg.records.fields import ID, Checker, Fields, where_of
from kg.records.model import (
    CLAIM_SUBJECTS,
    ROLES,
    SOURCE_KINDS,
    Agent,
    ClaimRecord,
    Contact,
    Country,
    Organisation,
    Participation,
    Person,
    Post,
    Records,
    Source,
    Tenure,
    Where,
)
from kg.records.yaml_lines import Refused, load_yaml, show
from kg.vocab import CONTACT_TYPES, POST_LEVELS

__all__ = ["read_records"]


def _read_country(f: Fields) -> Country | None:
    ident, name = f.ident(), f.text("name")
    if ident is None or name is None:
        return None
    return Country(ident, name, f.where, f.texts("aliases"), f.wikidata())


def _read_organisation(f: Fields) -> Organisation | None:
    ident, name = f.ident(), f.text("name")
    if ident is None or name is None:
        return None
    return Organisation(
        ident, name, f.where, f.texts("aliases"), f.ident("country", False), f.wikidata()
    )


def _read_agent(f: Fields) -> Agent | None:
    ident, name = f.ident(), f.text("name")
    if ident is None or name is None:
        return None
    return Agent(ident, name, f.where, f.ident("country", False), f.ident("close_to", False))


def _read_post(f: Fields) -> Post | None:
    ident, name, country = f.ident(), f.text("name"), f.ident("country")
    level = f.choice("level", POST_LEVELS)
    if ident is None or name is None or country is None or level is None:
        return None
    return Post(
        ident,
        name,
        f.where,
        country,
        level,
        f.texts("aliases"),
        f.ident("organisation", False),
        f.wikidata(),
    )


def _read_tenure(raw: Any, path: str, owner: Fields) -> Tenure | None:
    where = where_of(raw, path, owner.where.line)
    if not isinstance(raw, dict):
        owner.problem("each tenure must be a mapping with post, start, end and source")
        return None
    f = Fields(raw, where, owner.check, ("post", "start", "end", "source", "note"))
    f.id = owner.id
    post, start, end = f.ident("post"), f.day("start"), f.day("end", required=False)
    source = f.ident("source")
    if start is not None and end is not None and end < start:
        f.problem(f"tenure of '{post}' ends ({end}) before it starts ({start})")
        return None
    if post is None or start is None or source is None:
        return None
    return Tenure(post, start, end, source, where, f.text("note", required=False))


def _read_person(f: Fields, path: str) -> Person | None:
    ident, name = f.ident(), f.text("name")
    raw_tenures = f.raw.get("tenures", [])
    if not isinstance(raw_tenures, list):
        f.problem("field 'tenures' must be a list")
        raw_tenures = []
    tenures = [_read_tenure(raw, path, f) for raw in raw_tenures]
    if ident is None or name is None:
        return None
    return Person(
        ident,
        name,
        f.where,
        f.texts("aliases"),
        f.text("family_name", required=False),
        f.wikidata(),
        tuple(t for t in tenures if t is not None),
    )


def _read_source(f: Fields) -> Source | None:
    ident, title, publisher = f.ident(), f.text("title"), f.ident("publisher")
    kind = f.choice("kind", SOURCE_KINDS, default="news-article")
    published, url = f.day("published", required=False), f.text("url", required=False)
    if url is not None and not re.match(r"^https?://\S+$", url):
        f.problem(f"field 'url': '{url}' is not an http(s) address")
        url = None
    if ident is None or title is None or publisher is None or kind is None:
        return None
    return Source(ident, title, publisher, f.where, kind, published, url)


def _read_claim(raw: Any, path: str, owner: Fields) -> ClaimRecord | None:
    where = where_of(raw, path, owner.where.line)
    if not isinstance(raw, dict):
        owner.problem("each claim must be a mapping with about, by and source")
        return None
    f = Fields(raw, where, owner.check, ("about", "stance", "by", "source", "quote"))
    f.id = owner.id
    about = raw.get("about")
    predicate: str | None = None
    value: str | None = None
    if about == "occurred":
        predicate = "occurred"
    elif isinstance(about, dict):
        keys = [k for k in about if k != "__line__"]
        if len(keys) == 1 and keys[0] in CLAIM_SUBJECTS:
            raw_value = about[keys[0]]
            if isinstance(raw_value, (str, int)) and not isinstance(raw_value, bool):
                predicate, value = keys[0], str(raw_value).strip()
    if predicate is None:
        f.problem(
            "field 'about' must be 'occurred', {topic: TOPIC-ID}, {initiator: AGENT-ID} "
            f"or {{date: EDTF}}, not {show(about)}"
        )
    elif predicate == "date":
        try:
            value = parse_edtf(value or "").edtf
        except ValueError as exc:
            f.problem(f"claim about the date: {exc}")
            predicate = None
    stance = f.choice("stance", ("affirms", "denies"), default="affirms")
    by, source = f.ident("by"), f.ident("source")
    quote = f.text("quote", required=False)
    if predicate is None or stance is None or by is None or source is None:
        return None
    return ClaimRecord(predicate, value, stance, by, source, where, quote)


def _read_participant(raw: Any, f: Fields) -> Participation | None:
    if isinstance(raw, str):
        return Participation(raw.strip(), "participant")
    if isinstance(raw, dict) and isinstance(raw.get("id"), str):
        extra = set(raw) - {"id", "role", "as", "__line__"}
        role = raw.get("role", "participant")
        post = raw.get("as")
        if extra:
            f.problem(f"participant '{raw['id']}' has unknown fields: {', '.join(sorted(extra))}")
        if role not in ROLES:
            f.problem(f"participant '{raw['id']}': role '{role}' is not one of: {', '.join(ROLES)}")
            return None
        if post is not None and not (isinstance(post, str) and ID.match(post)):
            f.problem(f"participant '{raw['id']}': 'as' must be a post id, not {show(post)}")
            return None
        return Participation(raw["id"].strip(), role, post)
    f.problem(f"a participant must be an id or {{id: ID, role: ROLE, as: POST}}, not {show(raw)}")
    return None


def _read_contact(
    f: Fields,
    path: str,
    today: dt.date,
    parse_date: Callable[[str], DateBounds] = parse_edtf,
) -> Contact | None:
    """Read one contact record; ``parse_date`` turns its EDTF date into bounds."""
    ident = f.ident()
    kind = f.choice("type", CONTACT_TYPES)
    date_text = f.text("date")
    bounds: DateBounds | None = None
    if date_text is not None:
        try:
            bounds = parse_date(date_text)
        except ValueError as exc:
            f.problem(f"field 'date': {exc}")
        else:
            if bounds.earliest > today:
                f.problem(
                    f"field 'date': {date_text} is in the future; record an announced "
                    "contact only once it has happened"
                )
    raw_participants = f.raw.get("participants")
    if not isinstance(raw_participants, list):
        f.problem("field 'participants' must be a list of ids")
        raw_participants = []
    participants = [_read_participant(raw, f) for raw in raw_participants]
    raw_claims = f.raw.get("claims")
    if not isinstance(raw_claims, list) or not raw_claims:
        f.problem("field 'claims' must list at least one claim that the contact occurred")
        raw_claims = []
    claims = [_read_claim(raw, path, f) for raw in raw_claims]
    series = f.raw.get("series", False)
    if not isinstance(series, bool):
        f.problem("field 'series' must be true or false")
        series = False
    location, note = f.text("location", required=False), f.text("note", required=False)
    if ident is None or kind is None or bounds is None:
        return None
    return Contact(
        ident,
        kind,
        bounds,
        tuple(p for p in participants if p is not None),
        tuple(c for c in claims if c is not None),
        f.where,
        location,
        series,
        note,
    )


_KINDS: dict[str, tuple[str, ...]] = {
    "countries": ("id", "name", "aliases", "wikidata"),
    "organisations": ("id", "name", "aliases", "country", "wikidata"),
    "agents": ("id", "name", "country", "close_to"),
    "posts": ("id", "name", "aliases", "country", "organisation", "level", "wikidata"),
    "people": ("id", "name", "aliases", "family_name", "wikidata", "tenures"),
    "sources": ("id", "title", "publisher", "kind", "published", "url"),
    "contacts": (
        "id",
        "type",
        "date",
        "participants",
        "claims",
        "location",
        "series",
        "note",
    ),
}


def _load_file(path: Path, shown: str, check: Checker) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        check.add(Where(shown, None), f"cannot read the file: {exc}")
        return {}
    try:
        document, problems = load_yaml(text)
    except Refused as exc:
        check.add(Where(shown, exc.line), exc.message)
        return {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        reason = getattr(exc, "problem", None) or str(exc)
        check.add(
            Where(shown, line), f"YAML syntax error: {reason}; fix the indentation or quoting"
        )
        return {}
    for line, message in problems:
        check.add(Where(shown, line), message)
    if document is None:
        return {}
    if not isinstance(document, dict):
        check.add(Where(shown, 1), "the file must be a mapping of record kinds to lists")
        return {}
    return document


def read_records(data_dir: Path, topics: set[str], today: dt.date | None = None) -> Records:
    """Read and check every ``*.yaml`` file under ``data_dir``.

    Parameters
    ----------
    data_dir : Path
        The folder of records.
    topics : set of str
        The topic ids of the topic scheme, against which claims are checked.
    today : datetime.date, optional
        The day after which a contact is in the future (default: today).

    Raises
    ------
    InvalidDataError
        With every problem found, each naming its file, line and record.
    """
    today = today or dt.date.today()
    check = Checker()
    records = Records()
    files = sorted(data_dir.rglob("*.yaml"))
    if not files:
        check.add(Where(str(data_dir), None), "no *.yaml record files in this folder")
    readers: dict[str, tuple[list[Any], Callable[[Fields, str], Any]]] = {
        "countries": (records.countries, lambda f, p: _read_country(f)),
        "organisations": (records.organisations, lambda f, p: _read_organisation(f)),
        "agents": (records.agents, lambda f, p: _read_agent(f)),
        "posts": (records.posts, lambda f, p: _read_post(f)),
        "people": (records.people, _read_person),
        "sources": (records.sources, lambda f, p: _read_source(f)),
        "contacts": (records.contacts, lambda f, p: _read_contact(f, p, today)),
    }
    for path in files:
        shown = str(path.relative_to(data_dir))
        document = _load_file(path, shown, check)
        for kind, items in document.items():
            if kind == "__line__":
                continue
            if kind not in readers:
                check.add(
                    Where(shown, None),
                    f"unknown section '{kind}'; expected one of: {', '.join(readers)}",
                )
                continue
            if not isinstance(items, list):
                check.add(Where(shown, None), f"section '{kind}' must be a list of records")
                continue
            target, reader = readers[kind]
            for raw in items:
                where = where_of(raw, shown, None)
                if not isinstance(raw, dict):
                    check.add(where, f"each entry of '{kind}' must be a mapping, not {show(raw)}")
                    continue
                record = reader(Fields(raw, where, check, _KINDS[kind]), shown)
                if record is not None:
                    target.append(record)
    _cross_check(records, topics, check)
    if check.problems:
        raise InvalidDataError(check.problems)
    return records


def _cross_check(records: Records, topics: set[str], check: Checker) -> None:
    """Checks that need every record: ids, references, counts."""
    seen: dict[str, Where] = {}
    everything: list[Any] = [
        *records.countries,
        *records.organisations,
        *records.agents,
        *records.posts,
        *records.people,
        *records.sources,
        *records.contacts,
    ]
    for record in everything:
        first = seen.get(record.id)
        if first is not None:
            check.add(
                record.where,
                f"duplicate id; it is already used at {first.path}:{first.line}. Ids must be unique",
                record.id,
            )
        else:
            seen[record.id] = record.where
    countries = {c.id for c in records.countries}
    organisations = {o.id for o in records.organisations}
    agents = {a.id for a in records.all_agents()}
    people = {p.id for p in records.people}
    posts = {p.id for p in records.posts}
    sources = {s.id for s in records.sources}

    def need(
        value: str | None, known: set[str], what: str, where: Where, rid: str, hint: str
    ) -> None:
        if value is not None and value not in known:
            check.add(where, f"unknown {what} '{value}'; {hint}", rid)

    for org in records.organisations:
        need(org.country, countries, "country", org.where, org.id, "add it under countries")
    for agent in records.agents:
        need(agent.country, countries, "country", agent.where, agent.id, "add it under countries")
        need(agent.close_to, people, "person", agent.where, agent.id, "add it under people")
    for post in records.posts:
        need(post.country, countries, "country", post.where, post.id, "add it under countries")
        need(
            post.organisation,
            organisations,
            "organisation",
            post.where,
            post.id,
            "add it under organisations",
        )
    for person in records.people:
        for tenure in person.tenures:
            need(tenure.post, posts, "post", tenure.where, person.id, "add it under posts")
            need(tenure.source, sources, "source", tenure.where, person.id, "add it under sources")
    for source in records.sources:
        need(
            source.publisher,
            agents,
            "publisher",
            source.where,
            source.id,
            "add it under organisations",
        )
    for contact in records.contacts:
        for part in contact.participants:
            need(part.post, posts, "post", contact.where, contact.id, "add it under posts")
        ids = [p.agent for p in contact.participants]
        for ident in ids:
            need(
                ident,
                agents,
                "participant",
                contact.where,
                contact.id,
                "add it to people, countries or organisations, or fix the id",
            )
        for ident in {i for i in ids if ids.count(i) > 1}:
            check.add(contact.where, f"participant '{ident}' is listed twice", contact.id)
        if len({i for i in ids if i in agents}) < 2:
            check.add(
                contact.where,
                f"a contact needs at least two participants, found {len({i for i in ids if i in agents})}",
                contact.id,
            )
        for claim in contact.claims:
            need(
                claim.by,
                agents,
                "agent",
                claim.where,
                contact.id,
                "add it under agents or organisations",
            )
            need(
                claim.source,
                sources,
                "source",
                claim.where,
                contact.id,
                "add it under sources, or fix the id",
            )
            if claim.predicate == "topic":
                need(
                    claim.value,
                    topics,
                    "topic",
                    claim.where,
                    contact.id,
                    "add it to ontology/topics.ttl or use an existing topic id",
                )
            if claim.predicate == "initiator":
                need(
                    claim.value,
                    agents,
                    "initiator",
                    claim.where,
                    contact.id,
                    "use a person, country or organisation id",
                )
        if contact.claims and not any(c.predicate == "occurred" for c in contact.claims):
            check.add(
                contact.where,
                "no claim says this contact occurred; add one with 'about: occurred', who said it and the source",
                contact.id,
            )
