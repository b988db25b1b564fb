"""``kg graph`` and :mod:`kg.network.html` without a browser: content, safety, determinism.

The page is checked in a real browser by ``test_graph_browser.py``; here we
check what can be read from the file itself. ``hostile_dataset`` is shared
with the browser tests: names, a country, a topic label and a source title
that carry HTML and script.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from kg.cli import cli
from kg.network.html import graph_page, layout_positions, selection_page
from kg.network.selection import select
from kg.paths import bundled_ontology_dir
from kg.store import EmbeddedStore, Inputs, open_store

#: Strings that would run or render as markup if inserted as HTML.
HOSTILE_PERSON = "<img src=x onerror=\"window.__kgPwned='person'\">Eve"
HOSTILE_COUNTRY = "<script>window.__kgPwned='country'</script>Zland"
HOSTILE_TOPIC = "<svg onload=\"window.__kgPwned='topic'\"></svg> & </script>"
HOSTILE_SOURCE = "<a href=\"javascript:window.__kgPwned='source'\">href</a>"

HOSTILE_BASE = f"""
countries:
  - {{id: aa, name: Aland}}
  - {{id: zz, name: {json.dumps(HOSTILE_COUNTRY)}}}
organisations:
  - {{id: aa-gov, name: Aland government, country: aa}}
  - {{id: zz-gov, name: Zland government, country: zz}}
  - {{id: wire, name: Wire Agency}}
posts:
  - {{id: aa-fm, name: Aland foreign minister, country: aa, level: foreign-minister}}
  - {{id: zz-fm, name: Zland foreign minister, country: zz, level: foreign-minister}}
people:
  - id: ann
    name: Ann Smith
    tenures: [{{post: aa-fm, start: 2020-01-01, source: wire-1}}]
  - id: eve
    name: {json.dumps(HOSTILE_PERSON)}
    tenures: [{{post: zz-fm, start: 2020-01-01, source: wire-1}}]
  - id: cy
    name: Cy Jones
sources:
  - {{id: wire-1, title: {json.dumps(HOSTILE_SOURCE)}, publisher: wire, published: 2024-05-02}}
"""

HOSTILE_CONTACTS = """
contacts:
  - id: ann-eve-call
    type: phone-call
    date: 2024-05-01
    participants: [ann, eve]
    claims:
      - {about: occurred, by: aa-gov, source: wire-1}
      - {about: occurred, by: zz-gov, source: wire-1}
      - {about: {topic: war-in-ukraine}, by: aa-gov, source: wire-1}
      - {about: {topic: war-in-ukraine}, stance: denies, by: zz-gov, source: wire-1}
  - id: ann-cy-meeting
    type: meeting
    date: 2022-03
    participants: [ann, cy]
    claims:
      - {about: occurred, by: aa-gov, source: wire-1}
"""


def hostile_dataset(root: Path) -> Inputs:
    """Records and an ontology copy whose labels carry markup and script."""
    data = root / "data"
    data.mkdir(parents=True)
    (data / "base.yaml").write_text(HOSTILE_BASE, encoding="utf-8")
    (data / "contacts.yaml").write_text(HOSTILE_CONTACTS, encoding="utf-8")
    ontology = root / "ontology"
    shutil.copytree(bundled_ontology_dir(), ontology)
    topics = ontology / "topics.ttl"
    text = topics.read_text(encoding="utf-8")
    label = 'skos:prefLabel "war in Ukraine"@en'
    assert label in text
    topics.write_text(text.replace(label, f"skos:prefLabel {json.dumps(HOSTILE_TOPIC)}@en"))
    return Inputs(data, ontology)


@pytest.fixture(scope="module")
def hostile_store(tmp_path_factory: pytest.TempPathFactory) -> EmbeddedStore:
    root = tmp_path_factory.mktemp("hostile")
    return open_store(root / "store", hostile_dataset(root))


@pytest.fixture(scope="module")
def bundled_page(store: EmbeddedStore) -> str:
    return selection_page(store, select(store)).html


def page_data(page: str) -> dict[str, object]:
    """The JSON block the page's script reads."""
    match = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', page, re.S)
    assert match is not None
    loaded = json.loads(match.group(1))
    assert isinstance(loaded, dict)
    return loaded


def test_page_loads_nothing_from_anywhere(bundled_page: str) -> None:
    assert re.search(r"<script[^>]*\ssrc\s*=", bundled_page, re.I) is None
    assert re.search(r"<link\b", bundled_page, re.I) is None
    assert re.search(r"@import|@font-face", bundled_page, re.I) is None
    assert re.findall(r"url\(\s*(?!['\"]?data:)", bundled_page) == []


def test_content_security_policy_allows_exactly_the_inline_scripts(bundled_page: str) -> None:
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', bundled_page)
    assert policy is not None
    assert "default-src 'none'" in policy.group(1)
    scripts = re.findall(r"<script>(.*?)</script>", bundled_page, re.S)
    assert len(scripts) == 2  # vis-network and the page's own
    for script in scripts:
        digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in policy.group(1)


