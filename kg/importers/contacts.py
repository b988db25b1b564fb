"""RDF for one contact, in the shapes the loader gives curated contacts.

:func:`contact_triples` writes a contact node (``kg:Contact`` and its
specific type, label, EDTF date with its bounds and precision, participants
with roles, ``kg:participantCountry`` / ``kg:participantPost``), one
``rdf:Statement`` per distinct statement with the status :mod:`kg.records.status`
derives from its claims, and one ``kg:Claim`` per claim with
``prov:wasAttributedTo`` and ``prov:wasDerivedFrom``. Statement and claim IRIs
follow the loader's scheme, so every shipped query reads imported contacts
as it reads curated ones.

One-valued statements (a contact's date, its visitor) dispute each other
when sources give different values, as rival initiators do in the loader.

Examples
--------
>>> from kg.dates import DateBounds
>>> import datetime as dt
>>> day = dt.date(2024, 4, 1)
>>> spec = ContactSpec(
...     id="x-1", type="visit", date=DateBounds("2024-04-01", day, day, "day"),
...     participants=(
...         ParticipantSpec("https://w3id.org/kg-contacts/id/person/a", "A", "visitor"),
...         ParticipantSpec("https://w3id.org/kg-contacts/id/country/fr", "France", "host"),
...     ),
...     claims=(ClaimSpec("r1", "occurred", None, "https://w3id.org/kg-contacts/id/org/o",
...                       "us", "https://w3id.org/kg-contacts/id/source/d", "o"),),
... )
>>> out = Triples()
>>> contact_triples(spec, out)
>>> [line for line in out.lines() if "#status>" in line][0].split()[2]
'<https://w3id.org/kg-contacts/ns#Reported>'
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from kg.dates import DateBounds
from kg.records.ntriples import Triples, boolean, date, iri, literal
from kg.records.status import ClaimView, status_with_rivals
from kg.vocab import CONTACT_TYPES, KG, PROV, RDF, RDFS, SCHEMA, local_id, resource_iri

__all__ = ["ParticipantSpec", "ClaimSpec", "ContactSpec", "contact_triples", "STATUS_IRIS"]

STATUS_IRIS = {
    "confirmed": KG.Confirmed,
    "reported": KG.Reported,
    "disputed": KG.Disputed,
    "denied": KG.Denied,
}
#: The property each kind of statement is about (as in the loader, plus visitor).
_PROPERTIES = {
    "occurred": KG.occurred,
    "date": KG.edtf,
    "visitor": KG.visitor,
}
_ONE_VALUED = ("date", "visitor")


@dataclass(frozen=True)
class ParticipantSpec:
    """One participant: agent IRI, display name, role, countries and posts at the date."""

    agent: str
    name: str
    role: str = "participant"
    countries: tuple[str, ...] = ()
    posts: tuple[str, ...] = ()


@dataclass(frozen=True)
class ClaimSpec:
    """One claim about a contact.

    Attributes
    ----------
    key : str
        Unique among the contact's claims; the claim IRI is ``claim/CONTACT-KEY``.
    predicate : str
        ``occurred``, ``date`` (value: an EDTF string) or ``visitor`` (value: an agent IRI).
    value : str or None
    by : str
        IRI of the agent making the claim.
    side : str or None
        The country the agent speaks for (for the status rules).
    source : str
        IRI of the document the claim comes from.
    publisher : str
        The document's publisher (for the status rules).
    stance : str
        ``affirms`` or ``denies``.
    quote : str or None
        The words of the source.
    cameo : tuple of str
        The CAMEO codes the source's codings used, if any.
    """

    key: str
    predicate: str
    value: str | None
    by: str
    side: str | None
    source: str
    publisher: str
    stance: str = "affirms"
    quote: str | None = None
    cameo: tuple[str, ...] = ()


@dataclass(frozen=True)
class ContactSpec:
    """Everything needed to write one contact."""

    id: str
    type: str
    date: DateBounds
    participants: tuple[ParticipantSpec, ...]
    claims: tuple[ClaimSpec, ...]
    location: str | None = None
    note: str | None = None
    extra: tuple[tuple[str, str], ...] = field(default=())


def _safe(value: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]", "_", value)


def statement_iri(contact_id: str, predicate: str, value: str | None) -> str:
    """The statement IRI, built as the loader builds it."""
    suffix = predicate
    if value is not None:
        suffix += "-" + _safe(local_id(value) if predicate == "visitor" else value)
    return resource_iri("statement", f"{contact_id}-{suffix}")


def _object(predicate: str, value: str | None) -> str:
    if predicate == "occurred":
        return boolean(True)
    if predicate == "date":
        return literal(value or "")
    return iri(value or "")


def contact_triples(spec: ContactSpec, out: Triples) -> None:
    """Add the triples of one contact, its statements and its claims to ``out``."""
    node = resource_iri("contact", spec.id)
    out.add_iri(node, RDF.type, KG.Contact)
    out.add_iri(node, RDF.type, KG.term(CONTACT_TYPES[spec.type]))
    names = " – ".join(p.name for p in spec.participants)
    out.add(node, RDFS.label, literal(f"{spec.type.replace('-', ' ')}, {names}, {spec.date.edtf}"))
    out.add(node, KG.edtf, literal(spec.date.edtf))
    out.add(node, KG.earliest, date(spec.date.earliest))
    out.add(node, KG.latest, date(spec.date.latest))
    out.add_iri(node, KG.precision, spec.date.precision_iri)
    if spec.location:
        out.add(node, SCHEMA.location, literal(spec.location))
    if spec.note:
        out.add(node, RDFS.comment, literal(spec.note))
    for predicate, obj in spec.extra:
        out.add(node, predicate, obj)
    for part in spec.participants:
        out.add_iri(node, KG.participant, part.agent)
        if part.role != "participant":
            out.add_iri(node, KG.term(part.role), part.agent)
        for country in part.countries:
            out.add_iri(node, KG.participantCountry, country)
        for post in part.posts:
            out.add_iri(node, KG.participantPost, post)
    grouped: dict[tuple[str, str | None], list[ClaimSpec]] = defaultdict(list)
    for claim in spec.claims:
        grouped[(claim.predicate, claim.value)].append(claim)
        claim_node = resource_iri("claim", f"{spec.id}-{claim.key}")
        out.add_iri(claim_node, RDF.type, KG.Claim)
        out.add_iri(claim_node, RDF.type, PROV.Entity)
        out.add_iri(claim_node, KG.claims, statement_iri(spec.id, claim.predicate, claim.value))
        out.add_iri(claim_node, KG.stance, KG.Affirms if claim.stance == "affirms" else KG.Denies)
        out.add_iri(claim_node, PROV.wasAttributedTo, claim.by)
        out.add_iri(claim_node, PROV.wasDerivedFrom, claim.source)
        if claim.quote:
            out.add(claim_node, KG.quote, literal(claim.quote))
        for code in claim.cameo:
            out.add(claim_node, KG.cameoCode, literal(code))
    views = {
        key: [ClaimView(c.stance, c.side, c.publisher) for c in claims]
        for key, claims in grouped.items()
    }
    for (predicate, value), own in views.items():
        rivals = [
            view
            for (other_predicate, other), other_views in views.items()
            if predicate in _ONE_VALUED and other_predicate == predicate and other != value
            for view in other_views
        ]
        status = status_with_rivals(own, rivals)
        statement = statement_iri(spec.id, predicate, value)
        out.add_iri(statement, RDF.type, RDF.Statement)
        out.add_iri(statement, RDF.subject, node)
        out.add_iri(statement, RDF.predicate, _PROPERTIES[predicate])
        out.add(statement, RDF.object, _object(predicate, value))
        out.add_iri(statement, KG.status, STATUS_IRIS[status])
        if predicate == "occurred":
            out.add_iri(node, KG.status, STATUS_IRIS[status])
        elif predicate == "visitor" and status in ("confirmed", "reported") and value:
            out.add_iri(node, KG.visitor, value)
