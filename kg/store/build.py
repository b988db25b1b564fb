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
from typing import Any, NamedTuple

import pyoxigraph as ox

from kg.errors import DataError, InvalidDataError, StoreError
from kg.query.names import build_index
from kg.records.curated import build_graphs
from kg.records.tenures import role_warnings
from kg.rq import load_query
from kg.store.embedded import EmbeddedStore
from kg.store.inputs import (
    BUILD_INFO,
    COUNTS_FILE,
    CURATED_GRAPH,
    NAMES_FILE,
    ONTOLOGY_GRAPH,
    Inputs,
    fingerprint,
    read_json,
    source_graph,
)
from kg.store.values import Iri
from kg.vocab import KG

__all__ = ["build_folder"]

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
    """Save the name index, so a query process need not rebuild it (about
    0.8 s for 5,000 officials, against a few milliseconds to load)."""
    (build / NAMES_FILE).write_bytes(build_index(EmbeddedStore(build)).dumps())


class _Curated(NamedTuple):
    """The curated graphs as N-Triples files, and ``triples`` and ``warnings`` counts."""

    ontology: Path
    data: Path
    info: dict[str, Any]


def _curated(store_dir: Path, inputs: Inputs, force: bool) -> _Curated:
    """The ontology and curated records as checked N-Triples, built once per state.

    Loading the records and validating them with SHACL takes seconds, most
    of a build when only an imported source changed: the result is kept in
    ``STORE/curated/<fingerprint of the data and ontology>/`` and reused
    while those files stay the same (only a successful build is kept;
    ``force`` builds them again).

    Raises
    ------
    InvalidDataError
        When the records do not build.
    """
    key = fingerprint(Inputs(inputs.data_dir, inputs.ontology_dir))
    cache = store_dir / "curated"
    folder = cache / key
    found = _Curated(folder / "ontology.nt", folder / "curated.nt", {})
    info = read_json(folder / "info.json")
    if not force and info is not None and found.ontology.is_file() and found.data.is_file():
        return found._replace(info=info)
    built = build_graphs(Path(inputs.data_dir), Path(inputs.ontology_dir))
    info = {
        "triples": len(built.ontology) + len(built.data),
        "warnings": len(role_warnings(built.records)),
    }
    temporary = cache / f"{key}.tmp-{os.getpid()}"
    shutil.rmtree(temporary, ignore_errors=True)
    try:
        temporary.mkdir(parents=True)
        built.ontology.serialize(temporary / found.ontology.name, format="nt", encoding="utf-8")
        (temporary / found.data.name).write_text("".join(sorted(built.lines)), encoding="utf-8")
        (temporary / "info.json").write_text(json.dumps(info), encoding="utf-8")
        shutil.rmtree(folder, ignore_errors=True)
        os.replace(temporary, folder)
    except OSError as exc:
        raise StoreError(f"cannot write the store at {store_dir}: {exc}") from exc
    finally:
        shutil.rmtree(temporary, ignore_errors=True)
    _prune(cache, keep=key)
    return found._replace(info=info)


def _write_counts(build: Path) -> None:
    """Save contacts per graph and per side: ``kg sources`` and the choice of
    the side a pair query starts from then read no contact at query time."""
    import marshal

    store = EmbeddedStore(build)
    counts: dict[str, dict[str, Any]] = {
        "graph_contacts": {
            r["graph"]: int(r["contacts"]) for r in store.select(load_query("graph_contacts"))
        },
        "side_degrees": {},
    }
    for prop in (KG.participant, KG.participantCountry, KG.participantPost):
        rows = store.select(load_query("side_degrees"), {"prop": Iri(prop)})
        counts["side_degrees"][str(prop)] = {r["side"]: int(r["contacts"]) for r in rows}
    (build / COUNTS_FILE).write_bytes(marshal.dumps(counts))


def build_folder(
    store_dir: str | os.PathLike[str], inputs: Inputs, *, force: bool = False
) -> dict[str, Any]:
    """Build the store folder from the inputs unless a build of them already exists.

    Returns what the build was made from: ``fingerprint``, ``data_dir``,
    ``built_at`` and ``triples``.

    Raises
    ------
    InvalidDataError
        When the inputs do not build; the store is left as it was.
    """
    store_dir = Path(store_dir)
    key = fingerprint(inputs)
    builds = store_dir / "builds"
    target = builds / key
    with _locked(store_dir):
        existing = read_json(target / BUILD_INFO)
        if existing is not None and not force:
            _write_atomic(store_dir / "CURRENT", json.dumps(existing, indent=2))
            return existing
        try:
            curated = _curated(store_dir, inputs, force)
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
            "triples": curated.info["triples"],
            "warnings": curated.info["warnings"],
            "imports": [source for source, _ in inputs.import_files()],
        }
        try:
            database = ox.Store(str(temporary))
            for graph, iri in ((curated.ontology, ONTOLOGY_GRAPH), (curated.data, CURATED_GRAPH)):
                database.bulk_load(
                    path=graph, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(iri)
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
            info["triples"] = len(database)  # every quad: curated, ontology and imports
            del database
            _write_names(temporary)
            _write_counts(temporary)
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
