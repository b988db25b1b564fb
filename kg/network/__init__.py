"""The contact network: projection to networkx, analyses, exports, the interactive HTML page.

- :mod:`kg.network.projection` — the person network built from SPARQL
- :mod:`kg.network.selection` — the window and filters a user chooses
- :mod:`kg.network.analysis` — degrees, paths, timelines, communities
- :mod:`kg.network.exports` — GraphML, GEXF and the RDF serialisations
- :mod:`kg.network.html` — the offline HTML page of ``kg graph``, built from
  :mod:`kg.network.page_data` (what the page knows), :mod:`kg.network.colours`
  (country colours that stay the same across pages) and :mod:`kg.network.vis`
  (vis-network, from pyvis: the only door to pyvis)
- :mod:`kg.network.synthetic` — a synthetic projection for benchmarks and tests
"""
