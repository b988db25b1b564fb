"""``kill -9`` at chosen steps of an import or a build: nothing is lost, nothing is left.

The command under test runs in a subprocess with ``KG_TEST_PAUSE_AT=STEP``
(read only by :func:`kg.store.files.pause_point`): at that step it says so on
stderr and sleeps, and the test kills it with SIGKILL there. The next command
must find the earlier import, answer from a complete build, and clear what
the killed one left, but never what a running one is using.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from .test_store_safety import HEAD, contact, write_jsonl

pytestmark = pytest.mark.slow


def _env(pause_at: str | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KG_")}
    if pause_at is not None:
        env["KG_TEST_PAUSE_AT"] = pause_at
    return env


def kg(store: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kg", "--store", str(store), *args],
        capture_output=True,
        text=True,
        env=_env(),
        timeout=300,
    )


class Paused:
    """A ``kg`` command stopped at a step, to be killed with SIGKILL."""

    def __init__(self, store: Path, step: str, *args: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "kg", "--store", str(store), *args],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            env=_env(step),
        )
        assert self.process.stderr is not None
        line = self.process.stderr.readline()  # blocks until the step is reached
        assert line == f"kg: paused at {step}\n", line + self.process.stderr.read()

    def kill(self) -> None:
        os.kill(self.process.pid, signal.SIGKILL)
        assert self.process.wait(timeout=30) == -signal.SIGKILL


@pytest.fixture
def paused() -> Iterator[list[Paused]]:
    """Commands started by a test, killed at its end whatever happens."""
    started: list[Paused] = []
    yield started
    for command in started:
        if command.process.poll() is None:
            command.kill()


def leftovers(store: Path) -> list[str]:
    """Work in progress anywhere in the store."""
    from kg.store.inputs import is_leftover

    return sorted(str(p.relative_to(store)) for p in store.rglob("*") if is_leftover(p.name))


def answer(store: Path) -> str:
    found = kg(store, "last-contact", "Anna Bulkova", "Boris Bulkin", "--format", "json")
    assert found.returncode == 0, found.stderr
    assert found.stderr == ""
    last = json.loads(found.stdout)["last"]
    assert isinstance(last, dict)
    return str(last["id"])


@pytest.fixture
def imported(tmp_path: Path) -> Path:
    store = tmp_path / "store"
    first = write_jsonl(tmp_path / "v1.jsonl", [*HEAD, contact("c1", "2021-03")])
    done = kg(store, "import", "contacts", str(first), "--source", "wire")
    assert done.returncode == 0, done.stderr
    write_jsonl(tmp_path / "v2.jsonl", [*HEAD, contact("c1", "2021-03"), contact("c2", "2022-05")])
    return store


STAGED = r"imports/\.wire\.nt\.gz\.\d+\.staged"
BUILDING = r"builds/[0-9a-f]{16}\.\d+\.tmp-\d+"


@pytest.mark.parametrize(
    "step, left",
    [("import-staged", [STAGED]), ("build-loaded", [BUILDING, STAGED]), ("import-built", [STAGED])],
)
def test_a_killed_reimport_keeps_the_earlier_import(
    imported: Path, tmp_path: Path, paused: list[Paused], step: str, left: list[str]
) -> None:
    earlier = (imported / "imports" / "wire.nt.gz").read_bytes()
    command = Paused(
        imported, step, "import", "contacts", str(tmp_path / "v2.jsonl"), "--source", "wire"
    )
    paused.append(command)
    command.kill()
    assert (imported / "imports" / "wire.nt.gz").read_bytes() == earlier
    found = leftovers(imported)
    assert len(found) == len(left)
    assert all(re.fullmatch(pattern, name) for pattern, name in zip(left, found, strict=True)), (
        found
    )
    # the next command answers from the earlier import, and clears what was left
    assert answer(imported) == "c1"
    assert leftovers(imported) == []
    # the import, run again, goes through
    done = kg(imported, "import", "contacts", str(tmp_path / "v2.jsonl"), "--source", "wire")
    assert done.returncode == 0, done.stderr
    assert answer(imported) == "c2"


def test_a_killed_removal_keeps_the_source(imported: Path, paused: list[Paused]) -> None:
    command = Paused(imported, "build-loaded", "import", "--remove", "wire")
    paused.append(command)
    command.kill()
    assert answer(imported) == "c1"
    assert leftovers(imported) == []


def test_the_backup_an_older_kg_left_is_put_back(imported: Path) -> None:
    """An older kg renamed SOURCE.nt to .SOURCE.nt.previous before writing the new
    version: killed in between, the next command rebuilt without the source."""
    imports = imported / "imports"
    kept = imports / "wire.nt.gz"
    (imports / ".wire.nt.previous").write_bytes(gzip.decompress(kept.read_bytes()))
    kept.unlink()
    assert answer(imported) == "c1"
    assert sorted(p.name for p in imports.iterdir()) == [".lock", "wire.nt"]


def test_what_a_running_import_or_build_uses_is_not_cleared(
    imported: Path, tmp_path: Path, paused: list[Paused]
) -> None:
    importing = Paused(
        imported,
        "import-staged",
        "import",
        "contacts",
        str(tmp_path / "v2.jsonl"),
        "--source",
        "wire",
    )
    paused.append(importing)
    building = Paused(imported, "build-loaded", "build", "--force")
    paused.append(building)
    busy = leftovers(imported)
    assert len(busy) == 2
    # readers meanwhile answer from the complete build, and leave both alone
    assert answer(imported) == "c1"
    assert leftovers(imported) == busy
    building.kill()
    importing.kill()
    assert answer(imported) == "c1"
    assert leftovers(imported) == []


def test_repeated_kills_leave_nothing_behind(imported: Path, paused: list[Paused]) -> None:
    for _ in range(4):
        command = Paused(imported, "build-loaded", "build", "--force")
        paused.append(command)
        command.kill()
    started = time.monotonic()
    assert answer(imported) == "c1"
    assert time.monotonic() - started < 60
    assert leftovers(imported) == []
    assert len(list((imported / "builds").iterdir())) <= 3
