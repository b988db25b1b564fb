"""``kg import officials``: a table of tenures in the Wikidata layout as the authority.

Runs on the project's hand-written rows (``tests/data/officials``, see its README)
and, marked ``realdata``, on the shared 2023 snapshot (never bundled).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from kg.errors import InvalidDataError
from kg.identity.officials import read_officials
from kg.importers.context import load_context
from kg.importers.officials import officials_triples
from kg.paths import bundled_data_dir, bundled_ontology_dir
from kg.store import EmbeddedStore, Inputs, Iri, open_store
from kg.store.sources import save_source
from kg.vocab import KG, ORG, RDFS, SCHEMA, resource_iri

TABLE = Path(__file__).parent / "data" / "officials" / "officials.csv"


@pytest.fixture(scope="module")
def imported(
    tmp_path_factory: pytest.TempPathFactory, seed_store: Callable[[Path], Path]
) -> EmbeddedStore:
    store_dir = seed_store(tmp_path_factory.mktemp("officials") / "store")
    inputs = Inputs.default(imports_dir=store_dir / "imports")
    with open(TABLE, encoding="utf-8", newline="") as handle:
        table = read_officials(handle, str(TABLE))
    triples, _ = officials_triples(table, load_context(bundled_data_dir(), bundled_ontology_dir()))
    save_source(str(store_dir), inputs, "officials", triples)
    return open_store(store_dir, inputs)


def _values(store: EmbeddedStore, subject: str, predicate: str) -> list[str]:
    rows = store.select(
        "SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?o",
        {"s": Iri(subject), "p": Iri(predicate)},
    )
    return [r["o"] for r in rows]


def test_quirks_are_counted() -> None:
    with open(TABLE, encoding="utf-8", newline="") as handle:
        report = read_officials(handle, str(TABLE)).report
    assert (report.rows, report.exact_duplicates, report.merged_ends, report.reversed_rows) == (
        31, 1, 1, 1,
    )  # fmt: skip
    assert report.warnings == [
        "line 32: Silvio Berlusconi (Q11860) ends as Minister of Foreign Affairs of Italy "
        "(2002-01-06) before starting (2002-11-14): the end is dropped"
    ]


def test_one_person_per_wikidata_id_across_catalogues(imported: EmbeddedStore) -> None:
    # Ban Ki-moon: South Korea's foreign minister and the UN's Secretary-General
    ban = resource_iri("person", "Q1253")
    assert _values(imported, ban, SCHEMA.sameAs) == ["http://www.wikidata.org/entity/Q1253"]
    rows = imported.select(
        "SELECT ?person ?post WHERE { ?t <http://www.w3.org/ns/org#member> ?person ; "
        "<https://w3id.org/kg-contacts/ns#post> ?post } ORDER BY ?post",
        {"person": Iri(ban)},
    )
    assert [r["post"].rsplit("/", 1)[1] for r in rows] == [
        "kr-minister-of-foreign-affairs", "united-nations-secretary-general-of-the-united-nations",
    ]  # fmt: skip
    un = resource_iri("post", "united-nations-secretary-general-of-the-united-nations")
    assert _values(imported, un, ORG.postIn) == [resource_iri("org", "united-nations")]
    assert _values(imported, un, KG.country) == []


def test_curated_people_keep_their_ids(imported: EmbeddedStore) -> None:
    # Lavrov (Q58217) and Macron (Q3052772) are curated: the table adds only the posts
    # they have no curated tenure in (Macron's Andorran co-principality)
    assert _values(imported, resource_iri("person", "Q58217"), RDFS.label) == []
    rows = imported.select(
        "SELECT ?person ?post WHERE { ?t <http://www.w3.org/ns/org#member> ?person ; "
        "<https://w3id.org/kg-contacts/ns#post> ?post } ORDER BY ?post",
        {"person": Iri(resource_iri("person", "macron"))},
    )
    assert [r["post"].rsplit("/", 1)[1] for r in rows] == ["ad-french-co-prince", "fr-president"]


@pytest.mark.parametrize(
    "post, levels",
    [
        ("kp-supreme-leader", ["HeadOfState"]),
        ("us-president", ["HeadOfGovernment", "HeadOfState"]),  # no head of government row
        ("cn-minister-of-foreign-affairs", ["ForeignMinister"]),
        ("ps-president-of-the-palestinian-national-authority", ["HeadOfState"]),
    ],
)
def test_post_labels_become_typed_posts(
    imported: EmbeddedStore, post: str, levels: list[str]
) -> None:
    found = _values(imported, resource_iri("post", post), KG.postLevel)
    assert [v.rsplit("#", 1)[1] for v in found] == levels


def test_years_and_reversed_rows(imported: EmbeddedStore) -> None:
    soares = resource_iri("tenure", "officials-q7378692-cv-minister-of-foreign-affairs-1999")
    assert _values(imported, soares, "http://purl.org/dc/terms/temporal") == ["1999/2002"]
    berlusconi = resource_iri(
        "tenure", "officials-q11860-it-minister-of-foreign-affairs-2002-11-14"
    )
    assert _values(imported, berlusconi, "http://purl.org/dc/terms/temporal") == ["2002-11-14/.."]
    assert "end is left out" in _values(imported, berlusconi, RDFS.comment)[0]


def test_a_malformed_row_stops_the_import() -> None:
    text = "catalog,position,person,personID,start,end\nFrance,President,X,42,2017,\n"
    with pytest.raises(InvalidDataError) as raised:
        read_officials(io.StringIO(text), "bad.csv")
    assert str(raised.value.problems[0]) == (
        "bad.csv:2: record '42': personID '42' is not a Wikidata id (Q followed by digits)"
    )


def test_the_command_reports_the_import(run: Callable[..., Result], tmp_path: Path) -> None:
    result = run("import", "officials", str(TABLE), store=tmp_path / "s")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[:2] == [
        "Imported 'officials': 27 tenures of 26 people, 25 posts, from 31 rows.",
        "  rows        1 repeated rows read once, 1 rows of one tenure with different ends "
        "merged, 1 ending before they start (end dropped), 0 impossible days kept at month "
        "precision",
    ]
    listed = run("sources", "--format", "csv", store=tmp_path / "s")
    assert "officials,Officials and their tenures" in listed.stdout


@pytest.mark.realdata
def test_the_2023_snapshot(shared: Path) -> None:
    path = shared / "data" / "officials" / "wikidata-leaders-2023-01.csv"
    with open(path, encoding="utf-8", newline="") as handle:
        table = read_officials(handle, str(path))
    report = table.report
    assert (report.rows, report.exact_duplicates, report.merged_ends) == (49486, 18, 120)
    assert (report.reversed_rows, report.impossible_days) == (17, 3)
    assert report.unknown_catalogues == []
    assert len({r.qid for r in table.rows}) == 33645
    levels = {(r.catalogue, r.position): r.levels for r in table.rows}
    assert levels[("Iran", "President")] == ("head-of-government",)
    assert levels[("World", "Secretary-General of the United Nations")] == ()
    assert levels[("European Union", "President of the European Commission")] == ()
    assert levels[("United States", "Secretary of State")] == ("foreign-minister",)
