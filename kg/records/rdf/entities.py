"""Countries, organisations, agents, posts, people, tenures, sources and datasets as N-Triples."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from kg.records.rdf.terms import (
    _A,
    _P,
    _TRUE,
    SOURCE_KINDS,
    _day,
    _lit,
    _term,
    _typed,
    _typed_date,
    names,
)
from kg.vocab import (
    DCT,
    FOAF,
    KG,
    ORG,
    POST_LEVELS,
    PROV,
    SCHEMA,
    TIME,
    XSD,
)


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
