"""The contact network as one self-contained, offline, safe HTML page (``kg graph``).

People (and the countries or organisations recorded as participants) are
nodes, coloured by country and sized by their number of contacts; the
contacts of each pair are one edge whose width grows with their number and
whose tooltip lists them: date at its precision, type, status, topics and
sources, disputed statements marked. Controls in the page filter by date
range and contact type and find a person by name.

The page is built from a :func:`kg.network.projection.project` graph with pyvis
(this is the only module that imports it) and vis-network, which ships inside
the pyvis package. None of pyvis's own page machinery is used: its templates
load Bootstrap and vis-network from CDNs, write a ``lib/`` folder into the
working directory, insert the heading and node ids without escaping, and
switch every tooltip to raw HTML when one contains "href". Instead:

* the vis-network script and stylesheet and the page's own script and style
  (``kg/static``) are inlined, and a Content-Security-Policy allows no
  request at all and only those two scripts (by hash) to run;
* every piece of data travels in one ``application/json`` block, with ``<``,
  ``>`` and ``&`` escaped, and reaches the page only through ``textContent``
  and canvas labels (tooltips are DOM elements, never HTML strings);
* node positions are precomputed (grouped by country, deterministic) and
  vis-network refines them with a bounded number of physics iterations on
  straight edges, then stops, so a thousand people settle in seconds;
* the same graph and title give a byte-identical page.
"""

from __future__ import annotations

import base64
import colorsys
import hashlib
import html
import json
import math
import os
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kg import __version__
from kg.errors import KGError

if TYPE_CHECKING:
    import networkx as nx

    from kg.network.selection import Selection
    from kg.query import QueryStore

__all__ = [
    "PALETTE",
    "GraphPage",
    "selection_page",
    "graph_page",
    "layout_positions",
    "country_colours",
]

_STATIC = os.path.join(os.path.dirname(os.path.abspath(__file__)), "static")
_VIS_VERSION = "vis-9.1.2"

#: Colours of the most frequent countries, in order (Tableau 10 and two more);
#: further countries get hues spaced by the golden angle.
PALETTE: tuple[str, ...] = (
    "#4e79a7",
    "#f28e2b",
    "#59a14f",
    "#e15759",
    "#76b7b2",
    "#edc948",
    "#b07aa1",
    "#ff9da7",
    "#9c755f",
    "#bab0ac",
    "#17becf",
    "#bcbd22",
)
_NO_COUNTRY = "#d0d7de"
_EDGE = "#8c959f"
_DISPUTED = "#cf222e"
_SHAPES = {"person": "dot", "country": "diamond", "organisation": "triangle"}
_KIND_ORDER = ("person", "country", "organisation")
#: Contacts listed in one edge tooltip; the rest are counted.
TOOLTIP_LIMIT = 25
#: Physics iterations vis-network runs from the precomputed positions: each
#: costs ~30 ms at a thousand nodes in headless Chromium, so large graphs get
#: fewer (see scripts/bench_graph_layout.py).
STABILIZATION_ITERATIONS = 100
SMALL_GRAPH_ITERATIONS = 200
_SPACING = 60.0
_GOLDEN_ANGLE = math.pi * (3.0 - math.sqrt(5.0))


@dataclass(frozen=True)
class GraphPage:
    """A written-out page and what it holds.

    Attributes
    ----------
    html : str
        The complete, self-contained HTML document.
    nodes, pairs, contacts : int
        How many participants, connected pairs and contacts the page shows.
    """

    html: str
    nodes: int
    pairs: int
    contacts: int


def selection_page(
    store: QueryStore, selection: Selection, title: str = "Diplomatic contacts"
) -> GraphPage:
    """The page of the contacts ``selection`` chooses (``kg graph``).

    Raises
    ------
    kg.errors.KGError
        When no contact matches.
    """
    graph = selection.project(store)
    if graph.number_of_edges() == 0:
        raise KGError("no recorded contact matches this selection; no page was written")
    return graph_page(graph, title=title, summary=selection.describe(graph))


def country_colours(counts: Counter[str]) -> dict[str, str]:
    """A colour for each country, the most frequent first.

    Examples
    --------
    >>> country_colours(Counter({"Russia": 3, "France": 3, "Turkey": 1}))
    {'France': '#4e79a7', 'Russia': '#f28e2b', 'Turkey': '#59a14f'}
    """
    colours = {}
    for rank, name in enumerate(sorted(counts, key=lambda c: (-counts[c], c))):
        if rank < len(PALETTE):
            colours[name] = PALETTE[rank]
        else:
            hue = ((rank - len(PALETTE)) * 0.381966 + 0.07) % 1.0
            red, green, blue = colorsys.hls_to_rgb(hue, 0.55, 0.55)
            colours[name] = (
                f"#{round(red * 255):02x}{round(green * 255):02x}{round(blue * 255):02x}"
            )
    return colours


