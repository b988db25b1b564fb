"""The contact network: projection to networkx, analyses, the interactive HTML page.

- :mod:`kg.network.projection` — the person network built from SPARQL
- :mod:`kg.network.analysis` — degrees, paths, timelines, communities
- :mod:`kg.network.html` — the offline HTML page of ``kg graph`` (pyvis behind one door)
"""
