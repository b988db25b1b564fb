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
from kg.network.colours import OTHER, PALETTE, colour_slot, country_colours
from kg.network.html import app_script, graph_page, selection_page
from kg.network.selection import select
from kg.network.synthetic import synthetic_network
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


def test_people_contacts_and_who_says_what(bundled_page: str) -> None:
    data = page_data(bundled_page)
    people = data["people"]
    index = {p["id"]: number for number, p in enumerate(people)}  # type: ignore[attr-defined]
    countries = data["countries"]
    assert people[index["lecornu"]]["name"] == "Sébastien Lecornu"  # type: ignore[index]
    france = people[index["macron"]]["countries"][0]  # type: ignore[index]
    assert countries[france]["name"] == "France"  # type: ignore[index]
    assert people[index["lecornu"]]["countries"] == [france]  # type: ignore[index]
    assert (people[index["ru"]]["kind"], people[index["putin"]]["kind"]) == (  # type: ignore[index]
        "country",
        "person",
    )
    contacts = data["contacts"]
    call = [c for c in contacts if c["id"] == "lecornu-shoigu-2024-04-03"][0]  # type: ignore[attr-defined]
    assert (call["date"], call["precision"], call["status"]) == ("2024-04-03", "day", "confirmed")
    assert data["types"][call["type"]]["label"] == "phone call"  # type: ignore[index]
    assert sorted(people[p]["id"] for p in call["who"]) == ["lecornu", "shoigu"]  # type: ignore[index]
    agents = data["agents"]
    [disputed] = [s for s in call["says"] if s["status"] == "disputed"]
    assert (disputed["what"], disputed["value"]) == ("topic", "peace talks on Ukraine")
    assert [agents[a] for a in disputed["yes"]] == ["Russian Ministry of Defence"]  # type: ignore[index]
    assert [agents[a] for a in disputed["no"]] == [  # type: ignore[index]
        "a source close to Sébastien Lecornu"
    ]
    [source] = call["sources"]
    assert data["publishers"][data["sources"][source]["publisher"]] == "Agence France-Presse"  # type: ignore[index]
    # The three-party talks are one contact, with its three participants.
    talks = [c for c in contacts if c["id"] == "russia-ukraine-talks-turkey-2022"]  # type: ignore[attr-defined]
    assert [sorted(people[p]["id"] for p in t["who"]) for t in talks] == [["ru", "tr", "ua"]]  # type: ignore[index]
    # Contacts come in time order, dates as ISO text.
    assert [c["earliest"] for c in contacts] == sorted(c["earliest"] for c in contacts)  # type: ignore[attr-defined]
    assert data["range"] == {"min": "2022-01-01", "max": "2024-04-03"}


def test_a_country_keeps_its_colour_across_pages(store: EmbeddedStore) -> None:
    def colours(page: str) -> dict[str, str | None]:
        return {c["id"]: c["color"] for c in page_data(page)["countries"]}  # type: ignore[attr-defined]

    everything = colours(selection_page(store, select(store)).html)
    alone = colours(selection_page(store, select(store, people=["Lecornu"])).html)
    assert set(alone) == {"fr", "ru"}
    for country, colour in alone.items():
        assert colour == everything[country] == PALETTE[colour_slot(country)]


def test_colours_are_few_and_stable() -> None:
    weights = {f"c{n:03d}": 1000 - n for n in range(200)}
    colours = country_colours(weights)
    coloured = [c for c, colour in colours.items() if colour]
    assert len(coloured) == 12 == len({colours[c] for c in coloured})
    assert colours["c000"] == PALETTE[colour_slot("c000")]  # the heaviest always keeps its own
    for country in coloured:
        assert colours[country] == PALETTE[colour_slot(country)]
        # ... whichever other countries share the page
        assert country_colours({country: 1})[country] == colours[country]
    assert OTHER not in PALETTE and "#cf222e" not in PALETTE


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
    topics = {s["value"] for c in data["contacts"] for s in c["says"] if s["what"] == "topic"}  # type: ignore[attr-defined]
    assert topics == {HOSTILE_TOPIC}


def test_same_graph_same_bytes(store: EmbeddedStore) -> None:
    first = graph_page(select(store).project(store)).html
    second = graph_page(select(store).project(store)).html
    assert first == second


def test_synthetic_graph_makes_a_page(tmp_path: Path) -> None:
    graph = synthetic_network(people=300, contacts=900, countries=20)
    page = graph_page(graph)
    assert (page.nodes, page.contacts) == (graph.number_of_nodes(), 900)
    assert page.html == graph_page(synthetic_network(people=300, contacts=900, countries=20)).html
    data = page_data(page.html)
    statuses = {c["status"] for c in data["contacts"]}  # type: ignore[attr-defined]
    assert statuses == {"confirmed", "reported", "disputed"}


def test_the_page_script_is_one_strict_scope() -> None:
    script = app_script()
    assert script.startswith('(function () {\n"use strict";') and script.endswith("})();\n")
    for name in ("model.js", "views.js", "draw.js", "panel.js", "controls.js", "main.js"):
        assert f"// ---- {name} ----" in script
    # Data reaches the DOM through textContent only; numbers and dates ignore the locale.
    for unsafe in (".innerHTML", ".outerHTML", "insertAdjacentHTML", "document.write", "eval("):
        assert unsafe not in script
    assert "toLocale" not in script and "Intl." not in script


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
