"""Importing the Office of the Historian's travels and visits.

Every test runs on the project's own cut of the records (``tests/data/historian``,
see its ``SOURCE.txt``) and, marked ``realdata``, on the full real files of the
shared folder; the records a test names are in both, and the counts of each are
exact.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from kg import query
from kg.importers.context import ImportContext, ImportStats, load_context
from kg.importers.historian import (
    HistorianRecords,
    find_historian_files,
    historian_triples,
    read_historian,
)
from kg.paths import bundled_data_dir, bundled_ontology_dir
from kg.query import posts
from kg.query.claims import contact_claims
from kg.records.ntriples import Triples
from kg.store import EmbeddedStore, Inputs, Iri, open_store
from kg.store.sources import save_source, source_path
from kg.vocab import KG, RDFS, SKOS, local_id, resource_iri

#: A handful of real records cut from the shared files, in their layout.
FIXTURE = Path(__file__).parent / "data" / "historian"


@dataclass(frozen=True)
class Expected:
    """What each dataset gives: exact counts, title warnings and the dates covered."""

    #: records, trips, visits, contacts, exact and near duplicates merged, names
    #: found, curated, linked (to principal officers), identified, unresolved, people
    #: flagged, US officials named
    counts: tuple[int, ...]
    resolution_rate: float
    #: title warnings in all, and those calling Putin 'Prime Minister'
    warnings: tuple[int, int]
    dates: str


EXPECTED = {
    "fixture": Expected(
        (62, 41, 21, 60, 1, 1, 90, 9, 0, 53, 28, 24, 4), 0.6889, (2, 1), "1913-10-19/2025-02-19"
    ),
    "real": Expected(
        (7535, 4271, 3264, 7532, 2, 1, 6989, 94, 0, 5447, 1448, 798, 422),
        0.7928,
        (4, 3),
        "1866-01-09/2025-02-19",
    ),
}


@pytest.fixture(
    scope="module", params=["fixture", pytest.param("real", marks=pytest.mark.realdata)]
)
def dataset(request: pytest.FixtureRequest) -> str:
    """Which records: the project's fixture, or the full real files (``realdata``)."""
    return str(request.param)


@pytest.fixture(scope="module")
def context(dataset: str) -> ImportContext:
    """A context for each dataset: an import writes into it (countries, posts seen)."""
    return load_context(bundled_data_dir(), bundled_ontology_dir())


@pytest.fixture(scope="module")
def records(dataset: str, request: pytest.FixtureRequest) -> HistorianRecords:
    if dataset == "real":
        shared: Path = request.getfixturevalue("shared")
        return read_historian(str(shared / "data"))
    return read_historian(str(FIXTURE))


@pytest.fixture(scope="module")
def imported(
    records: HistorianRecords,
    context: ImportContext,
    tmp_path_factory: pytest.TempPathFactory,
    seed_store: Callable[[Path], Path],
) -> tuple[Triples, ImportStats, EmbeddedStore, Inputs, Path]:
    """Both datasets imported once into a fresh store."""
    store = seed_store(tmp_path_factory.mktemp("historian") / "store")
    inputs = Inputs.default(imports_dir=store / "imports")
    triples, stats = historian_triples(records, context)
    save_source(str(store), inputs, "historian", triples)
    return triples, stats, open_store(store, inputs), inputs, store


def _values(store: EmbeddedStore, subject: str, predicate: str) -> list[str]:
    rows = store.select(
        "SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?o",
        {"s": Iri(subject), "p": Iri(predicate)},
    )
    return [r["o"] for r in rows]


def test_exact_counts(
    imported: tuple[Triples, ImportStats, EmbeddedStore, Inputs, Path], dataset: str
) -> None:
    _, stats, _, _, _ = imported
    counts = (
        stats.records, stats.trips, stats.visits, stats.contacts,
        stats.exact_duplicates, stats.near_duplicates,
        stats.names_found, stats.names_curated, stats.names_linked, stats.names_identified,
        stats.names_unresolved, stats.people_flagged, stats.us_officials,
    )  # fmt: skip
    assert counts == EXPECTED[dataset].counts
    assert round(stats.resolution_rate, 4) == EXPECTED[dataset].resolution_rate


