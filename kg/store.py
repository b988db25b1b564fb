"""The persistent embedded store: built from ontology + data, reused, rebuilt on change.

Layout of a store directory::

    STORE/
      builds/<fingerprint>/   one complete Oxigraph database per input state
      CURRENT                 JSON: the last build that succeeded
      FAILED                  JSON: the last input state that failed to build
      .lock                   held while a build runs

The fingerprint hashes every input file (ontology and records) with the
version of kg. :func:`open_store` opens the build matching the inputs,
building it first if needed. A build goes to a temporary directory and is
renamed into place only when complete, so a failed or interrupted build
never replaces a good one. When the inputs changed but do not build,
:func:`open_store` answers from the last good build and says so in
:attr:`EmbeddedStore.warning`.

Only :func:`build_store` imports rdflib, pyshacl and the loader; opening an
existing build needs pyoxigraph alone.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import json
import os
import shutil
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg import __version__
from kg.errors import InvalidDataError, StoreError
from kg.paths import bundled_data_dir, bundled_ontology_dir, default_store_dir
from kg.vocab import XSD, resource_iri

__all__ = [
    "Iri",
    "BindValue",
    "Row",
    "ONTOLOGY_GRAPH",
    "CURATED_GRAPH",
    "Inputs",
    "BuildInfo",
    "EmbeddedStore",
    "fingerprint",
    "build_store",
    "open_store",
]

#: Bump when the mapping from records to RDF changes, to force rebuilds.
BUILD_FORMAT = 1
ONTOLOGY_GRAPH = resource_iri("graph", "ontology")
CURATED_GRAPH = resource_iri("graph", "curated")
_KEEP_BUILDS = 3


class Iri(str):
    """A string meant as an IRI when bound into a query."""


BindValue = Iri | str | int | dt.date
#: One query solution: variable name → IRI or literal lexical form.
Row = dict[str, str]


@dataclass(frozen=True)
class Inputs:
    """The folders a store is built from."""

    data_dir: Path
    ontology_dir: Path

    @classmethod
    def default(cls, data_dir: Path | None = None, ontology_dir: Path | None = None) -> Inputs:
        """The given folders, else ``$KG_DATA``, else the bundled ones."""
        env_data = os.environ.get("KG_DATA")
        data = data_dir or (Path(env_data) if env_data else bundled_data_dir())
        return cls(Path(data), Path(ontology_dir or bundled_ontology_dir()))

    def files(self) -> list[tuple[str, Path]]:
        """Every input file with a stable name, sorted."""
        found = [(f"ontology/{p.name}", p) for p in self.ontology_dir.glob("*.ttl")]
        found += [
            (f"data/{p.relative_to(self.data_dir).as_posix()}", p)
            for p in self.data_dir.rglob("*.yaml")
        ]
        return sorted(found)


@dataclass(frozen=True)
class BuildInfo:
    """What a build was made from."""

    fingerprint: str
    data_dir: str
    built_at: str
    triples: int

    def to_json(self) -> str:
        return json.dumps(self.__dict__, indent=2, sort_keys=True)

    @classmethod
    def from_file(cls, path: Path) -> BuildInfo | None:
        try:
            return cls(**json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError, TypeError):
            return None


def fingerprint(inputs: Inputs) -> str:
    """Hash of every input file's name and content, and of the kg version."""
    if not inputs.data_dir.is_dir():
        raise StoreError(f"data folder {inputs.data_dir} does not exist; pass --data DIR")
    if not inputs.ontology_dir.is_dir():
        raise StoreError(f"ontology folder {inputs.ontology_dir} does not exist")
    digest = hashlib.sha256(f"kg {__version__} format {BUILD_FORMAT}\n".encode())
    for name, path in inputs.files():
        digest.update(name.encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:20]


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


