"""Sources shipped with the data: loaded as imports, removable, replaced by a re-import."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from kg.cli import cli
from kg.importers.jsonl import convert, read_topics
from kg.paths import bundled_data_dir, bundled_ontology_dir
from kg.query import sources
from kg.store import Inputs, build_store, open_store
from kg.store.sources import remove_source, save_source_lines
from tests.conftest import AS_A_USER

LINES = [
    {"record": "country", "id": "zz", "name": "Zedland"},
    {"record": "country", "id": "yy", "name": "Whyland"},
    {"record": "organisation", "id": "wire", "name": "A Wire"},
    {"record": "source", "id": "s1", "title": "A report", "publisher": "wire"},
    {
        "record": "contact", "id": "c1", "type": "meeting", "date": "2021-03",
        "participants": ["zz", "yy"],
        "claims": [{"about": "occurred", "by": "wire", "source": "s1"}],
    },
]  # fmt: skip


@pytest.fixture
def shipped(tmp_path: Path) -> Inputs:
    """Inputs whose data ships the source ``wire`` (gzipped N-Triples)."""
    jsonl = tmp_path / "wire.jsonl"
    jsonl.write_text("".join(json.dumps(line) + "\n" for line in LINES), encoding="utf-8")
    converted = tmp_path / "wire.nt"
    convert(jsonl, converted, topics=read_topics(bundled_ontology_dir()), source="wire")
    folder = tmp_path / "sources"
    folder.mkdir()
    with gzip.open(folder / "wire.nt.gz", "wb") as zipped:
        zipped.write(converted.read_bytes())
    return Inputs(bundled_data_dir(), bundled_ontology_dir(), tmp_path / "imports", folder)


def _names(store_dir: Path, inputs: Inputs) -> list[str]:
    return [s.name for s in sources(open_store(store_dir, inputs))]


def test_a_shipped_source_is_loaded_as_an_import(shipped: Inputs, tmp_path: Path) -> None:
    assert [name for name, _ in shipped.import_files()] == ["wire"]
    build_store(tmp_path / "store", shipped)
    assert _names(tmp_path / "store", shipped) == ["curated", "wire"]


def test_remove_marks_it_and_an_import_brings_it_back(shipped: Inputs, tmp_path: Path) -> None:
    store = tmp_path / "store"
    build_store(store, shipped)
    remove_source(str(store), shipped, "wire")
    assert (tmp_path / "imports" / "wire.removed").is_file()
    assert shipped.import_files() == []
    assert _names(store, shipped) == ["curated"]
    with gzip.open(tmp_path / "sources" / "wire.nt.gz", "rt", encoding="utf-8") as zipped:
        lines = zipped.readlines()
    info = save_source_lines(str(store), shipped, "wire", lines)
    assert info["changed"] is True
    assert not (tmp_path / "imports" / "wire.removed").exists()
    assert [Path(p).name for _, p in shipped.import_files()] == ["wire.nt.gz"]
    assert _names(store, shipped) == ["curated", "wire"]
    # removing the re-import removes the source, shipped copy included
    remove_source(str(store), shipped, "wire")
    assert shipped.import_files() == []
    assert not (tmp_path / "imports" / "wire.nt.gz").exists()


def test_only_the_bundled_data_comes_with_its_sources(
    monkeypatch: pytest.MonkeyPatch, data_copy: Path
) -> None:
    monkeypatch.delenv("KG_BUNDLED_SOURCES", raising=False)
    assert Inputs.default().sources_dir == str(Path(bundled_data_dir()) / "sources")
    assert Inputs.default(data_copy).sources_dir is None
    monkeypatch.setenv("KG_BUNDLED_SOURCES", "0")
    assert Inputs.default().sources_dir is None


# --- the Office of the Historian's records, as they ship -----------------------------

SHIPPED = Path(bundled_data_dir()) / "sources"


def _as_a_user(store: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--store", str(store), *args], env=AS_A_USER)


def test_a_first_store_answers_from_the_historian_records(bundled_store_dir: Path) -> None:
    # Trip 4243 (Vientiane, 2024-07-26/27) is Blinken's last record naming Wang Yi;
    # trip 3837 (Hanoi summit, 2019-02-24/28) names Kim Jong-un in its remarks
    for a, b, contact in [
        ("Blinken", "Wang Yi", "historian-trip-4243"),
        ("Pompeo", "Kim Jong-un", "historian-trip-3837"),
        ("Lecornu", "Shoigu", "lecornu-shoigu-2024-04-03"),  # the article's, unchanged
    ]:
        result = _as_a_user(bundled_store_dir, "last-contact", a, b, "--format", "json")
        assert result.exit_code == 0, result.output
        assert json.loads(result.output)["last"]["id"] == contact


def test_source_limits_the_answer_as_for_an_import(bundled_store_dir: Path) -> None:
    result = _as_a_user(
        bundled_store_dir, "last-contact", "Blinken", "Wang Yi", "--source", "curated"
    )
    assert result.exit_code == 1
    assert "No recorded contact" in result.output


def test_the_shipped_source_is_described_like_an_import(bundled_store_dir: Path) -> None:
    from kg.importers.historian import COVERAGE

    result = _as_a_user(bundled_store_dir, "sources", "--format", "json")
    found = {s["name"]: s for s in json.loads(result.output)}
    manifest = json.loads((SHIPPED / "historian.json").read_text(encoding="utf-8"))
    assert found["historian"]["contacts"] == manifest["contacts"]
    assert found["historian"]["records"] == manifest["records"]
    assert found["historian"]["coverage"].startswith(COVERAGE)  # then the dates it spans


def test_the_manifest_describes_the_shipped_file() -> None:
    manifest = json.loads((SHIPPED / "historian.json").read_text(encoding="utf-8"))
    with gzip.open(SHIPPED / "historian.nt.gz", "rb") as zipped:
        assert sum(1 for _ in zipped) == manifest["triples"]


@pytest.mark.realdata
def test_the_shipped_file_is_what_the_importer_makes_of_the_records(shared: Path) -> None:
    script = Path(__file__).resolve().parents[1] / "scripts" / "bundle_sources.py"
    done = subprocess.run(
        [sys.executable, str(script), "--shared", str(shared), "--check"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, f"{done.stdout}{done.stderr}: run {script.name} to refresh it"
