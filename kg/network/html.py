"""The contact network as one self-contained, offline, safe HTML page (``kg graph``).

A large network opens on an overview a person can read: each country (its
officials, and itself where it takes part as a state) is one labelled node
sized by its contacts, and a country opens into its people; the people with
the most contacts, and any one person's contacts, are views of their own. A
click on a person or a line highlights it and lists its contacts in time
order in a side panel: date at its precision, type, counterparts, status
and who affirms or denies each statement, sources. Filters by date, type,
status, source and country change every view, the counts and the legend.
A network of up to :data:`PEOPLE_VIEW` participants opens on its people.

The page is assembled here; what it knows is built by
:mod:`kg.network.page_data`, its country colours by
:mod:`kg.network.colours`, and its renderer (vis-network, from the pyvis
package) is reached through :mod:`kg.network.vis` only.

* vis-network's script and stylesheet and the page's own (``static/``) are
  inlined, and a Content-Security-Policy allows no request at all and only
  those two scripts (by hash) to run;
* every piece of data travels in one ``application/json`` block, with ``<``,
  ``>`` and ``&`` escaped, and reaches the page only through ``textContent``
  and canvas labels;
* the same graph and title give a byte-identical page.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import os
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kg import __version__
from kg.errors import KGError
from kg.network.colours import NO_COUNTRY, OTHER
from kg.network.page_data import page_data
from kg.network.vis import vis_assets, vis_options

if TYPE_CHECKING:
    import networkx as nx

    from kg.network.selection import Selection
    from kg.query import QueryStore

__all__ = ["PEOPLE_VIEW", "PANEL_ROWS", "GraphPage", "selection_page", "graph_page", "app_script"]

_STATIC = os.path.join(os.path.dirname(os.path.abspath(__file__)), "static")
#: The page's script, in the order its parts are joined (one scope, one hash).
_SCRIPTS = ("model.js", "views.js", "draw.js", "panel.js", "controls.js", "main.js")
#: Up to this many participants the page opens on its people; above, on countries.
#: It is also how many people the "people" view shows, the busiest first.
PEOPLE_VIEW = 150
#: Contacts a panel lists before offering to show more.
PANEL_ROWS = 100
_COLOURS = {
    "edge": "#8c959f",
    "disputed": "#cf222e",
    "focus": "#0969da",
    "other": OTHER,
    "none": NO_COUNTRY,
}


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


def _read(name: str) -> str:
    with open(os.path.join(_STATIC, name), encoding="utf-8") as handle:
        return handle.read()


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


def app_script() -> str:
    """The page's own script: its parts joined in one strict-mode function scope."""
    parts = [f"// ---- {name} ----\n{_read(os.path.join('js', name))}" for name in _SCRIPTS]
    return '(function () {\n"use strict";\n' + "\n".join(parts) + "\n})();\n"


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
    data, (nodes, pairs, contacts) = page_data(graph)
    data.update(
        colors=_COLOURS,
        limits={"people_view": PEOPLE_VIEW, "panel_rows": PANEL_ROWS},
        options=vis_options(),
    )
    vis_js, vis_css = vis_assets()
    app_js = app_script()
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
        "app_css": _read("graph.css"),
        "data": _json_for_html(data),
        "vis_js": vis_js,
        "app_js": app_js,
    }
    page = re.sub(r"\{\{(\w+)\}\}", lambda m: slots[m.group(1)], _read("graph.html"))
    return GraphPage(page, nodes, pairs, contacts)
