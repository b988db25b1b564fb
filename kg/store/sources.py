"""Writing, replacing and removing an imported source, then rebuilding the store.

An imported source is the file ``STORE/imports/SOURCE.nt`` (see
:class:`kg.store.Inputs`), or ``SOURCE.nt.gz`` when its N-Triples pass
:data:`COMPRESS_ABOVE` bytes: N-Triples of contacts shrink about 17 times
under gzip, and the build reads them through the decompression at no
measurable cost (``BENCHMARKS.md``). The build loads it into its own named graph,
``kg.store.source_graph(SOURCE)``. An import is all or nothing
(:func:`replace_source`): the new version is written under a hidden name
beside the old one and flushed to disk, the store is built with it in place
of the old one, and only when that build succeeds is it renamed over
``SOURCE.nt``. So at every instant the imports folder holds the old version
or the new one, and a failed build, an error or a ``kill -9`` leaves the
folder and the store as they were. Removing a source works the same way.
Writing the same triples again changes nothing: the file is left untouched,
so the store is not even rebuilt. :func:`save_source_lines` takes the lines
from an iterable, for imports too large to hold in memory.

Imports hold the lock ``imports/.lock`` while they run; any command that finds
what a killed import left behind (:func:`recover_imports`) clears it once no
import holds the lock.
"""

from __future__ import annotations

import filecmp
import os
import re
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from kg.errors import BadArgumentError, StoreError
from kg.records.ntriples import Triples
from kg.store import Inputs
from kg.store.files import (
    fsync_file,
    fsync_folder,
    locked,
    pause_point,
    remove_leftovers,
    restore_previous,
)
from kg.store.inputs import has_leftovers

__all__ = [
    "COMPRESS_ABOVE",
    "RESERVED",
    "check_name",
    "source_path",
    "save_source",
    "save_source_lines",
    "replace_source",
    "remove_source",
    "recover_imports",
]

#: Names no imported source may take.
RESERVED = frozenset({"curated", "ontology"})
#: Imported N-Triples larger than this are kept gzipped (``SOURCE.nt.gz``).
COMPRESS_ABOVE = 64 << 20
#: gzip level: 1 compresses 589 MB of contacts 14.8 times at 360 MB/s, 3 17 times at
#: 425 MB/s, 6 22 times at 167 MB/s (one core of the benchmark machine).
_LEVEL = 3
_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
T = TypeVar("T")


def check_name(source: str) -> str:
    """Return ``source`` if it can name an imported source, else raise."""
    if not _NAME.match(source) or source in RESERVED:
        raise BadArgumentError(
            f"'{source}' cannot name a source: use lower-case letters, digits, '-' and '_', "
            f"and none of {', '.join(sorted(RESERVED))}"
        )
    return source


def _imports_dir(inputs: Inputs) -> str:
    if inputs.imports_dir is None:
        raise BadArgumentError("this store has no imports folder")
    return inputs.imports_dir


def source_path(inputs: Inputs, source: str) -> str:
    """The file of ``source``: ``SOURCE.nt.gz`` if that is how it is kept, else ``SOURCE.nt``."""
    folder = _imports_dir(inputs)
    kept = dict(inputs.import_files()).get(check_name(source))
    return kept if kept is not None else os.path.join(folder, f"{source}.nt")


def _forms(folder: str, source: str) -> list[str]:
    """Both names ``source`` can be kept under."""
    return [os.path.join(folder, f"{source}.nt"), os.path.join(folder, f"{source}.nt.gz")]


def _compress(plain: str, packed: str) -> None:
    """Write ``plain`` gzipped to ``packed``, the same bytes for the same content
    (no name or time in the header), and flush it to disk."""
    import gzip
    import shutil

    with (
        open(plain, "rb") as source,
        open(packed, "wb") as raw,
        gzip.GzipFile(filename="", mode="wb", compresslevel=_LEVEL, fileobj=raw, mtime=0) as sink,
    ):
        shutil.copyfileobj(source, sink, 1 << 20)
    fsync_file(packed)


def _cannot(source: str, folder: str, exc: OSError) -> StoreError:
    """The error of an import that could not write its file (disk full, read-only store...)."""
    reason = exc.strerror or str(exc)
    if exc.filename and not os.path.abspath(exc.filename).startswith(os.path.abspath(folder)):
        return StoreError(f"cannot read {exc.filename}: {reason}")
    return StoreError(f"cannot write the imported source '{source}' in {folder}: {reason}")


def recover_imports(folder: str | None, *, wait: bool = False) -> None:
    """Clear what killed imports left in the imports ``folder``, if no import is running.

    A source an older kg set aside while re-importing it is put back (that
    import never finished); staged and temporary files are deleted. Without
    ``wait``, nothing is done while another process holds the imports lock
    (its files are not leftovers), nor when the folder cannot be written.
    """
    if folder is None or not has_leftovers(folder):
        return
    with locked(folder, wait=wait, what="the imports folder") as held:
        if held:
            _clear(folder)


