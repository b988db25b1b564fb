"""What a store is built from: the input folders, their fingerprint, the graph names.

Layout of a store directory::

    STORE/
      builds/<fingerprint>/   one complete Oxigraph database per input state,
                              with kg-build.json (what it was built from) and
                              names.idx (the name index, kg.query.names.NameIndex)
                              and counts.idx (contacts per graph and per side)
      curated/<fingerprint>/  the ontology and curated records as checked
                              N-Triples, reused while they do not change
      imports/SOURCE.nt       imported sources, each loaded into its own graph
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
from typing import Any

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
    "PathLike",
    "Inputs",
    "source_graph",
    "fingerprint",
    "read_json",
]

#: Bump when the mapping from records to RDF changes, to force rebuilds.
BUILD_FORMAT = 3
ONTOLOGY_GRAPH = resource_iri("graph", "ontology")
CURATED_GRAPH = resource_iri("graph", "curated")
#: Written last into a build directory: a build without it is incomplete.
BUILD_INFO = "kg-build.json"
#: The rows of ``entities.rq`` saved at build time, tab-separated.
NAMES_FILE = "names.idx"
#: Counts saved with a build (:meth:`EmbeddedStore.saved_counts`).
COUNTS_FILE = "counts.idx"


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


def read_json(path: PathLike) -> dict[str, Any] | None:
    """A JSON object from ``path``, or ``None`` if missing or unreadable."""
    import json

    try:
        with open(path, encoding="utf-8") as handle:
            loaded = json.load(handle)
    except (OSError, ValueError):
        return None
    return loaded if isinstance(loaded, dict) else None
