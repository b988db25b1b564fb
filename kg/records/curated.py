"""Turning checked records into a validated RDF graph.

:func:`build_graphs` reads the ontology and the records of a data folder,
maps the records to RDF, derives each statement's status (:mod:`kg.records.status`)
and validates the result with the SHACL shapes of ``ontology/shapes.ttl``.
It either returns the whole graph or raises :class:`~kg.errors.InvalidDataError`
listing every problem; it never returns a partial graph.

This module imports rdflib and pyshacl; the query path never does.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from kg.dates import DateBounds
from kg.errors import DataError, InvalidDataError
from kg.records import reading as rec
from kg.records.status import ClaimView, status_with_rivals
from kg.records.tenures import RoleWarning, TenureIndex, role_warnings
from kg.vocab import (
    CONTACT_TYPES,
    DCT,
    FOAF,
    KG,
    ORG,
    POST_LEVELS,
    PROV,
    SCHEMA,
    SKOS,
    TIME,
    WIKIDATA,
    resource_iri,
)

__all__ = [
    "ONTOLOGY_FILES",
    "SHAPES_FILE",
    "Built",
    "load_ontology",
    "topic_ids",
    "records_to_graph",
    "validate",
    "build_graphs",
    "contact_label",
    "statement_suffix",
    "statement_statuses",
    "participant_countries",
    "check_data",
]

#: Turtle files of the ontology loaded into the store, in this order.
ONTOLOGY_FILES = ("kg.ttl", "topics.ttl")
SHAPES_FILE = "shapes.ttl"
TOPIC_BASE = resource_iri("topic", "")

#: The property each kind of claim is about.
_CLAIM_PROPERTIES = {
    "occurred": KG.occurred,
    "topic": KG.topic,
    "initiator": KG.initiator,
    "date": KG.edtf,
}
#: Claims whose values exclude each other: a contact has one initiator, one date.
_ONE_VALUED = ("initiator", "date")

_STATUS_IRIS = {
    "confirmed": KG.Confirmed,
    "reported": KG.Reported,
    "disputed": KG.Disputed,
    "denied": KG.Denied,
}


def _u(iri: str) -> URIRef:
    return URIRef(iri)


@dataclass(frozen=True)
class Built:
    """The result of a successful build: ontology and data graphs."""

    ontology: Graph
    data: Graph
    records: rec.Records


def load_ontology(ontology_dir: Path) -> Graph:
    """Parse the ontology files (OWL and topic scheme) into one graph."""
    graph = Graph()
    problems = []
    for name in ONTOLOGY_FILES:
        path = ontology_dir / name
        try:
            graph.parse(path, format="turtle")
        except FileNotFoundError:
            problems.append(DataError(str(path), "ontology file is missing"))
        except Exception as exc:  # rdflib raises parser-specific types
            problems.append(DataError(str(path), f"Turtle syntax error: {exc}"))
    if problems:
        raise InvalidDataError(problems)
    return graph


def topic_ids(ontology: Graph) -> set[str]:
    """The ids of the concepts of the topic scheme."""
    return {
        str(s)[len(TOPIC_BASE) :]
        for s in ontology.subjects(RDF.type, _u(SKOS.Concept))
        if str(s).startswith(TOPIC_BASE)
    }


def contact_label(kind: str, names: Sequence[str], edtf: str) -> str:
    """The ``rdfs:label`` of a contact.

    >>> contact_label("phone-call", ["A", "B"], "2024-04")
    'phone call, A – B, 2024-04'
    """
    return f"{kind.replace('-', ' ')}, {' – '.join(names)}, {edtf}"


def statement_suffix(predicate: str, value: str | None) -> str:
    """The part of a statement's id after the contact id (``occurred``, ``topic-x``...)."""
    if value is None:
        return predicate
    return f"{predicate}-{re.sub(r'[^A-Za-z0-9._-]', '_', value)}"


