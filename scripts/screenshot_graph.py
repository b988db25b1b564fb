"""Regenerate the screenshots of ``kg graph`` in ``docs/``.

* ``docs/graph.png``: the page on the article's curated contacts alone, the
  Lecornu–Shoigu line selected and hovered (who affirms and who denies what
  was discussed);
* with the Office of the Historian's records (those shipped with the data, in
  a temporary store; or ``--store`` names a store where they are, or
  ``--historian`` the folder to import them from):

  - ``docs/graph-overview.png``: the first view, countries with their contacts;
  - ``docs/graph-person.png``: the busiest people, Vladimir Putin found:
    him and his counterparts highlighted, his contacts in the panel;
  - ``docs/graph-disputed.png``: Sébastien Lecornu's contacts, the line to
    Sergei Shoigu selected and hovered: both sides of the dispute.

Each page is opened in Debian's headless Chromium (``/usr/bin/chromium``,
through Playwright, every non-``file:`` request blocked).

Usage::

    python scripts/screenshot_graph.py [--store DIR | --historian DATA] [--out docs]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kg.network.html import selection_page  # noqa: E402
from kg.network.selection import select  # noqa: E402
from kg.paths import bundled_data_dir, bundled_ontology_dir  # noqa: E402
from kg.store import Inputs, locate, open_store  # noqa: E402

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
#: The page coordinates of the middle of the line between two nodes.
MIDPOINT = """([a, b]) => {
  const p = kgGraph.network.getPositions([a, b]);
  const d = kgGraph.network.canvasToDOM({x: (p[a].x + p[b].x) / 2, y: (p[a].y + p[b].y) / 2});
  const r = document.getElementById('kg-network').getBoundingClientRect();
  return [r.left + d.x, r.top + d.y];
}"""


def open_page(browser: Any, path: Path, size: tuple[int, int]) -> Any:
    def only_files(route: Any) -> None:
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            route.abort()

    page = browser.new_page(viewport={"width": size[0], "height": size[1]})
    page.route("**/*", only_files)
    page.goto(path.as_uri())
    ready(page)
    return page


def ready(page: Any) -> None:
    page.wait_for_selector("body[data-kg-state=ready]", state="attached", timeout=120_000)


def find(page: Any, name: str) -> None:
    page.fill("#kg-find", name)
    page.press("#kg-find", "Enter")
    ready(page)


def hover_line(page: Any, a: str, b: str, click: bool = False) -> None:
    x, y = page.evaluate(MIDPOINT, [a, b])
    if click:
        page.mouse.click(x, y)
    page.mouse.move(5, 5)
    page.mouse.move(x, y, steps=4)
    page.wait_for_selector("#kg-hover:not([hidden])", state="visible")


def shoot(page: Any, target: Path) -> None:
    page.screenshot(path=str(target))
    print(f"Wrote {target} ({target.stat().st_size // 1024} KiB)")


def historian_store(args: argparse.Namespace, folder: Path) -> Any:
    if args.store:
        path = Path(args.store)
    elif not args.historian:  # the records shipped with the bundled data
        return open_store(folder / "shipped-store", Inputs.default())
    else:
        path = folder / "historian-store"
        subprocess.run(
            [
                sys.executable,
                "-m",
                "kg",
                "--store",
                str(path),
                "import",
                "historian",
                args.historian,
            ],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    return open_store(path, Inputs.default(None, imports_dir=locate(str(path)).imports_dir))


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs")
    found = parser.add_mutually_exclusive_group()
    found.add_argument("--store", help="A store where the Historian records are imported.")
    found.add_argument("--historian", help="The folder to import the Historian records from.")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as name, sync_playwright() as playwright:
        folder = Path(name)
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS
        )
        article = Inputs(bundled_data_dir(), bundled_ontology_dir())  # no shipped sources
        bundled = open_store(folder / "store", article)
        page_file = folder / "contacts.html"
        page_file.write_text(selection_page(bundled, select(bundled)).html, encoding="utf-8")
        page = open_page(browser, page_file, (1100, 720))
        hover_line(page, "lecornu", "shoigu", click=True)
        shoot(page, args.out / "graph.png")
        page.close()

        store = historian_store(args, folder)
        page_file = folder / "historian.html"
        page_file.write_text(
            selection_page(
                store, select(store), title="Contacts recorded by the Office of the Historian"
            ).html,
            encoding="utf-8",
        )
        size = (1400, 860)
        page = open_page(browser, page_file, size)
        shoot(page, args.out / "graph-overview.png")
        page.close()

        page = open_page(browser, page_file, size)
        page.click("#kg-view-people")
        ready(page)
        find(page, "Vladimir Putin")
        shoot(page, args.out / "graph-person.png")
        page.close()

        page = open_page(browser, page_file, size)
        find(page, "Sébastien Lecornu")
        hover_line(page, "lecornu", "shoigu", click=True)
        shoot(page, args.out / "graph-disputed.png")
        page.close()
        browser.close()


if __name__ == "__main__":
    main()
