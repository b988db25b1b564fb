"""Writing, replacing and removing an imported source, then rebuilding the store.

An imported source is the file ``STORE/imports/SOURCE.nt`` (see
:class:`kg.store.Inputs`); the build loads it into its own named graph,
``kg.store.source_graph(SOURCE)``. :func:`save_source` writes it atomically
(a temporary file, then :func:`os.replace`) and rebuilds
(:func:`save_source_lines` takes the lines from an iterable, for imports too
large to hold in memory); when the build
fails the previous file is put back, so the store stays as it was. Writing
the same triples again changes nothing: the file is left untouched, so the
store is not even rebuilt.
"""

from __future__ import annotations

import filecmp
import os
import re
from collections.abc import Iterable
from typing import Any

from kg.errors import BadArgumentError
from kg.records.ntriples import Triples
from kg.store import Inputs

__all__ = [
    "RESERVED",
    "check_name",
    "source_path",
    "save_source",
    "save_source_lines",
    "remove_source",
]

#: Names no imported source may take.
RESERVED = frozenset({"curated", "ontology"})
_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


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
    """The ``.nt`` file of ``source``."""
    return os.path.join(_imports_dir(inputs), f"{check_name(source)}.nt")


def save_source(
    store_dir: str | None, inputs: Inputs, source: str, triples: Triples
) -> dict[str, Any]:
    """Write ``source`` (replacing any earlier import of it) and rebuild the store.

    Returns the build's information, with ``changed`` saying whether the
    file changed.
    """
    return save_source_lines(store_dir, inputs, source, triples.lines())


def save_source_lines(
    store_dir: str | None, inputs: Inputs, source: str, lines: Iterable[str]
) -> dict[str, Any]:
    """:func:`save_source` for N-Triples lines streamed from an iterable.

    The lines go to a temporary file beside the source's, so a large import
    is never held in memory; an exception while they are produced leaves
    the store as it was.
    """
    from kg.store import build_store

    path = source_path(inputs, source)
    folder = os.path.dirname(path)
    os.makedirs(folder, exist_ok=True)
    # hidden, and not ending in .nt: no build loads it
    temporary = os.path.join(folder, f".{source}.nt.{os.getpid()}.new")
    try:
        with open(temporary, "w", encoding="utf-8", newline="\n") as handle:
            handle.writelines(lines)
        if os.path.exists(path) and filecmp.cmp(path, temporary, shallow=False):
            return {**build_store(store_dir, inputs), "changed": False}
        # the earlier import waits under a hidden name (which no build loads) until the
        # new one has built
        backup = os.path.join(folder, f".{source}.nt.previous")
        had_previous = os.path.exists(path)
        if had_previous:
            os.replace(path, backup)
        try:
            os.replace(temporary, path)
            info = build_store(store_dir, inputs)
        except BaseException:
            if had_previous:
                os.replace(backup, path)
            elif os.path.exists(path):
                os.unlink(path)
            raise
        if had_previous:
            os.unlink(backup)
        return {**info, "changed": True}
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def remove_source(store_dir: str | None, inputs: Inputs, source: str) -> dict[str, Any]:
    """Delete the imported ``source`` and rebuild the store without it."""
    from kg.store import build_store

    path = source_path(inputs, source)
    if not os.path.exists(path):
        known = [name for name, _ in inputs.import_files()]
        listed = ", ".join(known) if known else "none"
        raise BadArgumentError(f"no imported source '{source}' (imported sources: {listed})")
    os.unlink(path)
    return build_store(store_dir, inputs)