def statement_statuses(
    claims: Sequence[rec.ClaimRecord],
    side: Mapping[str, str | None],
    publisher: Mapping[str, str],
) -> list[tuple[str, str | None, list[rec.ClaimRecord], str]]:
    """Group a contact's claims by statement and derive each statement's status.

    Returns ``(predicate, value, claims, status)`` per distinct statement, in
    the order of the statements' first claims. Rival values of a one-valued
    property (two initiators, two dates) dispute each other
    (:func:`kg.records.status.status_with_rivals`). ``side`` maps an agent id to the
    country it speaks for; ``publisher`` a source id to its publisher.
    """
    grouped: dict[tuple[str, str | None], list[rec.ClaimRecord]] = defaultdict(list)
    for claim in claims:
        grouped[(claim.predicate, claim.value)].append(claim)
    views = {
        key: [ClaimView(c.stance, side.get(c.by), publisher[c.source]) for c in members]
        for key, members in grouped.items()
    }
    result = []
    for (predicate, value), members in grouped.items():
        rivals = [
            view
            for (other_predicate, other), other_views in views.items()
            if predicate in _ONE_VALUED and other_predicate == predicate and other != value
            for view in other_views
        ]
        result.append(
            (predicate, value, members, status_with_rivals(views[(predicate, value)], rivals))
        )
    return result


def participant_countries(
    agent: str,
    when: DateBounds,
    kinds: Mapping[str, set[str]],
    side: Mapping[str, str | None],
    tenures: TenureIndex,
) -> set[str]:
    """The countries ``agent`` acted for at ``when`` (see kg:participantCountry).

    A country acts for itself, an organisation for its country, a person for
    the countries of the posts they may have held then (``kinds`` holds the
    ids of ``country`` and ``organisation`` agents).
    """
    if agent in kinds["country"]:
        return {agent}
    if agent in kinds["organisation"]:
        country = side.get(agent)
        return {country} if country else set()
    return {post.country for post in tenures.held(agent, when.earliest, when.latest)}


