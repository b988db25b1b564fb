"""Writing, replacing and removing an imported source, then rebuilding the store.

An imported source is the file ``STORE/imports/SOURCE.nt.gz``, gzipped N-Triples (see
:class:`kg.store.Inputs`); the build loads it into its own named graph,
``kg.store.source_graph(SOURCE)``. An import is all or nothing
(:func:`replace_source`): the new version is written under a hidden name
beside the old one and flushed to disk, the store is built with it in place
of the old one, and only when that build succeeds is it renamed over
``SOURCE.nt.gz``. So at every instant the imports folder holds the old version
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
from kg.store.inputs import REMOVED, has_leftovers

__all__ = [
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
    """The file of ``source``: gzipped N-Triples, ``SOURCE.nt.gz``."""
    return os.path.join(_imports_dir(inputs), f"{check_name(source)}.nt.gz")


def _compress(plain: str, target: str) -> None:
    """Gzip the N-Triples file ``plain`` into ``target``, the same bytes for the same
    triples (no name or time in the header), so an unchanged import is seen as one.

    The fastest level: about 15 times smaller than the N-Triples, for about
    0.5 s per 10,000 contacts.
    """
    import gzip
    import shutil

    with open(plain, "rb") as source, open(target, "wb") as raw:
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, compresslevel=1, mtime=0) as out:
            shutil.copyfileobj(source, out, 1 << 20)


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
    ``SOURCE.nt.gz``, and returns what the caller wants back. The file is
    gzipped and flushed to disk, the store built with it in place of
    ``SOURCE.nt.gz``, and only then renamed over it (the build keeps matching the
    folder: see :meth:`Inputs.with_source`). A new version equal to the one
    in place changes nothing (the store is not even rebuilt).

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
    path = os.path.join(folder, f"{source}.nt.gz")
    legacy = os.path.join(folder, f"{source}.nt")  # as kg kept imports before
    from kg.store import build_store

    with locked(folder, what="the imports folder"):
        _clear(folder)
        plain = os.path.join(folder, f".{source}.nt.{os.getpid()}.staged")
        staged = os.path.join(folder, f".{source}.nt.gz.{os.getpid()}.staged")
        try:
            try:
                result = write(plain)
                _compress(plain, staged)
                os.unlink(plain)
                fsync_file(staged)
            except OSError as exc:
                raise _cannot(source, folder, exc) from exc
            if os.path.exists(path) and filecmp.cmp(path, staged, shallow=False):
                return result, {**build_store(store_dir, inputs), "changed": False}
            pause_point("import-staged")
            info = {**build_store(store_dir, inputs.with_source(source, staged)), "changed": True}
            pause_point("import-built")
            try:
                os.replace(staged, path)
                for older in (legacy, os.path.join(folder, source + REMOVED)):
                    if os.path.exists(older):
                        os.unlink(older)  # REMOVED: imported again, so back in
                fsync_folder(folder)
            except OSError as exc:
                raise _cannot(source, folder, exc) from exc
        finally:
            for name in (plain, staged):
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
    """Take ``source`` out of the store: delete its import, and mark a source shipped
    with the data as removed (``SOURCE.removed`` in the imports folder).

    The store is built without the source first; the folder changes only
    once that build succeeded.
    """
    from kg.store import build_store

    path = source_path(inputs, source)
    folder = _imports_dir(inputs)
    with locked(folder, what="the imports folder"):
        _clear(folder)
        present = dict(inputs.import_files())
        if source not in present:
            listed = ", ".join(present) if present else "none"
            raise BadArgumentError(f"no imported source '{source}' (imported sources: {listed})")
        info = build_store(store_dir, inputs.with_source(source, None))
        try:
            if inputs.bundled_source(source) is not None:
                os.makedirs(folder, exist_ok=True)
                with open(os.path.join(folder, source + REMOVED), "w", encoding="utf-8") as mark:
                    mark.write("removed with kg import --remove; kg import brings it back\n")
            for name in (path, path.removesuffix(".gz")):  # and an import kept by an older kg
                if os.path.exists(name):
                    os.unlink(name)
            fsync_folder(folder)
        except OSError as exc:
            raise _cannot(source, folder, exc) from exc
    return info
