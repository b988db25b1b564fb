"""The one writer from records to RDF: N-Triples lines for every kind of record.

Curated records (:mod:`kg.records.curated`), the JSON Lines importer
(:mod:`kg.importers.jsonl`) and the Historian and ICEWS importers all write
their RDF through these functions, so a country, a post, a tenure or a
contact has the same shape wherever it comes from, and every shipped query
reads imported data as it reads curated data.

Every function adds N-Triples lines (``"<s> <p> o .\\n"``) to ``out``, a set
(so a resource written twice is written once); :func:`kg.records.ntriples.write_atomic`
and the store's bulk loader take them sorted. Subjects and objects are IRIs
as strings (:func:`kg.vocab.resource_iri`); literal values are plain Python
values, escaped here.

A contact (:func:`contact`) is written from a :class:`ContactSpec` whose
participants and claims are already resolved to IRIs: the contact node
(``kg:Contact`` and its specific type, a label, the EDTF date with its bounds
and precision), one ``kg:Participation`` per participant with its role, the
posts it held at the contact's date and the country it acted for (copied
onto the contact as ``kg:participantPost`` and ``kg:participantCountry``),
one ``kg:Claim`` per claim, and one
``rdf:Statement`` per distinct statement with the status
:mod:`kg.records.status` derives from its claims. A confirmed or reported
topic, initiator or visitor is also asserted on the contact itself; a
disputed one lives only in its claims. One-valued statements (the initiator,
the date, the visitor) dispute each other when claims give different values.

Examples
--------
>>> import datetime as dt
>>> from kg.dates import DateBounds
>>> day = dt.date(2024, 4, 3)
>>> person, country = resource_iri("person", "a"), resource_iri("country", "fr")
>>> spec = ContactSpec(
...     "c1", "phone-call", DateBounds("2024-04-03", day, day, "day"),
...     (Participant(person, "A", acted_for=country), Participant(country, "France", acted_for=country)),
...     (Claim("1", "occurred", None, resource_iri("org", "afp"), None,
...            resource_iri("source", "s1"), "afp"),),
... )
>>> out: set[str] = set()
>>> contact(out, spec)
>>> [line.split()[2] for line in sorted(out) if "/contact/c1> <https://w3id.org/kg-contacts/ns#status>" in line]
['<https://w3id.org/kg-contacts/ns#Reported>']
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from kg.dates import DateBounds
from kg.records.ntriples import iri
from kg.records.status import ClaimView, status_of, status_with_rivals
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
    local_id,
    resource_iri,
)

__all__ = [
    "STATUS_IRIS",
    "CLAIM_PROPERTIES",
    "SOURCE_KINDS",
    "Participant",
    "Claim",
    "ContactSpec",
    "contact_label",
    "statement_suffix",
    "participation_suffix",
    "names",
    "country",
    "organisation",
    "anonymous_agent",
    "post",
    "person",
    "tenure",
    "source",
    "dataset",
    "contact",
]

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


class Participant(NamedTuple):
    """A participant of a contact, resolved: its IRI, display name, role, the one
    country it acted for and the posts it held at the contact's date (IRIs)."""

    agent: str
    name: str
    role: str = "participant"
    acted_for: str | None = None
    posts: tuple[str, ...] = ()


