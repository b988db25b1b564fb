"""Who is who: people, posts and countries with one id across every source.

- :mod:`kg.identity.names` — the one name-parsing and name-matching core, used
  by the importers' linking and by the query side alike
- :mod:`kg.identity.countries` — countries as historical entities, their
  names (from ``pycountry`` and ``Babel``) and the project's table of what
  those libraries lack (Wikidata ids, years of existence, Historian ids)
- :mod:`kg.identity.posts` — post labels of a tenure table to typed posts
- :mod:`kg.identity.officials` — reading a table of tenures in the Wikidata
  layout (``kg import officials``)
- :mod:`kg.identity.pocom` — reading the Office of the Historian's principal
  officers (Secretaries of State and others, with dates)
- :mod:`kg.identity.authority` — people with their tenures, for linking
- :mod:`kg.identity.linking` — a name seen in a record, linked to one person
  of the authority by name variants and post at the date, conservatively

Nothing here is imported on the query path except :mod:`kg.identity.names`,
which imports its optional libraries (``rapidfuzz``, ``nicknames``,
``anyascii``) only when a name needs them.
"""
