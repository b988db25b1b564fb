"""Importing ICEWS events in the temporal-knowledge-graph layouts (#16).

The rows are invented for the project (``tests/data/icews/ICEWS23`` and
``tests/data/icews/names``, see the README there): each group of rows
exercises one case of the grouping rule or of the actors.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from kg import query
from kg.cli import cli
from kg.importers.context import load_context
from kg.importers.icews import IcewsStats, convert_icews, detect_layout, lines
from kg.importers.icews.grouping import group_contacts
from kg.paths import bundled_data_dir, bundled_ontology_dir
from kg.query.claims import contact_claims
from kg.store import EmbeddedStore, Inputs, Iri, open_store
from kg.store.sources import save_source_lines
from kg.vocab import KG, resource_iri

DATA = Path(__file__).parent / "data" / "icews"
IDS = DATA / "ICEWS23"
NAMES = DATA / "names"
DAY = 738000  # an ordinal day, for the rule's own tests


def _import(path: Path, store: Path, source: str = "tkg") -> tuple[IcewsStats, EmbeddedStore]:
    inputs = Inputs.default(imports_dir=store / "imports")
    context = load_context(bundled_data_dir(), bundled_ontology_dir())
    conversion = convert_icews([str(path)], context, source)
    save_source_lines(str(store), inputs, source, lines(conversion))
    return conversion.stats, open_store(store, inputs)


@pytest.fixture(scope="module")
def imported(
    tmp_path_factory: pytest.TempPathFactory, seed_store: Callable[[Path], Path]
) -> tuple[IcewsStats, EmbeddedStore]:
    """The invented quads of ids, imported as the source ``tkg``."""
    return _import(IDS, seed_store(tmp_path_factory.mktemp("tkg") / "store"))


def _contacts(store: EmbeddedStore) -> list[tuple[str, str, str, str]]:
    rows = store.select(
        "SELECT ?c ?edtf ?n ?type WHERE { ?c a <https://w3id.org/kg-contacts/ns#Contact> ; "
        "<https://w3id.org/kg-contacts/ns#edtf> ?edtf ; "
        "<https://w3id.org/kg-contacts/ns#reportCount> ?n ; a ?type "
        "FILTER (?type != <https://w3id.org/kg-contacts/ns#Contact>) } ORDER BY ?c"
    )
    return [
        (r["c"].rsplit("/", 1)[1], r["edtf"], r["n"], r["type"].rsplit("#", 1)[1]) for r in rows
    ]


EXPECTED = [
    ("tkg-2023-01-10-blinken-tomasz-wrobelski", "2023-01-10", "2", "PhoneCall"),
    ("tkg-2023-01-20-halvard-breke-shoigu", "2023-01-20", "2", "PhoneCall"),
    ("tkg-2023-01-30-halvard-breke-macron", "2023-01-30/2023-02-01", "4", "NegotiationRound"),
    ("tkg-2023-02-08-halvard-breke-macron", "2023-02-08", "1", "Meeting"),
    ("tkg-2023-02-19-halvard-breke-tomasz-wrobelski", "2023-02-19", "2", "PhoneCall"),
    ("tkg-2023-02-21-halvard-breke-tomasz-wrobelski", "2023-02-21/2023-02-22", "4", "Visit"),
    ("tkg-2023-03-11-blinken-pl-head-of-government", "2023-03-11", "1", "Meeting"),
    ("tkg-2023-03-12-no-ministry-of-foreign-affairs-shoigu", "2023-03-12", "1", "Meeting"),
    ("tkg-2023-03-12-ru-ministry-foreign-affairs-halvard-breke", "2023-03-12", "1",
     "ThirdLocationMeeting"),
    ("tkg-2023-03-23-fr-no", "2023-03-23", "1", "Meeting"),
    ("tkg-2023-03-24-united-nations-tomasz-wrobelski", "2023-03-24", "1", "Meeting"),
]  # fmt: skip


def test_the_invented_rows_make_these_contacts(imported: tuple[IcewsStats, EmbeddedStore]) -> None:
    # t counts days from 2023-01-01, the folder's name (ICEWS23) giving the year
    _, store = imported
    assert _contacts(store) == EXPECTED


def test_exact_counts(imported: tuple[IcewsStats, EmbeddedStore]) -> None:
    stats, _ = imported
    assert (stats.rows, stats.contact_rows, stats.announced_rows) == (29, 25, 2)
    # 27 kept-code rows: 4 with a side left out (a citizen, the police, a region, a
    # party), 1 domestic (the French government and Macron), 22 kept
    assert (stats.rows_kept, stats.skipped, stats.domestic, stats.same_side) == (22, 5, 1, 0)
    assert dict(stats.left_out) == {
        "Citizen": 1, "Police": 1, "region": 1, "group or institution": 1,
    }  # fmt: skip
    assert (stats.contacts, stats.announced, stats.reports) == (11, 1, 20)
    assert dict(stats.offices) == {"head-of-government": 1}
    assert dict(stats.ministries) == {"foreign-minister": 2}
    # 20 kept contact rows; 3 of them between two linked sides: Norway-France, the
    # Norwegian ministry and Shoigu, the Polish head of government and Blinken
    assert (stats.contact_rows_kept, stats.rows_linked, stats.rows_resolved) == (20, 3, 20)


def test_a_call_coded_both_ways_is_one_contact(imported: tuple[IcewsStats, EmbeddedStore]) -> None:
    _, store = imported
    contact = query.contact_by_id(store, "tkg-2023-01-10-blinken-tomasz-wrobelski")
    assert [(p.id, p.role) for p in contact.participants] == [
        ("blinken", "participant"), ("tomasz-wrobelski", "participant"),
    ]  # fmt: skip
    # "Tony Blinken" is the curated Antony Blinken, with his post that day
    assert contact.participants[0].posts == ("United States Secretary of State",)


def test_two_relation_names_the_same_day_are_one_call(
    imported: tuple[IcewsStats, EmbeddedStore],
) -> None:
    # "Consult" and "Discuss by telephone", Shoygu and Brekke: a phone call; and
    # "Sergey Kuzhugetovich Shoygu" is the curated Sergei Shoigu
    _, store = imported
    contact = query.contact_by_id(store, "tkg-2023-01-20-halvard-breke-shoigu")
    assert contact.type == "phone-call"
    assert contact.note == "2 coded rows (CAMEO 040, 041) of ICEWS23 collapsed into one contact."
    assert [p.id for p in contact.participants] == ["halvard-breke", "shoigu"]


def test_echoes_join_and_a_week_later_is_a_new_contact(
    imported: tuple[IcewsStats, EmbeddedStore],
) -> None:
    # Macron and Brekke: rows on days 29, 29, 30, 31 (one contact, 2023-01-30 to 02-01,
    # typed by its most specific code, 046), then day 38 (a new one)
    _, store = imported
    answer = query.last_contact(store, "Macron", "Brekke", source=["tkg"])
    assert answer.last is not None and answer.last.date == "2023-02-08"
    assert [c.date for c in answer.possibly_later] == []
    earlier = query.contact_by_id(store, "tkg-2023-01-30-halvard-breke-macron")
    assert (earlier.date, earlier.type, earlier.precision) == (
        "2023-01-30/2023-02-01", "negotiation-round", "day",
    )  # fmt: skip


def test_a_call_and_a_visit_two_days_apart_stay_two_contacts(
    imported: tuple[IcewsStats, EmbeddedStore],
) -> None:
    # Wrobelski calls Brekke (041 and a consult, day 49); Brekke visits him (042, 043 and a
    # consult on day 51, an echo of 042 on day 52): a call and a visit, each consult with
    # the contact of its day
    _, store = imported
    call = query.contact_by_id(store, "tkg-2023-02-19-halvard-breke-tomasz-wrobelski")
    visit = query.contact_by_id(store, "tkg-2023-02-21-halvard-breke-tomasz-wrobelski")
    assert (call.type, call.date) == ("phone-call", "2023-02-19")
    assert (visit.type, visit.date) == ("visit", "2023-02-21/2023-02-22")
    assert [(p.id, p.role) for p in visit.participants] == [
        ("halvard-breke", "visitor"), ("tomasz-wrobelski", "host"),
    ]  # fmt: skip
    claims = contact_claims(store, visit.id)
    assert sorted((c.statement, c.status, c.by) for c in claims) == [
        ("occurred", "reported", "Integrated Crisis Early Warning System (ICEWS)"),
        ("visitor", "reported", "Integrated Crisis Early Warning System (ICEWS)"),
    ]


def test_intent_to_meet_is_an_announced_meeting(
    imported: tuple[IcewsStats, EmbeddedStore],
) -> None:
    _, store = imported
    node = resource_iri("announcement", "tkg-2023-03-01-macron-shoigu")
    rows = store.select(
        "SELECT ?a ?cls ?count ?n WHERE { ?a a ?cls ; ?count ?n }",
        {"a": Iri(node), "cls": Iri(KG.AnnouncedMeeting), "count": Iri(KG.reportCount)},
    )
    assert [r["n"] for r in rows] == ["2"]
    answer = query.last_contact(store, "Macron", "Shoigu", source=["tkg"])
    assert answer.last is None


def test_an_office_is_the_post_of_its_country_never_a_person(
    imported: tuple[IcewsStats, EmbeddedStore],
) -> None:
    # "Head of Government (Poland)": the post, taking part as itself
    _, store = imported
    contact = query.contact_by_id(store, "tkg-2023-03-11-blinken-pl-head-of-government")
    office = [p for p in contact.participants if p.id == "pl-head-of-government"]
    assert [(p.kind, p.name, p.country, p.posts) for p in office] == [
        ("post", "Head of Government of Poland", "Poland",
         ("Head of Government of Poland",)),
    ]  # fmt: skip
    # counted for the country, for the post and at its level
    for a in ("Poland", "Head of Government of Poland"):
        found = query.last_contact(store, a, "Blinken", source=["tkg"]).last
        assert found is not None and found.id == contact.id
    us = query.last_contact(store, "Poland", "United States", level="head-of-government")
    assert us.last is None  # Blinken is not a head of government
    minister = query.last_contact(store, "Poland", "United States", level="minister")
    assert minister.last is not None and minister.last.id == contact.id


def test_a_ministry_is_an_organisation_of_its_country(
    imported: tuple[IcewsStats, EmbeddedStore],
) -> None:
    # "Foreign Affairs (Russia)": the curated Russian Ministry of Foreign Affairs;
    # "Foreign Affairs (Norway)": a ministry of Norway made by the import
    _, store = imported
    russian = query.contact_by_id(store, "tkg-2023-03-12-ru-ministry-foreign-affairs-halvard-breke")
    assert [(p.id, p.kind, p.country) for p in russian.participants] == [
        ("halvard-breke", "person", None),
        ("ru-ministry-foreign-affairs", "organisation", "Russia"),
    ]
    found = query.last_contact(store, "Norway", "Russia", source=["tkg"]).last
    assert found is not None
    assert found.id == "tkg-2023-03-12-no-ministry-of-foreign-affairs-shoigu"


def test_the_names_layout_gives_the_same_contacts(
    tmp_path: Path, seed_store: Callable[[Path], Path]
) -> None:
    # the same rows with names and ISO dates written out
    stats, store = _import(NAMES, seed_store(tmp_path / "store"))
    assert stats.layouts == ["names"]
    assert _contacts(store) == EXPECTED


def test_layouts_are_detected() -> None:
    assert detect_layout(str(IDS)) == "ids"
    assert detect_layout(str(NAMES)) == "names"
    assert detect_layout(str(NAMES / "train.txt")) == "names"
    assert detect_layout(str(DATA / "events.invented.tab")) == "dataverse"


# -- the rule on its own ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        # both directions, one day: one contact
        ([(DAY, "041", 0), (DAY, "041", 1)], [("phone", 0, 0, [0, 1])]),
        # echoes one and two days after the last row join; a week later is new
        ([(DAY, "040", 0), (DAY + 1, "040", 1), (DAY + 3, "040", 2), (DAY + 10, "040", 3)],
         [("any", 0, 3, [0, 1, 2]), ("any", 10, 10, [3])]),
        # three days after the last row is a new contact
        ([(DAY, "040", 0), (DAY + 3, "040", 1)], [("any", 0, 0, [0]), ("any", 3, 3, [1])]),
        # daily reports make contacts of a week at most
        ([(DAY + d, "040", d) for d in range(9)],
         [("any", 0, 6, list(range(7))), ("any", 7, 8, [7, 8])]),
        # a consult joins the in-person contact on a tie
        ([(DAY, "041", 0), (DAY + 2, "042", 1), (DAY + 1, "040", 2)],
         [("phone", 0, 0, [0]), ("in-person", 1, 2, [1, 2])]),
        # a consult the day before the call joins it
        ([(DAY + 1, "041", 0), (DAY, "040", 1)], [("phone", 0, 1, [0, 1])]),
    ],
)  # fmt: skip
def test_grouping_rule(
    rows: list[tuple[int, str, int]], expected: list[tuple[str, int, int, list[int]]]
) -> None:
    found = group_contacts(rows)
    assert [(g.mode, g.first - DAY, g.last - DAY, sorted(g.refs)) for g in found] == expected


# -- bad input: one line, exit 2, nothing imported ------------------------------------------


def _kg(store: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--store", str(store), *args])


def _folder(tmp_path: Path, name: str = "ICEWS23", **files: bytes) -> Path:
    folder = tmp_path / name
    folder.mkdir()
    for file in ("entity2id.txt", "relation2id.txt", "train.txt"):
        (folder / file).write_bytes((IDS / file).read_bytes())
    for file, content in files.items():
        (folder / file.replace("_", ".")).write_bytes(content)
    return folder


@pytest.mark.parametrize(
    ("files", "name", "where", "message"),
    [
        ({"test_txt": b"0\t0\t1\n"}, "ICEWS23", "test.txt:1",
         "3 fields, not 4 (subject, relation, object, time)"),
        ({"test_txt": b"0\t0\t1\t2\n0\t0\t999\t2\n"}, "ICEWS23", "test.txt:2",
         "entity id 999 is not in entity2id.txt"),
        ({"test_txt": b"0\t77\t1\t2\n"}, "ICEWS23", "test.txt:1",
         "relation id 77 is not in relation2id.txt"),
        ({"test_txt": b"0\tx\t1\t2\n"}, "ICEWS23", "test.txt:1", "'x' is not an integer id"),
        ({"test_txt": b"0\t0\t1\t2\n\xff\xfe\t0\t1\t2\n"}, "ICEWS23", "test.txt:2",
         "not UTF-8 text (invalid start byte)"),
        ({"test_txt": b"0\t0\x00\t1\t2\n"}, "ICEWS23", "test.txt:1", "binary data, not text"),
        ({"entity2id_txt": b"Somebody\tseven\n"}, "ICEWS23", "entity2id.txt:1",
         "expected 'entity<TAB>id', got 2 fields"),
        ({}, "quads", "", "the quads count days from a start date the folder does not give "
         "(its name is not ICEWSyy): give the start date"),
    ],
)  # fmt: skip
def test_bad_quads_are_one_line_naming_file_and_line(
    tmp_path: Path, files: dict[str, bytes], name: str, where: str, message: str
) -> None:
    folder = _folder(tmp_path, name, **files)
    result = _kg(tmp_path / "store", "import", "icews", str(folder))
    assert result.exit_code == 2, result.output
    place = f"{folder}/{where}" if where else str(folder)
    assert result.stderr == f"Error: {place}: {message} (nothing was imported)\n"
    assert not (tmp_path / "store" / "imports").exists() or not list(
        (tmp_path / "store" / "imports").iterdir()
    )


def test_a_bad_date_in_the_names_layout(tmp_path: Path) -> None:
    quads = tmp_path / "quads.txt"
    quads.write_text("A_B\tConsult\tC_D\t2023-01-02\nA_B\tConsult\tC_D\t2023-13-02\n")
    result = _kg(tmp_path / "store", "import", "icews", str(quads))
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: {quads}:2: '2023-13-02' is not a date (YYYY-MM-DD) (nothing was imported)\n"
    )


def test_start_gives_day_0(tmp_path: Path, seed_store: Callable[[Path], Path]) -> None:
    folder = _folder(tmp_path, "quads")
    store = seed_store(tmp_path / "store")
    result = _kg(store, "import", "icews", str(folder), "--start", "2020-01-01", "--name", "q")
    assert result.exit_code == 0, result.output
    found = _kg(store, "last-contact", "Blinken", "Wrobelski", "--source", "q")
    assert found.stdout.startswith(
        "Antony Blinken and Tomasz Wrobelski last had contact on 2020-01-10"
    )
    bad = _kg(store, "import", "icews", str(folder), "--start", "2020-13-01")
    assert (bad.exit_code, bad.stderr) == (
        2, "Error: --start '2020-13-01' is not a date (YYYY-MM-DD)\n",
    )  # fmt: skip


def test_people_link_to_the_officials_authority(tmp_path: Path) -> None:
    """With an officials table imported first, ICEWS people are its people (Wikidata ids)."""
    store = tmp_path / "store"
    table = Path(__file__).parent / "data" / "officials" / "officials.csv"
    quads = tmp_path / "quads.txt"
    quads.write_text(
        "Xi_Jinping\tDiscuss_by_telephone\tWang_Yi\t2021-03-01\n"
        "Wang_Yi\tDiscuss_by_telephone\tXi_Jinping\t2021-03-01\n",
        encoding="utf-8",
    )

    def kg(*args: str) -> str:
        result = CliRunner().invoke(cli, ["--store", str(store), *args])
        assert result.exit_code == 0, result.output
        return result.stdout

    kg("import", "officials", str(table))
    report = kg("import", "icews", str(quads), "--name", "quads")
    assert "4 linked to officials" in report
    answer = json.loads(kg("last-contact", "Xi Jinping", "Wang Yi", "--format", "json"))
    people = {p["id"] for p in answer["last"]["participants"]}
    assert people == {"Q15031", "Q701801"}
