"""Building a store directory from the inputs (see :mod:`kg.store` for its layout).

Imported only when a build is needed: it brings in the loader, rdflib and
pyshacl.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any, NamedTuple, cast

import pyoxigraph as ox

from kg.errors import DataError, InvalidDataError, StoreError
from kg.identity.index import build_index
from kg.records.curated import build_graphs
from kg.records.tenures import role_warnings
from kg.rq import load_query
from kg.store.embedded import SNAPSHOT_MAX_QUADS, EmbeddedStore, find_build
from kg.store.files import (
    fsync_folder,
    locked,
    pause_point,
    remove_build_leftovers,
    write_durably,
)
from kg.store.inputs import (
    BUILD_INFO,
    COUNTS_FILE,
    CURATED_GRAPH,
    NAMES_FILE,
    ONTOLOGY_GRAPH,
    SNAPSHOT_FILE,
    Inputs,
    fingerprint,
    is_leftover,
    open_ntriples,
    read_json,
    source_graph,
)
from kg.store.pairs import PAIRS_GRAPH, PairIndex, ScanningReader

__all__ = ["build_folder"]

_KEEP_BUILDS = 3


def _write_atomic(path: Path, text: str) -> None:
    """Replace a small file of the store (``CURRENT``) durably, or say why not."""
    try:
        write_durably(str(path), text.encode("utf-8"))
    except OSError as exc:
        raise StoreError(f"cannot write the store at {path.parent}: {exc}") from exc


def _write_failed(store_dir: Path, key: str, problems: Sequence[DataError]) -> None:
    """Remember that the inputs ``key`` do not build, so readers need not try again."""
    failed = {"fingerprint": key, "problems": [str(p) for p in problems]}
    try:
        write_durably(str(store_dir / "FAILED"), json.dumps(failed, indent=2).encode("utf-8"))
    except OSError:
        pass  # only saves the next reader a build attempt; the problems are raised anyway


def _serial(name: str, key: str) -> int | None:
    """The build number of the folder ``name`` if it is a build of ``key``."""
    if name == key:
        return 0  # a folder from before builds were numbered
    if name.startswith(key + ".") and name[len(key) + 1 :].isdigit():
        return int(name[len(key) + 1 :])
    return None


def _prune(builds: Path, keep: str) -> None:
    """Keep the newest few builds (other data folders, and readers that opened an
    earlier build of the same inputs, may still use them)."""
    finished = sorted(
        (p for p in builds.iterdir() if p.is_dir() and not is_leftover(p.name)),
        key=lambda p: p.stat().st_mtime,
        reverse=True,
    )
    for stale in finished[_KEEP_BUILDS:]:
        if stale.name != keep:
            shutil.rmtree(stale, ignore_errors=True)


def _write_names(build: Path, store: EmbeddedStore) -> None:
    """Save the name index, so a query process need not rebuild it (about
    0.8 s for 5,000 officials, against a few milliseconds to load)."""
    (build / NAMES_FILE).write_bytes(build_index(store).dumps())


class _Curated(NamedTuple):
    """The curated graphs as N-Triples files, and ``triples`` and ``warnings`` counts.

    ``pending`` is the folder of graphs just made, to be kept in the cache
    (:func:`_keep_curated`) only once the store has loaded them.
    """

    ontology: Path
    data: Path
    info: dict[str, Any]
    pending: Path | None = None


def _curated(store_dir: Path, inputs: Inputs, force: bool) -> _Curated:
    """The ontology and curated records as checked N-Triples, built once per state.

    Loading the records and validating them with SHACL takes seconds, most
    of a build when only an imported source changed: the result is kept in
    ``STORE/curated/<fingerprint of the data and ontology>/`` and reused
    while those files stay the same (only graphs the store could load are
    kept; ``force`` builds them again).

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
        made = _Curated(temporary / "ontology.nt", temporary / "curated.nt", info, temporary)
        built.ontology.serialize(made.ontology, format="nt", encoding="utf-8")
        made.data.write_text("".join(sorted(built.lines)), encoding="utf-8")
        (temporary / "info.json").write_text(json.dumps(info), encoding="utf-8")
    except OSError as exc:
        shutil.rmtree(temporary, ignore_errors=True)
        raise StoreError(f"cannot write the store at {store_dir}: {exc}") from exc
    return made


