"""The person network: a networkx projection of the knowledge graph.

:func:`project` turns the contacts of any configured store into a
:class:`networkx.MultiGraph` whose nodes are the agents taking part in
contacts (people, and the countries or organisations recorded as
participants) and whose edges are the contacts, one edge per pair of
participants on different sides per contact (see :meth:`_Contact.pairs`),
keyed by the contact id. Everything comes from
the shipped ``projection_*.rq`` queries run with bound values, so the
projection is the same on the embedded store and on a SPARQL endpoint.

The exports (:func:`network_bytes`, :func:`rdf_bytes`, :func:`flatten`)
live in :mod:`kg.network.exports`; they can still be imported from here, as
the registry of output formats names them.

This module imports networkx only inside the function that needs it, so
importing it costs nothing on the query path.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from itertools import combinations
from typing import TYPE_CHECKING, Any, NamedTuple

from kg.dates import precision_from_iri
from kg.identity.index import normalise
from kg.network.exports import flatten, network_bytes, rdf_bytes
from kg.query import QueryStore
from kg.rq import load_query
from kg.store import BindValue, Row
from kg.vocab import CONTACT_TYPE_NAMES, ENTITY_KINDS, local_id

if TYPE_CHECKING:
    import networkx as nx

__all__ = [
    "STATUSES",
    "project",
    "edge_sort_key",
    "flatten",
    "network_bytes",
    "rdf_bytes",
]


#: The statuses a projected contact can have (denied contacts are never projected).
STATUSES: tuple[str, ...] = ("confirmed", "reported", "disputed")


class _Agent(NamedTuple):
    name: str
    kind: str
    countries: dict[str, str]  # country id -> name
    posts: set[str]


class _Contact(NamedTuple):
    id: str
    attributes: dict[str, Any]
    participants: list[str]
    acting_for: set[tuple[str, str]]  # (participant, a country it acted for)

    def pairs(self) -> list[tuple[str, str]]:
        """The pairs of participants that had contact with each other: not two on one
        side, that is an official and the country they acted for in it (the host
        country of a visit and its leader), or, when the contact has other sides,
        two officials acting for one country (a president and his foreign minister
        receiving a visitor together; two ministers of one country talking to each
        other are a pair)."""
        sides: dict[str, set[str]] = {}
        for participant, country in self.acting_for:
            sides.setdefault(participant, set()).add(country)
        countries = {country for _, country in self.acting_for} | {
            p for p in self.participants if p not in sides
        }
        several = len(countries) > 1
        return [
            (u, v)
            for u, v in combinations(sorted(self.participants), 2)
            if u not in sides.get(v, ())
            and v not in sides.get(u, ())
            and not (several and sides.get(u, set()) & sides.get(v, set()))
        ]


def _status(iri: str) -> str:
    return local_id(iri).lower()


def _contacts(rows: list[Row]) -> dict[str, _Contact]:
    contacts: dict[str, _Contact] = {}
    for row in rows:
        ident = local_id(row["contact"])
        contact = contacts.get(ident)
        if contact is None:
            contact = _Contact(
                ident,
                {
                    "contact": ident,
                    "type": CONTACT_TYPE_NAMES[row["type"]],
                    "type_label": row["typeLabel"],
                    "date": row["edtf"],
                    "earliest": row["earliest"],
                    "latest": row["latest"],
                    "precision": precision_from_iri(row["precision"]),
                    "status": _status(row["status"]),
                    "series": row.get("series") == "true",
                },
                [],
                set(),
            )
            contacts[ident] = contact
        agent = local_id(row["agent"])
        if agent not in contact.participants:
            contact.participants.append(agent)
        if "actedFor" in row:
            contact.acting_for.add((agent, local_id(row["actedFor"])))
    return contacts


def _agents(store: QueryStore) -> dict[str, _Agent]:
    agents: dict[str, _Agent] = {}
    for row in store.select(load_query("projection_agents")):
        ident = local_id(row["agent"])
        agent = agents.get(ident)
        if agent is None:
            agent = _Agent(
                row["name"], ENTITY_KINDS.get(row.get("kind", ""), "organisation"), {}, set()
            )
            agents[ident] = agent
        if "country" in row:
            agent.countries[local_id(row["country"])] = row["countryName"]
        if "postName" in row:
            agent.posts.add(row["postName"])
    return agents


#: The order of a contact's statements: whether it happened, then its date, roles and topics.
_STATEMENT_ORDER = {"occurred": 0, "date": 1, "visitor": 2, "initiator": 3, "topic": 4}


def _statement_name(predicate: str) -> str:
    name = local_id(predicate)
    return "date" if name == "edtf" else name


class _Said(NamedTuple):
    """What the claims about each contact say, by contact id."""

    topics: dict[str, list[dict[str, str]]]
    statements: dict[str, list[dict[str, Any]]]
    sources: dict[str, list[dict[str, Any]]]


def _names(names: set[str]) -> list[str]:
    return sorted(names, key=lambda n: (normalise(n), n))


def _claims(store: QueryStore, window: dict[str, BindValue]) -> _Said:
    """The statements of each contact, with who affirms and who denies each, and its sources."""
    found: dict[str, dict[str, dict[str, Any]]] = {}
    sources: dict[str, dict[str, dict[str, Any]]] = {}
    for row in store.select(load_query("projection_claims"), window):
        contact = local_id(row["contact"])
        statements = found.setdefault(contact, {})
        what = _statement_name(row["predicate"])
        statement = statements.get(row["statement"])
        if statement is None:
            value = "" if what == "occurred" else row.get("objectLabel") or local_id(row["object"])
            statement = {
                "statement": what,
                "value": value,
                "status": _status(row["status"]),
                "affirmed_by": set(),
                "denied_by": set(),
                "id": local_id(row["object"]),
            }
            statements[row["statement"]] = statement
        side = "denied_by" if row["stance"].endswith("Denies") else "affirmed_by"
        statement[side].add(row.get("agentName") or local_id(row["agent"]))
        if "title" in row:
            ident = local_id(row["source"])
            sources.setdefault(contact, {})[ident] = {
                "id": ident,
                "title": row["title"],
                "publisher": row["publisherName"],
                "published": row.get("issued"),
            }
    said = _Said({}, {}, {})
    for contact, by_iri in found.items():
        listed = sorted(
            by_iri.values(),
            key=lambda s: (
                _STATEMENT_ORDER.get(s["statement"], 9),
                s["statement"],
                normalise(s["value"]),
                s["id"],
            ),
        )
        said.topics[contact] = [
            {"id": s["id"], "label": s["value"], "status": s["status"]}
            for s in listed
            if s["statement"] == "topic"
        ]
        said.statements[contact] = [
            {
                "statement": s["statement"],
                "value": s["value"],
                "status": s["status"],
                "affirmed_by": _names(s["affirmed_by"]),
                "denied_by": _names(s["denied_by"]),
            }
            for s in listed
        ]
    for contact, documents in sources.items():
        said.sources[contact] = sorted(
            documents.values(), key=lambda s: (s["published"] or "", s["id"])
        )
    return said


def _matches_country(agent: _Agent | None, wanted: set[str]) -> bool:
    if agent is None:
        return False
    return any(
        normalise(ident) in wanted or normalise(name) in wanted
        for ident, name in agent.countries.items()
    )


def edge_sort_key(attributes: dict[str, Any]) -> tuple[str, str, str]:
    """The chronological order of contacts: earliest day, latest day, contact id.

    Examples
    --------
    >>> edges = [{"earliest": "2022-10-01", "latest": "2022-10-31", "contact": "b"},
    ...          {"earliest": "2022-10-01", "latest": "2022-10-01", "contact": "a"}]
    >>> [e["contact"] for e in sorted(edges, key=edge_sort_key)]
    ['a', 'b']
    """
    return (attributes["earliest"], attributes["latest"], attributes["contact"])


def project(
    store: QueryStore,
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
    countries: Sequence[str] = (),
    people: Sequence[str] = (),
    types: Sequence[str] = (),
    statuses: Sequence[str] = (),
) -> nx.MultiGraph:
    """Project the contacts of ``store`` onto a network of agents.

    Parameters
    ----------
    store : QueryStore
        Anything with ``select(query, bindings) -> list[dict[str, str]]``,
        such as :class:`kg.store.EmbeddedStore`.
    start, end : datetime.date, optional
        The window: a contact is kept when it *may* fall in it, that is when
        its earliest possible day is not after ``end`` and its latest
        possible day is not before ``start``. Either bound may be left open.
    countries : sequence of str, optional
        Keep only contacts with at least one participant tied to one of these
        countries (id or name, any case; see the node attribute ``countries``).
    people : sequence of str, optional
        Keep only contacts involving at least one of these agent ids.
    types : sequence of str, optional
        Keep only contacts of these type ids (``phone-call``, ``visit``, ...).
    statuses : sequence of str, optional
        Keep only contacts with one of these statuses (``confirmed``,
        ``reported``, ``disputed``).

    Returns
    -------
    networkx.MultiGraph
        Nodes are keyed by the agent's id (``"lecornu"``), with attributes
        ``name``, ``kind`` (``person``, ``country`` or ``organisation``),
        ``countries`` (country names sorted by name: those of the posts a
        person held, a country itself, an organisation's country),
        ``country_ids`` (their ids, in the same order) and ``posts`` (sorted
        names of the posts a person held; empty otherwise). Only agents taking
        part in a kept contact are nodes.

        Each contact gives one edge per pair of its participants (three
        participants, three edges), keyed by the contact id, with attributes
        ``contact``, ``type``, ``type_label``, ``date`` (EDTF), ``earliest``,
        ``latest`` (ISO dates), ``precision``, ``status``, ``series``,
        ``topics`` (a list of ``{id, label, status}`` for every topic
        statement, disputed ones included), ``statements`` (every statement
        made about the contact, whether it occurred, its date, visitor,
        initiator and topics, as a list of ``{statement, value, status,
        affirmed_by, denied_by}``, the last two naming who makes each claim,
        as ``kg claims`` and ``kg disputes`` do) and ``sources`` (a list of
        ``{id, title, publisher, published}``). Denied contacts are never
        projected.

        The graph attributes ``start`` and ``end`` hold the window as ISO
        dates (``None`` when open). Nodes are added in id order and edges in
        chronological order (:func:`edge_sort_key`), so the graph is the same
        on every run.

    Notes
    -----
    The window and the filters are applied to the contacts before
    projecting: a filter on people keeps every participant of the contacts
    those people took part in, so their counterparts appear as nodes too.
    """
    import networkx as nx

    window: dict[str, BindValue] = {"start": start or dt.date.min, "end": end or dt.date.max}
    contacts = _contacts(store.select(load_query("projection_contacts"), window))
    agents = _agents(store)
    wanted_countries = {normalise(c) for c in countries}
    wanted_people, wanted_types, wanted_statuses = set(people), set(types), set(statuses)
    kept = [
        c
        for c in contacts.values()
        if (not wanted_types or c.attributes["type"] in wanted_types)
        and (not wanted_statuses or c.attributes["status"] in wanted_statuses)
        and (not wanted_people or wanted_people.intersection(c.participants))
        and (
            not wanted_countries
            or any(_matches_country(agents.get(p), wanted_countries) for p in c.participants)
        )
    ]
    kept.sort(key=lambda c: edge_sort_key(c.attributes))
    said = _claims(store, window) if kept else _Said({}, {}, {})

    graph = nx.MultiGraph(
        start=start.isoformat() if start else None, end=end.isoformat() if end else None
    )
    for ident in sorted({p for c in kept for p in c.participants}):
        agent = agents.get(ident) or _Agent(ident, "organisation", {}, set())
        tied = sorted(agent.countries.items(), key=lambda c: (normalise(c[1]), c[0]))
        graph.add_node(
            ident,
            name=agent.name,
            kind=agent.kind,
            countries=[name for _, name in tied],
            country_ids=[country for country, _ in tied],
            posts=sorted(agent.posts, key=normalise),
        )
    for contact in kept:
        for u, v in contact.pairs():
            graph.add_edge(
                u,
                v,
                key=contact.id,
                **contact.attributes,
                topics=[dict(t) for t in said.topics.get(contact.id, [])],
                statements=[
                    {**s, "affirmed_by": list(s["affirmed_by"]), "denied_by": list(s["denied_by"])}
                    for s in said.statements.get(contact.id, [])
                ],
                sources=[dict(s) for s in said.sources.get(contact.id, [])],
            )
    return graph
