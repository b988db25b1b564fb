"""Records in the format of ``data/`` mapped to RDF, one record at a time.

:class:`RecordMapper` remembers what later records refer to — each id's IRI,
display name and country (its *side*, for the status rules), each source's
publisher, the posts and tenures — and writes each record through
:mod:`kg.records.rdf`. The curated build (:mod:`kg.records.curated`) maps a
whole folder of checked records; the JSON Lines importer
(:mod:`kg.importers.jsonl`) maps a file line by line, in the same way, so the
two give the same triples for the same records.

A record may refer only to records mapped before it (as a JSON Lines file
must be written); :meth:`RecordMapper.map_records` maps a folder's records
in an order where that holds: countries, organisations, posts, people,
agents, sources, contacts.

Examples
--------
>>> from kg.records.model import Country, Where
>>> mapper = RecordMapper()
>>> out: set[str] = set()
>>> mapper.country(Country("fr", "France", Where("a.yaml", 1)), out)
>>> mapper.label["fr"], mapper.side["fr"]
('France', 'fr')
>>> len(out)
3
"""

from __future__ import annotations

from kg.dates import DateBounds
from kg.records import rdf
from kg.records.model import (
    Agent,
    ClaimRecord,
    Contact,
    Country,
    Organisation,
    Person,
    Post,
    Records,
    Source,
    Where,
)
from kg.records.tenures import TenureIndex
from kg.vocab import POST_LEVELS, resource_iri

__all__ = ["RecordMapper"]

#: Post levels from the highest: a person acts for the country of their highest post.
_LEVEL_RANK = {level: rank for rank, level in enumerate(POST_LEVELS)}

_AGENT_KINDS = {"country": "country", "organisation": "org", "agent": "agent", "person": "person"}


