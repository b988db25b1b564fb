"""Imports and builds are all or nothing; readers always find a complete build.

Crashes (``kill -9`` at chosen steps) are in ``tests/test_crashes.py``.
"""

from __future__ import annotations

import builtins
import errno
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from kg.cli import cli
from kg.paths import bundled_ontology_dir
from kg.store import Inputs, build_store

HEAD = [
    {"record": "organisation", "id": "wire", "name": "Wire agency"},
    {"record": "source", "id": "w1", "title": "A wire report", "publisher": "wire"},
    {"record": "person", "id": "anna", "name": "Anna Bulkova"},
    {"record": "person", "id": "boris", "name": "Boris Bulkin"},
]


def contact(ident: str, date: str) -> dict[str, Any]:
    return {
        "record": "contact", "id": ident, "type": "phone-call", "date": date,
        "participants": ["anna", "boris"],
        "claims": [{"about": "occurred", "by": "wire", "source": "w1"}],
    }  # fmt: skip


def write_jsonl(path: Path, lines: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    return path


def kg(store: Path, *args: str, data: Path | None = None) -> Result:
    options = ["--store", str(store)] + (["--data", str(data)] if data else [])
    return CliRunner().invoke(cli, [*options, *args])


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (but the lock files) with its content."""
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != ".lock"
    }


@pytest.fixture
def imported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A store holding the bulk import 'wire' (first version: one call, 2021-03)."""
    monkeypatch.delenv("KG_DATA", raising=False)
    store = tmp_path / "store"
    first = write_jsonl(tmp_path / "v1.jsonl", [*HEAD, contact("c1", "2021-03")])
    result = kg(store, "import", "contacts", str(first), "--source", "wire")
    assert result.exit_code == 0, result.output
    return store


def last_call(store: Path) -> Result:
    return kg(store, "last-contact", "Anna Bulkova", "Boris Bulkin", "--format", "json")


def assert_first_version_answers(store: Path) -> None:
    answer = last_call(store)
    assert answer.exit_code == 0, answer.output
    assert answer.stderr == ""
    assert json.loads(answer.stdout)["last"]["id"] == "c1"


# -- item 2: an import whose build fails changes nothing ------------------------------


def test_an_import_whose_build_fails_changes_nothing(
    imported: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A 17 MB name gets past the reader (its limits raised here) and breaks the build:
    the import is refused, and the store and its imports are exactly as before."""
    monkeypatch.setattr("kg.importers.screen.MAX_TEXT", 64 << 20)
    monkeypatch.setattr("kg.importers.screen.NT_LINE_BYTES", 64 << 20)
    before = snapshot(imported)
    long_name = {"record": "person", "id": "carl", "name": "C" * (17 << 20)}
    second = write_jsonl(tmp_path / "v2.jsonl", [*HEAD, long_name, contact("c2", "2022-05")])
    result = kg(imported, "import", "contacts", str(second), "--source", "wire")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: 1 problem in the data; nothing was built and the previous store was kept:\n"
        f"  {imported / 'imports' / 'wire.nt.gz'}: imported source 'wire' is not valid: "
        "Reached the buffer maximal size of 16777216\n"
    )
    after = snapshot(imported)
    assert {k: v for k, v in after.items() if k != "FAILED"} == before
    assert_first_version_answers(imported)


def test_curated_data_that_breaks_the_load_keeps_the_store_and_caches_nothing(
    data_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = tmp_path / "store"
    assert kg(store, "build", data=data_copy).exit_code == 0
    cached = sorted(p.name for p in (store / "curated").iterdir())
    monkeypatch.setattr("kg.records.yaml_lines.MAX_TEXT", 64 << 20)
    (data_copy / "big.yaml").write_text(
        "countries:\n  - id: xx\n    name: " + "X" * (17 << 20) + "\n", encoding="utf-8"
    )
    result = kg(store, "build", data=data_copy)
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: 1 problem in the data; nothing was built and the previous store was kept:\n"
        f"  {data_copy}: the checked records could not be loaded into the store (a text too "
        "long?): Reached the buffer maximal size of 16777216\n"
    )
    assert sorted(p.name for p in (store / "curated").iterdir()) == cached
    answer = kg(store, "last-contact", "Lecornu", "Shoigu", data=data_copy)
    assert answer.exit_code == 0
    assert answer.stderr.startswith("Warning: the data changed but has 1 problem")
    (data_copy / "big.yaml").unlink()
    assert kg(store, "build", data=data_copy).exit_code == 0


def test_a_removal_whose_build_fails_keeps_the_source(
    imported: Path, data_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = snapshot(imported / "imports")
    (data_copy / "broken.yaml").write_text("people:\n  - id: x\n", encoding="utf-8")
    result = kg(imported, "import", "--remove", "wire", data=data_copy)
    assert result.exit_code == 1
    assert "broken.yaml:2: record 'x': missing field 'name'" in result.stderr
    assert snapshot(imported / "imports") == before


# -- full disk, read-only store ----------------------------------------------------------


def test_a_full_disk_while_writing_the_import(
    imported: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = snapshot(imported)
    imports = str(imported / "imports")
    real_open = builtins.open

    class Full:
        """A file on a full disk: opening works, writing does not."""

        def __init__(self, handle: Any) -> None:
            self.handle = handle

        def __enter__(self) -> Full:
            return self

        def __exit__(self, *exc: object) -> None:
            self.handle.close()

        def write(self, data: Any) -> int:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def open_on_full_disk(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        handle = real_open(file, mode, *args, **kwargs)
        if str(file).startswith(imports) and ("w" in mode or "a" in mode):
            if not str(file).endswith(".lock"):
                return Full(handle)
        return handle

    monkeypatch.setattr(builtins, "open", open_on_full_disk)
    second = write_jsonl(tmp_path / "v2.jsonl", [*HEAD, contact("c2", "2022-05")])
    result = kg(imported, "import", "contacts", str(second), "--source", "wire")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        f"Error: cannot write the imported source 'wire' in {imports}: No space left on device\n"
    )
    monkeypatch.setattr(builtins, "open", real_open)
    assert snapshot(imported) == before
    assert_first_version_answers(imported)


def test_a_full_disk_while_building(
    imported: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = snapshot(imported)

    def full(*args: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr("kg.store.build._write_counts", full)
    second = write_jsonl(tmp_path / "v2.jsonl", [*HEAD, contact("c2", "2022-05")])
    result = kg(imported, "import", "contacts", str(second), "--source", "wire")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        f"Error: cannot write the store at {imported}: [Errno 28] No space left on device\n"
    )
    assert snapshot(imported) == before
    assert_first_version_answers(imported)


@pytest.fixture
def read_only() -> Iterator[Any]:
    """Make folders read-only: ``chmod`` for a user; for root, whom ``chmod`` does not
    stop, the immutable attribute (``chattr +i``), undone afterwards."""
    locked: list[Path] = []

    def lock(*folders: Path) -> None:
        for folder in folders:
            if os.geteuid() != 0:
                folder.chmod(0o555)
            else:
                done = subprocess.run(["chattr", "+i", str(folder)], capture_output=True)
                if done.returncode != 0 or os.access(folder, os.W_OK) and _writable(folder):
                    pytest.skip("running as root where chattr +i does not work: root writes anyway")
            locked.append(folder)

    yield lock
    for folder in reversed(locked):
        if os.geteuid() != 0:
            folder.chmod(0o755)
        else:
            subprocess.run(["chattr", "-i", str(folder)], check=True)


def _writable(folder: Path) -> bool:
    probe = folder / ".probe"
    try:
        probe.write_text("")
    except OSError:
        return False
    probe.unlink()
    return True


def test_an_import_into_a_read_only_store(imported: Path, tmp_path: Path, read_only: Any) -> None:
    before = snapshot(imported)
    read_only(imported, imported / "imports", imported / "builds")
    second = write_jsonl(tmp_path / "v2.jsonl", [*HEAD, contact("c2", "2022-05")])
    result = kg(imported, "import", "contacts", str(second), "--source", "wire")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.startswith(
        f"Error: cannot write the imported source 'wire' in {imported / 'imports'}: "
    )
    assert result.stderr.count("\n") == 1
    assert snapshot(imported) == before
    # a read-only store still answers
    assert_first_version_answers(imported)


# -- item 4: readers during kg build --force -----------------------------------------------

READER = """
import json, sys, os, time
from kg.store import Inputs, locate, open_store
store, stop = sys.argv[1], sys.argv[2]
inputs = Inputs.default(imports_dir=locate(store).imports_dir)
reads, failures = 0, []
while not os.path.exists(stop) or reads < 20:
    try:
        found = open_store(store, inputs)
        rows = found.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        assert int(rows[0]["n"]) > 1000, rows
        assert found.warning is None, found.warning
        reads += 1
    except Exception as exc:
        failures.append(f"{type(exc).__name__}: {exc}")
print(json.dumps({"reads": reads, "failures": failures[:5], "failed": len(failures)}))
"""


def test_readers_always_find_a_complete_build_while_it_is_rebuilt(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("KG_DATA", raising=False)
    store = tmp_path / "store"
    inputs = Inputs.default(imports_dir=store / "imports")
    build_store(store, inputs)
    stop = tmp_path / "stop"
    readers = [
        subprocess.Popen(
            [sys.executable, "-c", READER, str(store), str(stop)],
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(4)
    ]
    try:
        time.sleep(1.0)  # the readers are reading
        for _ in range(6):
            build_store(store, inputs, force=True)
    finally:
        stop.touch()
        answers = [json.loads(reader.communicate(timeout=120)[0]) for reader in readers]
    assert [a["failures"] for a in answers] == [[]] * 4
    assert sum(a["reads"] for a in answers) >= 80
    # the earlier builds of the same inputs are pruned later, never the newest
    builds = sorted(p.name for p in (store / "builds").iterdir())
    assert len(builds) == 3 and all(".tmp-" not in name for name in builds)


def test_a_store_of_an_earlier_kg_opens_and_rebuilds(tmp_path: Path) -> None:
    """Builds were folders named by the fingerprint alone: still found, and a forced
    build puts a numbered one beside it."""
    store = tmp_path / "store"
    inputs = Inputs.default(ontology_dir=bundled_ontology_dir())
    info = build_store(store, inputs)
    [numbered] = (store / "builds").iterdir()
    shutil.move(numbered, store / "builds" / info["fingerprint"])
    assert kg(store, "last-contact", "Lecornu", "Shoigu").exit_code == 0
    build_store(store, inputs, force=True)
    names = sorted(p.name for p in (store / "builds").iterdir())
    assert names == [info["fingerprint"], f"{info['fingerprint']}.1"]
