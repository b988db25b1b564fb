"""A store's database opens in a thread while the caller goes on, and always opens.

Builds larger than a snapshot (``SNAPSHOT_MAX_QUADS``) keep a RocksDB database
that :class:`kg.store.EmbeddedStore` opens in the background; these tests make
the article's small build one of them.
"""

from __future__ import annotations

import multiprocessing
import shutil
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

import kg.store.build
import kg.store.embedded
from kg.cli import cli
from kg.query import last_contact
from kg.store import Inputs, build_store, open_store


@pytest.fixture
def database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed_store: Callable[[Path], Path]
) -> Path:
    """A store folder whose build is a database, not a snapshot."""
    monkeypatch.setattr(kg.store.build, "SNAPSHOT_MAX_QUADS", 0)
    store = seed_store(tmp_path / "store")
    build_store(store, Inputs.default())
    return store


def slow_open(monkeypatch: pytest.MonkeyPatch, wait: Callable[[str], None]) -> list[str]:
    """Make every database open call ``wait(path)`` first; returns the paths opened."""
    opened: list[str] = []
    real = kg.store.embedded._open_database

    def opening(path: str) -> ox.Store:
        wait(path)
        opened.append(path)
        return real(path)

    monkeypatch.setattr(kg.store.embedded, "_open_database", opening)
    return opened


def lecornu_shoigu(store: object) -> str | None:
    answer = last_contact(store, "Lecornu", "Shoigu")  # type: ignore[arg-type]
    return answer.last.date if answer.last else None


def test_names_resolve_while_the_database_opens(
    database: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Opening returns at once; resolving names waits for nothing; the first query
    waits for the database and answers."""
    release = threading.Event()
    slow_open(monkeypatch, lambda path: release.wait(10))
    store = open_store(database, Inputs.default())
    index = store.saved_name_index()  # type: ignore[union-attr]
    assert index is not None and index.resolve("Lecornu").id == "lecornu"
    assert kg.store.embedded._Opening.running  # still opening
    threading.Timer(0.2, release.set).start()
    assert lecornu_shoigu(store) == "2024-04-03"
    assert not kg.store.embedded._Opening.running


def test_a_build_removed_while_it_opens_is_replaced_by_the_newest(
    database: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Three later builds of the same inputs prune the build being opened: the
    store opens the newest one instead of failing."""
    release = threading.Event()
    held: list[str] = []

    def wait(path: str) -> None:  # only the first build's opening waits
        if not held:
            held.append(path)
            release.wait(10)

    opened = slow_open(monkeypatch, wait)
    store = open_store(database, Inputs.default())
    first = Path(store.path)
    for _ in range(3):
        build_store(database, Inputs.default(), force=True)
    assert not first.exists()
    opened.clear()
    release.set()
    assert lecornu_shoigu(store) == "2024-04-03"
    assert held == [str(first)]
    assert Path(store.path) != first and Path(store.path).parent == first.parent
    assert opened[-1] == store.path


def test_an_unreadable_database_is_an_error_naming_it(database: Path) -> None:
    """RocksDB's own complaint (a RuntimeError from pyoxigraph) is one line, exit 1."""
    build = Path(open_store(database, Inputs.default()).path)
    (build / "CURRENT").write_text("no newline")  # RocksDB: "Corruption"
    result = CliRunner().invoke(
        cli, ["--store", str(database), "last-contact", "Lecornu", "Shoigu"]
    )
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: cannot open the store at {build}: Corruption")
    assert "Traceback" not in result.output


def _ask_in_child(store: object, answers: multiprocessing.Queue[str | None]) -> None:
    answers.put(lecornu_shoigu(store))


@pytest.mark.skipif(
    "fork" not in multiprocessing.get_all_start_methods(), reason="needs fork (POSIX)"
)
def test_a_process_forked_while_the_database_opens_can_query(
    database: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The fork waits for the opening, so the child has a whole database."""
    slow_open(monkeypatch, lambda path: time.sleep(0.3))
    store = open_store(database, Inputs.default())
    context = multiprocessing.get_context("fork")
    answers: multiprocessing.Queue[str | None] = context.Queue()
    child = context.Process(target=_ask_in_child, args=(store, answers))
    child.start()
    child.join(60)
    assert child.exitcode == 0
    assert answers.get(timeout=5) == "2024-04-03"
    shutil.rmtree(database)


def test_a_name_index_of_an_older_format_is_made_again_once(
    database: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After an upgrade the build is the same but its saved index is not: the first
    command saves it again, the next ones load it instead of reading every name."""
    import marshal

    from kg.identity import index as names

    build = Path(open_store(database, Inputs.default()).path)
    (build / "names.idx").write_bytes(marshal.dumps((3, b"", b"", b"")))  # kg's format 3
    built: list[object] = []
    real = names.build_index
    monkeypatch.setattr(names, "build_index", lambda store: built.append(store) or real(store))
    for _ in range(2):
        index = open_store(database, Inputs.default()).saved_name_index()  # type: ignore[union-attr]
        assert index is not None and index.resolve("Lecornu").id == "lecornu"
    assert len(built) == 1
    assert names.NameIndex.loads((build / "names.idx").read_bytes()) is not None
