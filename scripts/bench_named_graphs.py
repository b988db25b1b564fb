#!/usr/bin/env python3
"""What kg's named graphs cost pyoxigraph's bulk loader, on a scale benchmark's files.

kg loads the ontology, the curated records and each imported source into
named graphs of their own (``kg.store.ONTOLOGY_GRAPH``, ``CURATED_GRAPH``,
``source_graph(NAME)``); ``scripts/bench_scale.py`` compares its import with
pyoxigraph loading the same N-Triples into the default graph. This loads the
same three files both ways, one after the other, into fresh on-disk stores,
and prints the seconds of each as JSON.

Usage (after ``bench_scale.py --work WORK`` has run at that scale):
    python scripts/bench_named_graphs.py WORK/100000
"""

from __future__ import annotations

import json
import shutil
import sys
import time
from pathlib import Path

import pyoxigraph as ox

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kg.store import CURATED_GRAPH, ONTOLOGY_GRAPH, source_graph  # noqa: E402


def main() -> int:
    folder = Path(sys.argv[1])
    files = [
        (folder / "ontology.nt", ONTOLOGY_GRAPH),
        (folder / "curated.nt", CURATED_GRAPH),
        (folder / "store" / "imports" / "synthetic.nt", source_graph("synthetic")),
    ]
    seconds = {}
    for layout in ("default", "named"):
        target = folder / "named-graph-test"
        shutil.rmtree(target, ignore_errors=True)
        start = time.perf_counter()
        store = ox.Store(str(target))
        for path, graph in files:
            into = {"to_graph": ox.NamedNode(graph)} if layout == "named" else {}
            store.bulk_load(path=str(path), format=ox.RdfFormat.N_TRIPLES, **into)
        store.flush()
        del store
        seconds[layout] = round(time.perf_counter() - start, 1)
        shutil.rmtree(target, ignore_errors=True)
    print(json.dumps(seconds))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
