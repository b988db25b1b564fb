"""Checks every article's extraction must pass, shared by the tests of each article."""

from __future__ import annotations

import shutil
from pathlib import Path

from kg.extract.model import Extraction
from kg.extract.yaml_out import to_yaml
from kg.paths import bundled_data_dir, bundled_ontology_dir
from kg.records.curated import load_ontology, topic_ids
from kg.records.reading import read_records


def check_evidence_offsets(found: Extraction, article: str) -> None:
    """Every candidate, claim and non-contact cites sentences found at their offsets."""
    for contact in found.contacts:
        assert contact.evidence
        for e in contact.evidence:
            assert article[e.start : e.end] == e.text
        for claim in contact.claims:
            assert article[claim.evidence.start : claim.evidence.end] == claim.evidence.text
    for item in found.not_contacts:
        assert article[item.evidence.start : item.evidence.end] == item.evidence.text


def check_reviewed_file(found: Extraction, tmp_path: Path, build: bool = True) -> None:
    """Moved under data/ as it is, the file passes the checks of the records and, unless
    ``build`` is false (a build takes seconds), the store builds with it."""
    data = tmp_path / "data"
    shutil.copytree(bundled_data_dir(), data)
    topics = topic_ids(load_ontology(Path(bundled_ontology_dir())))
    before = len(read_records(data, topics).contacts)
    (data / "contacts" / "extracted.yaml").write_text(to_yaml(found), encoding="utf-8")
    assert len(read_records(data, topics).contacts) == before + len(found.contacts)
    if build:
        from kg.store import Inputs, build_store

        info = build_store(tmp_path / "store", Inputs.default(data))
        assert info["triples"] > 0
