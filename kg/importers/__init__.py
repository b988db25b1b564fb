"""Importers of external datasets into their own named graphs.

Each importer reads a published dataset, maps it to the same RDF shapes the
loader produces for curated contacts (:mod:`kg.importers.contacts`), and
hands the triples to :mod:`kg.store.sources`, which writes them as
``STORE/imports/SOURCE.nt`` (sorted N-Triples, written atomically) and
rebuilds the store, where the build loads them into the graph
``kg.store.source_graph(SOURCE)``.

- :mod:`kg.importers.historian`: the US Office of the Historian's travels
  of Presidents and Secretaries of State, and visits of foreign leaders;
- :mod:`kg.importers.icews`: ICEWS-style CAMEO-coded event files.

Nothing here is imported on the query path.
"""

from __future__ import annotations

__all__: list[str] = []
