"""Import ICEWS coded events (CAMEO) from the layouts researchers have.

``kg import icews PATH...`` reads, in one import, any number of:

- **Dataverse event files** (``events.2018.*.tab``): tab-separated, a header
  line, one event coding a row with its story and publisher
  (:mod:`kg.importers.icews.dataverse`);
- **temporal-knowledge-graph folders** (ICEWS14, ICEWS18, ICEWS05-15,
  ICEWS21, ICEWS22...): ``entity2id.txt``, ``relation2id.txt`` and
  ``train.txt``/``valid.txt``/``test.txt`` of integer quads whose time counts
  days from a start date; or the same quads with names and ISO dates written
  out (:mod:`kg.importers.icews.tkg`).

:func:`detect_layout` tells them apart. The modules, in the order a row
goes through them:

- :mod:`~kg.importers.icews.cameo`: the codes kept (contacts 040-046, and 036,
  an announced meeting) and what each says;
- :mod:`~kg.importers.icews.actors`: what each actor is (person, country,
  international organisation, an office or ministry of a country, or left
  out and counted);
- :mod:`~kg.importers.icews.persons`: the one interface people are resolved
  through;
- :mod:`~kg.importers.icews.grouping`: the rule that makes many rows one
  contact;
- :mod:`~kg.importers.icews.mapping` and :mod:`~kg.importers.icews.writing`:
  the contacts, their claims and sources, as N-Triples streamed out;
- :mod:`~kg.importers.icews.stats`: the counts an import reports.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from kg.importers.context import ImportContext
from kg.importers.icews.cameo import ANNOUNCED, CONTACT_CODES
from kg.importers.icews.dataverse import COLUMNS, Event, read_icews
from kg.importers.icews.mapping import Conversion, DataverseInput
from kg.importers.icews.stats import IcewsStats
from kg.importers.icews.tkg import Quads, detect_layout, read_tkg
from kg.importers.icews.writing import lines
from kg.records.ntriples import Triples

__all__ = [
    "ANNOUNCED",
    "CONTACT_CODES",
    "COLUMNS",
    "Event",
    "IcewsStats",
    "Conversion",
    "detect_layout",
    "read_icews",
    "read_inputs",
    "convert_icews",
    "icews_triples",
    "lines",
]


def read_inputs(
    paths: Sequence[str],
    start: dt.date | None = None,
    progress: Callable[[int], None] | None = None,
) -> tuple[list[DataverseInput], list[Quads]]:
    """Read every path in its own layout; ``start`` is day 0 of the quads of ids.

    Raises
    ------
    BadPathError
        When a path does not exist.
    BadInputFileError
        At the first problem, naming the file and line.
    """
    dataverse: list[DataverseInput] = []
    quads: list[Quads] = []
    for path in paths:
        layout = detect_layout(path)
        if layout == "dataverse":
            events, rows = read_icews(path, progress)
            dataverse.append(DataverseInput(events, rows, path))
        else:
            quads.append(read_tkg(path, layout, start, progress))
    return dataverse, quads


def convert_icews(
    paths: Sequence[str],
    context: ImportContext,
    source: str = "icews",
    start: dt.date | None = None,
    progress: Callable[[int], None] | None = None,
) -> Conversion:
    """Read ``paths`` and prepare the source ``source``; :func:`lines` then writes it."""
    dataverse, quads = read_inputs(paths, start, progress)
    return Conversion(context, source, dataverse, quads)


def icews_triples(
    events: list[Event], rows: int, context: ImportContext, source: str = "icews"
) -> tuple[Triples, IcewsStats]:
    """The triples of the kept rows of one Dataverse file (read by :func:`read_icews`)."""
    conversion = Conversion(context, source, [DataverseInput(events, rows, source)])
    triples = Triples(lines(conversion))
    return triples, conversion.stats