class EmbeddedStore:
    """A read-only Oxigraph build answering SPARQL with bound values.

    Attributes
    ----------
    info : BuildInfo
        What the open build was made from.
    warning : str or None
        Set when the inputs changed but could not be built, so answers come
        from an older build.
    """

    def __init__(self, path: Path, info: BuildInfo, warning: str | None = None) -> None:
        try:
            self._store = ox.Store.read_only(str(path))
        except OSError as exc:
            raise StoreError(f"cannot open the store at {path}: {exc}") from exc
        self.path = path
        self.info = info
        self.warning = warning

    def select(self, query: str, bindings: Mapping[str, BindValue] | None = None) -> list[Row]:
        """Run a SELECT query with ``bindings`` substituted for its variables.

        A bound variable must appear in the query's SELECT clause (Oxigraph
        substitutes only projected variables).
        """
        substitutions = {ox.Variable(k): _to_term(v) for k, v in (bindings or {}).items()}
        solutions = self._store.query(
            query, use_default_graph_as_union=True, substitutions=substitutions
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

    @property
    def oxigraph(self) -> ox.Store:
        """The underlying pyoxigraph store (read-only)."""
        return self._store


@contextmanager
def _locked(store_dir: Path) -> Iterator[None]:
    store_dir.mkdir(parents=True, exist_ok=True)
    with open(store_dir / ".lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _write_atomic(path: Path, text: str) -> None:
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def _prune(builds: Path, keep: set[str]) -> None:
    finished = sorted(
        (p for p in builds.iterdir() if p.is_dir() and ".tmp-" not in p.name),
        key=lambda p: p.stat().st_mtime,
        reverse=True,
    )
    for stale in finished[_KEEP_BUILDS:]:
        if stale.name not in keep:
            shutil.rmtree(stale, ignore_errors=True)
    for leftover in builds.glob("*.tmp-*"):
        shutil.rmtree(leftover, ignore_errors=True)


def build_store(
    store_dir: Path | None = None, inputs: Inputs | None = None, *, force: bool = False
) -> BuildInfo:
    """Build the store from the inputs unless a build of them already exists.

    Raises
    ------
    InvalidDataError
        When the inputs do not build; the store is left as it was.
    """
    store_dir = Path(store_dir or default_store_dir())
    inputs = inputs or Inputs.default()
    key = fingerprint(inputs)
    builds = store_dir / "builds"
    target = builds / key
    with _locked(store_dir):
        existing = BuildInfo.from_file(target / "kg-build.json")
        if existing is not None and not force:
            _write_atomic(store_dir / "CURRENT", existing.to_json())
            return existing
        from kg.loader import build_graphs

        try:
            built = build_graphs(inputs.data_dir, inputs.ontology_dir)
        except InvalidDataError as exc:
            failed = {"fingerprint": key, "problems": [str(p) for p in exc.problems]}
            _write_atomic(store_dir / "FAILED", json.dumps(failed, indent=2))
            raise
        builds.mkdir(parents=True, exist_ok=True)
        temporary = builds / f"{key}.tmp-{os.getpid()}"
        shutil.rmtree(temporary, ignore_errors=True)
        try:
            database = ox.Store(str(temporary))
            for graph, iri in ((built.ontology, ONTOLOGY_GRAPH), (built.data, CURATED_GRAPH)):
                database.bulk_load(
                    graph.serialize(format="nt", encoding="utf-8"),
                    format=ox.RdfFormat.N_TRIPLES,
                    to_graph=ox.NamedNode(iri),
                )
            database.flush()
            del database
            info = BuildInfo(
                fingerprint=key,
                data_dir=str(inputs.data_dir.resolve()),
                built_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                triples=len(built.ontology) + len(built.data),
            )
            (temporary / "kg-build.json").write_text(info.to_json(), encoding="utf-8")
            if target.exists():
                shutil.rmtree(target)
            os.replace(temporary, target)
        except OSError as exc:
            shutil.rmtree(temporary, ignore_errors=True)
            raise StoreError(f"cannot write the store at {store_dir}: {exc}") from exc
        _write_atomic(store_dir / "CURRENT", info.to_json())
        (store_dir / "FAILED").unlink(missing_ok=True)
        _prune(builds, keep={key})
        return info


def open_store(store_dir: Path | None = None, inputs: Inputs | None = None) -> EmbeddedStore:
    """Open the build of the current inputs, building it first if needed.

    If the inputs changed and do not build, answer from the last good build
    with a :attr:`EmbeddedStore.warning`; with no good build at all, raise
    the :class:`~kg.errors.InvalidDataError`.
    """
    store_dir = Path(store_dir or default_store_dir())
    inputs = inputs or Inputs.default()
    key = fingerprint(inputs)
    target = store_dir / "builds" / key
    info = BuildInfo.from_file(target / "kg-build.json")
    if info is not None:
        return EmbeddedStore(target, info)
    failed = _read_failed(store_dir)
    previous = BuildInfo.from_file(store_dir / "CURRENT")
    has_previous = previous is not None and (store_dir / "builds" / previous.fingerprint).is_dir()
    if failed is not None and failed.get("fingerprint") == key and has_previous:
        problems = failed.get("problems")
        count = len(problems) if isinstance(problems, list) else 0
    else:
        try:
            info = build_store(store_dir, inputs)
            return EmbeddedStore(store_dir / "builds" / info.fingerprint, info)
        except InvalidDataError as exc:
            if not has_previous:
                raise
            count = len(exc.problems)
    assert previous is not None
    reason = f"{count} problem{'s' if count != 1 else ''}"
    warning = (
        f"the data changed but has {reason}, so answers come from the previous build "
        f"({previous.built_at}); run 'kg build' to see and fix them"
    )
    return EmbeddedStore(store_dir / "builds" / previous.fingerprint, previous, warning)


def _read_failed(store_dir: Path) -> dict[str, object] | None:
    try:
        loaded = json.loads((store_dir / "FAILED").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return loaded if isinstance(loaded, dict) else None
