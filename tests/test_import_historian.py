"""Importing the Office of the Historian's travels and visits (the real files, once)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg import query
from kg.importers.context import ImportContext, ImportStats, load_context
from kg.importers.historian import HistorianRecords, historian_triples, read_historian
from kg.paths import bundled_data_dir, bundled_ontology_dir
from kg.query.claims import contact_claims
from kg.records.ntriples import Triples
from kg.store import EmbeddedStore, Inputs, Iri, open_store
from kg.store.sources import save_source, source_path
from kg.vocab import KG, RDFS, SKOS, resource_iri

pytestmark = pytest.mark.realdata


@pytest.fixture(scope="module")
def context() -> ImportContext:
    return load_context(bundled_data_dir(), bundled_ontology_dir())


@pytest.fixture(scope="module")
def records(shared: Path) -> HistorianRecords:
    return read_historian(str(shared / "data"))


@pytest.fixture(scope="module")
def imported(
    records: HistorianRecords, context: ImportContext, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Triples, ImportStats, EmbeddedStore, Inputs, Path]:
    """Both datasets imported once into a fresh store."""
    root = tmp_path_factory.mktemp("historian")
    inputs = Inputs.default(imports_dir=root / "store" / "imports")
    triples, stats = historian_triples(records, context)
    save_source(str(root / "store"), inputs, "historian", triples)
    return triples, stats, open_store(root / "store", inputs), inputs, root / "store"


def _values(store: EmbeddedStore, subject: str, predicate: str) -> list[str]:
    rows = store.select(
        "SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?o",
        {"s": Iri(subject), "p": Iri(predicate)},
    )
    return [r["o"] for r in rows]


def test_exact_counts(imported: tuple[Triples, ImportStats, EmbeddedStore, Inputs, Path]) -> None:
    _, stats, _, _, _ = imported
    counts = (
        stats.records, stats.trips, stats.visits, stats.contacts,
        stats.exact_duplicates, stats.near_duplicates,
        stats.names_found, stats.names_curated, stats.names_identified, stats.names_unresolved,
        stats.people_flagged, stats.us_officials,
    )  # fmt: skip
    assert counts == (7535, 4271, 3264, 7532, 2, 1, 7003, 92, 5647, 1264, 682, 422)
    assert round(stats.resolution_rate, 4) == 0.8195


def test_title_mismatches_are_reported(
    imported: tuple[Triples, ImportStats, EmbeddedStore, Inputs, Path],
) -> None:
    _, stats, _, _, _ = imported
    messages = [f"{Path(w.path).name}: {w.record}: {w.message}" for w in stats.warnings]
    assert (
        "rice-condoleezza.xml: trip 1468: calls Sergei Lavrov 'Prime Minister' on 2005-04-19, "
        "but their recorded tenure then is Russian Minister of Foreign Affairs"
    ) in messages
    # Putin was Prime Minister then, but the curated data records no such tenure.
    assert len(messages) == 4
    assert sum("Vladimir Putin 'Prime Minister'" in m for m in messages) == 3


def test_paris_trip_with_lecornu(
    imported: tuple[Triples, ImportStats, EmbeddedStore, Inputs, Path],
) -> None:
    # travels/secretary-travels/blinken-antony-j.xml, trip 4226: "Met with President
    # Emmanuel Macron, Foreign Minister Stéphane Séjourné, and Defense Minister Sébastien
    # Lecornu. Met with UN Educational, Scientific, and Cultural Organization Director
    # General Audrey Azoulay."
    _, _, store, _, _ = imported
    answer = query.last_contact(store, "Blinken", "Lecornu", source=["historian"])
    contact = answer.last
    assert contact is not None
    assert (contact.id, contact.date, contact.precision, contact.type, contact.location) == (
        "historian-trip-4226", "2024-04-01/2024-04-02", "day", "visit", "Paris",
    )  # fmt: skip
    people = {p.id: (p.role, p.posts) for p in contact.participants}
    assert people == {
        "blinken": ("visitor", ("United States Secretary of State",)),
        "fr": ("host", ()),
        "macron": ("participant", ("President of France",)),
        "lecornu": ("participant", ("French Minister of the Armed Forces",)),
        "stephane-sejourne": ("participant", ("Foreign Minister of France",)),
        "audrei-azoulai": ("participant", ()),
    }
    assert contact.status == "reported"
    assert [s.title for s in contact.sources] == [
        "Trip 4226: Antony John Blinken to France (Paris), 2024-04-01/2024-04-02"
    ]
    assert [s.name for s in answer.consulted] == ["historian"]


def test_last_in_person_blinken_lavrov(
    imported: tuple[Triples, ImportStats, EmbeddedStore, Inputs, Path],
) -> None:
    # blinken-antony-j.xml, trip 4048, 2022-01-21, Geneva: "Met with Russian Foreign
    # Minister Sergey Lavrov." The only trip of his naming Lavrov.
    _, _, store, _, _ = imported
    historian = query.last_contact(store, "Lavrov", "Blinken", source=["historian"])
    assert historian.last is not None and historian.possibly_later == ()
    assert (historian.last.id, historian.last.date, historian.last.location) == (
        "historian-trip-4048", "2022-01-21", "Geneva",
    )  # fmt: skip
    # Over everything, the curated phone call of 2023-04 is later; all sources are named.
    everything = query.last_contact(store, "Lavrov", "Blinken")
    assert everything.last is not None and everything.last.id == "lavrov-blinken-2023-04"
    assert [s.name for s in everything.consulted] == ["curated", "historian"]


def test_near_duplicates_carry_both_dates(
    imported: tuple[Triples, ImportStats, EmbeddedStore, Inputs, Path],
) -> None:
    # Trips 3994 (2021-03-22 to 03-24, "Attended the NATO Foreign Ministerial.") and 4021
    # (to 03-25, the same remark extended): one trip recorded twice.
    _, _, store, _, _ = imported
    claims = contact_claims(store, "historian-trip-3994")
    dates = sorted((c.value, c.status) for c in claims if c.statement == "date")
    assert dates == [
        ("2021-03-22/2021-03-24", "disputed"),
        ("2021-03-22/2021-03-25", "disputed"),
    ]
    assert _values(store, resource_iri("contact", "historian-trip-3994"), KG.edtf) == [
        "2021-03-22/2021-03-25"
    ]
    assert _values(store, resource_iri("contact", "historian-trip-4021"), KG.edtf) == []


def test_exact_duplicates_merge(
    imported: tuple[Triples, ImportStats, EmbeddedStore, Inputs, Path],
) -> None:
    # Trips 3992 and 4019 (Tokyo, 2021-03-15/17) and 3993 and 4020 (Seoul) are copies.
    _, _, store, _, _ = imported
    claims = contact_claims(store, "historian-trip-3992")
    assert sorted(c.source for c in claims) == [
        "Trip 3992: Antony John Blinken to Japan (Tokyo), 2021-03-15/2021-03-17",
        "Trip 4019: Antony John Blinken to Japan (Tokyo), 2021-03-15/2021-03-17",
    ]
    assert _values(store, resource_iri("contact", "historian-trip-4019"), KG.edtf) == []


@pytest.mark.parametrize(
    "person, spellings",
    [
        (
            "dmitri-medvedev",
            ["Dimitry A. Medvedev", "Dimitry Medvedev", "Dmitri Medvedev", "Dmitriy Medvedev",
             "Medvedev"],
        ),
        ("nicolas-sarkozi", ["Nicloas Sarkozy", "Nicolas Sarkozy", "Sarkozy"]),
    ],
)  # fmt: skip
def test_spelling_variants_are_one_person(
    imported: tuple[Triples, ImportStats, EmbeddedStore, Inputs, Path],
    person: str,
    spellings: list[str],
) -> None:
    _, _, store, _, _ = imported
    iri = resource_iri("person", person)
    names = _values(store, iri, RDFS.label) + _values(store, iri, SKOS.altLabel)
    assert sorted(set(names)) == spellings


def test_curated_people_keep_their_iris(
    imported: tuple[Triples, ImportStats, EmbeddedStore, Inputs, Path],
) -> None:
    _, _, store, _, _ = imported
    index = query.name_index(store)
    # "Sergey Lavrov", "Sergei Lavrov" and "Lavrov" in the records are the curated Lavrov
    assert index.resolve("Lavrov").iri == resource_iri("person", "lavrov")
    assert index.resolve("Sergey Lavrov").iri == resource_iri("person", "lavrov")


def test_visits_meet_the_sitting_president_unless_named(
    imported: tuple[Triples, ImportStats, EmbeddedStore, Inputs, Path],
) -> None:
    _, _, store, _, _ = imported

    def host(visit: str) -> list[str]:
        return _values(store, resource_iri("contact", f"historian-visit-{visit}"), KG.host)

    # 2992: Netanyahu, 2020-01-27, "Working Visit." — President Trump
    assert host("2992") == [resource_iri("person", "donald-trump")]
    # 2298: Menzies, 1952-12-17, "Met with President-elect Eisenhower in New York City."
    assert host("2298") == [resource_iri("person", "dwight-eisenhower")]
    # 2401: Lumumba, 1960-07-27, "Met with Secretary of State Herter..."
    assert host("2401") == [resource_iri("person", "christian-herter")]


def test_unresolved_names_are_flagged_not_dropped(
    imported: tuple[Triples, ImportStats, EmbeddedStore, Inputs, Path],
) -> None:
    # "Soviet Foreign Minister Gromyko": no fuller name anywhere in the records
    _, _, store, _, _ = imported
    iri = resource_iri("person", "review-ru-gromiko")
    assert _values(store, iri, KG.needsReview) == ["true"]
    assert _values(store, iri, RDFS.label) == ["Gromyko"]


def test_coverage_is_recorded(
    imported: tuple[Triples, ImportStats, EmbeddedStore, Inputs, Path],
) -> None:
    _, _, store, _, _ = imported
    found = {s.name: s for s in query.sources(store)}
    assert sorted(found) == ["curated", "historian"]
    historian = found["historian"]
    assert (historian.contacts, historian.records, historian.dates) == (
        7532, 7535, "1866-01-09/2025-02-19",
    )  # fmt: skip
    assert "no phone calls" in historian.coverage
    dataset = resource_iri("dataset", "historian")
    assert _values(store, dataset, KG.coversSide) == [resource_iri("country", "us")]
    assert _values(store, dataset, KG.coversContactType) == [KG.Visit]


def test_reimport_is_idempotent(
    imported: tuple[Triples, ImportStats, EmbeddedStore, Inputs, Path],
    records: HistorianRecords,
    context: ImportContext,
) -> None:
    triples, _, _, inputs, store_dir = imported
    path = Path(source_path(inputs, "historian"))
    before = path.read_bytes(), path.stat().st_mtime_ns
    again, _ = historian_triples(records, load_context(bundled_data_dir(), bundled_ontology_dir()))
    assert again.lines() == triples.lines()
    info = save_source(str(store_dir), inputs, "historian", again)
    assert info["changed"] is False
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before
