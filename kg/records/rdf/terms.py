"""The N-Triples terms kg's writer uses: escaping, dates, the ontology's properties and classes.

Shared by :mod:`kg.records.rdf.entities` and :mod:`kg.records.rdf.contacts`;
nothing here writes a record.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterable

from kg.records.ntriples import iri
from kg.vocab import (
    CONTACT_TYPES,
    KG,
    PROV,
    RDF,
    RDFS,
    SCHEMA,
    SKOS,
    WIKIDATA,
    XSD,
)

#: The IRI of each statement status.
STATUS_IRIS = {
    "confirmed": KG.Confirmed,
    "reported": KG.Reported,
    "disputed": KG.Disputed,
    "denied": KG.Denied,
}
#: The property each kind of statement is about.
CLAIM_PROPERTIES = {
    "occurred": KG.occurred,
    "topic": KG.topic,
    "initiator": KG.initiator,
    "date": KG.edtf,
    "visitor": KG.visitor,
    "title": KG.statedTitle,
}
#: Statements of which a contact has one value: rival values dispute each other.
ONE_VALUED = frozenset(("initiator", "date", "visitor"))
#: The class of each kind of source document.
SOURCE_KINDS = {
    "news-article": SCHEMA.NewsArticle,
    "web-page": SCHEMA.WebPage,
    "dataset": SCHEMA.Dataset,
    "document": PROV.Entity,
}

_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]")


def _lit(text: str, datatype: str | None = None) -> str:
    escaped = text.translate(_ESCAPES)
    return f'"{escaped}"' if datatype is None else f'"{escaped}"^^<{datatype}>'


@functools.lru_cache(maxsize=1 << 16)
def _term(value: str) -> str:
    """An IRI as a term, checked once per distinct IRI."""
    return iri(value)


@functools.lru_cache(maxsize=1 << 16)
def _day(day: dt.date) -> str:
    return f'"{day.isoformat()}"^^<{XSD.date}>'


def _typed_date(value: str) -> str:
    """A date at its precision: ``xsd:date``, ``xsd:gYearMonth`` or ``xsd:gYear``."""
    kind = {10: XSD.date, 7: XSD.gYearMonth, 4: XSD.gYear}.get(len(value))
    return _lit(value, kind) if kind else _lit(value)


_A = f"<{RDF.type}>"
_TRUE = f'"true"^^<{XSD.boolean}>'
_P = {
    name: f"<{value}>"
    for name, value in {
        "label": RDFS.label,
        "comment": RDFS.comment,
        "altLabel": SKOS.altLabel,
        "sameAs": SCHEMA.sameAs,
        "location": SCHEMA.location,
        "attributed": PROV.wasAttributedTo,
        "derived": PROV.wasDerivedFrom,
        "subject": RDF.subject,
        "predicate": RDF.predicate,
        "object": RDF.object,
        "Statement": RDF.Statement,
        "Entity": PROV.Entity,
        "Agent": PROV.Agent,
        "association": PROV.qualifiedAssociation,
        "agent": PROV.agent,
        "hadRole": PROV.hadRole,
        "country": KG.country,
        **{
            term: KG.term(term)
            for term in (
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
                "cameoCode",
                "Participation",
                "heldPost",
                "actedFor",
            )
        },  # fmt: skip
    }.items()
}
_TYPES = {name: f"<{KG.term(term)}>" for name, term in CONTACT_TYPES.items()}
_ROLES = {
    "participant": f"<{KG.ParticipantRole}>",
    "visitor": f"<{KG.VisitorRole}>",
    "host": f"<{KG.HostRole}>",
}
_STATUSES = {name: f"<{value}>" for name, value in STATUS_IRIS.items()}
_CLAIM_TERMS = {name: f"<{value}>" for name, value in CLAIM_PROPERTIES.items()}
#: Statuses under which a topic, initiator or visitor is asserted on the contact itself.
_ASSERTED = frozenset((_STATUSES["confirmed"], _STATUSES["reported"]))


def names(
    out: set[str], node: str, name: str, aliases: Iterable[str] = (), wikidata: str | None = None
) -> None:
    """A resource's label, other names and Wikidata id."""
    subject = _term(node)
    out.add(f"{subject} {_P['label']} {_lit(name)} .\n")
    for alias in aliases:
        if alias != name:
            out.add(f"{subject} {_P['altLabel']} {_lit(alias)} .\n")
    if wikidata:
        out.add(f"{subject} {_P['sameAs']} <{WIKIDATA.term(wikidata)}> .\n")


def _typed(out: set[str], node: str, *classes: str) -> str:
    subject = _term(node)
    for cls in classes:
        out.add(f"{subject} {_A} <{cls}> .\n")
    return subject
