"""Proposing contact records from a news article, for a person to review (``kg extract``).

:func:`extract` reads an article and returns an :class:`~kg.extract.model.Extraction`:
candidate contacts in the records' own terms (participants resolved to the ids
of the data, or new people to add; the type; the date as EDTF at the precision
the text gives; topics, initiator and every claim with who makes it), what the
article says that is *not* a contact (absences, announcements), and each with
the sentences it rests on and their offsets. :mod:`kg.extract.yaml_out` writes
it as a YAML file for ``data/`` or as JSON. Nothing is written into the data:
a reviewer moves the file there.

The rules are in :mod:`kg.extract.contacts` (what makes a contact),
:mod:`kg.extract.claims` (who says what), :mod:`kg.extract.dates` (dates with
``dateparser``), :mod:`kg.extract.gazetteer` (names of the records) and
:mod:`kg.extract.cues` (the vocabulary).

Examples
--------
>>> import datetime as dt
>>> from kg.extract.gazetteer import Gazetteer
>>> from kg.records.model import Records, Person, Where
>>> w = Where("x", 1)
>>> g = Gazetteer(Records(people=[Person("a", "Ann Able", w), Person("b", "Bob Baker", w)]), {})
>>> found = extract("Ann Able met Bob Baker in Geneva last month.", dt.date(2024, 4, 3), g, publisher="AFP")
>>> [(c.id, c.type, c.when.edtf) for c in found.contacts]
[('a-b-2024-03', 'meeting', '2024-03')]
>>> found.source_id, [r.id for r in found.new_records]
('afp-2024-04-03', ['afp'])
"""

from __future__ import annotations

import datetime as dt

from kg.extract.contacts import read_article
from kg.extract.gazetteer import Gazetteer, Mention, load_gazetteer, slug
from kg.extract.model import ClaimCandidate, ContactCandidate, Extraction, NewRecord

__all__ = ["extract", "load_gazetteer", "Extraction"]


def _publisher(gazetteer: Gazetteer, name: str | None) -> tuple[str, NewRecord | None]:
    if not name:
        return "unknown-publisher", NewRecord("organisations", "unknown-publisher", "Unknown publisher",
                                              note="the publisher was not given")  # fmt: skip
    hits = [m for m in gazetteer.mentions(name) if m.kind == "organisation"]
    if hits:
        return hits[0].id, None
    ident = slug(name)
    return ident, NewRecord("organisations", ident, name, note="a publisher the data does not hold")


def _title(text: str, title: str | None) -> str:
    if title:
        return title
    first = text.strip().splitlines()[0].strip() if text.strip() else ""
    return first if first and not first.endswith(".") and len(first) < 200 else "Untitled article"


def extract(
    text: str,
    published: dt.date,
    gazetteer: Gazetteer,
    publisher: str | None = None,
    title: str | None = None,
) -> Extraction:
    """Propose contact records for the article ``text`` published on ``published``.

    Parameters
    ----------
    text : str
        The article, plain text (a first line without a full stop is its headline).
    published : datetime.date
        The publication day, against which relative dates are resolved.
    gazetteer : Gazetteer
        The names of the data the candidates should use (:func:`load_gazetteer`).
    publisher, title : str, optional
        The publisher's name ("AFP") and the title; the title defaults to the headline.
    """
    records = gazetteer.records
    publisher_id, new_publisher = _publisher(gazetteer, publisher)
    title = _title(text, title)
    reading = read_article(text, published, gazetteer, publisher_id)
    same = [s for s in records.sources if s.publisher == publisher_id and s.published == published
            and (title == "Untitled article" or s.title == title)]  # fmt: skip
    taken = {
        r.id for r in (*records.all_agents(), *records.posts, *records.sources, *records.contacts)
    }
    source_id = same[0].id if same else _unique(f"{publisher_id}-{published.isoformat()}", taken)
    taken.add(source_id)
    new: dict[str, NewRecord] = {}
    if new_publisher:
        new[new_publisher.id] = new_publisher
    known = {r.id for r in records.all_agents()}
    for contact in reading.contacts:
        if not any(c.about == "occurred" and c.stance == "affirms" for c in contact.claims):
            contact.claims.insert(
                0,
                ClaimCandidate(
                    "occurred", None, "affirms", publisher_id, "the article", contact.evidence[0]
                ),
            )
        contact.id = _unique(_contact_id(contact), taken)
        taken.add(contact.id)
        for old in records.contacts:
            if (
                old.type == contact.type
                and old.date.edtf == contact.when.edtf
                and {p.agent for p in old.participants} == {p.id for p in contact.participants}
            ):
                contact.review.append(
                    f"the data already holds this contact as '{old.id}': merge or drop"
                )
        for party in contact.participants:
            if party.id not in known and party.id not in new:
                section = "people" if party.kind == "person" else "countries"
                fields = (("title", party.title),) if party.title else ()
                new[party.id] = NewRecord(
                    section, party.id, party.name, fields, "named in the article; not in the data"
                )
        for claim in contact.claims:
            if claim.by not in known and claim.by not in new:
                new[claim.by] = _new_agent(claim, reading.mentions)
    review = list(reading.review)
    return Extraction(source_id, not same, title, publisher_id, published, reading.contacts,
                      reading.not_contacts, sorted(new.values(), key=lambda r: (r.section, r.id)), review)  # fmt: skip


def _new_agent(claim: ClaimCandidate, mentions: list[Mention]) -> NewRecord:
    found = next((m for m in mentions if m.id == claim.by), None)
    fields: list[tuple[str, str]] = []
    if found is not None and found.country:
        fields.append(("country", found.country))
    if found is not None and found.close_to:
        fields.append(("close_to", found.close_to))
    section = "people" if found is not None and found.kind == "person" else "agents"
    name = found.name if found is not None else claim.by_text
    return NewRecord(
        section, claim.by, name, tuple(fields), "quoted by the article; not in the data"
    )


def _contact_id(contact: ContactCandidate) -> str:
    ordered = [p for p in contact.participants if p.role != "host"] + [
        p for p in contact.participants if p.role == "host"
    ]
    return "-".join([*(p.id for p in ordered[:3]), contact.when.edtf.replace("/", "-")])


def _unique(ident: str, taken: set[str]) -> str:
    candidate, n = ident, 2
    while candidate in taken:
        candidate, n = f"{ident}-{n}", n + 1
    return candidate
