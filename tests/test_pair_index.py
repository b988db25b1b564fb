"""The pair index answers as a scan of the data does, for every kind of pair.

``last_contact`` reads the pair index (kg.store.pairs). These tests ask the
same questions by scanning the contacts themselves, with the queries kg ran
before the index existed (:data:`SCAN` and :data:`SCAN_AT_LEVEL`: every
contact where each side takes part the way its kind does), and compare the
answers for a few hundred pairs drawn with a fixed seed from synthetic data
(``scripts/gen_synthetic.py``) imported beside the bundled records: people,
countries, posts and mixed pairs, the busiest officials among them, with and
without a cutoff date, a level or a source.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import io
import random
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from kg.identity.index import Entity
from kg.query import LEVELS, QueryStore, last_contact
from kg.query.context import SIDE_PROPERTY
from kg.store import CURATED_GRAPH, EmbeddedStore, Inputs, Iri, open_store, source_graph

ROOT = Path(__file__).resolve().parent.parent
KG = "https://w3id.org/kg-contacts/ns#"

_ROWS = """
  ?contact kg:earliest ?earliest ; kg:latest ?latest ; kg:status ?status .
  FILTER (?status != kg:Denied)
  FILTER (?earliest < ?before)
  GRAPH ?graph { ?contact a kg:Contact }
}
"""
#: The contacts of two sides, each taking part as ?aProp / ?bProp (scanned).
SCAN = (
    """PREFIX kg: <https://w3id.org/kg-contacts/ns#>
