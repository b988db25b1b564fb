"""The persistent embedded store: opened read-only, rebuilt when its inputs change.

Layout of a store directory::

    STORE/
      builds/<fingerprint>/   one complete Oxigraph database per input state,
                              with kg-build.json (what it was built from) and
                              names.idx (the name index, kg.query.names.NameIndex)
                              and counts.idx (contacts per graph and per side)
      curated/<fingerprint>/  the ontology and curated records as checked
                              N-Triples, reused while they do not change
      CURRENT                 JSON: the last build that succeeded
      FAILED                  JSON: the last input state that failed to build
      .lock                   held while a build runs

The fingerprint hashes every input file (ontology and records) with the
version of kg. :func:`open_store` opens the build matching the inputs,
building it first if needed (:mod:`kg.store.build`). A build is renamed into
place only when complete, so a failed or interrupted build never replaces a
good one; when the inputs changed but do not build, :func:`open_store`
answers from the last good build and says so in :attr:`EmbeddedStore.warning`.

This module is on every query's path: it imports pyoxigraph and nothing
heavy (not even pathlib or hashlib, which cost more than a query); building
(rdflib, pyshacl) is imported only when needed.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import zlib
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from kg import __version__
from kg.errors import BadPathError, InvalidDataError, StoreError
from kg.paths import bundled_data_dir, bundled_ontology_dir, default_store_dir
from kg.vocab import XSD, resource_iri

if TYPE_CHECKING:
    from kg.query.names import NameIndex
    from kg.store.remote import RemoteStore

__all__ = [
    "Iri",
    "BindValue",
    "Row",
    "ONTOLOGY_GRAPH",
    "CURATED_GRAPH",
    "BUILD_INFO",
    "NAMES_FILE",
    "COUNTS_FILE",
    "Inputs",
    "EmbeddedStore",
    "fingerprint",
    "join_values",
    "source_graph",
    "read_json",
    "open_store",
    "build_store",
    "is_url",
]

#: Bump when the mapping from records to RDF changes, to force rebuilds.
BUILD_FORMAT = 2
ONTOLOGY_GRAPH = resource_iri("graph", "ontology")
CURATED_GRAPH = resource_iri("graph", "curated")
#: Written last into a build directory: a build without it is incomplete.
BUILD_INFO = "kg-build.json"
#: The rows of ``entities.rq`` saved at build time, tab-separated.
NAMES_FILE = "names.idx"
#: Counts saved with a build (:meth:`EmbeddedStore.saved_counts`).
COUNTS_FILE = "counts.idx"


class Iri(str):
    """A string meant as an IRI when bound into a query."""


BindValue = Iri | str | int | dt.date
#: One query solution: variable name → IRI or literal lexical form.
Row = dict[str, str]


PathLike = str | os.PathLike[str]


class Inputs:
    """The folders a store is built from.

    Parameters
    ----------
    data_dir : str or path-like
        A folder of YAML records (validated, then the ``curated`` graph).
    ontology_dir : str or path-like
        A folder holding the ontology's Turtle files.
    imports_dir : str or path-like, optional
        A folder of imported sources: ``SOURCE.nt`` files of N-Triples, each
        loaded into its own named graph (:func:`source_graph`) as the
        importer wrote it. Missing or ``None``: no imports.
    """

    __slots__ = ("data_dir", "ontology_dir", "imports_dir")

    def __init__(
        self, data_dir: PathLike, ontology_dir: PathLike, imports_dir: PathLike | None = None
    ) -> None:
        self.data_dir = os.fspath(data_dir)
        self.ontology_dir = os.fspath(ontology_dir)
        self.imports_dir = os.fspath(imports_dir) if imports_dir is not None else None

    def __repr__(self) -> str:
        return f"Inputs({self.data_dir!r}, {self.ontology_dir!r}, {self.imports_dir!r})"

    @classmethod
    def default(
        cls,
        data_dir: PathLike | None = None,
        ontology_dir: PathLike | None = None,
        imports_dir: PathLike | None = None,
    ) -> Inputs:
        """The given folders, else ``$KG_DATA``, else the bundled ones."""
        data = data_dir or os.environ.get("KG_DATA") or bundled_data_dir()
        return cls(data, ontology_dir or bundled_ontology_dir(), imports_dir)

    def files(self) -> list[tuple[str, str]]:
        """Every input file (ontology ``*.ttl``, records ``**/*.yaml``) with a stable name."""
        found = [
            (f"ontology/{name}", os.path.join(self.ontology_dir, name))
            for name in os.listdir(self.ontology_dir)
            if name.endswith(".ttl")
        ]
        for folder, _, names in os.walk(self.data_dir):
            relative = os.path.relpath(folder, self.data_dir).replace(os.sep, "/")
            prefix = "data/" if relative == "." else f"data/{relative}/"
            found += [(prefix + n, os.path.join(folder, n)) for n in names if n.endswith(".yaml")]
        return sorted(found)

    def import_files(self) -> list[tuple[str, str]]:
        """Every imported source as ``(source name, path of its .nt file)``, sorted."""
        if self.imports_dir is None or not os.path.isdir(self.imports_dir):
            return []
        return sorted(
            (name[: -len(".nt")], os.path.join(self.imports_dir, name))
            for name in os.listdir(self.imports_dir)
            if name.endswith(".nt") and not name.startswith(".")
        )


def source_graph(source: str) -> str:
    """The named graph an imported source is loaded into."""
    return resource_iri("graph", f"source-{source}")


def fingerprint(inputs: Inputs) -> str:
    """Checksum of every input file's name and content, and of the kg version.

    CRC-32 and Adler-32 together (64 bits) detect a changed file; this is
    change detection, not security, and zlib is far cheaper to import than
    hashlib. Imported sources, which can be large and are only ever replaced
    whole by an importer, count by name, size and modification time.
    """
    if not os.path.isdir(inputs.data_dir):
        raise BadPathError(
            f"data folder '{inputs.data_dir}' does not exist; check --data or KG_DATA"
        )
    if not os.path.isdir(inputs.ontology_dir):
        raise BadPathError(f"ontology folder '{inputs.ontology_dir}' does not exist")
    crc = adler = 1
    for chunk in _chunks(inputs):
        crc = zlib.crc32(chunk, crc)
        adler = zlib.adler32(chunk, adler)
    return f"{crc:08x}{adler:08x}"


def _chunks(inputs: Inputs) -> list[bytes]:
    chunks = [f"kg {__version__} format {BUILD_FORMAT}\n".encode()]
    for name, path in inputs.files():
        with open(path, "rb") as handle:
            content = handle.read()
        chunks += [f"{name}\0{len(content)}\0".encode(), content]
    for name, path in inputs.import_files():
        info = os.stat(path)
        chunks.append(f"import/{name}\0{info.st_size}\0{info.st_mtime_ns}\0".encode())
    return chunks


def read_json(path: PathLike) -> dict[str, Any] | None:
    """A JSON object from ``path``, or ``None`` if missing or unreadable."""
    import json

    try:
        with open(path, encoding="utf-8") as handle:
            loaded = json.load(handle)
    except (OSError, ValueError):
        return None
    return loaded if isinstance(loaded, dict) else None


def _to_term(value: BindValue) -> ox.NamedNode | ox.Literal:
    if isinstance(value, Iri):
        return ox.NamedNode(value)
    if isinstance(value, bool):
        return ox.Literal(str(value).lower(), datatype=ox.NamedNode(XSD.boolean))
    if isinstance(value, int):
        return ox.Literal(str(value), datatype=ox.NamedNode(XSD.integer))
    if isinstance(value, dt.date):
        return ox.Literal(value.isoformat(), datatype=ox.NamedNode(XSD.date))
    return ox.Literal(value)


_WHERE = re.compile(r"\bWHERE\s*\{")


def join_values(query: str, bindings: Mapping[str, BindValue] | None) -> str:
    """Join ``bindings`` to the first ``WHERE {`` group of one of kg's own queries.

    The values become one ``VALUES`` row of RDF terms written as pyoxigraph
    serialises them (escaped, one token each), never text pasted into the
    query. Starting the group with them lets a query planner start from the
    bound values: pyoxigraph's ``substitutions=`` alone are applied after
    planning (the pair query scanned every contact, 38 s at 100,000
    contacts, against a few milliseconds with ``VALUES``). For queries typed
    by users, :func:`kg.sparql.syntax.bind` does the same with a full lexer.

    >>> print(join_values("SELECT ?a ?b WHERE { ?a ?p ?b }", {"a": Iri("http://ex/a")}))
    SELECT ?a ?b WHERE {
      VALUES (?a) { (<http://ex/a>) } ?a ?p ?b }
    """
    if not bindings:
        return query
    match = _WHERE.search(query)
    if match is None:
        raise ValueError("kg's own queries bind values in their 'WHERE {' group")
    names = " ".join(f"?{name}" for name in bindings)
    values = " ".join(str(_to_term(value)) for value in bindings.values())
    cut = match.end()
    return f"{query[:cut]}\n  VALUES ({names}) {{ ({values}) }}{query[cut:]}"


class EmbeddedStore:
    """A read-only Oxigraph build answering SPARQL with bound values.

    Attributes
    ----------
    path : str
        The build directory.
    warning : str or None
        Set when the inputs changed but could not be built, so answers come
        from an older build.
    """

    def __init__(self, path: PathLike, warning: str | None = None) -> None:
        path = os.fspath(path)
        try:
            self._store = ox.Store.read_only(path)
        except OSError as exc:
            raise StoreError(f"cannot open the store at {path}: {exc}") from exc
        self.path = path
        self.warning = warning
        self._counts: dict[str, Any] | None = None

    @property
    def info(self) -> dict[str, Any]:
        """What the open build was made from (fingerprint, data_dir, built_at, triples)."""
        return read_json(os.path.join(self.path, BUILD_INFO)) or {}

    def select(self, query: str, bindings: Mapping[str, BindValue] | None = None) -> list[Row]:
        """Run one of kg's SELECT queries with ``bindings`` for some of its variables.

        The values are joined as ``VALUES`` (:func:`join_values`) and also
        given as Oxigraph substitutions, which reach inside ``OPTIONAL``
        groups; a bound variable must therefore appear in the SELECT clause.
        """
        substitutions: dict[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple]
        substitutions = {ox.Variable(k): _to_term(v) for k, v in (bindings or {}).items()}
        solutions = self._store.query(
            join_values(query, bindings),
            use_default_graph_as_union=True,
            substitutions=substitutions,
        )
        assert isinstance(solutions, ox.QuerySolutions)
        names = [v.value for v in solutions.variables]
        rows = []
        for solution in solutions:
            row: Row = {}
            for name in names:
                term = solution[name]
                if term is not None:
                    row[name] = term.value
            rows.append(row)
        return rows

    def saved_counts(self) -> dict[str, dict[str, dict[str, int]]] | None:
        """Counts saved when the build was made, if any (read once).

        ``graph_contacts``: graph IRI → contacts; ``side_degrees``: property
        IRI → side IRI → contacts it takes part in that way.
        """
        if self._counts is None:
            import marshal

            try:
                with open(os.path.join(self.path, COUNTS_FILE), "rb") as handle:
                    counts = marshal.loads(handle.read())
            except (OSError, EOFError, ValueError, TypeError):
                counts = {}
            self._counts = counts if isinstance(counts, dict) else {}
        return self._counts or None

    def saved_name_index(self) -> NameIndex | None:
        """The name index saved when the build was made, if any."""
        try:
            with open(os.path.join(self.path, NAMES_FILE), "rb") as handle:
                data = handle.read()
        except OSError:
            return None
        from kg.query.names import NameIndex

        return NameIndex.loads(data)

    @property
    def oxigraph(self) -> ox.Store:
        """The underlying pyoxigraph store (read-only)."""
        return self._store


def is_url(store: PathLike | None) -> bool:
    """Whether a store setting names a SPARQL endpoint (see :mod:`kg.store.remote`).

    >>> is_url("http://127.0.0.1:8890/sparql"), is_url("/tmp/store")
    (True, False)
    """
    return isinstance(store, str) and store.startswith(("http://", "https://"))


def build_store(
    store_dir: PathLike | None = None, inputs: Inputs | None = None, *, force: bool = False
) -> dict[str, Any]:
    """Build the store from the inputs; see :func:`kg.store.build.build_store`.

    A URL builds on that SPARQL server instead (:func:`kg.store.remote.build_remote`).
    """
    if is_url(store_dir):
        from kg.store.remote import RemoteStore, build_remote

        assert isinstance(store_dir, str)
        return build_remote(RemoteStore(store_dir), inputs or Inputs.default(), force=force)
    from kg.store.build import build_store as build

    return build(store_dir, inputs, force=force)


def open_store(
    store_dir: PathLike | None = None, inputs: Inputs | None = None
) -> EmbeddedStore | RemoteStore:
    """Open the build of the current inputs, building it first if needed.

    If the inputs changed and do not build, answer from the last good build
    with a :attr:`EmbeddedStore.warning`; with no good build at all, raise
    the :class:`~kg.errors.InvalidDataError`. A URL opens that SPARQL server
    (:func:`kg.store.remote.open_remote`), uploading changed inputs first.
    """
    if is_url(store_dir):
        from kg.store.remote import open_remote

        assert isinstance(store_dir, str)
        return open_remote(store_dir, inputs or Inputs.default())
    store_dir = os.fspath(store_dir or default_store_dir())
    inputs = inputs or Inputs.default()
    key = fingerprint(inputs)
    target = os.path.join(store_dir, "builds", key)
    if os.path.isfile(os.path.join(target, BUILD_INFO)):
        return EmbeddedStore(target)
    failed = read_json(os.path.join(store_dir, "FAILED"))
    previous = read_json(os.path.join(store_dir, "CURRENT")) or {}
    previous_dir = os.path.join(store_dir, "builds", str(previous.get("fingerprint")))
    has_previous = os.path.isfile(os.path.join(previous_dir, BUILD_INFO))
    if failed is not None and failed.get("fingerprint") == key and has_previous:
        problems = failed.get("problems")
        count = len(problems) if isinstance(problems, list) else 0
    else:
        try:
            info = build_store(store_dir, inputs)
            return EmbeddedStore(os.path.join(store_dir, "builds", info["fingerprint"]))
        except InvalidDataError as exc:
            if not has_previous:
                raise
            count = len(exc.problems)
    reason = f"{count} problem{'s' if count != 1 else ''}"
    warning = (
        f"the data changed but has {reason}, so answers come from the previous build "
        f"({previous.get('built_at')}); run 'kg build' to see and fix them"
    )
    return EmbeddedStore(previous_dir, warning)
