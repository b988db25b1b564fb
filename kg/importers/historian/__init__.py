"""Import the US Office of the Historian's travels and visits records.

Two datasets, published as XML with schemas (public domain / CC0):

- *travels*: trips abroad of the President and the Secretary of State
  (``president-travels/*.xml`` and ``secretary-travels/*.xml``: ``<trips>``
  of ``<trip>``), with the list of presidents and their terms
  (``presidents/presidents.xml``);
- *visits*: visits of foreign leaders to the US (``data/*.xml``:
  ``<visits>`` of ``<visit>``);

and, when the folder holds it, the principal officers of the Department of
State (``pocom``: every Secretary of State with dates; its person ids are
the travellers' ids).

The package is organised by concept:

- :mod:`.reading` — finding and reading the XML files, checking every record;
- :mod:`.us` — the US side: Presidents and principal officers with their
  real tenures, US officials named in remarks, the hosts of visits;
- :mod:`.mapping` — trips and visits to contacts, each participant with the
  posts of their own tenures and their own country, titles as claims.

Names are linked to the people the store already knows (an imported
officials table, the curated people) and grouped across spellings
(:mod:`kg.importers.people`); names in remarks are found by
:mod:`kg.importers.mentions`.
"""

from __future__ import annotations

from kg.importers.historian.mapping import COVERAGE, historian_triples
from kg.importers.historian.reading import (
    HistorianRecords,
    President,
    Trip,
    Visit,
    day_bounds,
    find_historian_files,
    read_historian,
)

__all__ = [
    "Trip",
    "Visit",
    "President",
    "HistorianRecords",
    "find_historian_files",
    "read_historian",
    "historian_triples",
    "day_bounds",
    "COVERAGE",
]
