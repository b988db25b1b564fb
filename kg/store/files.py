"""Files of a store that outlive a crash: locks, durable replacement, leftovers.

Builds and imports change a store folder in steps, and a process can be
killed (``kill -9``, a power cut) between any two. The rules that keep the
folder usable at every instant:

- a file is replaced by writing the new content beside it, flushing it to
  disk (``fsync``), then renaming it over the old one (:func:`write_durably`),
  so its name holds either the old or the new content, never a mix or
  nothing;
- the work in progress carries hidden or ``.tmp-PID`` names, which no build
  loads and no reader opens (:func:`kg.store.inputs.is_leftover`);
- whoever writes holds the folder's lock (:func:`locked`): the store's
  ``.lock`` for builds, ``imports/.lock`` for imports. A process that gets
  the lock knows no other is at work, so the temporary files it finds are
  leftovers of a killed one and can go (:func:`remove_leftovers`); the lock
  is released by the system when its holder dies.

This module is imported on the query path only when leftovers are seen.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager

from kg.errors import StoreError
from kg.store.inputs import is_leftover

__all__ = [
    "locked",
    "write_durably",
    "fsync_file",
    "fsync_folder",
    "remove_leftovers",
    "remove_build_leftovers",
    "restore_previous",
    "pause_point",
]


@contextmanager
def locked(folder: str, *, wait: bool = True, what: str = "the store") -> Iterator[bool]:
    """Hold ``folder/.lock`` (created if needed) for the block.

    With ``wait=False``, do not wait for another holder: the block runs
    with ``False`` when the lock is taken (or cannot even be opened, as in
    a read-only store), ``True`` when it is held.

    Raises
    ------
    StoreError
        When the lock file cannot be created and ``wait`` is true
        ("cannot write ``what`` at ``folder``").
    """
    try:
        os.makedirs(folder, exist_ok=True)
        handle = open(os.path.join(folder, ".lock"), "a")  # noqa: SIM115 - closed below
    except OSError as exc:
        if not wait:
            yield False
            return
        raise StoreError(f"cannot write {what} at {folder}: {exc}") from exc
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def fsync_file(path: str) -> None:
    """Flush the content of the file ``path`` to disk."""
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def fsync_folder(folder: str) -> None:
    """Flush a folder's entries (a rename into it) to disk."""
    descriptor = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def write_durably(path: str, data: bytes) -> None:
    """Replace ``path`` with ``data``: written beside it, flushed, renamed over it.

    At every instant ``path`` holds its old content or ``data``. Raises
    :class:`OSError` as the system does (the temporary file is removed).
    """
    folder = os.path.dirname(path) or "."
    temporary = os.path.join(folder, f".{os.path.basename(path)}.{os.getpid()}.tmp")
    try:
        with open(temporary, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
    fsync_folder(folder)


def restore_previous(folder: str) -> list[str]:
    """Put back the sources an older kg set aside while re-importing them.

    An older ``save_source`` renamed ``SOURCE.nt`` to ``.SOURCE.nt.previous``
    before writing the new file and deleted it once the new one had built:
    a backup still there means the re-import never finished, so the earlier
    import comes back. Call with the imports lock held. Returns the sources
    restored.
    """
    restored = []
    for name in sorted(os.listdir(folder)):
        if name.startswith(".") and name.endswith(".nt.previous"):
            target = name[1 : -len(".previous")]
            os.replace(os.path.join(folder, name), os.path.join(folder, target))
            restored.append(target[: -len(".nt")])
    return restored


def remove_leftovers(folder: str) -> list[str]:
    """Delete the work in progress that killed processes left in ``folder``.

    Call with the lock that guards ``folder`` held: then nobody else's work
    is in progress there. Returns the names removed.
    """
    removed = []
    for name in sorted(os.listdir(folder)):
        if not is_leftover(name) or name.endswith(".previous"):
            continue
        path = os.path.join(folder, name)
        if os.path.isdir(path) and not os.path.islink(path):
            shutil.rmtree(path, ignore_errors=True)
        else:
            try:
                os.unlink(path)
            except FileNotFoundError:
                pass
        removed.append(name)
    return removed


def remove_build_leftovers(store_dir: str) -> None:
    """Delete what killed builds left in a store folder: ``builds/*.tmp-PID``,
    ``curated/*.tmp-PID``, half-written ``CURRENT`` or ``FAILED``. Call with the
    store's lock held."""
    for folder in ("builds", "curated", "."):
        path = os.path.join(store_dir, folder)
        if os.path.isdir(path):
            remove_leftovers(path)


def pause_point(step: str) -> None:
    """Stop here when ``KG_TEST_PAUSE_AT`` names ``step``: for tests only.

    The crash tests (``tests/test_crashes.py``) start a ``kg`` command with
    ``KG_TEST_PAUSE_AT=STEP``; at that step it says ``kg: paused at STEP`` on
    stderr and sleeps, so the test can ``kill -9`` it there. Unset (always,
    outside those tests), this does nothing.
    """
    if os.environ.get("KG_TEST_PAUSE_AT") != step:
        return
    import time

    sys.stderr.write(f"kg: paused at {step}\n")
    sys.stderr.flush()
    time.sleep(600)