def test_title_mismatches_are_reported(
    imported: tuple[Triples, ImportStats, EmbeddedStore, Inputs, Path], dataset: str
) -> None:
    _, stats, _, _, _ = imported
    messages = [f"{Path(w.path).name}: {w.record}: {w.message}" for w in stats.warnings]
    assert (
        "rice-condoleezza.xml: trip 1468: calls Sergei Lavrov 'Prime Minister' on 2005-04-19, "
        "but their recorded tenure then is Russian Minister of Foreign Affairs"
    ) in messages
    # Putin was Prime Minister then, but the curated data records no such tenure.
    putin = sum("Vladimir Putin 'Prime Minister'" in m for m in messages)
    assert (len(messages), putin) == EXPECTED[dataset].warnings


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
        # no tenure is invented from the title a remark gives him
        "stephane-sejourne": ("participant", ()),
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
    # Trips 3992 and 4019 (Tokyo, 2021-03-15/17) are copies (in the real files, 3993 and
    # 4020, Seoul, too).
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

    # 2992: Netanyahu, 2020-01-27, "Working Visit." — President Trump (the presidents
    # list's id, the travels' traveller id)
    assert host("2992") == [resource_iri("person", "trump-donald-j")]
    # 2298: Menzies, 1952-12-17, "Met with President-elect Eisenhower in New York City."
    assert host("2298") == [resource_iri("person", "eisenhower-dwight-d")]
    # 2401: Lumumba, 1960-07-27, "Met with Secretary of State Herter..." (the principal
    # officers' id)
    assert host("2401") == [resource_iri("person", "herter-christian-archibald")]


def test_the_host_is_the_president_of_the_day(
    imported: tuple[Triples, ImportStats, EmbeddedStore, Inputs, Path],
) -> None:
    # 2499: Pearson, 1963-11-24/25, "Attended funeral of President Kennedy.": two days
    # after the presidency changed hands, the host is Johnson, not the President named.
    _, _, store, _, _ = imported
    node = resource_iri("contact", "historian-visit-2499")
    assert _values(store, node, KG.host) == [resource_iri("person", "johnson-lyndon-b")]


# On the fixture only: who_held takes seconds a call on the full import.
@pytest.mark.parametrize("dataset", ["fixture"], indirect=True)
def test_presidents_terms_come_from_the_list(
    imported: tuple[Triples, ImportStats, EmbeddedStore, Inputs, Path],
) -> None:
    # Kennedy left office on 1963-11-22, the day Johnson took it: both held it that day.
    _, _, store, _, _ = imported
    changeover = posts.who_held(store, "us-president", "1963-11-22")
    assert [(h.id, h.start, h.end) for h in changeover.holders] == [
        ("kennedy-john-f", "1961-01-20", "1963-11-22"),
        ("johnson-lyndon-b", "1963-11-22", "1969-01-20"),
    ]
    after = posts.who_held(store, "us-president", "1963-11-24")
    assert [h.id for h in after.holders] == ["johnson-lyndon-b"]


# On the fixture only: who_held takes seconds a call on the full import.
@pytest.mark.parametrize("dataset", ["fixture"], indirect=True)
def test_secretaries_hold_their_terms_from_the_principal_officers(
    imported: tuple[Triples, ImportStats, EmbeddedStore, Inputs, Path],
) -> None:
    # pocom/positions-principals/secretary.xml: Kerry from 2013-02-01 to 2017-01-20, not
    # "from the first trip to the last"
    _, _, store, _, _ = imported
    held = posts.who_held(store, "us-secretary-of-state", "2014-06-27")
    assert [(h.id, h.start, h.end) for h in held.holders] == [
        ("kerry-john-forbes", "2013-02-01", "2017-01-20")
    ]


def test_without_principal_officers_no_tenure_is_invented(
    tmp_path: Path, context: ImportContext, dataset: str
) -> None:
    # the travels alone say who travelled, not who held the post when
    if dataset != "fixture":
        pytest.skip("the fixture's travels are enough")
    found = read_historian(str(FIXTURE / "travels"))
    triples, _ = historian_triples(found, load_context(bundled_data_dir(), bundled_ontology_dir()))
    vance = resource_iri("person", "vance-cyrus-roberts")
    assert not [
        line for line in triples.lines() if f"<http://www.w3.org/ns/org#member> <{vance}>" in line
    ]


def test_unresolved_names_are_flagged_not_dropped(
    imported: tuple[Triples, ImportStats, EmbeddedStore, Inputs, Path],
) -> None:
    # "Soviet Foreign Minister Gromyko": no fuller name anywhere in the records; one
    # person for his name and period, never one per country
    _, _, store, _, _ = imported
    iri = resource_iri("person", "review-gromiko")
    assert _values(store, iri, KG.needsReview) == ["true"]
    assert _values(store, iri, RDFS.label) == ["Gromyko"]


def test_coverage_is_recorded(
    imported: tuple[Triples, ImportStats, EmbeddedStore, Inputs, Path], dataset: str
) -> None:
    _, _, store, _, _ = imported
    found = {s.name: s for s in query.sources(store)}
    assert sorted(found) == ["curated", "historian"]
    historian = found["historian"]
    expected = EXPECTED[dataset]
    assert (historian.contacts, historian.records, historian.dates) == (
        expected.counts[3], expected.counts[0], expected.dates,
    )  # fmt: skip
    assert "no phone calls" in historian.coverage
    node = resource_iri("dataset", "historian")
    assert _values(store, node, KG.coversSide) == [resource_iri("country", "us")]
    assert _values(store, node, KG.coversContactType) == [KG.Visit]


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


