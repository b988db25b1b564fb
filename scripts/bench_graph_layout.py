"""How long the page of ``kg graph`` takes to settle on a large synthetic network.

Builds a synthetic projection (default: 1,000 people in 40 countries and
3,000 contacts, fixed seed) shaped as :func:`kg.network.projection.project` returns
it, renders it with :func:`kg.network.html.graph_page`, opens the file in
Debian's headless Chromium through Playwright (every request that is not a
``file:`` URL is blocked) and times, over several runs, how long the page
takes from navigation until the layout has settled (the page sets
``body[data-kg-state=ready]`` when vis-network's stabilisation ends and
physics is switched off). Prints the median and each run.

Usage::

    python scripts/bench_graph_layout.py [--people 1000] [--contacts 3000] [--runs 3]

Needs ``pip install playwright`` and ``apt-get install chromium``
(``/usr/bin/chromium``); it never downloads a browser.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import networkx as nx  # noqa: E402

from kg.network.html import graph_page  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
TYPES = [
    ("phone-call", "phone call"),
    ("meeting", "meeting"),
    ("visit", "visit"),
    ("video-call", "video call"),
    ("multilateral-meeting", "multilateral meeting"),
]


def synthetic_graph(people: int, contacts: int, seed: int = 20240403) -> nx.MultiGraph:
    """A projection-shaped graph: ``people`` people, ``contacts`` contacts, fixed seed.

    Participation is skewed (a few people take part in many contacts), most
    contacts are bilateral, one in twenty has three to five participants, and
    one in ten is disputed.
    """
    rng = random.Random(seed)
    graph = nx.MultiGraph(start=None, end=None)
    countries = [f"Country {n:02d}" for n in range(40)]
    weights = [1.0 / (rank + 1) ** 0.8 for rank in range(people)]
    for n in range(people):
        country = countries[min(int(rng.expovariate(0.12)), len(countries) - 1)]
        graph.add_node(
            f"p{n:04d}",
            name=f"Person {n:04d}",
            kind="person",
            countries=[country],
            posts=[f"Minister {n % 17} of {country}"],
        )
    ids = list(graph.nodes)
    unused = ids[:]  # everyone takes part in at least one contact
    rng.shuffle(unused)
    for c in range(contacts):
        size = rng.randint(3, 5) if rng.random() < 0.05 else 2
        chosen: set[str] = {unused.pop()} if unused else set()
        while len(chosen) < size:
            chosen.add(rng.choices(ids, weights)[0])
        year, month, day = rng.randint(2000, 2024), rng.randint(1, 12), rng.randint(1, 28)
        precision = rng.choice(["day", "day", "month", "year"])
        date = {"day": f"{year}-{month:02d}-{day:02d}", "month": f"{year}-{month:02d}"}.get(
            precision, str(year)
        )
        earliest = {"day": date, "month": f"{date}-01"}.get(precision, f"{year}-01-01")
        latest = {"day": date, "month": f"{date}-28"}.get(precision, f"{year}-12-31")
        kind, label = rng.choice(TYPES)
        status = "disputed" if rng.random() < 0.1 else rng.choice(["confirmed", "reported"])
        attributes: dict[str, Any] = {
            "contact": f"c{c:05d}",
            "type": kind,
            "type_label": label,
            "date": date,
            "earliest": earliest,
            "latest": latest,
            "precision": precision,
            "status": status,
            "series": False,
            "topics": [
                {"id": f"t{t}", "label": f"topic {t}", "status": "reported"}
                for t in rng.sample(range(30), rng.randint(0, 2))
            ],
            "sources": [
                {"id": f"s{c}", "title": f"Report {c}", "publisher": "Wire", "published": latest}
            ],
        }
        members = sorted(chosen)
        for i, u in enumerate(members):
            for v in members[i + 1 :]:
                graph.add_edge(u, v, key=attributes["contact"], **attributes)
    return graph


def settle_seconds(path: Path, runs: int) -> list[float]:
    """Seconds from navigation to a settled layout, once per run, in a fresh page."""
    from playwright.sync_api import Route, sync_playwright

    def only_files(route: Route) -> None:
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    times: list[float] = []
    blocked: list[str] = []
    errors: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        for _ in range(runs):
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            page.route("**/*", only_files)
            began = time.perf_counter()
            page.goto(path.as_uri())
            page.wait_for_selector("body[data-kg-state=ready]", state="attached", timeout=300_000)
            times.append(time.perf_counter() - began)
            if errors or blocked:
                raise SystemExit(f"page errors {errors}, blocked requests {blocked}")
            page.close()
        browser.close()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=1000)
    parser.add_argument("--contacts", type=int, default=3000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="Also write the page to this file.")
    args = parser.parse_args()
    graph = synthetic_graph(args.people, args.contacts)
    began = time.perf_counter()
    page = graph_page(graph, title="Synthetic contacts")
    generated = time.perf_counter() - began
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.html"
        path.write_text(page.html, encoding="utf-8")
        if args.keep:
            args.keep.write_text(page.html, encoding="utf-8")
        times = settle_seconds(path, args.runs)
    print(
        f"{page.nodes} people, {page.contacts} contacts, {page.pairs} pairs; "
        f"page {len(page.html) / 1e6:.1f} MB generated in {generated:.2f} s"
    )
    print(
        f"layout settled in {statistics.median(times):.2f} s (median of {len(times)} runs: "
        + ", ".join(f"{t:.2f}" for t in times)
        + ")"
    )


if __name__ == "__main__":
    main()
