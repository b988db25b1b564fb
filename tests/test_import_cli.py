"""The `kg import` and `kg sources` commands.

The Historian import runs on the project's fixture (``tests/data/historian``) and,
marked ``realdata``, on a small copy of the real files; the ICEWS import on the
project's invented events (``tests/data/icews``).
"""

from __future__ import annotations

import gzip
import json
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from kg.cli import cli

DATA = Path(__file__).parent / "data"


def _kg(store: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--store", str(store), *args])


@dataclass(frozen=True)
class Expected:
    """What `kg import historian` reports on each dataset."""

    summary: tuple[str, ...]
    triples: int
    contacts: int
    records: int
    #: title warnings on stderr: file (under the dataset) and message
    warnings: tuple[str, ...] = ()


EXPECTED = {
    "fixture": Expected(
        (
            "Imported 'historian': 60 contacts from 62 records.",
            "  records     41 trips, 21 visits; 2 merged (1 exact duplicates, 1 near duplicates)",
            "  names       90 found: 9 curated people, 0 linked to officials, 53 identified, "
            "28 unresolved (24 people flagged for review); resolution rate 68.9%",
            "  identity    9 names (10.0%) are people with a Wikidata id; 0 splits (one "
            "Wikidata id under two ids), 0 merges (two Wikidata ids under one id)",
            "  principals  31 tenures of principal officers read",
        ),
        4910, 60, 62,
        (
            "travels/secretary-travels/rice-condoleezza.xml: trip 1468: calls Sergei Lavrov "
            "'Prime Minister' on 2005-04-19, but their recorded tenure then is Russian Minister "
            "of Foreign Affairs",
            "travels/president-travels/obama-barack.xml: trip 2973: calls Vladimir Putin "
            "'Prime Minister' on 2009-07-06, but no tenure of theirs is recorded at that date",
        ),
    ),
    "real": Expected(
        (
            "Imported 'historian': 514 contacts from 517 records.",
            "  records     241 trips, 276 visits; 3 merged (2 exact duplicates, 1 near duplicates)",
            "  names       588 found: 11 curated people, 0 linked to officials, 573 identified, "
            "4 unresolved (2 people flagged for review); resolution rate 99.3%",
        ),
        33006, 514, 517,
    ),
}  # fmt: skip


@pytest.fixture(
    scope="module", params=["fixture", pytest.param("real", marks=pytest.mark.realdata)]
)
def dataset(request: pytest.FixtureRequest) -> str:
    """Which records: the project's fixture, or a copy of real files (``realdata``)."""
    return str(request.param)


@pytest.fixture(scope="module")
def subset(
    dataset: str, request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """The fixture; or Blinken's trips, the presidents list and the visits of the 2020s."""
    if dataset == "fixture":
        return DATA / "historian"
    shared: Path = request.getfixturevalue("shared")
    root = tmp_path_factory.mktemp("subset")
    for part in (
        "travels/presidents/presidents.xml",
        "travels/secretary-travels/blinken-antony-j.xml",
        "visits/data/2020.xml",
    ):
        (root / part).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(shared / "data" / part, root / part)
    return root


def test_import_query_reimport_remove(
    subset: Path,
    dataset: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    seed_store: Callable[[Path], Path],
) -> None:
    monkeypatch.delenv("KG_DATA", raising=False)
    expected = EXPECTED[dataset]
    store = seed_store(tmp_path / "store")
    first = _kg(store, "import", "historian", str(subset))
    assert first.exit_code == 0, first.output
    lines = first.stdout.splitlines()
    assert lines[: len(expected.summary)] == list(expected.summary)
    assert next(line for line in lines if line.startswith("  graph")).startswith(
        f"  graph       {expected.triples} triples in "
        "<https://w3id.org/kg-contacts/id/graph/source-historian>"
    )
    assert first.stderr == "".join(f"Warning: {subset}/{w}\n" for w in expected.warnings)
    nt = store / "imports" / "historian.nt.gz"
    zipped = nt.read_bytes()
    content = gzip.decompress(zipped)
    assert content.decode().splitlines() == sorted(content.decode().splitlines())

    answer = _kg(store, "last-contact", "Blinken", "Lecornu")
    assert answer.exit_code == 0
    assert "on 2024-04-01/2024-04-02" not in answer.stdout  # an interval: "in ..."
    assert answer.stdout.startswith(
        "Antony Blinken and Sébastien Lecornu last had contact in 2024-04-01/2024-04-02 "
        "(known to the day: between 2024-04-01 and 2024-04-02): a visit."
    )
    assert "\nSources consulted:\n- curated: " in answer.stdout
    assert "\n- historian: In-person contacts of US Presidents" in answer.stdout
    as_json = json.loads(
        _kg(store, "last-contact", "Blinken", "Lecornu", "--format", "json").stdout
    )
    assert [s["name"] for s in as_json["consulted"]] == ["curated", "historian"]
    only_curated = _kg(store, "last-contact", "Blinken", "Lecornu", "--source", "curated")
    assert only_curated.exit_code == 1
    assert only_curated.stdout.startswith(
        "No recorded contact between Antony Blinken and Sébastien Lecornu."
    )

    listed = json.loads(_kg(store, "sources", "--format", "json").stdout)
    assert [(s["name"], s["contacts"], s["records"]) for s in listed] == [
        ("curated", 9, None),
        ("historian", expected.contacts, expected.records),
    ]

    again = _kg(store, "import", "historian", str(subset))
    assert again.exit_code == 0
    assert "unchanged" in again.stdout
    assert nt.read_bytes() == zipped

    removed = _kg(store, "import", "--remove", "historian")
    assert removed.exit_code == 0, removed.output
    assert not nt.exists()
    listed = json.loads(_kg(store, "sources", "--format", "json").stdout)
    assert [s["name"] for s in listed] == ["curated"]


def test_malformed_record_stops_before_writing(subset: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad"
    shutil.copytree(subset, bad)
    trips = bad / "travels" / "secretary-travels" / "blinken-antony-j.xml"
    text = trips.read_text(encoding="utf-8")
    marker = "<id>4226</id>"
    assert marker in text
    head, tail = text.split(marker, 1)
    trips.write_text(
        head
        + marker
        + tail.replace("<end-date>2024-04-02</end-date>", "<end-date>2024-03-31</end-date>", 1),
        encoding="utf-8",
    )
    store = tmp_path / "store"
    result = _kg(store, "import", "historian", str(bad))
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: 1 problem in the data; nothing was built and the previous store was kept:\n"
        f"  {trips}: record '4226': trip: ends (2024-03-31) before it starts (2024-04-01)\n"
    )
    assert not (store / "imports" / "historian.nt.gz").exists()


def test_import_icews_invented_events(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed_store: Callable[[Path], Path]
) -> None:
    monkeypatch.delenv("KG_DATA", raising=False)
    store = seed_store(tmp_path / "store")
    events = DATA / "icews" / "events.invented.tab"
    first = _kg(store, "import", "icews", str(events))
    assert first.exit_code == 0, first.output
    lines = first.stdout.splitlines()
    assert lines[:4] == [
        "Imported 'icews': 6 contacts from 26 records.",
        "  rows        19 contact codings kept, 4 left out (no side or domestic); 9 reports "
        "cited; 1 announced meetings",
        "  names       38 found: 22 curated people, 0 linked to officials, 15 identified, "
        "1 unresolved (1 people flagged for review); resolution rate 97.4%",
        "  identity    22 names (57.9%) are people with a Wikidata id",
    ]
    assert lines[4].startswith(
        "  graph       382 triples in <https://w3id.org/kg-contacts/id/graph/source-icews>"
    )
    assert first.stderr == ""

    answer = _kg(store, "last-contact", "Lecornu", "Brekke")
    assert answer.exit_code == 0
    assert answer.stdout.splitlines()[:4] == [
        "Sébastien Lecornu and Halvard Brekke last had contact on 2023-11-15 (known to the "
        "day): a visit.",
        "  who         Halvard Brekke (Norway, visitor), Sébastien Lecornu (French Minister of the Armed "
        "Forces, host)",
        "  note        5 coded rows (CAMEO 040, 042, 043) in 2 stories collapsed into one contact.",
        "  status      confirmed, according to Daily Harbour Gazette, Northern Wire Service",
    ]
    announced_only = _kg(store, "last-contact", "Lavrov", "Blinken", "--source", "icews")
    assert announced_only.exit_code == 1
    assert announced_only.stdout.startswith(
        "No recorded contact between Sergei Lavrov and Antony Blinken."
    )

    listed = json.loads(_kg(store, "sources", "--format", "json").stdout)
    assert [(s["name"], s["contacts"], s["records"], s["dates"]) for s in listed] == [
        ("curated", 9, None, None),
        ("icews", 6, 26, "2023-11-14/2023-11-15"),
    ]
    again = _kg(store, "import", "icews", str(events))
    assert again.exit_code == 0
    assert "  unchanged   the source was already imported with the same content" in again.stdout


def test_malformed_xml_names_file_and_line(tmp_path: Path) -> None:
    broken = tmp_path / "trips.xml"
    broken.write_text("<trips>\n  <trip>\n</trips>\n", encoding="utf-8")
    result = _kg(tmp_path / "store", "import", "historian", str(broken))
    assert result.exit_code == 1
    assert f"{broken}:3: not well-formed XML" in result.stderr


def test_icews_file_without_its_columns(tmp_path: Path) -> None:
    events = tmp_path / "events.tab"
    events.write_text("a\tb\n1\t2\n", encoding="utf-8")
    result = _kg(tmp_path / "store", "import", "icews", str(events))
    assert result.exit_code == 2  # bad input: one line naming the file and line
    assert result.stderr == (
        f"Error: {events}:1: not an ICEWS file: neither the Dataverse event columns (Event ID, "
        "..., CAMEO Code) nor quads subject<TAB>relation<TAB>object<TAB>YYYY-MM-DD "
        "(nothing was imported)\n"
    )


def test_unknown_source_names(run: Callable[..., Result]) -> None:
    removed = run("import", "--remove", "nosuch")
    assert removed.exit_code == 2
    assert removed.stderr == "Error: no imported source 'nosuch' (imported sources: none)\n"
    asked = run("last-contact", "Lecornu", "Shoigu", "--source", "nosuch")
    assert asked.exit_code == 2
    assert asked.stderr == "Error: no source called 'nosuch'; the sources are: curated\n"


def test_sources_lists_the_curated_data(run: Callable[..., Result]) -> None:
    result = run("sources", "--format", "csv")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == "name,title,contacts,records,dates,coverage"
    assert result.stdout.splitlines()[1].startswith("curated,Curated records,9,,,")
