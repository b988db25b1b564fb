"""Building a store directory from the inputs (see :mod:`kg.store` for its layout).

Imported only when a build is needed: it brings in the loader, rdflib and
pyshacl.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.errors import DataError, InvalidDataError, StoreError
from kg.loader import build_graphs
from kg.paths import default_store_dir
from kg.roles import role_warnings
from kg.sparql import load_query
from kg.store import (
    BUILD_INFO,
    CURATED_GRAPH,
    NAME_COLUMNS,
    NAMES_FILE,
    ONTOLOGY_GRAPH,
    EmbeddedStore,
    Inputs,
    fingerprint,
    read_json,
    source_graph,
)

__all__ = ["build_store"]

_KEEP_BUILDS = 3


@contextmanager
def _locked(store_dir: Path) -> Iterator[None]:
    """Hold the store's lock, so two processes never build at once."""
    try:
        store_dir.mkdir(parents=True, exist_ok=True)
        handle = open(store_dir / ".lock", "w")  # noqa: SIM115 - closed below
    except OSError as exc:
        raise StoreError(f"cannot write the store at {store_dir}: {exc}") from exc
    with handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _write_atomic(path: Path, text: str) -> None:
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def _prune(builds: Path, keep: str) -> None:
    """Keep the newest few builds (other data folders may use them)."""
    finished = sorted(
        (p for p in builds.iterdir() if p.is_dir() and ".tmp-" not in p.name),
        key=lambda p: p.stat().st_mtime,
        reverse=True,
    )
    for stale in finished[_KEEP_BUILDS:]:
        if stale.name != keep:
            shutil.rmtree(stale, ignore_errors=True)


def _write_names(build: Path) -> None:
    """Save the rows of ``entities.rq`` so queries need not recompute them."""
    rows = EmbeddedStore(build).select(load_query("entities"))
    lines = []
    for row in rows:
        values = [row.get(column, "") for column in NAME_COLUMNS]
        if any("\t" in v or "\n" in v for v in values):
            raise StoreError(f"a name contains a tab or a line break: {values!r}")
        lines.append("\t".join(values))
    (build / NAMES_FILE).write_text("\n".join(lines) + "\n", encoding="utf-8")


def build_store(
    store_dir: str | os.PathLike[str] | None = None,
    inputs: Inputs | None = None,
    *,
    force: bool = False,
) -> dict[str, Any]:
    """Build the store from the inputs unless a build of them already exists.

    Returns what the build was made from: ``fingerprint``, ``data_dir``,
    ``built_at`` and ``triples``.

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
        existing = read_json(target / BUILD_INFO)
        if existing is not None and not force:
            _write_atomic(store_dir / "CURRENT", json.dumps(existing, indent=2))
            return existing
        try:
            built = build_graphs(Path(inputs.data_dir), Path(inputs.ontology_dir))
        except InvalidDataError as exc:
            failed = {"fingerprint": key, "problems": [str(p) for p in exc.problems]}
            _write_atomic(store_dir / "FAILED", json.dumps(failed, indent=2))
            raise
        builds.mkdir(parents=True, exist_ok=True)
        temporary = builds / f"{key}.tmp-{os.getpid()}"
        shutil.rmtree(temporary, ignore_errors=True)
        info = {
            "fingerprint": key,
            "data_dir": str(Path(inputs.data_dir).resolve()),
            "built_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "triples": len(built.ontology) + len(built.data),
            "warnings": len(role_warnings(built.records)),
            "imports": [source for source, _ in inputs.import_files()],
        }
        try:
            database = ox.Store(str(temporary))
            for graph, iri in ((built.ontology, ONTOLOGY_GRAPH), (built.data, CURATED_GRAPH)):
                database.bulk_load(
                    graph.serialize(format="nt", encoding="utf-8"),
                    format=ox.RdfFormat.N_TRIPLES,
                    to_graph=ox.NamedNode(iri),
                )
            # Imported sources were checked by their importer when written;
            # they load as they are, each into its own graph.
            for source, path in inputs.import_files():
                try:
                    database.bulk_load(
                        path=path,
                        format=ox.RdfFormat.N_TRIPLES,
                        to_graph=ox.NamedNode(source_graph(source)),
                    )
                except SyntaxError as exc:
                    problem = DataError(path, f"imported source '{source}' is not valid: {exc}")
                    _write_atomic(
                        store_dir / "FAILED",
                        json.dumps({"fingerprint": key, "problems": [str(problem)]}, indent=2),
                    )
                    raise InvalidDataError([problem]) from exc
            database.flush()
            del database
            _write_names(temporary)
            (temporary / BUILD_INFO).write_text(json.dumps(info, indent=2), encoding="utf-8")
            if target.exists():
                shutil.rmtree(target)
            os.replace(temporary, target)
        except OSError as exc:
            raise StoreError(f"cannot write the store at {store_dir}: {exc}") from exc
        finally:
            shutil.rmtree(temporary, ignore_errors=True)
        _write_atomic(store_dir / "CURRENT", json.dumps(info, indent=2))
        (store_dir / "FAILED").unlink(missing_ok=True)
        _prune(builds, keep=key)
        return info