class Claim(NamedTuple):
    """One claim about a contact, resolved.

    Attributes
    ----------
    key : str
        Unique among the contact's claims (letters, digits, ``.``, ``_``,
        ``-``): the claim is ``claim/CONTACT-KEY``.
    predicate : str
        ``occurred``, ``topic``, ``initiator``, ``visitor`` or ``date``.
    value : str or None
        An IRI for a topic, initiator or visitor; an EDTF string for a date.
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
        The source's words.
    cameo : tuple of str
        The CAMEO codes of the source's codings, if any.
    about : str or None
        For a ``title`` claim, the IRI of the participant the source gives
        the title (``value``) to: the statement is about their
        participation, never a tenure.
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
    about: str | None = None


class ContactSpec(NamedTuple):
    """Everything written about one contact; ``extra`` holds further
    ``(predicate IRI, formatted object)`` pairs for the contact node."""

    id: str
    type: str
    date: DateBounds
    participants: tuple[Participant, ...]
    claims: tuple[Claim, ...]
    location: str | None = None
    note: str | None = None
    series: bool = False
    extra: tuple[tuple[str, str], ...] = ()


def contact_label(kind: str, names: Sequence[str], edtf: str) -> str:
    """The ``rdfs:label`` of a contact.

    >>> contact_label("phone-call", ["A", "B"], "2024-04")
    'phone call, A – B, 2024-04'
    """
    return f"{kind.replace('-', ' ')}, {' – '.join(names)}, {edtf}"


@functools.lru_cache(maxsize=1 << 16)
def statement_suffix(predicate: str, value: str | None) -> str:
    """The part of a statement's id after the contact id (``occurred``, ``topic-x``...).

    An IRI-valued statement is named after the IRI's local id.

    >>> statement_suffix("initiator", "https://w3id.org/kg-contacts/id/country/fr")
    'initiator-fr'
    >>> statement_suffix("date", "2022-10")
    'date-2022-10'
    """
    if value is None:
        return predicate
    if predicate != "date":
        value = local_id(value)
    return f"{predicate}-{_UNSAFE.sub('_', value)}"


def participation_suffix(agent: str) -> str:
    """The fragment naming an agent's participation in a contact (``#p-lecornu``).

    >>> participation_suffix("https://w3id.org/kg-contacts/id/person/lecornu")
    'lecornu'
    """
    return _UNSAFE.sub("_", local_id(agent))


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


def country(
    out: set[str],
    node: str,
    name: str,
    aliases: Iterable[str] = (),
    wikidata: str | None = None,
    temporal: str | None = None,
    replaced_by: Iterable[str] = (),
    part_of: str | None = None,
) -> None:
    """A country: ``schema:Country``, a ``prov:Agent``; a historical one with the
    EDTF interval of its existence (``dct:temporal``) and its successors."""
    subject = _typed(out, node, SCHEMA.Country, PROV.Agent)
    names(out, node, name, aliases, wikidata)
    if temporal:
        out.add(f"{subject} <{DCT.temporal}> {_lit(temporal)} .\n")
    for successor in replaced_by:
        out.add(f"{subject} <{DCT.isReplacedBy}> {_term(successor)} .\n")
    if part_of:
        out.add(f"{subject} <{DCT.isPartOf}> {_term(part_of)} .\n")


def organisation(
    out: set[str],
    node: str,
    name: str,
    aliases: Iterable[str] = (),
    wikidata: str | None = None,
    in_country: str | None = None,
) -> None:
    """An organisation (a ministry, a news agency), with the country it belongs to."""
    subject = _typed(out, node, ORG.Organization, PROV.Agent)
    names(out, node, name, aliases, wikidata)
    if in_country:
        out.add(f"{subject} {_P['country']} {_term(in_country)} .\n")


def anonymous_agent(
    out: set[str], node: str, name: str, in_country: str | None, close_to: str | None
) -> None:
    """An anonymous source a document quotes ("a source close to the minister")."""
    subject = _typed(out, node, KG.AnonymousSource, PROV.Agent)
    out.add(f"{subject} {_P['label']} {_lit(name)} .\n")
    if in_country:
        out.add(f"{subject} {_P['country']} {_term(in_country)} .\n")
    if close_to:
        out.add(f"{subject} <{KG.closeTo}> {_term(close_to)} .\n")


def post(
    out: set[str],
    node: str,
    name: str,
    in_country: str | None,
    level: str,
    aliases: Iterable[str] = (),
    wikidata: str | None = None,
    organisation_iri: str | None = None,
    also: Iterable[str] = (),
) -> None:
    """A post (``org:Post``) of a country (or of an international organisation),
    at a level (:data:`kg.vocab.POST_LEVELS`) and ``also`` at others (a
    presidency that heads the state and the government)."""
    subject = _typed(out, node, ORG.Post)
    names(out, node, name, aliases, wikidata)
    if in_country:
        out.add(f"{subject} {_P['country']} {_term(in_country)} .\n")
    for each in (level, *also):
        out.add(f"{subject} <{KG.postLevel}> <{KG.term(POST_LEVELS[each])}> .\n")
    if organisation_iri:
        out.add(f"{subject} <{ORG.postIn}> {_term(organisation_iri)} .\n")


def person(
    out: set[str],
    node: str,
    name: str,
    aliases: Iterable[str] = (),
    wikidata: str | None = None,
    family_name: str | None = None,
    review: str | None = None,
    born: str | None = None,
    died: str | None = None,
) -> None:
    """A person; ``review`` (why the name is uncertain) flags them ``kg:needsReview``;
    ``born`` and ``died`` are dates at their precision (``1953``, ``1953-06-15``)."""
    subject = _typed(out, node, FOAF.Person, PROV.Agent)
    names(out, node, name, aliases, wikidata)
    if family_name:
        out.add(f"{subject} <{FOAF.familyName}> {_lit(family_name)} .\n")
    for prop, value in ((SCHEMA.birthDate, born), (SCHEMA.deathDate, died)):
        if value:
            out.add(f"{subject} <{prop}> {_typed_date(value)} .\n")
    if review:
        out.add(f"{subject} <{KG.needsReview}> {_TRUE} .\n")
        out.add(f"{subject} {_P['comment']} {_lit(review)} .\n")


def tenure(
    out: set[str],
    node: str,
    member: str,
    held: str,
    start: dt.date | None,
    end: dt.date | None,
    derived_from: str,
    note: str | None = None,
    edtf: str | None = None,
) -> None:
    """An ``org:Membership`` of a person in a post, with its interval and source.

    ``start`` and ``end`` are the first and last possible days; ``edtf``
    keeps the interval at the precision the source gives (``2014/2017-05``,
    as ``dct:temporal``).
    """
    subject = _typed(out, node, ORG.Membership)
    out.add(f"{subject} <{ORG.member}> {_term(member)} .\n")
    out.add(f"{subject} <{KG.post}> {_term(held)} .\n")
    out.add(f"{subject} {_P['derived']} {_term(derived_from)} .\n")
    if note:
        out.add(f"{subject} {_P['comment']} {_lit(note)} .\n")
    interval = _term(f"{node}#interval")
    out.add(f"{subject} <{ORG.memberDuring}> {interval} .\n")
    out.add(f"{interval} {_A} <{TIME.Interval}> .\n")
    if edtf:
        out.add(f"{subject} <{DCT.temporal}> {_lit(edtf)} .\n")
    for prop, day, suffix in ((TIME.hasBeginning, start, "start"), (TIME.hasEnd, end, "end")):
        if day is None:
            continue
        instant = _term(f"{node}#{suffix}")
        out.add(f"{interval} <{prop}> {instant} .\n")
        out.add(f"{instant} {_A} <{TIME.Instant}> .\n")
        out.add(f"{instant} <{TIME.inXSDDate}> {_day(day)} .\n")


def source(
    out: set[str],
    node: str,
    kind: str,
    title: str,
    publisher: str,
    published: dt.date | None = None,
    url: str | None = None,
) -> None:
    """A source document (:data:`SOURCE_KINDS`) with its title, publisher and date."""
    subject = _typed(out, node, PROV.Entity, SOURCE_KINDS[kind])
    out.add(f"{subject} <{DCT.title}> {_lit(title)} .\n")
    out.add(f"{subject} <{DCT.publisher}> {_term(publisher)} .\n")
    if published:
        out.add(f"{subject} <{DCT.issued}> {_day(published)} .\n")
    if url:
        out.add(f"{subject} <{SCHEMA.url}> {_lit(url, XSD.anyURI)} .\n")


def dataset(
    out: set[str],
    node: str,
    *,
    title: str,
    description: str,
    records: int,
    contacts: int,
    temporal: str | None = None,
    publisher: str | None = None,
    licence: str | None = None,
    contact_types: Sequence[str] = (),
    sides: Sequence[str] = (),
    merged: int | None = None,
    unresolved: int | None = None,
) -> None:
    """The ``schema:Dataset`` describing an imported source, as ``kg sources`` lists it."""
    subject = _typed(out, node, SCHEMA.Dataset, PROV.Entity)
    out.add(f"{subject} <{DCT.title}> {_lit(title)} .\n")
    out.add(f"{subject} <{DCT.description}> {_lit(description)} .\n")
    if publisher:
        out.add(f"{subject} <{DCT.publisher}> {_term(publisher)} .\n")
    if temporal:
        out.add(f"{subject} <{SCHEMA.temporalCoverage}> {_lit(temporal)} .\n")
    if licence:
        out.add(f"{subject} <{DCT.license}> {_term(licence)} .\n")
    for kind in contact_types:
        out.add(f"{subject} <{KG.coversContactType}> {_term(kind)} .\n")
    for side in sides:
        out.add(f"{subject} <{KG.coversSide}> {_term(side)} .\n")
    counts: list[tuple[str, int | None]] = [(KG.recordCount, records), (KG.contactCount, contacts)]
    counts += [(KG.mergedCount, merged), (KG.unresolvedCount, unresolved)]
    for prop, count in counts:
        if count is not None:
            out.add(f"{subject} <{prop}> {_lit(str(count), XSD.integer)} .\n")


def _statement_object(predicate: str, value: str | None) -> str:
    if predicate == "occurred":
        return _TRUE
    if predicate in ("date", "title"):
        return _lit(value or "")
    return _term(value or "")


def _claim_suffix(claim: Claim) -> str:
    if claim.about is None:
        return statement_suffix(claim.predicate, claim.value)
    text = _UNSAFE.sub("_", claim.value or "")
    return f"{claim.predicate}-{participation_suffix(claim.about)}-{text}"


def contact(out: set[str], spec: ContactSpec) -> None:
    """A contact, its claims and its statements with their statuses (see the module)."""
    node = resource_iri("contact", spec.id)
    subject = iri(node)  # checked: the claim and statement IRIs below extend it
    claim_base = node.replace("/contact/", "/claim/", 1)
    statement_base = node.replace("/contact/", "/statement/", 1)
    add, p, date = out.add, _P, spec.date
    add(f"{subject} {_A} {p['Contact']} .\n")
    add(f"{subject} {_A} {_TYPES[spec.type]} .\n")
    label = contact_label(spec.type, [part.name for part in spec.participants], date.edtf)
    add(f"{subject} {p['label']} {_lit(label)} .\n")
    add(f"{subject} {p['edtf']} {_lit(date.edtf)} .\n")
    add(f"{subject} {p['earliest']} {_day(date.earliest)} .\n")
    add(f"{subject} {p['latest']} {_day(date.latest)} .\n")
    add(f"{subject} {p['precision']} <{date.precision_iri}> .\n")
    if spec.series:
        add(f"{subject} {p['series']} {_TRUE} .\n")
    if spec.location:
        add(f"{subject} {p['location']} {_lit(spec.location)} .\n")
    if spec.note:
        add(f"{subject} {p['comment']} {_lit(spec.note)} .\n")
    for predicate, obj in spec.extra:
        add(f"{subject} {_term(predicate)} {obj} .\n")
    for part in spec.participants:
        agent = _term(part.agent)
        participation = f"<{node}#p-{participation_suffix(part.agent)}>"
        add(f"{subject} {p['participant']} {agent} .\n")
        add(f"{subject} {p['association']} {participation} .\n")
        add(f"{participation} {_A} {p['Participation']} .\n")
        add(f"{participation} {p['agent']} {agent} .\n")
        add(f"{participation} {p['hadRole']} {_ROLES[part.role]} .\n")
        if part.role != "participant":
            add(f"{subject} {p[part.role]} {agent} .\n")
        if part.acted_for:
            country = _term(part.acted_for)
            add(f"{participation} {p['actedFor']} {country} .\n")
            add(f"{subject} {p['participantCountry']} {country} .\n")
        for held in part.posts:
            post_term = _term(held)
            add(f"{participation} {p['heldPost']} {post_term} .\n")
            add(f"{subject} {p['participantPost']} {post_term} .\n")
    views: dict[tuple[str, str | None, str | None], list[ClaimView]] = {}
    for claim in spec.claims:
        key = (claim.predicate, claim.value, claim.about)
        views.setdefault(key, []).append(ClaimView(claim.stance, claim.side, claim.publisher))
        claim_node = f"<{claim_base}-{claim.key}>"
        statement = f"<{statement_base}-{_claim_suffix(claim)}>"
        stance = p["Affirms"] if claim.stance == "affirms" else p["Denies"]
        add(f"{claim_node} {_A} {p['Claim']} .\n")
        add(f"{claim_node} {_A} {p['Entity']} .\n")
        add(f"{claim_node} {p['claims']} {statement} .\n")
        add(f"{claim_node} {p['stance']} {stance} .\n")
        add(f"{claim_node} {p['attributed']} {_term(claim.by)} .\n")
        add(f"{claim_node} {p['derived']} {_term(claim.source)} .\n")
        if claim.quote:
            add(f"{claim_node} {p['quote']} {_lit(claim.quote)} .\n")
        for code in claim.cameo:
            add(f"{claim_node} {p['cameoCode']} {_lit(code)} .\n")
    for (predicate, value, about), own in views.items():
        rivals = (
            [
                view
                for (other_predicate, other, _), other_views in views.items()
                if other_predicate == predicate and other != value
                for view in other_views
            ]
            if predicate in ONE_VALUED
            else ()
        )
        status = _STATUSES[status_with_rivals(own, rivals) if rivals else status_of(own)]
        claimed = Claim("", predicate, value, "", None, "", "", about=about)
        statement = f"<{statement_base}-{_claim_suffix(claimed)}>"
        obj = _statement_object(predicate, value)
        about_node = subject
        if about is not None:
            about_node = f"<{node}#p-{participation_suffix(about)}>"
        add(f"{statement} {_A} {p['Statement']} .\n")
        add(f"{statement} {p['subject']} {about_node} .\n")
        add(f"{statement} {p['predicate']} {_CLAIM_TERMS[predicate]} .\n")
        add(f"{statement} {p['object']} {obj} .\n")
        add(f"{statement} {p['status']} {status} .\n")
        if predicate == "occurred":
            add(f"{subject} {p['status']} {status} .\n")
        elif predicate not in ("date", "title") and status in _ASSERTED:
            # The contact's own date is its kg:edtf; date claims stay statements,
            # and a title a source gives is only ever its claim.
            add(f"{subject} {_CLAIM_TERMS[predicate]} {obj} .\n")
