"""The query workers of ``kg serve``: replacing them, stopping them, following rebuilds.

The store folders here are made by hand in the layout of :mod:`kg.store.build`
(``builds/KEY`` with its ``build.json``, and ``CURRENT`` naming one), with a
few triples each, so that a rebuild is a file written in a test.
"""

from __future__ import annotations

import json
import os
import shutil
import threading
import time
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest

from kg.sparql.builds import CurrentBuild
from kg.sparql.workers import Job, QueryTimeout, WorkerPool
from kg.store import BUILD_INFO, EmbeddedStore

#: Counting 200^4 rows, whatever the store holds: far longer than any time limit here.
_NUMBERS = " ".join(map(str, range(200)))
SLOW = (
    "SELECT (COUNT(*) AS ?n) WHERE { "
    + " ".join(f"VALUES ?{v} {{ {_NUMBERS} }}" for v in "abcd")
    + " }"
)
NAME = "SELECT ?name WHERE { <http://example.org/x> <http://example.org/name> ?name }"


def make_build(store_dir: Path, key: str, name: str, built_at: str = "2026-01-01T00:00:00") -> str:
    """A build ``key`` whose one person is called ``name``; CURRENT names it."""
    path = store_dir / "builds" / key
    shutil.rmtree(path, ignore_errors=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    database = ox.Store(str(path))
    database.add(
        ox.Quad(
            ox.NamedNode("http://example.org/x"),
            ox.NamedNode("http://example.org/name"),
            ox.Literal(name),
            ox.NamedNode(f"http://example.org/graph/{key}"),
        )
    )
    database.flush()
    del database
    info = {"fingerprint": key, "built_at": built_at}
    (path / BUILD_INFO).write_text(json.dumps(info), encoding="utf-8")
    current = store_dir / ".CURRENT.tmp"
    current.write_text(json.dumps(info), encoding="utf-8")
    os.replace(current, store_dir / "CURRENT")  # as kg.store.build writes it
    return str(path)


def name_in(pool: WorkerPool) -> str:
    status, answer, _ = pool.run(Job(NAME, "csv"), 20.0)
    assert status == "ok", answer
    return bytes(answer).decode("utf-8").split("\r\n")[1]


def join_respawns() -> None:
    for thread in threading.enumerate():
        if thread.name == "kg-sparql-respawn":
            thread.join(30)


def test_closing_the_pool_while_a_worker_is_replaced(
    store: EmbeddedStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Closed while a stopped worker's successor starts, the pool closes each pipe once.

    The pipes close slowly here, so that two threads closing the same pipe
    (``OSError: [Errno 9] Bad file descriptor``) would overlap every time.
    """
    real_close: Any = Connection._close  # type: ignore[attr-defined]

    def slow_close(self: Connection) -> None:
        time.sleep(0.05)
        real_close(self)

    monkeypatch.setattr(Connection, "_close", slow_close)
    problems: list[BaseException | None] = []
    monkeypatch.setattr(threading, "excepthook", lambda args: problems.append(args.exc_value))
    for pause in (0.0, 0.05, 0.1, 0.15, 0.2, 0.3):
        pool = WorkerPool(store.path, 1)
        with pytest.raises(QueryTimeout):
            pool.run(Job(SLOW), 0.5)
        time.sleep(pause)  # its successor is starting, or waiting for work
        pool.close()
        join_respawns()
    assert problems == []


def test_a_stopped_worker_is_replaced_and_the_pool_goes_on(store: EmbeddedStore) -> None:
    with WorkerPool(store.path, 1) as pool:
        for _ in range(2):
            with pytest.raises(QueryTimeout):
                pool.run(Job(SLOW), 0.5)
            status, answer, _ = pool.run(Job("ASK { ?s ?p ?o }", "json"), 30.0)
            assert (status, json.loads(answer)["boolean"]) == ("ok", True)


def test_current_build_follows_the_current_file(tmp_path: Path) -> None:
    first = make_build(tmp_path, "a", "Ann")
    moves: list[str] = []
    build = CurrentBuild(first, on_move=moves.append)
    assert build.get() == (first, 0)
    assert build.graphs == ("http://example.org/graph/a",)
    second = make_build(tmp_path, "b", "Bob")
    assert build.get() == (second, 1)
    assert build.graphs == ("http://example.org/graph/b",)
    assert build.get() == (second, 1)  # nothing changed since
    # Rebuilt in its own folder (kg build --force): the same folder, opened again.
    make_build(tmp_path, "b", "Bea", built_at="2026-01-02T00:00:00")
    assert build.get() == (second, 2)
    assert len(moves) == 2 and moves[0].startswith("the store was rebuilt (")


def test_current_build_ignores_an_incomplete_or_odd_current_file(tmp_path: Path) -> None:
    first = make_build(tmp_path, "a", "Ann")
    build = CurrentBuild(first)
    for text in ('{"fingerprint": "missing"}', '{"fingerprint": "../a"}', "not json"):
        (tmp_path / "CURRENT").write_text(text, encoding="utf-8")
        assert build.get() == (first, 0)


def test_a_build_outside_a_store_folder_is_served_as_it_is(tmp_path: Path) -> None:
    path = str(tmp_path / "bare")
    ox.Store(path).flush()
    build = CurrentBuild(path)
    assert build.get() == (path, 0)
    assert build.graphs == ()


def test_workers_move_to_the_current_build_and_respawn_on_it(tmp_path: Path) -> None:
    """Queries run on the build CURRENT names, also after older builds are deleted."""
    first = make_build(tmp_path, "a", "Ann")
    with WorkerPool(CurrentBuild(first), 2) as pool:
        assert name_in(pool) == "Ann"
        make_build(tmp_path, "b", "Bob")
        shutil.rmtree(first)  # pruned, as after three later builds
        assert {name_in(pool) for _ in range(4)} == {"Bob"}
        # A worker stopped now is replaced by one that opens the current build.
        with pytest.raises(QueryTimeout):
            pool.run(Job(SLOW), 0.5)
        make_build(tmp_path, "c", "Cy")
        shutil.rmtree(tmp_path / "builds" / "b")
        assert {name_in(pool) for _ in range(4)} == {"Cy"}
