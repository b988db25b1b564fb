"""Importing ICEWS coded events (the real two-day sample, once)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg import query
from kg.importers.context import ImportStats, load_context
from kg.importers.icews import icews_triples, read_icews
from kg.paths import bundled_data_dir, bundled_ontology_dir
from kg.query.claims import contact_claims
from kg.store import EmbeddedStore, Inputs, Iri, open_store
from kg.store.sources import save_source
from kg.vocab import KG, resource_iri

pytestmark = pytest.mark.realdata


@pytest.fixture(scope="module")
def imported(
    shared: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[ImportStats, EmbeddedStore]:
    root = tmp_path_factory.mktemp("icews")
    inputs = Inputs.default(imports_dir=root / "store" / "imports")
    events, rows = read_icews(str(shared / "data" / "icews_sample" / "events.2018.sample.tab"))
    triples, stats = icews_triples(
        events, rows, load_context(bundled_data_dir(), bundled_ontology_dir())
    )
    save_source(str(root / "store"), inputs, "icews", triples)
    return stats, open_store(root / "store", inputs)


def _values(store: EmbeddedStore, subject: str, predicate: str) -> list[str]:
    rows = store.select(
        "SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?o",
        {"s": Iri(subject), "p": Iri(predicate)},
    )
    return [r["o"] for r in rows]


def test_exact_counts(imported: tuple[ImportStats, EmbeddedStore]) -> None:
    stats, _ = imported
    counts = (
        stats.rows, stats.rows_kept, stats.skipped, stats.contacts, stats.announced,
        stats.reports, stats.names_found, stats.names_curated, stats.names_identified,
        stats.names_unresolved, stats.people_flagged,
    )  # fmt: skip
    # 3705 rows, 1246 with a contact code (036, 040-046): 1071 kept, 175 without two sides
    # (among them 12 with a region or an unplaced person as a side: Sicily, Catalonia,
    # Scotland, Michelle O'Neill, Rex Tillerson have no sector, so they are not their country)
    assert counts == (3705, 1071, 175, 191, 100, 391, 1146, 69, 1064, 13, 6)


def test_one_visit_from_26_rows(imported: tuple[ImportStats, EmbeddedStore]) -> None:
    # Kim Yong-chol at the White House, 2018-06-01: 26 rows in 12 stories, coded 040 both
    # ways, 046 both ways, and 042 (Kim visits) / 043 (Trump hosts) in two stories.
    _, store = imported
    contact = "icews-2018-06-01-donald-trump-kim-iongchol"
    node = resource_iri("contact", contact)
    assert _values(store, node, KG.reportCount) == ["12"]
    assert _values(store, node, KG.visitor) == [resource_iri("person", "kim-iongchol")]
    assert _values(store, node, KG.host) == [resource_iri("person", "donald-trump")]
    claims = contact_claims(store, contact)
    occurred = [c for c in claims if c.statement == "occurred"]
    assert len(occurred) == 12
    assert {c.status for c in occurred} == {"confirmed"}  # many publishers
    assert [c.value for c in claims if c.statement == "visitor"] == ["Kim Yong-chol"] * 2


def test_curated_people_are_linked(imported: tuple[ImportStats, EmbeddedStore]) -> None:
    # "Sergey Viktorovich Lavrov" in ICEWS is the curated Lavrov
    _, store = imported
    answer = query.last_contact(store, "Lavrov", "China", source=["icews"])
    assert answer.last is not None
    assert answer.last.id == "icews-2018-06-01-china-lavrov"
    assert [s.name for s in answer.consulted] == ["icews"]


def test_announced_meetings_are_not_contacts(imported: tuple[ImportStats, EmbeddedStore]) -> None:
    _, store = imported
    rows = store.select(
        "SELECT (COUNT(?a) AS ?n) WHERE { ?a a <https://w3id.org/kg-contacts/ns#AnnouncedMeeting> "
        "FILTER NOT EXISTS { ?a a <https://w3id.org/kg-contacts/ns#Contact> } }"
    )
    assert rows == [{"n": "100"}]


def test_coverage(imported: tuple[ImportStats, EmbeddedStore]) -> None:
    _, store = imported
    found = {s.name: s for s in query.sources(store)}
    icews = found["icews"]
    assert (icews.contacts, icews.records, icews.dates) == (191, 3705, "2018-06-01/2018-06-02")
    assert _values(store, resource_iri("dataset", "icews"), KG.coversSide) == []