class RecordMapper:
    """Maps records to N-Triples lines, resolving ids against the records mapped so far.

    Attributes
    ----------
    iri, label, side : dict
        Each agent id's IRI, display name and the country it speaks for.
    kind_of : dict
        Each id's kind (``country``, ``organisation``, ``agent``, ``post``,
        ``person``, ``source``).
    publisher : dict
        Each source id's publisher id.
    tenures : TenureIndex
        Posts and tenures, for the posts and countries of a participant at a date.
    origin : dict
        For every resource IRI written, the file position and record id it
        came from (to point SHACL problems back at the records); kept only
        with ``track_origin`` (a bulk import of millions of contacts does not).
    """

    def __init__(self, track_origin: bool = True) -> None:
        self.iri: dict[str, str] = {}
        self.label: dict[str, str] = {}
        self.side: dict[str, str | None] = {}
        self.kind_of: dict[str, str] = {}
        self.publisher: dict[str, str] = {}
        self.tenures = TenureIndex(Records())
        self.origin: dict[str, tuple[Where, str]] = {}
        self._track = track_origin

    def _remember(self, node: str, where: Where, ident: str, first: bool = False) -> None:
        if self._track and not (first and node in self.origin):
            self.origin[node] = (where, ident)

    def _agent(self, kind: str, ident: str, name: str, side: str | None, where: Where) -> str:
        node = resource_iri(_AGENT_KINDS[kind], ident)
        self.iri[ident] = node
        self.label[ident] = name
        self.side[ident] = side
        self.kind_of[ident] = kind
        self._remember(node, where, ident)
        return node

    # -- entities -------------------------------------------------------------

    def country(self, record: Country, out: set[str]) -> None:
        """Map a country."""
        node = self._agent("country", record.id, record.name, record.id, record.where)
        rdf.country(out, node, record.name, record.aliases, record.wikidata)

    def organisation(self, record: Organisation, out: set[str]) -> None:
        """Map an organisation; its country must be mapped."""
        node = self._agent("organisation", record.id, record.name, record.country, record.where)
        in_country = self.iri[record.country] if record.country else None
        rdf.organisation(out, node, record.name, record.aliases, record.wikidata, in_country)

    def anonymous_agent(self, record: Agent, out: set[str]) -> None:
        """Map an anonymous source; its country and the person it is close to must be mapped."""
        node = self._agent("agent", record.id, record.name, record.country, record.where)
        in_country = self.iri[record.country] if record.country else None
        close_to = self.iri[record.close_to] if record.close_to else None
        rdf.anonymous_agent(out, node, record.name, in_country, close_to)

    def post(self, record: Post, out: set[str]) -> None:
        """Map a post; its country and organisation must be mapped."""
        node = resource_iri("post", record.id)
        self.kind_of[record.id] = "post"
        self._remember(node, record.where, record.id)
        self.tenures.posts[record.id] = record
        organisation = self.iri[record.organisation] if record.organisation else None
        rdf.post(
            out,
            node,
            record.name,
            self.iri[record.country],
            record.level,
            record.aliases,
            record.wikidata,
            organisation,
        )

    def person(self, record: Person, out: set[str]) -> None:
        """Map a person and their tenures; the posts and sources must be mapped.

        A person speaks for a country when all their posts are of that country.
        """
        countries = {self.tenures.posts[t.post].country for t in record.tenures}
        side = countries.pop() if len(countries) == 1 else None
        node = self._agent("person", record.id, record.name, side, record.where)
        self.tenures.tenures[record.id].extend(record.tenures)
        rdf.person(out, node, record.name, record.aliases, record.wikidata, record.family_name)
        for held in record.tenures:
            tenure = resource_iri("tenure", f"{record.id}-{held.post}-{held.start.isoformat()}")
            self._remember(tenure, held.where, record.id)
            rdf.tenure(
                out,
                tenure,
                node,
                resource_iri("post", held.post),
                held.start,
                held.end,
                resource_iri("source", held.source),
                held.note,
            )

    def source(self, record: Source, out: set[str]) -> None:
        """Map a source document; its publisher must be mapped."""
        node = resource_iri("source", record.id)
        self.kind_of[record.id] = "source"
        self.publisher[record.id] = record.publisher
        self._remember(node, record.where, record.id)
        rdf.source(
            out,
            node,
            record.kind,
            record.title,
            self.iri[record.publisher],
            record.published,
            record.url,
        )

    # -- contacts ---------------------------------------------------------------

    def spec(self, record: Contact) -> rdf.ContactSpec:
        """The contact resolved: participants with their countries and posts at its date."""
        date = record.date
        participants = tuple(
            self._participant(p.agent, p.role, date, p.post) for p in record.participants
        )
        claims = tuple(self._claim(str(n), c) for n, c in enumerate(record.claims, start=1))
        return rdf.ContactSpec(
            record.id,
            record.type,
            date,
            participants,
            claims,
            record.location,
            record.note,
            record.series,
        )

    def _participant(
        self, agent: str, role: str, date: DateBounds, named_as: str | None = None
    ) -> rdf.Participant:
        held = self.tenures.held(agent, date.earliest, date.latest)
        kind = self.kind_of.get(agent)
        acted_for: str | None = None
        if kind == "country":
            acted_for = agent
        elif kind in ("organisation", "agent"):
            acted_for = self.side.get(agent)
        elif any(p.id == named_as for p in held):
            # the post the record names them by, when they held it (else a role warning)
            acted_for = self.tenures.posts[named_as or ""].country
        elif held:
            acted_for = min(held, key=lambda p: (_LEVEL_RANK[p.level], p.country, p.id)).country
        posts = tuple(resource_iri("post", p.id) for p in held)
        country = self.iri[acted_for] if acted_for else None
        return rdf.Participant(self.iri[agent], self.label[agent], role, country, posts)

    def _claim(self, key: str, claim: ClaimRecord) -> rdf.Claim:
        value = claim.value
        if claim.predicate == "topic":
            value = resource_iri("topic", value or "")
        elif claim.predicate == "initiator":
            value = self.iri[value or ""]
        return rdf.Claim(
            key,
            claim.predicate,
            value,
            self.iri[claim.by],
            self.side.get(claim.by),
            resource_iri("source", claim.source),
            self.publisher[claim.source],
            claim.stance,
            claim.quote,
        )

    def contact(self, record: Contact, out: set[str]) -> None:
        """Map a contact; everything it refers to must be mapped."""
        spec = self.spec(record)
        node = resource_iri("contact", record.id)
        self._remember(node, record.where, record.id)
        if self._track:
            for part in spec.participants:
                participation = f"{node}#p-{rdf.participation_suffix(part.agent)}"
                self._remember(participation, record.where, record.id)
            for number, claim in enumerate(record.claims, start=1):
                self._remember(
                    resource_iri("claim", f"{record.id}-{number}"), claim.where, record.id
                )
                suffix = rdf.statement_suffix(claim.predicate, spec.claims[number - 1].value)
                statement = resource_iri("statement", f"{record.id}-{suffix}")
                self._remember(statement, claim.where, record.id, first=True)
        rdf.contact(out, spec)

    def map_records(self, records: Records) -> set[str]:
        """Map every record of a folder, in an order where references come first."""
        out: set[str] = set()
        for country in records.countries:
            self.country(country, out)
        for organisation in records.organisations:
            self.organisation(organisation, out)
        for held in records.posts:
            self.post(held, out)
        for person in records.people:
            self.person(person, out)
        for agent in records.agents:
            self.anonymous_agent(agent, out)
        for document in records.sources:
            self.source(document, out)
        for contact in records.contacts:
            self.contact(contact, out)
        return out
