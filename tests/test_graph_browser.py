"""The page of ``kg graph`` in a real browser: Debian's headless Chromium driven by Playwright.

Every request that is not a ``file:`` URL is blocked and recorded, so a page
that tried to load anything from the network fails here. The browser is
``/usr/bin/chromium`` (``apt-get install chromium``; ``.ci/run`` installs it);
Playwright never downloads one.
"""

from __future__ import annotations

import struct
import time
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from kg.network.html import graph_page, selection_page
from kg.network.selection import select
from kg.network.synthetic import synthetic_network
from kg.store import EmbeddedStore, open_store
from tests.conftest import CHROMIUM
from tests.test_graph_html import (
    HOSTILE_COUNTRY,
    HOSTILE_PERSON,
    HOSTILE_SOURCE,
    HOSTILE_TOPIC,
    hostile_dataset,
)

pytestmark = pytest.mark.browser

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@dataclass
class Loaded:
    """A page opened from a file, with everything it tried to do."""

    page: Any
    url: str
    requests: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


def open_page(browser: Any, path: Path) -> Loaded:
    page = browser.new_page(viewport={"width": 1200, "height": 800})
    loaded = Loaded(page, path.as_uri())

    def only_files(route: Any) -> None:
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            loaded.blocked.append(route.request.url)
            route.abort()

    def on_dialog(dialog: Any) -> None:
        loaded.dialogs.append(dialog.message)
        dialog.dismiss()

    page.route("**/*", only_files)
    page.on("request", lambda request: loaded.requests.append(request.url))
    page.on("pageerror", lambda exc: loaded.errors.append(str(exc)))
    page.on(
        "console",
        lambda message: (
            loaded.console_errors.append(message.text) if message.type == "error" else None
        ),
    )
    page.on("dialog", on_dialog)
    page.goto(loaded.url)
    page.wait_for_selector("body[data-kg-state=ready]", state="attached", timeout=60_000)
    return loaded


def assert_quiet(loaded: Loaded) -> None:
    """Nothing but the file itself requested; no error, no console error, no dialog."""
    assert loaded.requests == [loaded.url]
    assert loaded.blocked == []
    assert loaded.errors == []
    assert loaded.console_errors == []  # a Content-Security-Policy violation would show here
    assert loaded.dialogs == []