class _Mapper:
    """Maps records to triples, remembering where each resource came from."""

    def __init__(self, records: rec.Records) -> None:
        self.records = records
        self.graph = Graph()
        self.origin: dict[str, tuple[rec.Where, str]] = {}
        self.agent_iri: dict[str, URIRef] = {}
        self.side: dict[str, str | None] = {}
        for country in records.countries:
            self.agent_iri[country.id] = _u(resource_iri("country", country.id))
            self.side[country.id] = country.id
        for org in records.organisations:
            self.agent_iri[org.id] = _u(resource_iri("org", org.id))
            self.side[org.id] = org.country
        for agent in records.agents:
            self.agent_iri[agent.id] = _u(resource_iri("agent", agent.id))
            self.side[agent.id] = agent.country
        posts = {p.id: p for p in records.posts}
        for person in records.people:
            self.agent_iri[person.id] = _u(resource_iri("person", person.id))
            countries = {posts[t.post].country for t in person.tenures if t.post in posts}
            self.side[person.id] = countries.pop() if len(countries) == 1 else None
        self.publisher = {s.id: s.publisher for s in records.sources}
        self.tenures = TenureIndex(records)
        self.kinds = {
            "country": {c.id for c in records.countries},
            "organisation": {o.id for o in records.organisations},
        }

    def add(self, s: URIRef, p: str, o: URIRef | Literal | str) -> None:
        self.graph.add((s, _u(p), o if isinstance(o, (URIRef, Literal)) else _u(o)))

    def remember(self, iri: URIRef, where: rec.Where, ident: str) -> None:
        self.origin[str(iri)] = (where, ident)

    def names(self, iri: URIRef, name: str, aliases: Iterable[str], wikidata: str | None) -> None:
        self.add(iri, str(RDFS.label), Literal(name))
        for alias in aliases:
            self.add(iri, SKOS.altLabel, Literal(alias))
        if wikidata:
            self.add(iri, SCHEMA.sameAs, WIKIDATA.term(wikidata))

    def agents(self) -> None:
        for country in self.records.countries:
            iri = self.agent_iri[country.id]
            self.remember(iri, country.where, country.id)
            self.add(iri, str(RDF.type), SCHEMA.Country)
            self.add(iri, str(RDF.type), PROV.Agent)
            self.names(iri, country.name, country.aliases, country.wikidata)
        for org in self.records.organisations:
            iri = self.agent_iri[org.id]
            self.remember(iri, org.where, org.id)
            self.add(iri, str(RDF.type), ORG.Organization)
            self.add(iri, str(RDF.type), PROV.Agent)
            self.names(iri, org.name, org.aliases, org.wikidata)
            if org.country:
                self.add(iri, KG.country, self.agent_iri[org.country])
        for agent in self.records.agents:
            iri = self.agent_iri[agent.id]
            self.remember(iri, agent.where, agent.id)
            self.add(iri, str(RDF.type), KG.AnonymousSource)
            self.add(iri, str(RDF.type), PROV.Agent)
            self.add(iri, str(RDFS.label), Literal(agent.name))
            if agent.country:
                self.add(iri, KG.country, self.agent_iri[agent.country])
            if agent.close_to:
                self.add(iri, KG.closeTo, self.agent_iri[agent.close_to])

    def posts_and_people(self) -> None:
        for post in self.records.posts:
            iri = _u(resource_iri("post", post.id))
            self.remember(iri, post.where, post.id)
            self.add(iri, str(RDF.type), ORG.Post)
            self.names(iri, post.name, post.aliases, post.wikidata)
            self.add(iri, KG.country, self.agent_iri[post.country])
            self.add(iri, KG.postLevel, KG.term(POST_LEVELS[post.level]))
            if post.organisation:
                self.add(iri, ORG.postIn, self.agent_iri[post.organisation])
        for person in self.records.people:
            iri = self.agent_iri[person.id]
            self.remember(iri, person.where, person.id)
            self.add(iri, str(RDF.type), FOAF.Person)
            self.add(iri, str(RDF.type), PROV.Agent)
            self.names(iri, person.name, person.aliases, person.wikidata)
            if person.family_name:
                self.add(iri, FOAF.familyName, Literal(person.family_name))
            for tenure in person.tenures:
                self.tenure(person, tenure)

    def tenure(self, person: rec.Person, tenure: rec.Tenure) -> None:
        iri = _u(resource_iri("tenure", f"{person.id}-{tenure.post}-{tenure.start.isoformat()}"))
        self.remember(iri, tenure.where, person.id)
        self.add(iri, str(RDF.type), ORG.Membership)
        self.add(iri, ORG.member, self.agent_iri[person.id])
        self.add(iri, KG.post, _u(resource_iri("post", tenure.post)))
        self.add(iri, PROV.wasDerivedFrom, _u(resource_iri("source", tenure.source)))
        if tenure.note:
            self.add(iri, str(RDFS.comment), Literal(tenure.note))
        interval = _u(f"{iri}#interval")
        self.add(iri, ORG.memberDuring, interval)
        self.add(interval, str(RDF.type), TIME.Interval)
        for prop, day, suffix in (
            (TIME.hasBeginning, tenure.start, "start"),
            (TIME.hasEnd, tenure.end, "end"),
        ):
            if day is None:
                continue
            instant = _u(f"{iri}#{suffix}")
            self.add(interval, prop, instant)
            self.add(instant, str(RDF.type), TIME.Instant)
            self.add(instant, TIME.inXSDDate, Literal(day.isoformat(), datatype=XSD.date))

    def sources(self) -> None:
        kinds = {
            "news-article": SCHEMA.NewsArticle,
            "web-page": SCHEMA.WebPage,
            "dataset": SCHEMA.Dataset,
            "document": PROV.Entity,
        }
        for source in self.records.sources:
            iri = _u(resource_iri("source", source.id))
            self.remember(iri, source.where, source.id)
            self.add(iri, str(RDF.type), PROV.Entity)
            self.add(iri, str(RDF.type), kinds[source.kind])
            self.add(iri, DCT.title, Literal(source.title))
            self.add(iri, DCT.publisher, self.agent_iri[source.publisher])
            if source.published:
                self.add(iri, DCT.issued, Literal(source.published.isoformat(), datatype=XSD.date))
            if source.url:
                self.add(iri, SCHEMA.url, Literal(source.url, datatype=XSD.anyURI))

    def contacts(self) -> None:
        for contact in self.records.contacts:
            self.contact(contact)

    def contact(self, contact: rec.Contact) -> None:
        iri = _u(resource_iri("contact", contact.id))
        self.remember(iri, contact.where, contact.id)
        self.add(iri, str(RDF.type), KG.Contact)
        self.add(iri, str(RDF.type), KG.term(CONTACT_TYPES[contact.type]))
        names = [self.label_of(p.agent) for p in contact.participants]
        label = contact_label(contact.type, names, contact.date.edtf)
        self.add(iri, str(RDFS.label), Literal(label))
        self.add(iri, KG.edtf, Literal(contact.date.edtf))
        self.add(iri, KG.earliest, Literal(contact.date.earliest.isoformat(), datatype=XSD.date))
        self.add(iri, KG.latest, Literal(contact.date.latest.isoformat(), datatype=XSD.date))
        self.add(iri, KG.precision, contact.date.precision_iri)
        if contact.series:
            self.add(iri, KG.series, Literal(True))
        if contact.location:
            self.add(iri, SCHEMA.location, Literal(contact.location))
        if contact.note:
            self.add(iri, str(RDFS.comment), Literal(contact.note))
        for part in contact.participants:
            agent = self.agent_iri[part.agent]
            self.add(iri, KG.participant, agent)
            if part.role != "participant":
                self.add(iri, KG.term(part.role), agent)
            for country in self.countries_of(part.agent, contact.date):
                self.add(iri, KG.participantCountry, self.agent_iri[country])
            for post in self.tenures.held(part.agent, contact.date.earliest, contact.date.latest):
                self.add(iri, KG.participantPost, _u(resource_iri("post", post.id)))
        self.claims(iri, contact)
        self.statements(iri, contact)

    def claims(self, iri: URIRef, contact: rec.Contact) -> None:
        """One claim node per claim record, pointing at its statement."""
        for number, claim in enumerate(contact.claims, start=1):
            claim_iri = _u(resource_iri("claim", f"{contact.id}-{number}"))
            self.remember(claim_iri, claim.where, contact.id)
            self.add(claim_iri, str(RDF.type), KG.Claim)
            self.add(claim_iri, str(RDF.type), PROV.Entity)
            self.add(claim_iri, KG.claims, self.statement_iri(contact.id, claim))
            self.add(claim_iri, KG.stance, KG.Affirms if claim.stance == "affirms" else KG.Denies)
            self.add(claim_iri, PROV.wasAttributedTo, self.agent_iri[claim.by])
            self.add(claim_iri, PROV.wasDerivedFrom, _u(resource_iri("source", claim.source)))
            if claim.quote:
                self.add(claim_iri, KG.quote, Literal(claim.quote))

    def statements(self, iri: URIRef, contact: rec.Contact) -> None:
        """One node per distinct statement, with the status its claims give it.

        Only a confirmed or reported topic or initiator is also asserted on
        the contact itself; a disputed or denied one stays in the claims.
        """
        for predicate, value, claims, status in statement_statuses(
            contact.claims, self.side, self.publisher
        ):
            statement = self.statement_iri(contact.id, claims[0])
            self.remember(statement, claims[0].where, contact.id)
            obj = self.statement_object(predicate, value)
            self.add(statement, str(RDF.type), str(RDF.Statement))
            self.add(statement, str(RDF.subject), iri)
            self.add(statement, str(RDF.predicate), _CLAIM_PROPERTIES[predicate])
            self.add(statement, str(RDF.object), obj)
            self.add(statement, KG.status, _STATUS_IRIS[status])
            if predicate == "occurred":
                self.add(iri, KG.status, _STATUS_IRIS[status])
            elif predicate != "date" and status in ("confirmed", "reported"):
                # The contact's own date is the curated kg:edtf; date claims
                # stay statements with their status.
                self.add(iri, _CLAIM_PROPERTIES[predicate], obj)

    def countries_of(self, agent: str, when: DateBounds) -> set[str]:
        """The countries ``agent`` acted for at ``when`` (see kg:participantCountry)."""
        return participant_countries(agent, when, self.kinds, self.side, self.tenures)

    def statement_iri(self, contact_id: str, claim: rec.ClaimRecord) -> URIRef:
        suffix = statement_suffix(claim.predicate, claim.value)
        return _u(resource_iri("statement", f"{contact_id}-{suffix}"))

    def statement_object(self, predicate: str, value: str | None) -> URIRef | Literal:
        if predicate == "occurred":
            return Literal(True)
        if predicate == "topic":
            return _u(resource_iri("topic", value or ""))
        if predicate == "date":
            return Literal(value or "")
        return self.agent_iri[value or ""]

    def label_of(self, agent_id: str) -> str:
        labels = list(self.graph.objects(self.agent_iri[agent_id], RDFS.label))
        return str(labels[0]) if labels else agent_id


