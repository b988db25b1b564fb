"""The page of ``kg graph`` in a real browser: Debian's headless Chromium driven by Playwright.

Every request that is not a ``file:`` URL is blocked and recorded, so a page
that tried to load anything from the network fails here. The browser is
``/usr/bin/chromium`` (``apt-get install chromium``; ``.ci/run`` installs it);
Playwright never downloads one.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from kg.network.html import graph_page, selection_page
from kg.network.selection import select
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
    nodes = loaded.page.evaluate("kgGraph.visibleNodeIds()")
    return sorted(nodes), loaded.page.evaluate("kgGraph.shown.contacts")


def test_page_loads_offline_with_the_expected_network(bundled: Loaded) -> None:
    assert_quiet(bundled)
    nodes, contacts = visible(bundled)
    assert nodes == sorted(
        ["austin", "blinken", "lavrov", "lecornu", "macron", "putin", "ru", "shoigu", "tr", "ua"]
    )
    assert contacts == 9
    edges = bundled.page.evaluate("kgGraph.edges.get().map(e => [e.from, e.to, e.value, e.hidden])")
    assert len(edges) == 8
    assert ["lecornu", "shoigu", 2, False] in edges
    assert ["macron", "putin", 3, False] in edges
    labels = bundled.page.evaluate("kgGraph.nodes.get('lecornu').label")
    assert labels == "Sébastien Lecornu"
    legend = bundled.page.inner_text("#kg-legend")
    assert "France (2)" in legend and "disputed" in legend


def test_filters_change_what_is_shown(bundled: Loaded) -> None:
    page = bundled.page
    page.fill("#kg-from", "2023-01-01")
    page.dispatch_event("#kg-from", "change")
    assert visible(bundled) == (["austin", "blinken", "lavrov", "lecornu", "shoigu"], 3)
    assert page.inner_text("#kg-status") == "5 participants and 3 contacts shown"
    page.click("#kg-reset")
    assert visible(bundled)[1] == 9
    page.uncheck("input[data-type=phone-call]")
    assert visible(bundled) == (["macron", "ru", "tr", "ua"], 2)
    assert_quiet(bundled)


def test_find_a_person_by_name(bundled: Loaded) -> None:
    page = bundled.page
    page.fill("#kg-find", "shoigu")
    page.press("#kg-find", "Enter")
    assert page.evaluate("kgGraph.network.getSelectedNodes()") == ["shoigu"]
    assert page.inner_text("#kg-status") == "Found Sergei Shoigu"
    page.fill("#kg-find", "Sebastien LECORNU")
    page.click("#kg-find-button")
    assert page.evaluate("kgGraph.network.getSelectedNodes()") == ["lecornu"]


def hover(loaded: Loaded, script: str) -> str:
    """Move the mouse to the canvas point ``script`` returns; the tooltip's text."""
    page = loaded.page
    point = page.evaluate(
        "(() => { const p = " + script + "; const d = kgGraph.network.canvasToDOM(p);"
        " const r = document.getElementById('kg-network').getBoundingClientRect();"
        " return [r.left + d.x, r.top + d.y]; })()"
    )
    page.mouse.move(5, 5)
    page.mouse.move(point[0], point[1], steps=4)
    tooltip = page.wait_for_selector("div.vis-tooltip", state="visible", timeout=5_000)
    assert tooltip is not None
    assert tooltip.evaluate("t => t.querySelectorAll('img, script, svg, a, iframe').length") == 0
    return str(tooltip.inner_text())


def test_hostile_labels_stay_text(browser: Any, tmp_path: Path) -> None:
    store = open_store(tmp_path / "store", hostile_dataset(tmp_path))
    path = tmp_path / "hostile.html"
    page = graph_page(select(store).project(store), title=HOSTILE_PERSON)
    path.write_text(page.html, encoding="utf-8")
    loaded = open_page(browser, path)
    page = loaded.page
    assert page.inner_text("#kg-title") == HOSTILE_PERSON
    assert HOSTILE_COUNTRY in page.inner_text("#kg-legend")
    node_tip = hover(loaded, "kgGraph.network.getPositions(['eve']).eve")
    assert HOSTILE_PERSON in node_tip and HOSTILE_COUNTRY in node_tip
    edge_tip = hover(
        loaded,
        "(() => { const p = kgGraph.network.getPositions(['ann', 'eve']);"
        " return {x: (p.ann.x + p.eve.x) / 2, y: (p.ann.y + p.eve.y) / 2}; })()",
    )
    assert HOSTILE_TOPIC in edge_tip and HOSTILE_SOURCE in edge_tip
    assert "⚠ disputed" not in edge_tip  # the call itself is confirmed by both sides
    assert f"⚠ {HOSTILE_TOPIC} (disputed)" in edge_tip
    page.fill("#kg-find", HOSTILE_PERSON)
    page.press("#kg-find", "Enter")
    assert page.evaluate("kgGraph.network.getSelectedNodes()") == ["eve"]
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
