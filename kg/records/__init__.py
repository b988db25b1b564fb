"""Data records and their mapping to RDF.

- :mod:`kg.records.reading.model` — the record types (countries, people, posts, contacts, claims...)
- :mod:`kg.records.reading.reading` — reading and checking the curated YAML records
- :mod:`kg.records.reading.tenures` — who held which post when; role warnings
- :mod:`kg.records.reading.status` — a statement's status from its claims
- :mod:`kg.records.reading.ntriples` — N-Triples terms and deterministic files
- :mod:`kg.records.reading.curated` — the ontology, SHACL validation and the curated graph
"""
