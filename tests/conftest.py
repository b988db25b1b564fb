"""Shared fixtures: a store built once from the bundled data, and CLI helpers."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from kg.cli import cli
from kg.paths import bundled_data_dir
from kg.store import EmbeddedStore, Inputs, build_store, open_store

SHARED = Path(__file__).resolve().parents[2] / "shared"

# Settings that would point kg somewhere else than each test says. The SPARQL
# server of tests/test_backends.py is named by KG_TEST_SPARQL_URL and
# KG_TEST_GRAPH_STORE_URL instead; KG_STORE_USER / KG_STORE_PASSWORD stay.
for _setting in ("KG_STORE", "KG_STORE_UPDATE_URL", "KG_STORE_GRAPH_URL"):
    os.environ.pop(_setting, None)


@pytest.fixture(scope="session")
def store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store built once from the bundled data, shared by read-only tests."""
    path = tmp_path_factory.mktemp("store")
    build_store(path, Inputs.default())
    return path


@pytest.fixture(scope="session")
def store(store_dir: Path) -> EmbeddedStore:
    return open_store(store_dir, Inputs.default())


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
