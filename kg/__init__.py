"""kg: a knowledge graph of diplomatic contacts.

Who in government spoke to whom, when, about what, and according to whom.
The library is organised by concept:

- :mod:`kg.vocab` — namespaces and the terms of our own ontology
- :mod:`kg.dates` — EDTF dates, their bounds and precision
- :mod:`kg.records.reading` — reading and checking the curated YAML records
- :mod:`kg.records.curated` — turning records into a validated RDF graph
- :mod:`kg.store` — the persistent Oxigraph store, rebuilt when inputs change
- :mod:`kg.query.names` — resolving what a user types to an entity
- :mod:`kg.query` — questions answered with the SPARQL files in ``kg/sparql``
"""

__version__ = "0.1.0"
