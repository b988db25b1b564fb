"""What a store is built from: the input folders, their fingerprint, the graph names.

Layout of a store directory::

    STORE/
      builds/<fingerprint>.<n>/  one complete Oxigraph database per input state
                              and build (n counts the builds of that state: a
                              new build never replaces a folder a reader may
                              be opening), with kg-build.json (what it was
                              built from), names.idx (the name index,
                              kg.identity.index.NameIndex), counts.idx
                              (contacts per graph, the sources' rows) and,
                              for a small build, snapshot.nq (the same
                              quads, which load into memory faster than the
                              database opens)
      curated/<fingerprint>/  the ontology and curated records as checked
                              N-Triples, reused while they do not change
      imports/SOURCE.nt.gz    imported sources (gzipped N-Triples), each loaded into its own graph
      imports/.lock           held while an import runs
      CURRENT                 JSON: the last build that succeeded
      FAILED                  JSON: the last input state that failed to build
      .lock                   held while a build runs

The fingerprint hashes every input file (ontology and records) with the
version of kg. This module is on every query's path: it imports nothing
heavy (not even pathlib or hashlib, which cost more than a query).
"""

from __future__ import annotations

import os
import zlib
from typing import IO, Any, cast

from kg import __version__
from kg.errors import BadPathError
from kg.paths import bundled_data_dir, bundled_ontology_dir
from kg.vocab import resource_iri

__all__ = [
    "BUILD_FORMAT",
    "ONTOLOGY_GRAPH",
    "CURATED_GRAPH",
    "BUILD_INFO",
    "NAMES_FILE",
    "COUNTS_FILE",
    "SNAPSHOT_FILE",
    "REMOVED",
    "PathLike",
    "Inputs",
    "source_graph",
    "open_ntriples",
    "fingerprint",
    "read_json",
    "is_leftover",
    "has_leftovers",
]