def _record_key(element: ET.Element) -> str:
    return element.get("n") or element.findtext("id") or element.tag


def _original(relative: Path, shared: Path) -> Path:
    """The real file a fixture file was cut from (pocom lives under officials/)."""
    if relative.parts[0] == "pocom":
        return shared / "data" / "officials" / relative
    return shared / "data" / relative


def test_source_txt_lists_every_record_of_the_fixture() -> None:
    """SOURCE.txt names each record kept ("  PATH trip|visit ID: why"), and no other."""
    text = (FIXTURE / "SOURCE.txt").read_text(encoding="utf-8")
    listed = re.findall(r"^  (\S+\.xml) (trip|visit) (\d+): ", text, re.M)
    found = read_historian(str(FIXTURE))
    kept = [(Path(t.path).relative_to(FIXTURE).as_posix(), "trip", t.id) for t in found.trips]
    kept += [(Path(v.path).relative_to(FIXTURE).as_posix(), "visit", v.id) for v in found.visits]
    assert sorted(listed) == sorted(kept)
    assert [p.id for p in found.presidents][:2] == ["wilson-woodrow", "harding-warren-g"]
    assert found.presidents[-1].id == "trump-donald-j"


@pytest.mark.realdata
def test_fixture_records_are_verbatim_copies(shared: Path) -> None:
    """Each element of the fixture is the real file's element of that id, unchanged."""
    compared = 0
    for path in find_historian_files(str(FIXTURE)):
        relative = Path(path).relative_to(FIXTURE)
        mine = ET.parse(path).getroot()
        real = ET.parse(_original(relative, shared)).getroot()
        assert mine.tag == real.tag
        pairs = [(mine, real)]
        if mine.tag == "principal-position":  # a cut of the principals, each unchanged
            pairs.append((mine.find("principals"), real.find("principals")))  # type: ignore[arg-type]
        for cut, whole in pairs:
            originals = {_record_key(e): e for e in whole}
            for element in cut:
                if cut is mine and element.tag == "principals" and len(pairs) > 1:
                    continue
                original = originals[_record_key(element)]
                element.tail = original.tail = None
                assert ET.tostring(element) == ET.tostring(original), (
                    relative,
                    _record_key(element),
                )
                compared += 1
    # records, presidents and the list's header, the secretaries' file (11 elements and
    # 12 principals) and the twelve person files (their elements)
    assert compared >= 62 + 20 + 2 + 11 + 12 + 12


def _acted_for(store: EmbeddedStore) -> list[tuple[str, str, str]]:
    """(contact, participant, country it acted for) of every participation that says."""
    rows = store.select(
        "PREFIX prov: <http://www.w3.org/ns/prov#> PREFIX kg: <https://w3id.org/kg-contacts/ns#> "
        "SELECT ?c ?agent ?country WHERE { ?c prov:qualifiedAssociation ?p . "
        "?p prov:agent ?agent ; kg:actedFor ?country }"
    )
    return [(local_id(r["c"]), local_id(r["agent"]), local_id(r["country"])) for r in rows]


def test_the_network_does_not_pair_two_on_one_side(
    imported: tuple[Triples, ImportStats, EmbeddedStore, Inputs, Path],
) -> None:
    # a leader and the country they act for; two officials acting for one country
    from kg.network.projection import project

    store = imported[2]
    acting: dict[str, list[tuple[str, str]]] = {}
    for contact, agent, country in _acted_for(store):
        acting.setdefault(contact, []).append((agent, country))
    one_side = set()
    for contact, sides in acting.items():
        agents = {a for a, _ in sides}
        for agent, country in sides:
            if country in agents:
                one_side.add((contact, agent, country))
            one_side |= {
                (contact, agent, other) for other, c in sides if c == country and other != agent
            }
    assert one_side, "the fixture has contacts with two participants on one side"
    edges = set(project(store).edges(keys=True))
    assert not [(c, u, v) for c, u, v in one_side if (u, v, c) in edges or (v, u, c) in edges]


def test_a_participant_without_tenures_shows_the_country_it_acted_for(
    imported: tuple[Triples, ImportStats, EmbeddedStore, Inputs, Path],
) -> None:
    # a foreign leader visiting the US, whom no tenure table knows, is of their country
    from kg.network.projection import project

    store = imported[2]
    acted = {(agent, country) for _, agent, country in _acted_for(store)}
    graph = project(store)
    missing = [(a, c) for a, c in acted if c not in graph.nodes[a]["country_ids"]]
    assert acted and missing == []
