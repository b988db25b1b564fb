"""`kg extract` on the evaluation passages written for it (tests/data/extract_eval/).

The floors are a little under what the extractor reaches today (printed by
`python scripts/eval_extract.py`), so that a change that loses ground fails.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from kg.extract import extract
from kg.extract.evaluate import FIELDS, Score, evaluate, load_passages, parse_claim
from kg.extract.gazetteer import Gazetteer, load_gazetteer
from kg.extract.yaml_out import to_yaml
from kg.paths import bundled_data_dir, bundled_ontology_dir
from kg.records.curated import load_ontology, topic_ids
from kg.records.reading import CONTACT_TYPES, read_records

EVAL = Path(__file__).resolve().parent / "data" / "extract_eval"

#: (precision, recall) floors per field.
FLOORS = {
    "contacts": (0.95, 0.95),
    "participants": (0.95, 0.95),
    "type": (0.95, 0.95),
    "date": (0.95, 0.95),
    "initiator": (0.95, 0.8),
    "topics": (0.95, 0.9),
    "claims": (0.95, 0.9),
    "denials": (0.95, 0.7),
    "not_contacts": (0.95, 0.95),
}


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return load_gazetteer(bundled_data_dir(), bundled_ontology_dir())


@pytest.fixture(scope="module")
def scores(gazetteer: Gazetteer) -> dict[str, Score]:
    return evaluate(load_passages(EVAL), gazetteer)


def test_the_set_is_large_and_covers_every_case() -> None:
    passages = load_passages(EVAL)
    assert len(passages) >= 40
    assert len({p["id"] for p in passages}) == len(passages)
    types = {c["type"] for p in passages for c in p.get("contacts") or []}
    assert types == set(CONTACT_TYPES) - {"third-location-meeting"}
    kinds = {n["kind"] for p in passages for n in p.get("not_contacts") or []}
    assert kinds == {"absence", "announcement"}
    claims = [
        parse_claim(c)
        for p in passages
        for k in p.get("contacts") or []
        for c in k.get("claims", [])
    ]
    assert {c[0] for c in claims} == {"occurred", "topic", "initiator"}
    assert any(c[2] == "denies" for c in claims)


@pytest.mark.parametrize("field", FIELDS)
def test_floor(field: str, scores: dict[str, Score]) -> None:
    score = scores[field]
    precision, recall = FLOORS[field]
    assert score.precision >= precision, score
    assert score.recall >= recall, score


def test_files_with_new_people_and_agents_build(gazetteer: Gazetteer, tmp_path: Path) -> None:
    """Every passage's candidates, new people and anonymous sources included, pass the checks."""
    data = tmp_path / "data"
    shutil.copytree(bundled_data_dir(), data)
    topics = topic_ids(load_ontology(Path(bundled_ontology_dir())))
    before = len(read_records(data, topics).contacts)
    names: set[str] = set()
    for entry in load_passages(EVAL):
        found = extract(
            entry["text"],
            dt.date.fromisoformat(str(entry["published"])),
            gazetteer,
            publisher="AFP",
        )
        (data / "extracted.yaml").write_text(to_yaml(found), encoding="utf-8")
        records = read_records(data, topics)
        assert len(records.contacts) == before + len(found.contacts), entry["id"]
        names |= {p.id for p in records.people}
    assert {"hakan-fidan", "dmytro-kuleba", "recep-tayyip-erdogan"} <= names
