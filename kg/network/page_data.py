"""What the graph page knows: a projection turned into the tables its script reads.

The page of ``kg graph`` receives one JSON document (:func:`page_data`) and
builds every view from it in the browser: the overview of countries, the
people with the most contacts, one person's contacts, the filters, the
panels and the legend. The document is made of tables that refer to each
other by position, so that a name or a title is written once however many
contacts cite it:

``people``
    every participant, by id: ``{id, name, kind, countries, posts}``, where
    ``countries`` are positions in ``countries`` (the first is the one the
    page groups the participant under);
``countries``
    ``{id, name, color}``, sorted by name; ``color`` is ``None`` for the
    countries grouped as "other" (:mod:`kg.network.colours`; the colours go
    to the countries whose participants took part in the most contacts);
``types``, ``publishers``, ``agents``
    contact types ``{id, label}``, publishers' names, and the names of the
    agents who make claims;
``sources``
    ``{title, publisher, published}`` (``publisher`` a position in
    ``publishers``);
``contacts``
    in chronological order (:func:`kg.network.projection.edge_sort_key`):
    ``{id, date, precision, earliest, latest, type, status, who, sources,
    says}`` and ``series: true`` for a series; ``who`` and ``sources`` are
    positions, and ``says`` lists every statement made about the contact as
    ``{what, value, status, yes, no}``, ``yes`` and ``no`` being the agents
    who affirm and who deny it.

Examples
--------
>>> import networkx as nx
>>> graph = nx.MultiGraph()
>>> graph.add_node("ann", name="Ann", kind="person", countries=["Aland"],
...                country_ids=["aa"], posts=[])
>>> graph.add_node("bob", name="Bob", kind="person", countries=[], country_ids=[], posts=[])
>>> graph.add_edge("ann", "bob", key="c1", contact="c1", type="phone-call",
...                type_label="phone call", date="2024-05", earliest="2024-05-01",
...                latest="2024-05-31", precision="month", status="reported", series=False,
...                topics=[], sources=[], statements=[{"statement": "occurred", "value": "",
...                "status": "reported", "affirmed_by": ["Aland MFA"], "denied_by": []}])
'c1'
>>> data, counts = page_data(graph)
>>> data["contacts"][0]["who"], data["contacts"][0]["says"][0]["yes"], data["agents"]
([0, 1], [0], ['Aland MFA'])
>>> counts
(2, 1, 1)
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import TYPE_CHECKING, Any

from kg.network.colours import country_colours

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["page_data", "primary_country"]


def _key(text: str) -> tuple[str, str]:
    return (text.casefold(), text)


def primary_country(attributes: dict[str, Any]) -> tuple[str, str] | None:
    """The ``(id, name)`` of the country a participant is grouped under, or ``None``.

    The first of its countries by name; graphs without ``country_ids``
    (made by hand) use the names as ids.

    Examples
    --------
    >>> primary_country({"countries": ["France", "Russia"], "country_ids": ["fr", "ru"]})
    ('fr', 'France')
    >>> primary_country({"countries": []}) is None
    True
    """
    names = list(attributes.get("countries") or [])
    ids = list(attributes.get("country_ids") or names)
    return (str(ids[0]), str(names[0])) if names else None


def _statements(attributes: dict[str, Any]) -> list[dict[str, Any]]:
    """What the contact's claims say; a graph without ``statements`` gives its status and topics."""
    if "statements" in attributes:
        return list(attributes["statements"])
    said: list[dict[str, Any]] = [
        {"statement": "occurred", "value": "", "status": attributes["status"]}
    ]
    said += [
        {"statement": "topic", "value": t["label"], "status": t["status"]}
        for t in attributes.get("topics", [])
    ]
    return said


