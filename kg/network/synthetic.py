"""A synthetic person network, shaped as a projection, for benchmarks and browser tests.

:func:`synthetic_network` draws, from a fixed seed, a graph shaped as
:func:`kg.network.projection.project` returns it, without building a store:
the page of ``kg graph`` can then be measured and tested at thousands of
people in seconds. The same arguments always give the same graph.

Realism where the page needs it: participation is skewed (a few people take
part in many contacts), countries have very different numbers of officials,
most contacts are bilateral and one in twenty has three to five
participants, some countries take part as states, dates come at several
precisions, and claims disagree: one contact in ten is affirmed by one
side's ministry and denied by the other's, and some confirmed contacts have
a topic that one side affirms and a source close to the other denies.

Examples
--------
>>> graph = synthetic_network(people=40, contacts=60, countries=5)
>>> graph.number_of_nodes() <= 45, len({k for _, _, k in graph.edges(keys=True)})
(True, 60)
>>> nodes = list(synthetic_network(people=40, contacts=60, countries=5).nodes(data=True))
>>> nodes == list(graph.nodes(data=True))
True
"""

from __future__ import annotations

import random
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["synthetic_network"]

_SYLLABLES = "ka lo mi ne ru sa te vo zi an el or ur is ba do fe gu li mo".split()
_TYPES = (
    ("phone-call", "phone call", 40),
    ("meeting", "meeting", 25),
    ("visit", "visit", 12),
    ("video-call", "video call", 8),
    ("third-location-meeting", "meeting at a third location", 8),
    ("negotiation-round", "negotiation round", 7),
)
_POSTS = ("President", "Prime Minister", "Foreign Minister", "Defence Minister", "Minister")
_AGENCIES = ("Wire One", "Daily Courier", "Northern Post", "Evening Herald", "Press Agency")
_TOPICS = ("trade", "security", "climate", "energy", "migration", "health", "ceasefire")


def _word(rng: random.Random, parts: int) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(parts)).capitalize()


def _date(rng: random.Random) -> tuple[str, str, str, str]:
    """EDTF, earliest day, latest day and precision of a random contact date."""
    year, month, day = rng.randint(1990, 2024), rng.randint(1, 12), rng.randint(1, 28)
    precision = rng.choices(("day", "month", "year"), (70, 20, 10))[0]
    if precision == "day":
        date = f"{year}-{month:02d}-{day:02d}"
        return date, date, date, precision
    if precision == "month":
        return f"{year}-{month:02d}", f"{year}-{month:02d}-01", f"{year}-{month:02d}-28", precision
    return str(year), f"{year}-01-01", f"{year}-12-31", precision


def synthetic_network(
    people: int = 1000, contacts: int = 3000, countries: int = 60, seed: int = 20240403
) -> nx.MultiGraph:
    """A projection-shaped graph of ``people`` officials and ``contacts`` contacts.

    Parameters
    ----------
    people, contacts, countries : int
        How many officials, contacts and countries; each country also takes
        part as a state in a few contacts.
    seed : int
        The seed of the random draws.

    Returns
    -------
    networkx.MultiGraph
        Nodes and edges with the attributes of
        :func:`kg.network.projection.project`. Everyone drawn takes part in
        at least one contact while contacts last.
    """
    import networkx as nx

    rng = random.Random(seed)
    graph = nx.MultiGraph(start=None, end=None)
    names: list[str] = []
    while len(names) < countries:
        name = _word(rng, rng.randint(2, 3)) + rng.choice(("ia", "a", "land", "stan", ""))
        if name not in names:
            names.append(name)
    country_ids = [f"k{n:03d}" for n in range(countries)]
    for ident, name in zip(country_ids, names, strict=True):
        graph.add_node(
            ident, name=name, kind="country", countries=[name], country_ids=[ident], posts=[]
        )
    officials = []
    for n in range(people):
        home = min(int(rng.expovariate(6.0 / countries)), countries - 1)
        post = f"{rng.choice(_POSTS)} of {names[home]}"
        ident = f"p{n:05d}"
        graph.add_node(
            ident,
            name=f"{_word(rng, 2)} {_word(rng, 3)}",
            kind="person",
            countries=[names[home]],
            country_ids=[country_ids[home]],
            posts=[post],
        )
        officials.append((ident, home))
    weights = [1.0 / (rank + 1) ** 0.8 for rank in range(people)]
    unused = list(range(people))
    rng.shuffle(unused)
    for c in range(contacts):
        size = rng.randint(3, 5) if rng.random() < 0.05 else 2
        chosen: set[int] = {unused.pop()} if unused else set()
        while len(chosen) < size:
            chosen.add(rng.choices(range(people), weights)[0])
        members = [officials[i][0] for i in sorted(chosen)]
        sides = sorted({officials[i][1] for i in chosen})
        if rng.random() < 0.03:
            members.append(country_ids[sides[0]])
        date, earliest, latest, precision = _date(rng)
        kind, label, _ = rng.choices(_TYPES, [t[2] for t in _TYPES])[0]
        first = f"Ministry of Foreign Affairs of {names[sides[0]]}"
        second = f"Ministry of Foreign Affairs of {names[sides[-1]]}"
        agency = rng.choice(_AGENCIES)
        draw = rng.random()
        if draw < 0.1:
            status, yes, no = "disputed", [first], [second]
        elif draw < 0.4:
            status, yes, no = "confirmed", sorted({first, second}), []
        else:
            status, yes, no = "reported", [agency], []
        statements: list[dict[str, Any]] = [
            {
                "statement": "occurred",
                "value": "",
                "status": status,
                "affirmed_by": yes,
                "denied_by": no,
            }
        ]
        for topic in sorted(rng.sample(_TOPICS, rng.randint(0, 2))):
            if status == "confirmed" and rng.random() < 0.1:
                close = graph.nodes[members[-1]]["name"]
                statements.append(
                    {
                        "statement": "topic",
                        "value": topic,
                        "status": "disputed",
                        "affirmed_by": [first],
                        "denied_by": [f"a source close to {close}"],
                    }
                )
            else:
                statements.append(
                    {
                        "statement": "topic",
                        "value": topic,
                        "status": status if status != "disputed" else "reported",
                        "affirmed_by": yes,
                        "denied_by": [],
                    }
                )
        attributes: dict[str, Any] = {
            "contact": f"c{c:06d}",
            "type": kind,
            "type_label": label,
            "date": date,
            "earliest": earliest,
            "latest": latest,
            "precision": precision,
            "status": status,
            "series": False,
            "topics": [
                {"id": s["value"], "label": s["value"], "status": s["status"]}
                for s in statements
                if s["statement"] == "topic"
            ],
            "statements": statements,
            "sources": [
                {
                    "id": f"s{c:06d}",
                    "title": f"Report {c}: {label} of {' and '.join(names[s] for s in sides)}",
                    "publisher": agency,
                    "published": latest,
                }
            ],
        }
        members.sort()
        for i, u in enumerate(members):
            for v in members[i + 1 :]:
                graph.add_edge(u, v, key=attributes["contact"], **attributes)
    graph.remove_nodes_from([n for n in list(graph.nodes) if graph.degree(n) == 0])
    return graph
