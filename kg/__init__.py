"""kg: a knowledge graph of diplomatic contacts.

Who in government spoke to whom, when, about what, and according to whom.
Its packages are its layers, lowest first (``docs/architecture.md``;
``tests/test_architecture.py`` keeps each importing only from below):

- core modules: :mod:`kg.errors` (the exception tree), :mod:`kg.vocab` (the
  ontology's terms), :mod:`kg.dates` (EDTF dates and their bounds),
  :mod:`kg.paths` (bundled files, the store's default place)
- :mod:`kg.rq` — the shipped SPARQL queries, one ``.rq`` file each
- :mod:`kg.identity` — who is who: names, the name index, countries,
  officials and their tenures, linking a name to a person
- :mod:`kg.records` — record types, reading the YAML records, the one writer
  from records to RDF, the validated curated build
- :mod:`kg.store` — the embedded Oxigraph store or a SPARQL server, behind one
  front door; builds and imported sources, all or nothing
- :mod:`kg.query` — questions (last contact, claims, disputes, posts, sources)
  answered with the queries of :mod:`kg.rq`, values bound
- :mod:`kg.output` — the output formats, one registry
- :mod:`kg.sparql`, :mod:`kg.network`, :mod:`kg.importers`, :mod:`kg.extract` —
  users' SPARQL and the endpoint; the person network and its page; external
  datasets; contacts proposed from news articles
- :mod:`kg.cli` — the ``kg`` command
"""

__version__ = "0.1.0"