def _primary_country(attributes: dict[str, Any]) -> str:
    countries = attributes.get("countries") or []
    return str(countries[0]) if countries else ""


def layout_positions(
    graph: nx.MultiGraph, contact_counts: dict[str, int] | None = None
) -> dict[str, tuple[int, int]]:
    """Starting positions: one cluster per country, the busiest at the centre.

    Clusters (largest first) and the nodes inside each (most contacts first)
    are laid out on sunflower spirals, so the layout is deterministic, needs
    no random numbers and already separates countries; vis-network's physics
    then only refines it. Coordinates are rounded to whole pixels.

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.MultiGraph()
    >>> g.add_node("a", countries=["X"]); g.add_node("b", countries=["X"])
    >>> layout_positions(g)
    {'a': (0, 0), 'b': (-44, 41)}
    """
    counts = contact_counts or {}
    groups: dict[str, list[str]] = defaultdict(list)
    for node, attributes in graph.nodes(data=True):
        groups[_primary_country(attributes)].append(node)
    order = sorted(groups, key=lambda g: (-len(groups[g]), g))
    positions: dict[str, tuple[int, int]] = {}
    placed = 0
    for number, group in enumerate(order):
        members = sorted(groups[group], key=lambda n: (-counts.get(n, 0), n))
        size = len(members)
        reach = _SPACING * 1.6 * math.sqrt(placed + size / 2) if number else 0.0
        centre_x = reach * math.cos(number * _GOLDEN_ANGLE)
        centre_y = reach * math.sin(number * _GOLDEN_ANGLE)
        placed += size
        for rank, node in enumerate(members):
            radius = _SPACING * math.sqrt(rank)
            angle = rank * _GOLDEN_ANGLE
            positions[node] = (
                round(centre_x + radius * math.cos(angle)),
                round(centre_y + radius * math.sin(angle)),
            )
    return dict(sorted(positions.items()))


def _read(*parts: str) -> str:
    with open(os.path.join(*parts), encoding="utf-8") as handle:
        return handle.read()


def _vis_assets() -> tuple[str, str]:
    """The vis-network script and stylesheet that ship inside pyvis."""
    import pyvis

    folder = os.path.join(os.path.dirname(os.path.abspath(pyvis.__file__)), "lib", _VIS_VERSION)
    return _read(folder, "vis-network.min.js"), _read(folder, "vis-network.css")


def _script_hash(script: str) -> str:
    if re.search(r"</script|<!--", script, flags=re.IGNORECASE):
        raise RuntimeError("an inlined script contains '</script' or '<!--'")
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def _json_for_html(value: Any) -> str:
    """JSON that cannot end its ``<script>`` block: ``<``, ``>`` and ``&`` escaped.

    Examples
    --------
    >>> _json_for_html({"name": "</script><b>"})
    '{"name":"\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e"}'
    """
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _options(node_count: int) -> dict[str, Any]:
    return {
        "autoResize": True,
        "nodes": {
            "borderWidth": 1,
            "font": {
                "size": 14,
                "face": "system-ui, sans-serif",
                "strokeWidth": 3,
                "strokeColor": "#ffffff",
            },
            "scaling": {
                "min": 8,
                "max": 36,
                "label": {"enabled": True, "min": 12, "max": 24, "drawThreshold": 7},
            },
        },
        "edges": {
            "smooth": False,
            "color": {"color": _EDGE, "highlight": "#0969da", "hover": "#0969da", "inherit": False},
            "scaling": {"min": 1, "max": 8},
            "selectionWidth": 2,
        },
        "physics": {
            "enabled": True,
            "solver": "barnesHut",
            "barnesHut": {
                "gravitationalConstant": -4000,
                "centralGravity": 0.2,
                "springLength": 120,
                "springConstant": 0.03,
                "damping": 0.4,
                "avoidOverlap": 0.1,
            },
            "maxVelocity": 40,
            "minVelocity": 1,
            "stabilization": {
                "enabled": True,
                "iterations": (
                    SMALL_GRAPH_ITERATIONS if node_count <= 200 else STABILIZATION_ITERATIONS
                ),
                "updateInterval": 50,
                "fit": True,
            },
        },
        "layout": {"randomSeed": 5, "improvedLayout": False},
        "interaction": {
            "hover": True,
            "tooltipDelay": 150,
            "hideEdgesOnDrag": node_count > 300,
            "keyboard": False,
        },
    }


def _contact_record(attributes: dict[str, Any], participants: list[str]) -> dict[str, Any]:
    return {
        "id": attributes["contact"],
        "type": attributes["type"],
        "type_label": attributes["type_label"],
        "date": attributes["date"],
        "precision": attributes["precision"],
        "earliest": attributes["earliest"],
        "latest": attributes["latest"],
        "status": attributes["status"],
        "series": bool(attributes.get("series")),
        "participants": participants,
        "topics": [{"label": t["label"], "status": t["status"]} for t in attributes["topics"]],
        "sources": [
            {"title": s["title"], "publisher": s["publisher"], "published": s.get("published")}
            for s in attributes["sources"]
        ],
    }


