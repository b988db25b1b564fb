"""Regenerate ``docs/graph.png``: the page of ``kg graph`` on the bundled data.

Builds a store from the bundled data in a temporary folder, writes the page,
opens it in Debian's headless Chromium (``/usr/bin/chromium``, through
Playwright, every non-``file:`` request blocked), hovers over the
Lecornu–Shoigu line so its tooltip shows, and saves a screenshot.

Usage::

    python scripts/screenshot_graph.py [docs/graph.png]
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kg.network.html import selection_page  # noqa: E402
from kg.network.selection import select  # noqa: E402
from kg.store import Inputs, open_store  # noqa: E402

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
EDGE_MIDPOINT = (
    "(() => { const p = kgGraph.network.getPositions(['lecornu', 'shoigu']);"
    " const d = kgGraph.network.canvasToDOM({x: (p.lecornu.x + p.shoigu.x) / 2,"
    " y: (p.lecornu.y + p.shoigu.y) / 2});"
    " const r = document.getElementById('kg-network').getBoundingClientRect();"
    " return [r.left + d.x, r.top + d.y]; })()"
)


def main() -> None:
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "graph.png"
    from playwright.sync_api import Route, sync_playwright

    def only_files(route: Route) -> None:
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            route.abort()

    with tempfile.TemporaryDirectory() as folder:
        store = open_store(Path(folder) / "store", Inputs.default())
        page_file = Path(folder) / "contacts.html"
        page_file.write_text(
            selection_page(store, select(store)).html,
            encoding="utf-8",
        )
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS
            )
            page: Any = browser.new_page(viewport={"width": 1100, "height": 760})
            page.route("**/*", only_files)
            page.goto(page_file.as_uri())
            page.wait_for_selector("body[data-kg-state=ready]", state="attached")
            x, y = page.evaluate(EDGE_MIDPOINT)
            page.mouse.move(x, y, steps=4)
            page.wait_for_selector("div.vis-tooltip", state="visible")
            page.screenshot(path=str(target))
            browser.close()
    print(f"Wrote {target} ({target.stat().st_size // 1024} KiB)")


if __name__ == "__main__":
    main()