def test_nodes_edges_and_tooltip_data(bundled_page: str) -> None:
    data = page_data(bundled_page)
    nodes = {n["id"]: n for n in data["nodes"]}  # type: ignore[attr-defined]
    assert nodes["lecornu"]["label"] == "Sébastien Lecornu"
    assert nodes["macron"]["value"] == 4  # three series or calls with Putin, one visit
    assert nodes["macron"]["color"] == nodes["lecornu"]["color"]  # both French
    assert nodes["macron"]["color"] != nodes["putin"]["color"]
    assert (nodes["ru"]["shape"], nodes["putin"]["shape"]) == ("diamond", "dot")
    pairs = {
        (e["from"], e["to"]): contacts
        for e, contacts in zip(data["edges"], data["edge_contacts"], strict=True)  # type: ignore[call-overload]
    }
    assert len(pairs[("lecornu", "shoigu")]) == 2
    contacts = data["contacts"]
    latest = contacts[pairs[("lecornu", "shoigu")][-1]]  # type: ignore[index]
    assert (latest["date"], latest["precision"], latest["type_label"]) == (
        "2024-04-03",
        "day",
        "phone call",
    )
    assert {"label": "peace talks on Ukraine", "status": "disputed"} in latest["topics"]
    assert latest["sources"][0]["publisher"] == "Agence France-Presse"
    # The three-party talks are one contact shared by three pairs.
    talks = [c for c in contacts if c["id"] == "russia-ukraine-talks-turkey-2022"]  # type: ignore[attr-defined]
    assert [t["participants"] for t in talks] == [["ru", "tr", "ua"]]


def test_hostile_text_is_escaped_everywhere(hostile_store: EmbeddedStore) -> None:
    page = selection_page(
        hostile_store, select(hostile_store, countries=[HOSTILE_COUNTRY]), title=HOSTILE_PERSON
    ).html
    for text in (HOSTILE_PERSON, HOSTILE_COUNTRY, HOSTILE_TOPIC, HOSTILE_SOURCE):
        assert text not in page
    assert "<img" not in page and "<svg" not in page and "javascript:" in page
    assert page.count("</script>") == 3  # only the page's own three blocks end
    assert f'<h1 id="kg-title">{HOSTILE_PERSON.replace("<", "&lt;")[:8]}' in page
    data = page_data(page)
    names = {p["name"] for p in data["people"]}  # type: ignore[attr-defined]
    assert HOSTILE_PERSON in names
    topics = {t["label"] for c in data["contacts"] for t in c["topics"]}  # type: ignore[attr-defined]
    assert topics == {HOSTILE_TOPIC}


def test_same_graph_same_bytes(store: EmbeddedStore) -> None:
    first = graph_page(select(store).project(store)).html
    second = graph_page(select(store).project(store)).html
    assert first == second


def test_layout_is_deterministic_and_separates_countries(store: EmbeddedStore) -> None:
    graph = select(store).project(store)
    positions = layout_positions(graph)
    assert positions == layout_positions(graph.copy())
    assert len(set(positions.values())) == graph.number_of_nodes()
    assert all(isinstance(c, int) for xy in positions.values() for c in xy)


@pytest.fixture
def graph_cmd(run: Callable[..., Result], tmp_path: Path) -> Callable[..., tuple[Result, Path]]:
    def invoke(*args: str) -> tuple[Result, Path]:
        output = tmp_path / "out.html"
        return run("graph", "-o", str(output), *args), output

    return invoke


def test_cli_writes_the_page(graph_cmd: Callable[..., tuple[Result, Path]]) -> None:
    result, output = graph_cmd()
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert result.stderr == f"Wrote {output}: 10 participants, 8 pairs, 9 contacts.\n"
    first = output.read_bytes()
    assert first.startswith(b"<!DOCTYPE html>")
    again, _ = graph_cmd()
    assert again.exit_code == 0 and output.read_bytes() == first


def test_cli_filters(graph_cmd: Callable[..., tuple[Result, Path]]) -> None:
    result, output = graph_cmd("--person", "Macron", "--type", "phone call", "--to", "2022-06")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert result.stderr == f"Wrote {output}: 2 participants, 1 pairs, 2 contacts.\n"
    text = output.read_text(encoding="utf-8")
    assert "people: Emmanuel Macron · types: phone-call" in text
    result, output = graph_cmd("--country", "france", "--from", "2024")
    assert result.stdout == ""
    assert result.stderr == f"Wrote {output}: 2 participants, 1 pairs, 1 contacts.\n"


@pytest.mark.parametrize(
    "args, code, message",
    [
        (("--person", "Nobody Atall"), 2, "Error: no one called 'Nobody Atall'"),
        (("--country", "Macron"), 2, "Error: 'Macron' is Emmanuel Macron, not a country"),
        (("--from", "2024-13"), 2, "Error: '2024-13' is not a valid date"),
        (("--from", "2024", "--to", "2023"), 2, "Error: the window is empty: 2024 is after 2023"),
        (("--type", "carrier-pigeon"), 2, "Error: unknown contact type 'carrier-pigeon'"),
        (("--status", "rumoured"), 2, "Error: unknown status 'rumoured'"),
        (("--from", "2025"), 1, "Error: no recorded contact matches this selection"),
    ],
)
def test_cli_errors_write_nothing(
    graph_cmd: Callable[..., tuple[Result, Path]], args: tuple[str, ...], code: int, message: str
) -> None:
    result, output = graph_cmd(*args)
    assert result.exit_code == code
    assert result.stderr.startswith(message)
    assert not output.exists()


def test_cli_unwritable_output(run: Callable[..., Result], tmp_path: Path) -> None:
    result = run("graph", "-o", str(tmp_path / "missing" / "out.html"))
    assert result.exit_code == 1
    assert "Traceback" not in result.stderr and "out.html" in result.stderr


def test_help_has_an_example() -> None:
    result = CliRunner().invoke(cli, ["graph", "--help"])
    assert result.exit_code == 0
    assert "Example" in result.stdout and "kg graph --person Macron" in result.stdout
