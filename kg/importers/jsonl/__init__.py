"""Bulk import of contacts from JSON Lines, streamed into an imported source.

A bulk file holds one JSON object per line, each saying which ``record`` it is:
``country``, ``organisation``, ``agent``, ``post``, ``person``, ``source``
or ``contact``. Every other field is the field of the curated record of that
kind, as ``data/README.md`` documents it (a person carries its ``tenures``; a
contact its ``participants`` and ``claims``, each claim with ``about``,
``stance``, ``by``, ``source``)::

    {"record": "country", "id": "fr", "name": "France"}
    {"record": "organisation", "id": "afp", "name": "Agence France-Presse"}
    {"record": "source", "id": "s1", "title": "A report", "publisher": "afp"}
    {"record": "post", "id": "fr-fm", "name": "French foreign minister", "country": "fr", "level": "foreign-minister"}
    {"record": "person", "id": "p1", "name": "A B", "tenures": [{"post": "fr-fm", "start": "2020-01-01", "source": "s1"}]}
    {"record": "contact", "id": "c1", "type": "phone-call", "date": "2021-03", "participants": ["p1", "fr"], "claims": [{"about": "occurred", "by": "afp", "source": "s1"}]}

A bulk file is self-contained, and a line may refer only to ids defined on
*earlier* lines (so: countries, organisations, sources, posts, people, then
contacts). Blank lines are skipped.

:func:`import_contacts` reads the file once, line by line (it never holds
the file, nor an RDF graph, in memory), checks each line as the curated
loader checks a record — fields, ids, dates, references, at least two
participants, a claim that the contact occurred — and writes N-Triples in
exactly the shapes :mod:`kg.records.curated` gives curated records: statuses derived
by :mod:`kg.records.status` (through :func:`kg.records.curated.statement_statuses`),
``kg:participantCountry`` and ``kg:participantPost`` from the tenures at the
contact's date. Output is stable: records in file order, each record's
triples sorted. The N-Triples are written beside ``IMPORTS/SOURCE.nt.gz`` under
a hidden name and gzipped, the store is built with them (loading them into the
named graph :func:`kg.store.source_graph` of ``SOURCE``), and only then do they
replace ``SOURCE.nt.gz`` (:func:`kg.store.sources.replace_source`). A bad file
raises :class:`~kg.errors.InvalidDataError` naming the file and line of every
problem, and nothing is written; a build that fails leaves the store and the
imports folder as they were.

Examples
--------
>>> import json, tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> lines = [
...     {"record": "country", "id": "fr", "name": "France"},
...     {"record": "country", "id": "ru", "name": "Russia"},
...     {"record": "organisation", "id": "afp", "name": "AFP"},
...     {"record": "source", "id": "s1", "title": "A report", "publisher": "afp"},
...     {"record": "contact", "id": "c1", "type": "meeting", "date": "2021-03",
...      "participants": ["fr", "ru"],
...      "claims": [{"about": "occurred", "by": "afp", "source": "s1"}]},
... ]
>>> _ = (folder / "in.jsonl").write_text("\\n".join(json.dumps(x) for x in lines))
>>> counts = convert(folder / "in.jsonl", folder / "out.nt", topics=set())
>>> counts.contacts, counts.triples
(1, 46)
>>> (folder / "in.jsonl").write_text('{"record": "contact", "id": "c2"}\\n') and None
>>> convert(folder / "in.jsonl", folder / "bad.nt", topics=set())
Traceback (most recent call last):
...
kg.errors.InvalidDataError: 4 problems in the data; nothing was built and the previous store was kept:
  ...in.jsonl:1: record 'c2': missing field 'type'
  ...
>>> (folder / "bad.nt").exists()
False
"""

from __future__ import annotations

import datetime as dt
import multiprocessing as mp
import os
from dataclasses import dataclass
from typing import Any

from kg.errors import DataError, InvalidDataError
from kg.importers.jsonl.lines import KINDS, SOURCE_NAME, LineConverter
from kg.importers.jsonl.running import (
    MAX_PROBLEMS,
    PARALLEL_BYTES,
    convert_parallel,
    convert_serial,
)
from kg.store import Inputs
from kg.vocab import RDF, SKOS, resource_iri

__all__ = [
    "KINDS",
    "MAX_PROBLEMS",
    "Counts",
    "BulkImport",
    "read_topics",
    "convert",
    "import_contacts",
]


@dataclass(frozen=True)
class Counts:
    """What :func:`convert` wrote."""

    lines: int
    entities: int
    contacts: int
    triples: int


@dataclass(frozen=True)
class BulkImport:
    """The result of :func:`import_contacts`.

    Attributes
    ----------
    source : str
        The name of the imported source (its graph is ``source_graph(source)``).
    path : str
        The N-Triples file written.
    counts : Counts
        Lines read, entities and contacts imported, triples written.
    build : dict
        What :func:`kg.store.build_store` returned (``triples`` in the store...).
    """

    source: str
    path: str
    counts: Counts
    build: dict[str, Any]