def _clear(folder: str) -> None:
    """:func:`recover_imports` with the lock held."""
    try:
        restore_previous(folder)
        remove_leftovers(folder)
    except OSError:
        pass  # a read-only store: nothing to undo that a reader could see differently


def replace_source(
    store_dir: str | None, inputs: Inputs, source: str, write: Callable[[str], T]
) -> tuple[T, dict[str, Any]]:
    """Write a new version of ``source`` and rebuild the store with it: all or nothing.

    ``write(path)`` writes the N-Triples to ``path``, a hidden file beside
    ``SOURCE.nt``, and returns what the caller wants back. The file is
    flushed to disk (gzipped first when larger than :data:`COMPRESS_ABOVE`),
    the store built with it in place of the source's file, and only then
    renamed over ``SOURCE.nt`` or ``SOURCE.nt.gz``, the other form being
    removed (the build keeps matching the folder: see
    :meth:`Inputs.with_source`). A new version equal to the one in place
    changes nothing (the store is not even rebuilt).

    Returns what ``write`` returned and the build's information, with
    ``changed`` saying whether the source changed.

    Raises
    ------
    InvalidDataError
        From ``write`` or the build; the imports folder and the store are
        left as they were.
    StoreError
        When the file cannot be written (a read-only store, a full disk).
    """
    folder = _imports_dir(inputs)
    from kg.store import build_store

    with locked(folder, what="the imports folder"):
        _clear(folder)
        plain = os.path.join(folder, f".{source}.nt.{os.getpid()}.staged")
        packed = os.path.join(folder, f".{source}.nt.gz.{os.getpid()}.staged")
        try:
            try:
                result = write(plain)
                fsync_file(plain)
                staged = plain
                if os.path.getsize(plain) > COMPRESS_ABOVE:
                    _compress(plain, packed)
                    os.unlink(plain)
                    staged = packed
            except OSError as exc:
                raise _cannot(source, folder, exc) from exc
            path, other = _forms(folder, source)[:: -1 if staged == packed else 1]
            current = dict(inputs.import_files()).get(source)
            if current == path and filecmp.cmp(path, staged, shallow=False):
                return result, {**build_store(store_dir, inputs), "changed": False}
            pause_point("import-staged")
            info = {**build_store(store_dir, inputs.with_source(source, staged)), "changed": True}
            pause_point("import-built")
            try:
                os.replace(staged, path)
                if os.path.exists(other):
                    os.unlink(other)
                fsync_folder(folder)
            except OSError as exc:
                raise _cannot(source, folder, exc) from exc
        finally:
            for name in (plain, packed):
                if os.path.exists(name):
                    os.unlink(name)
    return result, info


def save_source(
    store_dir: str | None, inputs: Inputs, source: str, triples: Triples
) -> dict[str, Any]:
    """Write ``source`` (replacing any earlier import of it) and rebuild the store.

    Returns the build's information, with ``changed`` saying whether the
    file changed. All or nothing, as :func:`replace_source`.
    """
    return save_source_lines(store_dir, inputs, source, triples.lines())


def save_source_lines(
    store_dir: str | None, inputs: Inputs, source: str, lines: Iterable[str]
) -> dict[str, Any]:
    """:func:`save_source` with the N-Triples lines taken from an iterable, as they
    come, so that an import too large to hold in memory streams to its file."""
    source_path(inputs, source)  # check the name first

    def write(staged: str) -> None:
        with open(staged, "w", encoding="utf-8", newline="\n") as handle:
            handle.writelines(lines)

    _, info = replace_source(store_dir, inputs, source, write)
    return info


def remove_source(store_dir: str | None, inputs: Inputs, source: str) -> dict[str, Any]:
    """Delete the imported ``source`` and rebuild the store without it.

    The store is built without the source first; the file is deleted only
    once that build succeeded.
    """
    from kg.store import build_store

    check_name(source)
    folder = _imports_dir(inputs)
    with locked(folder, what="the imports folder"):
        _clear(folder)
        present = [path for path in _forms(folder, source) if os.path.exists(path)]
        if not present:
            known = [name for name, _ in inputs.import_files()]
            listed = ", ".join(known) if known else "none"
            raise BadArgumentError(f"no imported source '{source}' (imported sources: {listed})")
        info = build_store(store_dir, inputs.with_source(source, None))
        try:
            for path in present:
                os.unlink(path)
            fsync_folder(folder)
        except OSError as exc:
            raise _cannot(source, folder, exc) from exc
    return info