def page_data(graph: nx.MultiGraph) -> tuple[dict[str, Any], tuple[int, int, int]]:
    """The tables the page's script reads, and the page's counts.

    Parameters
    ----------
    graph : networkx.MultiGraph
        A graph shaped as :func:`kg.network.projection.project` returns it.

    Returns
    -------
    data : dict
        The tables described in the module's documentation, with
        ``range`` (the first and last possible day of any contact).
    counts : tuple of int
        How many participants, connected pairs and contacts the page shows.
    """
    people_ids = sorted(graph.nodes)
    person_index = {ident: number for number, ident in enumerate(people_ids)}

    country_names: dict[str, str] = {}
    for _, attributes in graph.nodes(data=True):
        names = list(attributes.get("countries") or [])
        for ident, name in zip(attributes.get("country_ids") or names, names, strict=True):
            country_names.setdefault(str(ident), str(name))
    country_order = sorted(country_names, key=lambda c: (*_key(country_names[c]), c))
    country_index = {ident: number for number, ident in enumerate(country_order)}

    people = []
    for ident in people_ids:
        attributes = graph.nodes[ident]
        names = list(attributes.get("countries") or [])
        ids = [str(c) for c in attributes.get("country_ids") or names]
        people.append(
            {
                "id": ident,
                "name": attributes.get("name") or ident,
                "kind": attributes.get("kind") or "organisation",
                "countries": [country_index[c] for c in ids],
                "posts": list(attributes.get("posts") or []),
            }
        )

    records: dict[str, dict[str, Any]] = {}
    participants: dict[str, set[str]] = defaultdict(set)
    pairs: set[tuple[str, str]] = set()
    for u, v, key, attributes in graph.edges(keys=True, data=True):
        records.setdefault(key, attributes)
        participants[key].update((u, v))
        pairs.add((min(u, v), max(u, v)))
    order = sorted(
        records, key=lambda k: (records[k]["earliest"], records[k]["latest"], records[k]["contact"])
    )

    # Colours go to the countries with the most contacts (see kg.network.colours).
    home = {node: primary_country(a) for node, a in graph.nodes(data=True)}
    busy: Counter[str] = Counter()
    for key in order:
        busy.update({found[0] for p in participants[key] if (found := home[p]) is not None})
    colours = country_colours({c: busy.get(c, 0) for c in country_order})

    types = sorted({(records[k]["type"], records[k]["type_label"]) for k in order})
    type_index = {ident: number for number, (ident, _) in enumerate(types)}
    documents: dict[str, dict[str, Any]] = {}
    agent_names: set[str] = set()
    for key in order:
        for source in records[key].get("sources", []):
            documents.setdefault(str(source.get("id") or source["title"]), source)
        for statement in _statements(records[key]):
            agent_names.update(statement.get("affirmed_by", []))
            agent_names.update(statement.get("denied_by", []))
    publishers = sorted({str(s["publisher"]) for s in documents.values()}, key=_key)
    publisher_index = {name: number for number, name in enumerate(publishers)}
    source_order = sorted(
        documents,
        key=lambda s: (
            publisher_index[documents[s]["publisher"]],
            documents[s].get("published") or "",
            documents[s]["title"],
            s,
        ),
    )
    source_index = {ident: number for number, ident in enumerate(source_order)}
    agents = sorted(agent_names, key=_key)
    agent_index = {name: number for number, name in enumerate(agents)}

    contacts = []
    for key in order:
        attributes = records[key]
        contact: dict[str, Any] = {
            "id": attributes["contact"],
            "date": attributes["date"],
            "precision": attributes["precision"],
            "earliest": attributes["earliest"],
            "latest": attributes["latest"],
            "type": type_index[attributes["type"]],
            "status": attributes["status"],
            "who": sorted(person_index[p] for p in participants[key]),
            "sources": sorted(
                {source_index[str(s.get("id") or s["title"])] for s in attributes["sources"]}
            ),
            "says": [
                {
                    "what": s["statement"],
                    "value": s["value"],
                    "status": s["status"],
                    "yes": [agent_index[a] for a in s.get("affirmed_by", [])],
                    "no": [agent_index[a] for a in s.get("denied_by", [])],
                }
                for s in _statements(attributes)
            ],
        }
        if attributes.get("series"):
            contact["series"] = True
        contacts.append(contact)

    data = {
        "people": people,
        "countries": [
            {"id": c, "name": country_names[c], "color": colours[c]} for c in country_order
        ],
        "types": [{"id": ident, "label": label} for ident, label in types],
        "publishers": publishers,
        "sources": [
            {
                "title": documents[s]["title"],
                "publisher": publisher_index[documents[s]["publisher"]],
                "published": documents[s].get("published"),
            }
            for s in source_order
        ],
        "agents": agents,
        "contacts": contacts,
        "range": {
            "min": min((c["earliest"] for c in contacts), default=""),
            "max": max((c["latest"] for c in contacts), default=""),
        },
    }
    return data, (len(people), len(pairs), len(contacts))