@pytest.fixture(scope="module")
def bundled_file(store: EmbeddedStore, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("graph") / "contacts.html"
    page = selection_page(store, select(store))
    path.write_text(page.html, encoding="utf-8")
    return path


@pytest.fixture
def bundled(browser: Any, bundled_file: Path) -> Iterator[Loaded]:
    loaded = open_page(browser, bundled_file)
    yield loaded
    loaded.page.close()


def visible(loaded: Loaded) -> tuple[list[str], int]:
    """Ids of the nodes shown and the number of contacts shown."""
    loaded.page.wait_for_selector("body[data-kg-state=ready]", state="attached")
    nodes = loaded.page.evaluate("kgGraph.visibleNodeIds()")
    return sorted(nodes), loaded.page.evaluate("kgGraph.shown.contacts")


def test_page_loads_offline_with_the_expected_network(bundled: Loaded) -> None:
    assert_quiet(bundled)
    assert bundled.page.evaluate("kgGraph.view().kind") == "people"  # a small network: its people
    nodes, contacts = visible(bundled)
    assert nodes == sorted(
        ["austin", "blinken", "lavrov", "lecornu", "macron", "putin", "ru", "shoigu", "tr", "ua"]
    )
    assert contacts == 9
    edges = bundled.page.evaluate("kgGraph.edgeList()")
    assert len(edges) == 8
    assert ["lecornu", "shoigu", 2] in edges
    assert ["macron", "putin", 3] in edges
    labels = {label["id"]: label["text"] for label in bundled.page.evaluate("kgGraph.labels()")}
    assert labels["lecornu"] == "Sébastien Lecornu" and len(labels) == 10
    legend = bundled.page.inner_text("#kg-legend")
    assert "France (2)" in legend and "disputed" in legend


def open_drop(page: Any, name: str) -> None:
    """Open the drop-down of filter values called ``name`` (Types, Status, Sources)."""
    summary = page.locator("summary", has_text=name)
    if summary.locator("xpath=..").get_attribute("open") is None:
        summary.click()


def test_filters_change_what_is_shown(bundled: Loaded) -> None:
    page = bundled.page
    page.fill("#kg-from", "2023")
    page.press("#kg-from", "Enter")
    assert visible(bundled) == (["austin", "blinken", "lavrov", "lecornu", "shoigu"], 3)
    assert page.inner_text("#kg-status") == "5 participants and 3 contacts shown"
    assert "France (1)" in page.inner_text("#kg-legend")  # the legend follows
    page.fill("#kg-from", "2023-13")
    page.press("#kg-from", "Enter")
    assert "is not a date" in page.inner_text("#kg-status")
    page.click("#kg-reset")
    assert visible(bundled)[1] == 9
    open_drop(page, "Types")
    page.uncheck("input[data-type=phone-call]")
    assert visible(bundled) == (["macron", "ru", "tr", "ua"], 2)
    assert page.inner_text("#kg-types-state") == "2 of 3"
    assert_quiet(bundled)


def test_find_a_person_by_name(bundled: Loaded) -> None:
    page = bundled.page
    page.fill("#kg-find", "shoigu")
    page.press("#kg-find", "Enter")
    page.wait_for_selector("body[data-kg-state=ready]", state="attached")
    focused = page.evaluate("kgGraph.focused()")
    assert focused["id"] == "shoigu"
    assert focused["nodes"] == ["austin", "lecornu", "shoigu"]  # them and their counterparts
    assert page.inner_text("#kg-status") == "Found Sergei Shoigu"
    assert page.inner_text("#kg-panel h2") == "Sergei Shoigu"
    page.fill("#kg-find", "Sebastien LECORNU")
    page.click("#kg-find-button")
    assert page.evaluate("kgGraph.focused().id") == "lecornu"


def dom_point(loaded: Loaded, script: str) -> tuple[float, float]:
    """The page coordinates of the canvas point ``script`` returns."""
    x, y = loaded.page.evaluate(
        "(() => { const p = " + script + "; const d = kgGraph.network.canvasToDOM(p);"
        " const r = document.getElementById('kg-network').getBoundingClientRect();"
        " return [r.left + d.x, r.top + d.y]; })()"
    )
    return float(x), float(y)


def node_point(loaded: Loaded, node: str) -> tuple[float, float]:
    return dom_point(loaded, f"kgGraph.network.getPositions([{node!r}])[{node!r}]")


def midpoint(loaded: Loaded, a: str, b: str) -> tuple[float, float]:
    return dom_point(
        loaded,
        f"(() => {{ const p = kgGraph.network.getPositions([{a!r}, {b!r}]);"
        f" return {{x: (p[{a!r}].x + p[{b!r}].x) / 2, y: (p[{a!r}].y + p[{b!r}].y) / 2}}; }})()",
    )


def on_line(loaded: Loaded, a: str, b: str) -> tuple[float, float]:
    """A point of the line between ``a`` and ``b`` where no other node or line is nearer."""
    found = loaded.page.evaluate(
        """([a, b]) => {
          const net = kgGraph.network, p = net.getPositions([a, b]);
          const box = document.getElementById('kg-network').getBoundingClientRect();
          const edge = kgGraph.edgeBetween(a, b);
          for (const t of [0.5, 0.4, 0.6, 0.3, 0.7, 0.45, 0.55, 0.35, 0.65, 0.25, 0.75]) {
            const d = net.canvasToDOM({x: p[a].x + t * (p[b].x - p[a].x), y: p[a].y + t * (p[b].y - p[a].y)});
            const hit = kgGraph.hitTest(d.x, d.y);
            if (hit && hit.type === 'edge' && hit.id === edge) { return [box.left + d.x, box.top + d.y]; }
          }
          return null;
        }""",
        [a, b],
    )
    assert found is not None, f"no point of the line {a}—{b} is clear of other nodes and lines"
    return float(found[0]), float(found[1])


def hover(loaded: Loaded, point: tuple[float, float]) -> str:
    """Move the mouse to ``point``; the hover card's text."""
    page = loaded.page
    page.mouse.move(5, 5)
    page.mouse.move(point[0], point[1], steps=4)
    card = page.wait_for_selector("#kg-hover:not([hidden])", state="visible", timeout=5_000)
    assert card is not None
    assert card.evaluate("t => t.querySelectorAll('img, script, svg, a, iframe').length") == 0
    box = card.bounding_box()
    stage = page.locator("#kg-stage").bounding_box()
    assert box is not None and stage is not None  # the card never leaves the drawing
    assert stage["x"] <= box["x"] and box["x"] + box["width"] <= stage["x"] + stage["width"] + 1
    assert stage["y"] <= box["y"] and box["y"] + box["height"] <= stage["y"] + stage["height"] + 1
    return str(card.inner_text())


def test_hostile_labels_stay_text(browser: Any, tmp_path: Path) -> None:
    store = open_store(tmp_path / "store", hostile_dataset(tmp_path))
    path = tmp_path / "hostile.html"
    page = graph_page(select(store).project(store), title=HOSTILE_PERSON)
    path.write_text(page.html, encoding="utf-8")
    loaded = open_page(browser, path)
    page = loaded.page
    assert page.inner_text("#kg-title") == HOSTILE_PERSON
    assert HOSTILE_COUNTRY in page.inner_text("#kg-legend")
    node_card = hover(loaded, node_point(loaded, "eve"))
    assert HOSTILE_PERSON in node_card and HOSTILE_COUNTRY in node_card
    edge_card = hover(loaded, midpoint(loaded, "ann", "eve"))
    assert "⚠ the contact itself" not in edge_card  # the call itself is confirmed by both sides
    assert (
        f"⚠ topic “{HOSTILE_TOPIC}” (2024-05-01): disputed: affirmed by Aland government; "
        "denied by Zland government"
    ) in edge_card
    page.mouse.click(*midpoint(loaded, "ann", "eve"))
    panel = page.inner_text("#kg-panel")
    assert HOSTILE_SOURCE in panel and HOSTILE_TOPIC in panel
    page.fill("#kg-find", HOSTILE_PERSON)
    page.press("#kg-find", "Enter")
    assert page.evaluate("kgGraph.focused().id") == "eve"
    assert page.evaluate("typeof window.__kgPwned") == "undefined"
    assert page.evaluate("document.querySelectorAll('img, svg, iframe, a').length") == 0
    assert_quiet(loaded)
    page.close()


def png_pixels(png: bytes) -> tuple[int, int, list[bytes]]:
    """Width, height and the RGB pixels of an 8-bit, non-interlaced PNG (what Chromium writes)."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    offset, idat, header = 8, b"", b""
    while offset < len(png):
        (length,) = struct.unpack(">I", png[offset : offset + 4])
        kind, body = png[offset + 4 : offset + 8], png[offset + 8 : offset + 8 + length]
        header = body if kind == b"IHDR" else header
        idat += body if kind == b"IDAT" else b""
        offset += 12 + length
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", header)
    assert (depth, interlace) == (8, 0) and colour in (2, 6)
    step = 3 if colour == 2 else 4
    raw, stride = zlib.decompress(idat), width * step
    rows: list[bytes] = []
    previous = bytearray(stride)
    for y in range(height):
        kind, line = (
            raw[y * (stride + 1)],
            bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)]),
        )
        for i in range(stride):
            left = line[i - step] if i >= step else 0
            up, corner = previous[i], previous[i - step] if i >= step else 0
            if kind == 1:
                line[i] = (line[i] + left) & 255
            elif kind == 2:
                line[i] = (line[i] + up) & 255
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 255
            elif kind == 4:
                guess = left + up - corner
                pa, pb, pc = abs(guess - left), abs(guess - up), abs(guess - corner)
                near = left if pa <= pb and pa <= pc else up if pb <= pc else corner
                line[i] = (line[i] + near) & 255
        rows.append(bytes(line))
        previous = line
    return width, height, [r[i : i + 3] for r in rows for i in range(0, stride, step)]


def test_screenshot_is_not_blank(bundled: Loaded) -> None:
    shot = bundled.page.locator("#kg-network").screenshot()
    width, height, pixels = png_pixels(shot)
    assert width > 500 and height > 300
    coloured = [p for p in pixels if p != b"\xff\xff\xff"]
    assert len(coloured) > 0.01 * len(pixels)
    assert len(set(coloured)) > 20  # nodes of several colours, lines, labels


# --- thousands of people -----------------------------------------------------------------
#
# A synthetic projection of 3,000 people and 10,000 contacts (fixed seed): the page
# must settle within 10 s, open on an overview with readable labels, open a country
# and go back, focus a person, follow every filter and name both sides of a dispute.

LARGE = {"people": 3000, "contacts": 10000}


@pytest.fixture(scope="module")
def large_graph() -> nx.MultiGraph:
    return synthetic_network(**LARGE)


@pytest.fixture(scope="module")
def large_file(large_graph: nx.MultiGraph, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("large") / "large.html"
    path.write_text(graph_page(large_graph, title="Synthetic contacts").html, encoding="utf-8")
    return path


@pytest.fixture
def large(browser: Any, large_file: Path) -> Iterator[Loaded]:
    loaded = open_page(browser, large_file)
    yield loaded
    assert_quiet(loaded)
    loaded.page.close()


def ready(loaded: Loaded) -> None:
    loaded.page.wait_for_selector("body[data-kg-state=ready]", state="attached", timeout=30_000)


def groups_by_size(loaded: Loaded) -> list[dict[str, Any]]:
    found = loaded.page.evaluate(
        "kgGraph.visibleNodeIds().map(id => kgGraph.node(id)).filter(n => n.kind === 'group')"
    )
    return sorted(found, key=lambda n: (-n["count"], n["id"]))


@pytest.mark.slow
def test_large_page_settles_within_ten_seconds(browser: Any, large_file: Path) -> None:
    page = browser.new_page(viewport={"width": 1200, "height": 800})
    began = time.perf_counter()
    page.goto(large_file.as_uri())
    page.wait_for_selector("body[data-kg-state=ready]", state="attached", timeout=60_000)
    elapsed = time.perf_counter() - began
    assert elapsed <= 10, f"the page took {elapsed:.1f} s to settle"
    assert page.evaluate("kgGraph.view().kind") == "countries"
    page.close()


@pytest.mark.slow
def test_large_overview_has_readable_labels(large: Loaded, large_graph: nx.MultiGraph) -> None:
    view = large.page.evaluate("kgGraph.view()")
    assert view["kind"] == "countries" and view["note"].endswith("countries")
    countries = {c for _, d in large_graph.nodes(data=True) for c in d["country_ids"]}
    nodes = large.page.evaluate("kgGraph.visibleNodeIds()")
    assert sorted(nodes) == sorted(f"country/{c}" for c in countries)
    labels = large.page.evaluate("kgGraph.labels()")
    assert len(labels) >= 20
    assert all(label["px"] >= 12 for label in labels)
    for i, a in enumerate(labels):  # no label covers another
        for b in labels[i + 1 :]:
            assert not (
                a["x"] < b["x"] + b["w"]
                and b["x"] < a["x"] + a["w"]
                and a["y"] < b["y"] + b["h"]
                and b["y"] < a["y"] + a["h"]
            ), (a["text"], b["text"])
    labelled = {label["id"] for label in labels}
    busiest = groups_by_size(large)[:8]
    assert {n["id"] for n in busiest} <= labelled
    texts = {label["id"]: label["text"] for label in labels}
    assert texts[busiest[0]["id"]] == f"{busiest[0]['label']} · {busiest[0]['count']:,}"


@pytest.mark.slow
def test_large_expand_a_country_and_go_back(large: Loaded, large_graph: nx.MultiGraph) -> None:
    page = large.page
    overview = sorted(page.evaluate("kgGraph.visibleNodeIds()"))
    busiest = groups_by_size(large)[0]
    page.mouse.dblclick(*node_point(large, busiest["id"]))
    ready(large)
    view = page.evaluate("kgGraph.view()")
    assert view["kind"] == "countries" and view["expanded"] == [busiest["id"]]
    country = busiest["id"].split("/", 1)[1]
    members = {
        n
        for n, d in large_graph.nodes(data=True)
        if d["country_ids"] and d["country_ids"][0] == country
    }
    shown = set(page.evaluate("kgGraph.visibleNodeIds()"))
    assert members <= shown and busiest["id"] in shown  # its people, around it
    assert "opened" in page.inner_text("#kg-trail")
    labels = {label["id"] for label in page.evaluate("kgGraph.labels()")}
    assert len(labels & members) >= 10  # the opened country's people are named
    page.click("#kg-back")
    ready(large)
    assert sorted(page.evaluate("kgGraph.visibleNodeIds()")) == overview
    assert page.evaluate("kgGraph.view().expanded") == []


@pytest.mark.slow
def test_large_focus_a_person(large: Loaded, large_graph: nx.MultiGraph) -> None:
    page = large.page
    busiest = max(large_graph.nodes, key=lambda n: (large_graph.degree(n), n))
    name = large_graph.nodes[busiest]["name"]
    page.fill("#kg-find", name)
    page.press("#kg-find", "Enter")
    ready(large)
    assert page.evaluate("kgGraph.view()")["person"] == busiest  # their contacts, around them
    focused = page.evaluate("kgGraph.focused()")
    assert focused["id"] == busiest
    counterparts = set(large_graph.neighbors(busiest)) | {busiest}
    assert set(focused["nodes"]) == counterparts
    assert page.inner_text("#kg-panel h2") == name
    mine = sorted(
        {d["contact"]: d for _, _, d in large_graph.edges(busiest, data=True)}.values(),
        key=lambda d: (d["earliest"], d["latest"], d["contact"]),
    )
    listed = page.eval_on_selector_all("#kg-panel .kg-id", "rows => rows.map(r => r.textContent)")
    assert listed == [d["contact"] for d in mine][: len(listed)]  # in time order
    assert f"{len(mine)} contacts shown" in page.inner_text("#kg-panel .kg-count")
    # Back to the overview, click a country's line to another: the rest is dimmed.
    page.click("#kg-back")
    ready(large)
    a, b = [n["id"] for n in groups_by_size(large)[:2]]
    page.mouse.click(*on_line(large, a, b))
    focused = page.evaluate("kgGraph.focused()")
    assert focused["type"] == "edge" and focused["nodes"] == sorted([a, b])
    colours = page.evaluate(
        "kgGraph.visibleNodeIds().map(id => [id, kgGraph.nodes().get(id).color.background])"
    )
    dimmed = [c for node, c in colours if node not in (a, b)]
    assert dimmed and all(c.endswith(",0.15)") for c in dimmed)
    assert page.inner_text("#kg-panel h2").count("—") == 1


def expected(graph: nx.MultiGraph, keep: Any) -> tuple[int, int]:
    """Participants and contacts of ``graph`` whose contacts pass ``keep(attributes, members)``."""
    members: dict[str, set[str]] = {}
    records: dict[str, dict[str, Any]] = {}
    for u, v, key, d in graph.edges(keys=True, data=True):
        members.setdefault(key, set()).update((u, v))
        records[key] = d
    kept = [k for k in records if keep(records[k], members[k])]
    return len({p for k in kept for p in members[k]}), len(kept)


def shown_counts(loaded: Loaded) -> tuple[int, int]:
    ready(loaded)
    shown = loaded.page.evaluate("kgGraph.shown")
    return shown["nodes"], shown["contacts"]


@pytest.mark.slow
def test_large_every_filter_changes_the_view_and_the_counts(
    large: Loaded, large_graph: nx.MultiGraph
) -> None:
    page = large.page
    total = shown_counts(large)
    assert total == expected(large_graph, lambda d, m: True)
    legend = page.inner_text("#kg-legend")
    overview = sorted(page.evaluate("kgGraph.edgeList()"))

    def check(keep: Any) -> None:
        counts = expected(large_graph, keep)
        assert shown_counts(large) == counts != total
        assert page.inner_text("#kg-status") == (
            f"{counts[0]:,} participants and {counts[1]:,} contacts shown"
        )
        assert page.inner_text("#kg-legend") != legend
        assert sorted(page.evaluate("kgGraph.edgeList()")) != overview
        page.click("#kg-reset")
        assert shown_counts(large) == total

    page.fill("#kg-from", "2010-06")
    page.fill("#kg-to", "2012")
    page.press("#kg-to", "Enter")
    check(lambda d, m: d["latest"] >= "2010-06-01" and d["earliest"] <= "2012-12-31")

    open_drop(page, "Types")
    badge = page.inner_text("label:has(input[data-type=phone-call]) .kg-count-badge")
    calls = expected(large_graph, lambda d, m: d["type"] == "phone-call")[1]
    assert badge == f"({calls:,})"
    page.uncheck("input[data-type=phone-call]")
    check(lambda d, m: d["type"] != "phone-call")

    open_drop(page, "Status")
    for status in ("confirmed", "reported"):
        page.uncheck(f"input[data-status={status}]")
    check(lambda d, m: d["status"] == "disputed")

    open_drop(page, "Sources")
    publisher = page.inner_text("label:has(input[data-publisher='0'])").rsplit("(", 1)[0].strip()
    page.uncheck("input[data-publisher='0']")
    check(lambda d, m: d["sources"][0]["publisher"] != publisher)

    country_id, country = sorted(
        {(d["country_ids"][0], d["countries"][0]) for _, d in large_graph.nodes(data=True)}
    )[3]
    page.fill("#kg-country", country)
    page.press("#kg-country", "Enter")
    assert country in page.inner_text("#kg-country-chips")
    check(lambda d, m: any(country_id in large_graph.nodes[p]["country_ids"] for p in m))


@pytest.mark.slow
def test_large_disputed_line_names_both_sides(large: Loaded, large_graph: nx.MultiGraph) -> None:
    page = large.page
    disputed = next(
        (u, v, d)
        for u, v, d in sorted(large_graph.edges(data=True), key=lambda e: e[2]["contact"])
        if d["status"] == "disputed"
        and large_graph.nodes[u]["kind"] == "person"
        and large_graph.nodes[v]["kind"] == "person"
    )
    u, v, attributes = disputed
    page.fill("#kg-find", large_graph.nodes[u]["name"])
    page.press("#kg-find", "Enter")
    ready(large)
    [occurred] = [s for s in attributes["statements"] if s["statement"] == "occurred"]
    sides = (
        f"disputed: affirmed by {occurred['affirmed_by'][0]}; denied by {occurred['denied_by'][0]}"
    )
    page.evaluate("kgGraph.select(null)")
    point = midpoint(large, u, v)
    hit = page.evaluate(
        "([x, y]) => { const r = document.getElementById('kg-network').getBoundingClientRect();"
        " return kgGraph.hitTest(x - r.left, y - r.top); }",
        list(point),
    )
    assert hit["type"] == "edge" and hit["id"] == page.evaluate(
        f"kgGraph.edgeBetween({u!r}, {v!r})"
    )  # the line under the pointer, not another
    card = hover(large, point)
    assert sides in card
    page.mouse.click(*point)
    panel = page.inner_text("#kg-panel")
    assert sides in panel and attributes["date"] in panel
