"""The query workers of ``kg serve``: replacing them and stopping them."""

from __future__ import annotations

import json
import threading
import time
from multiprocessing.connection import Connection
from typing import Any

import pytest

from kg.sparql.workers import Job, QueryTimeout, WorkerPool
from kg.store import EmbeddedStore

_NUMBERS = " ".join(map(str, range(200)))
#: Counting 200^4 rows, whatever the store holds: far longer than any time limit here.
SLOW = (
    "SELECT (COUNT(*) AS ?n) WHERE { "
    + " ".join(f"VALUES ?{v} {{ {_NUMBERS} }}" for v in "abcd")
    + " }"
)


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