#: Bump when the mapping from records to RDF changes, to force rebuilds.
#: 4: the pair index (#19).
BUILD_FORMAT = 4
ONTOLOGY_GRAPH = resource_iri("graph", "ontology")
CURATED_GRAPH = resource_iri("graph", "curated")
#: Written last into a build directory: a build without it is incomplete.
BUILD_INFO = "kg-build.json"
#: The name index saved at build time (:meth:`kg.identity.index.NameIndex.dumps`).
NAMES_FILE = "names.idx"
#: Counts and the sources' rows saved with a build (:meth:`EmbeddedStore.saved_counts`).
COUNTS_FILE = "counts.idx"
#: The quads of a small build as N-Quads (:mod:`kg.store.embedded`).
SNAPSHOT_FILE = "snapshot.nq"
#: The mark, in the imports folder, of a shipped source a user removed: ``SOURCE.removed``.
REMOVED = ".removed"


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
        A folder of imported sources: ``SOURCE.nt.gz`` files of gzipped
        N-Triples, each loaded into its own named graph (:func:`source_graph`) as the
        importer wrote it. Missing or ``None``: no imports.
    sources_dir : str or path-like, optional
        A folder of sources shipped ready-made with the data (``SOURCE.nt.gz``,
        gzipped N-Triples, as an importer would write them): each is loaded as
        an imported source of that name unless the imports folder holds its
        own ``SOURCE.nt.gz`` (a re-import replaces it) or ``SOURCE.removed``
        (``kg import --remove``). ``None``: none.
    """

    __slots__ = ("data_dir", "ontology_dir", "imports_dir", "sources_dir", "_sources")

    def __init__(
        self,
        data_dir: PathLike,
        ontology_dir: PathLike,
        imports_dir: PathLike | None = None,
        sources_dir: PathLike | None = None,
    ) -> None:
        self.data_dir = os.fspath(data_dir)
        self.ontology_dir = os.fspath(ontology_dir)
        self.imports_dir = os.fspath(imports_dir) if imports_dir is not None else None
        self.sources_dir = os.fspath(sources_dir) if sources_dir is not None else None
        self._sources: dict[str, str | None] = {}

    def with_source(self, source: str, path: PathLike | None) -> Inputs:
        """These inputs with the imported ``source`` read from ``path`` (``None``: left out).

        How an import builds the store with a new version of a source before
        that version replaces the file in the imports folder
        (:mod:`kg.store.sources`): the fingerprint counts the file's name,
        size and modification time, which a rename keeps, so the build made
        from ``path`` is the build of the folder once the file is renamed in.
        """
        changed = Inputs(self.data_dir, self.ontology_dir, self.imports_dir, self.sources_dir)
        changed._sources = {**self._sources, source: os.fspath(path) if path else None}
        return changed

    def __repr__(self) -> str:
        return (
            f"Inputs({self.data_dir!r}, {self.ontology_dir!r}, {self.imports_dir!r}, "
            f"{self.sources_dir!r})"
        )

    @classmethod
    def default(
        cls,
        data_dir: PathLike | None = None,
        ontology_dir: PathLike | None = None,
        imports_dir: PathLike | None = None,
    ) -> Inputs:
        """The given folders, else ``$KG_DATA``, else the bundled ones.

        With the bundled data come the sources shipped with it (its
        ``sources`` folder), unless ``$KG_BUNDLED_SOURCES`` is ``0``; another
        data folder comes without them (their people and countries are the
        bundled data's).
        """
        data = data_dir or os.environ.get("KG_DATA") or bundled_data_dir()
        sources = None
        if os.environ.get("KG_BUNDLED_SOURCES", "1") != "0" and os.path.samefile(
            data, bundled_data_dir()
        ):
            sources = os.path.join(bundled_data_dir(), "sources")
        return cls(data, ontology_dir or bundled_ontology_dir(), imports_dir, sources)

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
        """Every imported source as ``(source name, path of its file)``, sorted.

        Imports are gzipped N-Triples (``SOURCE.nt.gz``; a plain ``SOURCE.nt``,
        as kg kept them before, is read too), and so are the sources shipped
        with the data (:attr:`sources_dir`).
        """
        found: dict[str, str | None] = {}
        if self.sources_dir is not None and os.path.isdir(self.sources_dir):
            found = {
                name[: -len(".nt.gz")]: os.path.join(self.sources_dir, name)
                for name in os.listdir(self.sources_dir)
                if name.endswith(".nt.gz") and not name.startswith(".")
            }
        imported: dict[str, str] = {}
        if self.imports_dir is not None and os.path.isdir(self.imports_dir):
            for name in sorted(os.listdir(self.imports_dir)):  # x.nt before x.nt.gz
                path = os.path.join(self.imports_dir, name)
                if name.startswith("."):
                    continue
                if name.endswith((".nt", ".nt.gz")):
                    imported[name.removesuffix(".gz").removesuffix(".nt")] = path
                elif name.endswith(REMOVED):
                    found.pop(name[: -len(REMOVED)], None)
        found.update(imported)
        found.update(self._sources)
        return sorted((name, path) for name, path in found.items() if path is not None)

    def bundled_source(self, source: str) -> str | None:
        """The file of ``source`` shipped with the data, if there is one."""
        if self.sources_dir is None:
            return None
        path = os.path.join(self.sources_dir, f"{source}.nt.gz")
        return path if os.path.isfile(path) else None


def source_graph(source: str) -> str:
    """The named graph an imported source is loaded into."""
    return resource_iri("graph", f"source-{source}")


GZIP_MAGIC = b"\x1f\x8b"


def open_ntriples(path: PathLike) -> IO[bytes]:
    """Open an N-Triples file for reading bytes, decompressing it if it is gzipped
    (imported sources are kept gzipped, ``SOURCE.nt.gz``; so are the sources
    shipped with the data): told by the file's first bytes, not its name."""
    handle = open(path, "rb")  # noqa: SIM115 - the caller closes it
    if handle.peek(2)[:2] != GZIP_MAGIC:
        return handle
    handle.close()
    import gzip

    return cast("IO[bytes]", gzip.open(path, "rb"))


def fingerprint(inputs: Inputs) -> str:
    """Checksum of every input file's name and content, and of the kg version.

    CRC-32 and Adler-32 together (64 bits) detect a changed file; this is
    change detection, not security, and zlib is far cheaper to import than
    hashlib. Imported and shipped sources, which can be large and are only
    ever replaced whole, count by name, size and modification time.
    """
    if not os.path.isdir(inputs.data_dir):
        raise BadPathError(f"the data folder '{inputs.data_dir}' does not exist")
    if not os.path.isdir(inputs.ontology_dir):
        raise BadPathError(f"ontology folder '{inputs.ontology_dir}' does not exist")
    crc = adler = 1
    for chunk in _chunks(inputs):
        crc = zlib.crc32(chunk, crc)
        adler = zlib.adler32(chunk, adler)
    return f"{crc:08x}{adler:08x}"


#: The country table the build adds to the curated graph (kg.identity.countries).
_COUNTRY_TABLE = os.path.join(
    os.path.dirname(os.path.dirname(__file__)), "identity", "countries.csv"
)


def _chunks(inputs: Inputs) -> list[bytes]:
    chunks = [f"kg {__version__} format {BUILD_FORMAT}\n".encode()]
    with open(_COUNTRY_TABLE, "rb") as handle:
        chunks.append(handle.read())
    for name, path in inputs.files():
        with open(path, "rb") as handle:
            content = handle.read()
        chunks += [f"{name}\0{len(content)}\0".encode(), content]
    for name, path in inputs.import_files():
        info = os.stat(path)
        chunks.append(f"import/{name}\0{info.st_size}\0{info.st_mtime_ns}\0".encode())
    return chunks


def is_leftover(name: str) -> bool:
    """Whether a name in a store folder is work in progress (:mod:`kg.store.files`).

    ``KEY.tmp-PID``: a build's folder; ``.NAME.PID.tmp``: a file being
    written; ``.SOURCE.nt.PID.staged``: an import not yet built;
    ``.SOURCE.nt.previous``: the backup an older kg kept while re-importing.

    >>> [is_leftover(n) for n in ("abc.3.tmp-41", ".CURRENT.41.tmp", ".x.nt.previous", "x.nt", ".lock")]
    [True, True, True, False, False]
    """
    if ".tmp-" in name:
        return name.rsplit(".tmp-", 1)[1].isdigit()
    return name.startswith(".") and name.endswith((".tmp", ".staged", ".previous"))


def has_leftovers(folder: str | None) -> bool:
    """Whether ``folder`` holds work in progress (one listing; ``False`` if unreadable)."""
    if folder is None:
        return False
    try:
        return any(is_leftover(name) for name in os.listdir(folder))
    except OSError:
        return False


def read_json(path: PathLike) -> dict[str, Any] | None:
    """A JSON object from ``path``, or ``None`` if missing or unreadable."""
    import json

    try:
        with open(path, encoding="utf-8") as handle:
            loaded = json.load(handle)
    except (OSError, ValueError):
        return None
    return loaded if isinstance(loaded, dict) else None