def _keep_curated(curated: _Curated) -> None:
    """Keep freshly made curated graphs in the cache, replacing older ones of that state."""
    if curated.pending is None:
        return
    cache = curated.pending.parent
    key = curated.pending.name.split(".tmp-")[0]
    shutil.rmtree(cache / key, ignore_errors=True)
    os.replace(curated.pending, cache / key)
    _prune(cache, keep=key)


def _load(
    database: ox.Store, path: Path | str, graph: str, index: PairIndex, where: str, what: str
) -> None:
    """Load the N-Triples file ``path`` (gzipped if named ``*.gz``) into ``graph``, the
    pair ``index`` reading it as it streams in; a file the store cannot read (malformed,
    or a line over its 16 MiB limit) is a problem of ``where``: ``what: why``.

    The file was checked by the build (curated records) or by its importer:
    it loads without the parser's second check of every IRI (``lenient``).
    """
    try:
        with open_ntriples(path) as handle:
            database.bulk_load(
                input=cast("IO[bytes]", ScanningReader(handle, index)),  # read() is all it needs
                format=ox.RdfFormat.N_TRIPLES,
                to_graph=ox.NamedNode(graph),
                lenient=True,
            )
    except (SyntaxError, MemoryError) as exc:  # pyoxigraph: MemoryError for an over-long line
        raise InvalidDataError([DataError(where, f"{what}: {exc}")]) from exc
    except (OSError, EOFError) as exc:  # a shipped file that is not gzip, or cut short
        if isinstance(exc, OSError) and exc.errno is not None:
            raise  # the disk, not the data: a StoreError for the caller
        raise InvalidDataError([DataError(str(path), f"{what}: {exc}")]) from exc


def _load_pairs(database: ox.Store, build: Path, index: PairIndex) -> int:
    """Write the pair ``index`` beside the build, load it into its graph; its triples."""
    path = build.parent / f".{build.name}.pairs.nt"
    try:
        with open(path, "wb", buffering=1 << 20) as handle:
            written = index.write(handle)
        database.bulk_load(
            path=path, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(PAIRS_GRAPH),
            lenient=True,
        )  # fmt: skip
    finally:
        path.unlink(missing_ok=True)
    return written


def _write_counts(build: Path, store: EmbeddedStore) -> None:
    """Save the contacts of each graph, so ``kg sources`` reads no contact at query
    time, and the sources' rows, which every answer lists (``sources.rq``)."""
    import marshal

    counts: dict[str, Any] = {
        "graph_contacts": {
            r["graph"]: int(r["contacts"]) for r in store.select(load_query("graph_contacts"))
        },
        "sources": store.select(load_query("sources")),
    }
    (build / COUNTS_FILE).write_bytes(marshal.dumps(counts))


def _write_snapshot(build: Path, quads: int) -> None:
    """Keep a small build's quads as N-Quads too (:data:`SNAPSHOT_MAX_QUADS`)."""
    if quads <= SNAPSHOT_MAX_QUADS:
        database = ox.Store.read_only(str(build))
        database.dump(output=str(build / SNAPSHOT_FILE), format=ox.RdfFormat.N_QUADS)


