"""vis-network, the renderer of the graph page: its files and the options the page gives it.

vis-network ships inside the pyvis package; this is the only module of
``kg`` that looks at pyvis. None of pyvis's own page machinery is used (its
templates load Bootstrap and vis-network from CDNs, write a ``lib/`` folder
into the working directory and insert labels without escaping): only the
library's script and stylesheet are read, to be inlined.

Why vis-network's clustering is not used for the overview: clustering the
3,000 people of a synthetic graph by country (60 clusters) takes 33 s in
headless Chromium with one ``cluster()`` call per country, and still 2.3 s
(after 1.2 s to load every node and edge) with the data refresh deferred,
and every change of filter would cluster again. The page instead builds each
view (countries, the people with the most contacts, one person's contacts)
from its own tables in milliseconds and gives vis-network only what the view
shows; see ``scripts/bench_graph_layout.py``.
"""

from __future__ import annotations

import os
from typing import Any

__all__ = ["VIS_VERSION", "vis_assets", "vis_options"]

#: The vis-network folder inside pyvis's ``lib``.
VIS_VERSION = "vis-9.1.2"


def _read(*parts: str) -> str:
    with open(os.path.join(*parts), encoding="utf-8") as handle:
        return handle.read()


def vis_assets() -> tuple[str, str]:
    """The vis-network script and stylesheet that ship inside pyvis."""
    import pyvis

    folder = os.path.join(os.path.dirname(os.path.abspath(pyvis.__file__)), "lib", VIS_VERSION)
    return _read(folder, "vis-network.min.js"), _read(folder, "vis-network.css")


def vis_options() -> dict[str, Any]:
    """The network options of the page (the page switches physics on for each layout).

    Nodes carry no vis-network label: the page draws labels itself, at a
    readable size whatever the zoom, leaving out those that would overlap.
    Hover and selection are the page's own too (it finds the node or line
    under the pointer in screen pixels), so vis-network's are off.
    """
    return {
        "autoResize": True,
        "nodes": {"borderWidth": 1, "shape": "dot", "font": {"size": 0}},
        "edges": {"smooth": False, "selectionWidth": 0, "hoverWidth": 0},
        "physics": {
            "enabled": False,
            "solver": "barnesHut",
            "barnesHut": {
                "gravitationalConstant": -5000,
                "centralGravity": 0.25,
                "springLength": 140,
                "springConstant": 0.02,
                "damping": 0.6,
                "avoidOverlap": 0.2,
            },
            "maxVelocity": 60,
            "minVelocity": 0.2,
            "timestep": 0.5,
            "stabilization": {"enabled": False, "updateInterval": 500, "fit": False},
        },
        "layout": {"randomSeed": 5, "improvedLayout": False},
        "interaction": {
            "hover": False,
            "selectable": False,
            "tooltipDelay": 3_600_000,
            "hideEdgesOnDrag": False,
            "keyboard": False,
            "zoomSpeed": 0.6,
        },
    }
