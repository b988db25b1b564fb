"""Shared fixtures: a store built once from the bundled data, and CLI helpers."""

from __future__ import annotations

import os
import shutil
import socket
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from kg.cli import cli
from kg.paths import bundled_data_dir
from kg.store import EmbeddedStore, Inputs, build_store, open_store

#: Debian's Chromium, which the browser tests drive (never a downloaded one).
CHROMIUM = os.environ.get("KG_TEST_CHROMIUM", "/usr/bin/chromium")
#: The team's folder of full real data files and the founding article
#: (``../shared`` beside a clone): read by the tests marked ``realdata`` when
#: this names it, never otherwise.
SHARED = os.environ.get("KG_TEST_SHARED")


def _missing(marker: str) -> str | None:
    """Why a test with ``marker`` cannot run on this machine (one line, how to enable it)."""
    if marker == "browser" and not Path(CHROMIUM).is_file():
        return (
            f"browser test: {CHROMIUM} is missing (apt-get install chromium, or KG_TEST_CHROMIUM)"
        )
    if marker == "virtuoso" and not os.environ.get("KG_TEST_SPARQL_URL"):
        return "SPARQL-server test: set KG_TEST_SPARQL_URL (.ci/run starts Virtuoso)"
    if marker == "realdata" and not (SHARED and (Path(SHARED) / "data").is_dir()):
        return "real-data test: set KG_TEST_SHARED to the shared folder (../shared) to run it"
    return None


def pytest_runtest_setup(item: pytest.Item) -> None:
    """Skip what needs a missing program or data, in one line saying how to enable it.

    Under ``KG_TEST_REQUIRE_ALL=1`` (``.ci/run``) every such test is required:
    a missing program or data file fails it instead.
    """
    for marker in ("browser", "virtuoso", "realdata"):
        if item.get_closest_marker(marker) is None:
            continue
        reason = _missing(marker)
        if reason is None:
            continue
        if os.environ.get("KG_TEST_REQUIRE_ALL") == "1":
            pytest.fail(f"required here (KG_TEST_REQUIRE_ALL=1): {reason}")
        pytest.skip(reason)


@pytest.fixture(scope="session")
def shared() -> Path:
    """The shared folder: ``data/`` (full real files) and ``seed/`` (tests marked ``realdata``)."""
    assert SHARED is not None, "mark the test realdata"
    return Path(SHARED)


# Settings that would point kg somewhere else than each test says. The SPARQL
# server of tests/test_backends.py is named by KG_TEST_SPARQL_URL and
# KG_TEST_GRAPH_STORE_URL instead; KG_STORE_USER / KG_STORE_PASSWORD stay.
for _setting in ("KG_STORE", "KG_STORE_UPDATE_URL", "KG_STORE_GRAPH_URL"):
    os.environ.pop(_setting, None)

# The Office of the Historian's records ship with the bundled data
# (data/sources/). Most tests ask about the article's contacts alone, on a store
# that builds in a second; the documentation's examples and the tests of the
# shipped sources use the store a user gets (bundled_store_dir).
os.environ["KG_BUNDLED_SOURCES"] = "0"
#: What KG_BUNDLED_SOURCES is for a command run as a user runs it (None: unset).
AS_A_USER: dict[str, str | None] = {"KG_BUNDLED_SOURCES": None, "KG_DATA": None}


@pytest.fixture(scope="session")
def store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store built once from the bundled data, shared by read-only tests."""
    path = tmp_path_factory.mktemp("store")
    build_store(path, Inputs.default())
    return path


@pytest.fixture(scope="session")
def bundled_store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store built as a user's first command builds it: the bundled data with the
    sources shipped with it (the Office of the Historian's records)."""
    path = tmp_path_factory.mktemp("bundled-store")
    result = CliRunner().invoke(cli, ["--store", str(path), "build"], env=AS_A_USER)
    assert result.exit_code == 0, result.output
    return path


@pytest.fixture(scope="session")
def store(store_dir: Path) -> EmbeddedStore:
    return open_store(store_dir, Inputs.default())


@pytest.fixture(scope="session")
def seed_store(store_dir: Path) -> Callable[[Path], Path]:
    """Make a new store folder holding the shared store's checked curated graphs.

    ``seed_store(PATH)`` copies ``STORE/curated/`` (plain N-Triples the builder keeps
    while the bundled data and ontology are unchanged), so the first build there,
    an import's, skips validating the curated records again: seconds saved per test.
    """

    def seed(target: Path) -> Path:
        shutil.copytree(store_dir / "curated", target / "curated")
        return target

    return seed


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A private copy of the bundled data that a test may change."""
    target = tmp_path / "data"
    shutil.copytree(bundled_data_dir(), target)
    return target


@pytest.fixture
def run(store_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., Result]:
    """Run ``kg ARGS`` against the shared store; stdout and stderr kept apart."""
    monkeypatch.delenv("KG_DATA", raising=False)

    def invoke(*args: str, store: Path | None = None) -> Result:
        runner = CliRunner()
        return runner.invoke(cli, ["--store", str(store or store_dir), *args])

    return invoke


#: Queries whose SERVICE a lexer following SPARQL's longest-token rule does
#: not see (``<2)SERVICE#>`` lexes as one IRI) but the engine runs: only the
#: wall around the query workers (kg.rq.sandbox) stops them. ``{port}`` is a
#: listener's port.
HOSTILE_SERVICES = [
    "SELECT * WHERE {{ FILTER(1<2)SERVICE#>\n<http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ FILTER(1<2)SERVICE SILENT#>\n<http://127.0.0.1:{port}/> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ BIND(1<2 AS ?x)SERVICE#>\n<http://127.0.0.1:{port}/> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ OPTIONAL {{ FILTER(1<2)SERVICE#>\n<http://127.0.0.1:{port}/> {{ ?a ?b ?c }} }} }}",
]

#: Valid queries that name SERVICE only in a string, IRI, comment, prefixed
#: name or variable: answered as usual.
MENTIONS_SERVICE = [
    'SELECT * WHERE { ?s ?p "SERVICE <http://127.0.0.1:9/> { }" } LIMIT 1',
    "SELECT * WHERE { ?s ?p ?o } LIMIT 1 # SERVICE <http://127.0.0.1:9/> { }",
    "SELECT * WHERE { <http://x/SERVICE> ?p ?o . ?service ?p kg:SERVICE }",
    "SELECT * WHERE { ?s ?p " + "'''a ' SERVICE '' b'''" + " }",
    'SELECT * WHERE { ?s rdfs:label ?label FILTER(?label < "SERVICE") } LIMIT 1',
]


@pytest.fixture
def listener() -> Iterator[tuple[int, list[bytes]]]:
    """A TCP port on 127.0.0.1 that records whatever connects to it."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen()
    sock.settimeout(0.2)
    seen: list[bytes] = []
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, _ = sock.accept()
            except OSError:
                continue
            with conn:
                conn.settimeout(1)
                try:
                    seen.append(conn.recv(1000))
                except OSError:
                    seen.append(b"")

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield sock.getsockname()[1], seen
    stop.set()
    thread.join(5)
    sock.close()