def graph_page(
    graph: nx.MultiGraph, *, title: str = "Diplomatic contacts", summary: str = ""
) -> GraphPage:
    """Render a projection as one self-contained HTML page.

    Parameters
    ----------
    graph : networkx.MultiGraph
        A graph shaped as :func:`kg.network.projection.project` returns it.
    title : str
        The page heading (text, escaped).
    summary : str
        A line under the heading (text, escaped).

    Returns
    -------
    GraphPage
        The page and its counts; the same graph and text give the same bytes.
    """
    from pyvis.network import Network

    # Contacts once each, in chronological order, with every participant.
    records: dict[str, dict[str, Any]] = {}
    participants: dict[str, set[str]] = defaultdict(set)
    for u, v, key, attributes in graph.edges(keys=True, data=True):
        records.setdefault(key, attributes)
        participants[key].update((u, v))
    order = sorted(
        records, key=lambda k: (records[k]["earliest"], records[k]["latest"], records[k]["contact"])
    )
    index = {key: number for number, key in enumerate(order)}
    contacts = [_contact_record(records[k], sorted(participants[k])) for k in order]
    per_node: Counter[str] = Counter(p for k in order for p in participants[k])

    colours = country_colours(Counter(_primary_country(a) for _, a in graph.nodes(data=True)))
    colours.pop("", None)
    positions = layout_positions(graph, dict(per_node))

    # directed=True only skips pyvis's quadratic duplicate check (pairs are
    # already aggregated); arrows="" keeps the edges undirected on screen.
    net = Network(directed=True, cdn_resources="remote")
    people = []
    for node in sorted(graph.nodes):
        attributes = graph.nodes[node]
        x, y = positions[node]
        net.add_node(
            node,
            label=attributes["name"] or node,
            shape=_SHAPES.get(attributes["kind"], "dot"),
            color=colours.get(_primary_country(attributes), _NO_COUNTRY),
            value=per_node[node],
            x=x,
            y=y,
        )
        people.append(
            {
                "name": attributes["name"] or node,
                "kind": attributes["kind"],
                "countries": list(attributes["countries"]),
                "posts": list(attributes["posts"]),
            }
        )
    pairs: dict[tuple[str, str], list[int]] = defaultdict(list)
    for u, v, key in graph.edges(keys=True):
        pair = (min(u, v), max(u, v))
        if index[key] not in pairs[pair]:
            pairs[pair].append(index[key])
    edge_contacts = []
    for number, (pair, found) in enumerate(sorted(pairs.items())):
        found.sort()
        net.add_edge(pair[0], pair[1], id=f"e{number}", value=len(found), arrows="")
        edge_contacts.append(found)

    types: Counter[tuple[str, str]] = Counter((c["type"], c["type_label"]) for c in contacts)
    country_counts = Counter(_primary_country(a) for _, a in graph.nodes(data=True))
    kinds = {graph.nodes[n]["kind"] for n in graph.nodes}
    data = {
        "nodes": net.nodes,
        "edges": net.edges,
        "people": people,
        "contacts": contacts,
        "edge_contacts": edge_contacts,
        "countries": [
            {"name": name, "color": colour, "count": country_counts[name]}
            for name, colour in colours.items()
        ]
        + (
            [{"name": "no country", "color": _NO_COUNTRY, "count": country_counts[""]}]
            if country_counts[""]
            else []
        ),
        "kinds": [k for k in _KIND_ORDER if k in kinds] + sorted(kinds - set(_KIND_ORDER)),
        "types": [
            {"id": ident, "label": label, "count": count}
            for (ident, label), count in sorted(types.items())
        ],
        "range": {
            "min": min((c["earliest"] for c in contacts), default=""),
            "max": max((c["latest"] for c in contacts), default=""),
        },
        "colors": {"edge": _EDGE, "disputed": _DISPUTED},
        "tooltip_limit": TOOLTIP_LIMIT,
        "options": _options(len(people)),
    }
    vis_js, vis_css = _vis_assets()
    app_js = _read(_STATIC, "graph.js")
    csp = "; ".join(
        [
            "default-src 'none'",
            f"script-src {_script_hash(vis_js)} {_script_hash(app_js)}",
            "style-src 'unsafe-inline'",
            "img-src data:",
            "base-uri 'none'",
            "form-action 'none'",
        ]
    )
    slots = {
        "csp": csp,
        "version": html.escape(__version__),
        "title": html.escape(title),
        "summary": html.escape(summary),
        "vis_css": vis_css,
        "app_css": _read(_STATIC, "graph.css"),
        "data": _json_for_html(data),
        "vis_js": vis_js,
        "app_js": app_js,
    }
    page = re.sub(r"\{\{(\w+)\}\}", lambda m: slots[m.group(1)], _read(_STATIC, "graph.html"))
    return GraphPage(page, len(people), len(edge_contacts), len(contacts))