def build_folder(
    store_dir: str | os.PathLike[str], inputs: Inputs, *, force: bool = False
) -> dict[str, Any]:
    """Build the store folder from the inputs unless a build of them already exists.

    Returns what the build was made from: ``fingerprint``, ``data_dir``,
    ``built_at`` and ``triples``.

    The new build is made in a temporary folder and renamed to
    ``builds/<fingerprint>.<n>`` when complete: a reader always opens a
    complete build (the newest of its inputs, :func:`kg.store.embedded.find_build`),
    and an earlier build of the same inputs stays until pruned, so a reader
    that chose it can still open it.

    Raises
    ------
    InvalidDataError
        When the inputs do not build; the store is left as it was, and
        nothing is cached.
    StoreError
        When the store cannot be written (read-only, full disk).
    """
    store_dir = Path(store_dir)
    key = fingerprint(inputs)
    builds = store_dir / "builds"
    with locked(str(store_dir)):
        try:
            remove_build_leftovers(str(store_dir))  # we hold the lock: no build is running
        except OSError as exc:
            raise StoreError(f"cannot write the store at {store_dir}: {exc}") from exc
        existing = find_build(str(store_dir), key)
        info = read_json(os.path.join(existing, BUILD_INFO)) if existing else None
        if info is not None and not force:
            _write_atomic(store_dir / "CURRENT", json.dumps(info, indent=2))
            return info
        try:
            curated = _curated(store_dir, inputs, force)
        except InvalidDataError as exc:
            _write_failed(store_dir, key, exc.problems)
            raise
        info = {
            "fingerprint": key,
            "data_dir": str(Path(inputs.data_dir).resolve()),
            "built_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "triples": curated.info["triples"],
            "warnings": curated.info["warnings"],
            "imports": [source for source, _ in inputs.import_files()],
        }
        temporary: Path | None = None
        try:
            builds.mkdir(parents=True, exist_ok=True)
            numbers = [_serial(p.name, key) for p in builds.iterdir()]
            name = f"{key}.{max((n for n in numbers if n is not None), default=0) + 1}"
            temporary = builds / f"{name}.tmp-{os.getpid()}"
            database = ox.Store(str(temporary))
            index = PairIndex()
            for graph, iri in ((curated.ontology, ONTOLOGY_GRAPH), (curated.data, CURATED_GRAPH)):
                _load(
                    database, graph, iri, index, inputs.data_dir,
                    "the checked records could not be loaded into the store (a text too long?)",
                )  # fmt: skip
            _keep_curated(curated)
            # Imported sources were checked by their importer when written;
            # they load as they are, each into its own graph.
            for source, path in inputs.import_files():
                # named as the file it is imported as, not an import's staged copy
                staged = os.path.basename(path).startswith(".")
                shown = os.path.join(os.path.dirname(path), f"{source}.nt.gz") if staged else path
                _load(
                    database, path, source_graph(source), index, shown,
                    f"imported source '{source}' is not valid",
                )  # fmt: skip
            info["pair_triples"] = _load_pairs(database, temporary, index)
            del index
            database.flush()
            info["triples"] = len(database)  # every quad: curated, ontology, imports, pairs
            del database
            built = EmbeddedStore(temporary)  # read back, for the files saved beside it
            _write_names(temporary, built)
            _write_counts(temporary, built)
            del built
            _write_snapshot(temporary, info["triples"])
            (temporary / BUILD_INFO).write_text(json.dumps(info, indent=2), encoding="utf-8")
            pause_point("build-loaded")
            os.replace(temporary, builds / name)
            fsync_folder(str(builds))
        except InvalidDataError as exc:
            _write_failed(store_dir, key, exc.problems)
            raise
        except OSError as exc:
            raise StoreError(f"cannot write the store at {store_dir}: {exc}") from exc
        finally:
            if temporary is not None:
                shutil.rmtree(temporary, ignore_errors=True)
            if curated.pending is not None:
                shutil.rmtree(curated.pending, ignore_errors=True)
        _write_atomic(store_dir / "CURRENT", json.dumps(info, indent=2))
        (store_dir / "FAILED").unlink(missing_ok=True)
        _prune(builds, keep=name)
        return info
