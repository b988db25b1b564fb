"""ICEWS21 and ICEWS22 (temporal-knowledge-graph quads) imported whole: tests marked
``realdata`` (the files are in ``../shared``, never in the repository) and ``slow``
(about a minute: one import of both folders, shared by the tests of this module)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from kg import query
from kg.importers.context import load_context
from kg.importers.icews import IcewsStats, convert_icews, lines
from kg.importers.icews.tkg import read_tkg
from kg.paths import bundled_data_dir, bundled_ontology_dir
from kg.store import EmbeddedStore, Inputs, open_store
from kg.store.sources import save_source_lines

pytestmark = pytest.mark.realdata


def _folder(shared: Path, name: str) -> str:
    return str(shared / "data" / "icews_tkg" / name)


@pytest.fixture(scope="module")
def imported(
    shared: Path, tmp_path_factory: pytest.TempPathFactory, seed_store: Callable[[Path], Path]
) -> tuple[IcewsStats, EmbeddedStore]:
    store = seed_store(tmp_path_factory.mktemp("icews-tkg") / "store")
    inputs = Inputs.default(imports_dir=store / "imports")
    context = load_context(bundled_data_dir(), bundled_ontology_dir())
    paths = [_folder(shared, "ICEWS21"), _folder(shared, "ICEWS22")]
    conversion = convert_icews(paths, context, "icews21-22")
    save_source_lines(str(store), inputs, "icews21-22", lines(conversion))
    return conversion.stats, open_store(store, inputs)


def test_reading_icews22_alone(shared: Path) -> None:
    # 345,341 quads; t = 54 is 2022-02-24 (SOURCE.txt), day 0 from the folder's name
    found = read_tkg(_folder(shared, "ICEWS22"), "ids")
    assert (found.rows, len(found.codings), str(found.start)) == (345341, 127817, "2022-01-01")


@pytest.mark.slow
def test_exact_counts(imported: tuple[IcewsStats, EmbeddedStore]) -> None:
    stats, _ = imported
    assert (stats.rows, stats.contact_rows, stats.announced_rows) == (671695, 178341, 35843)
    assert (stats.rows_kept, stats.skipped, stats.contacts, stats.announced) == (
        176916, 37268, 34992, 12135,
    )  # fmt: skip
    assert (stats.domestic, stats.same_side) == (3280, 686)
    assert (stats.names_curated, stats.names_linked) == (26850, 0)  # no officials imported here


@pytest.mark.slow
def test_last_macron_putin_call(imported: tuple[IcewsStats, EmbeddedStore]) -> None:
    # ICEWS22 codes their call of 2022-08-19 on the 19th and the 20th
    _, store = imported
    answer = query.last_contact(store, "Macron", "Putin", source=["icews21-22"])
    assert answer.last is not None
    assert (answer.last.id, answer.last.type, answer.last.date) == (
        "icews21-22-2022-08-19-macron-putin", "phone-call", "2022-08-19/2022-08-20",
    )  # fmt: skip


@pytest.mark.slow
def test_a_late_echo_joins_the_call_it_reports(
    imported: tuple[IcewsStats, EmbeddedStore],
) -> None:
    # ICEWS22 (t = days since 2022-01-01): Consult rows from t=207 (07-27), Consult and
    # Discuss-by-telephone rows on t=209-210 (their call of 07-29), and one 2-row telephone
    # report on t=216 (08-05): a late report of that call, not a new one
    _, store = imported
    answer = query.last_contact(store, "Blinken", "Lavrov", source=["icews21-22"])
    assert answer.last is not None
    assert (answer.last.type, answer.last.date) == ("phone-call", "2022-07-27/2022-08-05")


@pytest.mark.slow
def test_icews_spellings_are_the_curated_people(
    imported: tuple[IcewsStats, EmbeddedStore],
) -> None:
    # "Tony Blinken", "Sergey Viktorovich Lavrov", "Sergey Kuzhugetovich Shoygu"
    _, store = imported
    for a, b in (("Blinken", "Lavrov"), ("Shoigu", "Austin")):
        answer = query.last_contact(store, a, b, source=["icews21-22"])
        assert answer.last is not None, (a, b)
        assert {p.id for p in answer.last.participants} == {a.lower(), b.lower()}