def read_topics(ontology_dir: str) -> set[str]:
    """The topic ids of ``topics.ttl`` (read with pyoxigraph, not rdflib)."""
    import pyoxigraph as ox

    base = resource_iri("topic", "")
    path = os.path.join(ontology_dir, "topics.ttl")
    concept = ox.NamedNode(SKOS.Concept)
    found = set()
    for quad in ox.parse(path=path, format=ox.RdfFormat.TURTLE):
        if quad.predicate.value == RDF.type and quad.object == concept:
            subject = quad.subject.value
            if subject.startswith(base):
                found.add(subject[len(base) :])
    return found


def convert(
    path: str | os.PathLike[str],
    out_path: str | os.PathLike[str],
    *,
    topics: set[str],
    today: dt.date | None = None,
    source: str | None = None,
    workers: int | None = None,
) -> Counts:
    """Check the bulk file ``path`` and write its N-Triples to ``out_path``, atomically.

    Streams: memory grows with the number of entities and ids, not with the
    file. ``topics`` are the known topic ids; ``today`` the day after which a
    contact is in the future (default: today). With ``source``, a
    ``schema:Dataset`` node describing the import ends the output (the
    imported source's name, its counts and dates, as ``kg sources`` shows).
    Contact lines are converted by ``workers`` processes (default: one per
    core for a file over :data:`PARALLEL_BYTES`, else none); the output and
    the problems reported are the same either way (except for how far past
    ``10 * MAX_PROBLEMS`` problems reading goes before it stops).

    Raises
    ------
    InvalidDataError
        With every problem (the first :data:`MAX_PROBLEMS`, then a count),
        each naming the file and line; ``out_path`` is then left untouched.
    """
    path, out_path = os.fspath(path), os.fspath(out_path)
    converter = LineConverter(path, topics, today or dt.date.today())
    if workers is None:
        large = os.path.isfile(path) and os.path.getsize(path) > PARALLEL_BYTES
        workers = (os.cpu_count() or 1) if large else 1
    folder = os.path.dirname(out_path) or "."
    os.makedirs(folder, exist_ok=True)
    temporary = os.path.join(folder, f".{os.path.basename(out_path)}.{os.getpid()}.tmp")
    lines = triples = 0
    try:
        with (
            open(path, encoding="utf-8") as handle,
            open(temporary, "w", encoding="utf-8", newline="\n", buffering=1 << 20) as sink,
        ):
            if workers > 1 and "fork" in mp.get_all_start_methods():
                lines, triples = convert_parallel(converter, handle, sink, workers)
            else:
                lines, triples = convert_serial(converter, handle, sink)
            if source is not None and not converter.check.problems:
                out = converter.dataset(source, converter.entities + converter.contacts)
                triples += len(out)
                sink.write("".join(out))
        problems = converter.check.problems
        if problems:
            shown = problems[:MAX_PROBLEMS]
            if len(problems) > MAX_PROBLEMS:
                shown.append(
                    DataError(
                        path,
                        f"... and more problems ({len(problems) - MAX_PROBLEMS} "
                        "more before reading stopped or the file ended)",
                    )
                )
            raise InvalidDataError(shown)
        os.replace(temporary, out_path)
    except UnicodeDecodeError as exc:
        raise InvalidDataError(
            [DataError(path, f"the file is not UTF-8 text: {exc}", line=lines + 1)]
        ) from exc
    except FileNotFoundError as exc:
        if not os.path.exists(path):
            raise InvalidDataError([DataError(path, "the file does not exist")]) from exc
        raise
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
    return Counts(lines, converter.entities, converter.contacts, triples)


def import_contacts(
    path: str | os.PathLike[str],
    inputs: Inputs,
    store: str | None = None,
    source: str | None = None,
    *,
    today: dt.date | None = None,
) -> BulkImport:
    """Import the bulk file ``path`` as the source ``source``, then rebuild the store.

    Parameters
    ----------
    path : str or path-like
        A JSON Lines bulk file (see the module documentation).
    inputs : Inputs
        The store's inputs; ``inputs.imports_dir`` receives ``SOURCE.nt``.
    store : str, optional
        The store directory (or SPARQL endpoint URL) to rebuild.
    source : str, optional
        The source name (lower-case letters, digits, ``.``, ``_``, ``-``);
        default: the file's name without its extensions.
    today : datetime.date, optional
        The day after which a contact is in the future (default: today).

    Raises
    ------
    InvalidDataError
        When the file has problems or the store does not build with it: the
        import is all or nothing (:func:`kg.store.sources.replace_source`), so
        the imports folder and the store are then as they were.
    StoreError
        When the store cannot be written (read-only, full disk).
    """
    path = os.fspath(path)
    if source is None:
        source = os.path.basename(path).split(".", 1)[0].lower()
    if not SOURCE_NAME.match(source):
        raise InvalidDataError(
            [
                DataError(
                    path,
                    f"'{source}' is not a valid source name: use lower-case letters, digits, "
                    "'.', '_' and '-'",
                )
            ]
        )
    if inputs.imports_dir is None:
        raise InvalidDataError([DataError(path, "the store has no imports folder")])
    from kg.store.sources import replace_source

    topics = read_topics(inputs.ontology_dir)
    counts, info = replace_source(
        store,
        inputs,
        source,
        lambda staged: convert(path, staged, topics=topics, today=today, source=source),
    )
    return BulkImport(source, os.path.join(inputs.imports_dir, f"{source}.nt.gz"), counts, info)