def records_to_graph(records: rec.Records) -> tuple[Graph, dict[str, tuple[rec.Where, str]]]:
    """Map checked records to RDF.

    Returns the data graph and, for every resource, the file position and
    record id it came from (used to point SHACL problems back at the YAML).
    """
    mapper = _Mapper(records)
    mapper.agents()
    mapper.posts_and_people()
    mapper.sources()
    mapper.contacts()
    return mapper.graph, mapper.origin


def validate(
    data: Graph,
    ontology: Graph,
    shapes_path: Path,
    origin: dict[str, tuple[rec.Where, str]] | None = None,
) -> None:
    """Validate ``data`` against the SHACL shapes; raise with every violation."""
    import pyshacl

    shapes = Graph()
    try:
        shapes.parse(shapes_path, format="turtle")
    except Exception as exc:  # rdflib raises parser-specific types
        raise InvalidDataError(
            [DataError(str(shapes_path), f"cannot read the shapes: {exc}")]
        ) from exc
    # The topic scheme and the class hierarchy are part of what is validated
    # (a topic must be a concept of the scheme), so validate the union.
    conforms, report, _ = pyshacl.validate(
        data + ontology, shacl_graph=shapes, inference="none", advanced=True
    )
    if conforms:
        return
    sh = "http://www.w3.org/ns/shacl#"
    problems = []
    for result in report.subjects(RDF.type, _u(sh + "ValidationResult")):
        focus = report.value(result, _u(sh + "focusNode"))
        message = report.value(result, _u(sh + "resultMessage"))
        path = report.value(result, _u(sh + "resultPath"))
        where, ident = (origin or {}).get(str(focus), (rec.Where("(graph)", None), str(focus)))
        text = str(message) if message is not None else "violates a shape"
        if path is not None and not isinstance(path, BNode):
            text += f" (property {path})"
        problems.append(DataError(where.path, f"SHACL: {text}", line=where.line, record=ident))
    problems.sort(key=lambda p: (p.path, p.line or 0, p.message))
    raise InvalidDataError(problems)


def build_graphs(
    data_dir: str | Path, ontology_dir: str | Path, today: dt.date | None = None
) -> Built:
    """Read, map and validate; return the ontology and data graphs."""
    data_dir, ontology_dir = Path(data_dir), Path(ontology_dir)
    ontology = load_ontology(ontology_dir)
    records = rec.read_records(data_dir, topic_ids(ontology), today=today)
    data, origin = records_to_graph(records)
    validate(data, ontology, ontology_dir / SHAPES_FILE, origin)
    return Built(ontology, data, records)


def check_data(data_dir: str | Path, ontology_dir: str | Path) -> list[RoleWarning]:
    """Read and check every record without building (``kg check``); the role warnings.

    Raises :class:`~kg.errors.InvalidDataError` on the errors a build would
    refuse (the SHACL shapes run only when building).
    """
    ontology = load_ontology(Path(ontology_dir))
    records = rec.read_records(Path(data_dir), topic_ids(ontology))
    return role_warnings(records)
