"""Sources shipped with the data: loaded as imports, removable, replaced by a re-import."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from kg.importers.jsonl import _topics, convert
from kg.paths import bundled_data_dir, bundled_ontology_dir
from kg.query import sources
from kg.store import Inputs, build_store, open_store
from kg.store.sources import remove_source, save_source_lines

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
    convert(jsonl, converted, topics=_topics(bundled_ontology_dir()), source="wire")
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
    assert [Path(p).name for _, p in shipped.import_files()] == ["wire.nt"]
    assert _names(store, shipped) == ["curated", "wire"]
    # removing the re-import removes the source, shipped copy included
    remove_source(str(store), shipped, "wire")
    assert shipped.import_files() == []
    assert not (tmp_path / "imports" / "wire.nt").exists()


def test_only_the_bundled_data_comes_with_its_sources(
    monkeypatch: pytest.MonkeyPatch, data_copy: Path
) -> None:
    monkeypatch.delenv("KG_BUNDLED_SOURCES", raising=False)
    assert Inputs.default().sources_dir == str(Path(bundled_data_dir()) / "sources")
    assert Inputs.default(data_copy).sources_dir is None
    monkeypatch.setenv("KG_BUNDLED_SOURCES", "0")
    assert Inputs.default().sources_dir is None