SELECT DISTINCT ?a ?b ?aProp ?bProp ?before ?contact ?earliest ?latest ?graph WHERE {
  ?contact ?aProp ?a .
  ?contact ?bProp ?b .
  FILTER (?a != ?b)"""
    + _ROWS
)
#: The contacts of two countries represented at ?level by two different people (scanned).
SCAN_AT_LEVEL = (
    """PREFIX kg: <https://w3id.org/kg-contacts/ns#>
PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT DISTINCT ?a ?b ?level ?before ?contact ?earliest ?latest ?graph WHERE {
  ?aPost kg:country ?a .
  { ?aPost kg:postLevel ?level }
  UNION { ?aPost kg:postLevel ?aLevel . ?aLevel kg:broaderLevel ?level }
  ?pa kg:heldPost ?aPost ; kg:actedFor ?a ; prov:agent ?agentA .
  ?contact prov:qualifiedAssociation ?pa , ?pb .
  ?pb kg:heldPost ?bPost ; kg:actedFor ?b ; prov:agent ?agentB .
  ?bPost kg:country ?b .
  { ?bPost kg:postLevel ?level }
  UNION { ?bPost kg:postLevel ?bLevel . ?bLevel kg:broaderLevel ?level }
  FILTER (?agentA != ?agentB)
  FILTER (?a != ?b)"""
    + _ROWS
)


def scanned(
    store: EmbeddedStore,
    a: Entity,
    b: Entity,
    before: str | None = None,
    level: str | None = None,
    graphs: set[str] | None = None,
) -> tuple[str | None, list[str]]:
    """The last contact of ``a`` and ``b`` and those possibly later, by a scan."""
    cutoff = dt.date.fromisoformat(before) if before else dt.date.max
    bindings: dict[str, Any] = {"a": Iri(a.iri), "b": Iri(b.iri), "before": cutoff}
    if level:
        bindings["level"] = Iri(LEVELS[level])
    else:
        bindings["aProp"] = Iri(SIDE_PROPERTY[a.kind])
        bindings["bProp"] = Iri(SIDE_PROPERTY[b.kind])
    found: dict[str, tuple[str, str]] = {}
    for row in store.select(SCAN_AT_LEVEL if level else SCAN, bindings):
        if graphs is None or row["graph"] in graphs:
            found[row["contact"]] = (row["earliest"], row["latest"])
    if not found:
        return None, []
    # latest earliest-possible day first, then the narrower date, then the IRI
    order = sorted(found, key=lambda c: (_desc(found[c][0]), found[c][1], c))
    anchor = next((c for c in order if found[c][1] < cutoff.isoformat()), None)
    if anchor is None:
        return None, sorted(_id(c) for c in order)
    later = [c for c in order if c != anchor and found[c][1] >= found[anchor][0]]
    return _id(anchor), sorted(_id(c) for c in later)


def _desc(day: str) -> tuple[int, ...]:
    return tuple(-int(part) for part in day.split("-"))


def _id(contact: str) -> str:
    return contact.rsplit("/", 1)[1]


def indexed(
    store: QueryStore, a: Entity, b: Entity, **options: Any
) -> tuple[str | None, list[str]]:
    answer = last_contact(store, a, b, **options)
    last = answer.last.id if answer.last is not None else None
    return last, sorted(c.id for c in answer.possibly_later)


@pytest.fixture(scope="module")
def synthetic_store(tmp_path_factory: pytest.TempPathFactory) -> EmbeddedStore:
    """The bundled records and 2,000 synthetic contacts among 150 officials."""
    from kg.importers.jsonl import import_contacts

    spec = importlib.util.spec_from_file_location(
        "gen_synthetic", ROOT / "scripts/gen_synthetic.py"
    )
    assert spec is not None and spec.loader is not None
    generator = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generator)
    folder = tmp_path_factory.mktemp("pair-index")
    text = io.StringIO()
    generator.generate(text, 2000, 150)
    (folder / "synthetic.jsonl").write_text(text.getvalue(), encoding="utf-8")
    inputs = Inputs.default(imports_dir=str(folder / "store" / "imports"))
    import_contacts(str(folder / "synthetic.jsonl"), inputs, str(folder / "store"), "synthetic")
    store = open_store(folder / "store", inputs)
    assert isinstance(store, EmbeddedStore)
    return store


def _entities(store: EmbeddedStore) -> dict[str, list[Entity]]:
    """Every person, organisation, country and post with a contact, by kind, busiest first."""
    index = store.saved_name_index()
    assert index is not None
    busy: Counter[str] = Counter()
    for prop in set(SIDE_PROPERTY.values()):
        query = f"SELECT ?s (COUNT(*) AS ?n) WHERE {{ ?c <{prop}> ?s }} GROUP BY ?s"
        busy.update({row["s"]: int(row["n"]) for row in store.select(query)})
    found: dict[str, list[Entity]] = {}
    for position in range(len(index)):
        entity = index.entity(position)
        if entity.kind in SIDE_PROPERTY and busy[entity.iri]:
            found.setdefault(entity.kind, []).append(entity)
    for entities in found.values():
        entities.sort(key=lambda e: (-busy[e.iri], e.iri))
    return found


def _pairs(store: EmbeddedStore, count: int, seed: int) -> list[tuple[Entity, Entity]]:
    """``count`` pairs drawn with ``seed``: the busiest people and countries among them."""
    kinds = _entities(store)
    rng = random.Random(seed)
    everyone = [e for entities in kinds.values() for e in entities]
    pairs = [(kinds["person"][0], kinds["person"][1]), (kinds["country"][0], kinds["country"][1])]
    for _ in range(count):
        kind = rng.choice(sorted(kinds))
        first = rng.choice(kinds[kind][:20] if rng.random() < 0.5 else kinds[kind])
        other = kinds[rng.choice(sorted(kinds))]
        pairs.append((first, rng.choice(other[:10] if rng.random() < 0.6 else everyone)))
    return pairs


def test_every_kind_of_pair_answers_as_a_scan(synthetic_store: EmbeddedStore) -> None:
    compared = Counter[str]()
    for a, b in _pairs(synthetic_store, 300, seed=19):
        expected = scanned(synthetic_store, a, b)
        assert indexed(synthetic_store, a, b) == expected, (a, b)
        compared[f"{a.kind}-{b.kind}"] += 1
        compared["found" if expected[0] else "none"] += 1
    assert compared["found"] > 60 and compared["none"] > 10, compared
    assert {"person-person", "country-country", "post-post", "person-country"} <= set(compared)


@pytest.mark.parametrize("before", ["2005-01-01", "2012-06-15", "2020-01-01", "2024-05-02"])
def test_a_cutoff_answers_as_a_scan(synthetic_store: EmbeddedStore, before: str) -> None:
    for a, b in _pairs(synthetic_store, 60, seed=len(before) + int(before[:4])):
        assert indexed(synthetic_store, a, b, before=before) == scanned(
            synthetic_store, a, b, before=before
        ), (a, b)


def test_a_level_answers_as_a_scan(synthetic_store: EmbeddedStore) -> None:
    countries = _entities(synthetic_store)["country"][:12]
    found = Counter[str]()
    for level in sorted(LEVELS):
        for i, a in enumerate(countries):
            for b in countries[i + 1 :]:
                for before in (None, "2015-01-01"):
                    expected = scanned(synthetic_store, a, b, level=level, before=before)
                    answer = indexed(synthetic_store, a, b, level=level, before=before)
                    assert answer == expected, (a, b, level, before)
                    found[level] += expected[0] is not None
    assert sum(found.values()) > 10 and found["minister"] > found["foreign-minister"], found


@pytest.mark.parametrize("source", ["curated", "synthetic"])
def test_a_source_answers_as_a_scan(synthetic_store: EmbeddedStore, source: str) -> None:
    graph = CURATED_GRAPH if source == "curated" else source_graph(source)
    for a, b in _pairs(synthetic_store, 60, seed=len(source)):
        for before in (None, "2018-01-01"):
            assert indexed(synthetic_store, a, b, source=[source], before=before) == scanned(
                synthetic_store, a, b, before=before, graphs={graph}
            ), (a, b, before)


def test_the_bundled_pairs_answer_as_a_scan(store: EmbeddedStore) -> None:
    """Every pair of sides in the bundled records: their countries act for themselves,
    denied contacts and dates known to the month are there."""
    kinds = _entities(store)
    everyone = [e for entities in kinds.values() for e in entities]
    assert len(everyone) > 15
    for i, a in enumerate(everyone):
        for b in everyone[i + 1 :]:
            assert indexed(store, a, b) == scanned(store, a, b), (a, b)
