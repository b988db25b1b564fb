"""How long the page of ``kg graph`` takes to settle, and whether its layout has converged.

Draws a synthetic projection (:func:`kg.network.synthetic.synthetic_network`;
default: 3,000 people, 10,000 contacts, fixed seed), renders it with
:func:`kg.network.html.graph_page`, opens the file in Debian's headless
Chromium through Playwright (every request that is not a ``file:`` URL is
blocked) and measures, over several runs:

* **settle**: seconds from navigation until the page says it is ready
  (``body[data-kg-state=ready]``: the first view is laid out, physics off);
* **converged**: once settled, physics is switched on again for
  ``--converge`` more iterations (and as many again), with vis-network's
  own stopping rule (every node slower than ``minVelocity``) switched off
  so that all of them run, and the nodes' moves are measured as a share of
  the layout's diagonal, once the new layout is slid and turned back onto
  the old one (a layout that only turned as a whole has not changed). A layout that stopped because its iteration budget
  ran out keeps moving; one that converged barely does;
* for this page, also how long opening the busiest country into its people,
  showing the busiest person's contacts and the view of the busiest people
  take.

``--store DIR`` measures instead the page that the command ``kg graph``
itself writes for the store in ``DIR`` (run as ``python -m kg graph`` with
the Python running this script, so with the ``kg`` it has installed), with
the command's own time: the Historian records shipped with the data, for
instance, give a real network rather than a synthetic one.

``--baseline COMMIT`` renders the same graph with the page of another commit
(its ``kg`` package is extracted with ``git archive`` into a temporary
folder and run in a subprocess) and measures both pages in the same browser,
alternating runs, so the ratio compares like with like.

Usage::

    python scripts/bench_graph_layout.py [--people 3000] [--contacts 10000] [--runs 3]
        [--baseline COMMIT] [--converge 1000] [--keep DIR]
    python scripts/bench_graph_layout.py --store DIR [--runs 3] [--converge 1000]

Needs ``pip install playwright`` and ``apt-get install chromium``
(``/usr/bin/chromium``); it never downloads a browser.
"""

from __future__ import annotations

import argparse
import pickle
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kg.network.html import graph_page  # noqa: E402
from kg.network.synthetic import synthetic_network  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
#: Run in the page: switch physics on for ``n`` iterations, then report how far nodes moved.
MOVES = """async (n) => {
  const net = kgGraph.network;
  const before = net.getPositions();
  const ids = Object.keys(before);
  const began = performance.now();
  const rest = net.physics.options.minVelocity;
  await new Promise((done) => {
    net.once("stabilizationIterationsDone", done);
    net.setOptions({ physics: { enabled: true, minVelocity: 1e-6 } });
    net.stabilize(n);
  });
  net.setOptions({ physics: { enabled: false, minVelocity: rest } });
  const ms = performance.now() - began;
  const after = net.getPositions();
  // Compare shapes: a layout that only turned or slid as a whole has not changed.
  const centre = (p) => {
    const cx = ids.reduce((s, id) => s + p[id].x, 0) / ids.length;
    const cy = ids.reduce((s, id) => s + p[id].y, 0) / ids.length;
    return ids.map((id) => [p[id].x - cx, p[id].y - cy]);
  };
  const a = centre(before), b = centre(after);
  let dot = 0, cross = 0;
  a.forEach((p, i) => { dot += p[0] * b[i][0] + p[1] * b[i][1]; cross += p[0] * b[i][1] - p[1] * b[i][0]; });
  const turn = Math.atan2(cross, dot), cos = Math.cos(turn), sin = Math.sin(turn);
  const back = b.map((p) => [p[0] * cos + p[1] * sin, -p[0] * sin + p[1] * cos]);
  const xs = back.map((p) => p[0]), ys = back.map((p) => p[1]);
  const diagonal = Math.hypot(Math.max(...xs) - Math.min(...xs), Math.max(...ys) - Math.min(...ys)) || 1;
  const moves = a.map((p, i) => Math.hypot(back[i][0] - p[0], back[i][1] - p[1]) / diagonal);
  moves.sort((a, b) => a - b);
  const at = (q) => moves[Math.min(moves.length - 1, Math.floor(q * moves.length))];
  return { nodes: ids.length, ms: ms, median: at(0.5), p90: at(0.9), max: moves[moves.length - 1],
           turn: turn * 180 / Math.PI };
}"""
#: Run in the new page: open the busiest country, then show the busiest person's contacts.
VIEWS = """async () => {
  const ready = () => new Promise((done) => {
    const check = () => document.body.getAttribute("data-kg-state") === "ready" ? done() : setTimeout(check, 10);
    setTimeout(check, 0);
  });
  const groups = kgGraph.visibleNodeIds().map((id) => kgGraph.node(id)).filter((n) => n.kind === "group");
  groups.sort((a, b) => b.count - a.count);
  let began = performance.now();
  kgGraph.expandCountry(groups[0].label);
  await ready();
  const expand = performance.now() - began;
  const opened = kgGraph.visibleNodeIds().length;
  const persons = kgGraph.visibleNodeIds().map((id) => kgGraph.node(id)).filter((n) => n.kind === "person");
  persons.sort((a, b) => b.count - a.count);
  began = performance.now();
  kgGraph.find(persons[0].label);
  await ready();
  const person = performance.now() - began;
  const counterparts = kgGraph.visibleNodeIds().length - 1;
  began = performance.now();
  kgGraph.go({ kind: "people" });
  await ready();
  return { expand: expand, opened: opened, person: person, counterparts: counterparts,
           people: performance.now() - began, busiest: kgGraph.visibleNodeIds().length };
}"""
OLD_PAGE = """
import pickle, sys
sys.path.insert(0, sys.argv[1])
from kg.network.html import graph_page
with open(sys.argv[2], "rb") as handle:
    graph = pickle.load(handle)
page = graph_page(graph, title="Synthetic contacts")
with open(sys.argv[3], "w", encoding="utf-8") as handle:
    handle.write(page.html)
"""


def baseline_page(commit: str, graph: Any, folder: Path) -> Path:
    """The page ``commit``'s ``kg`` writes for ``graph`` (written into ``folder``)."""
    code = folder / "code"
    code.mkdir()
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", commit, "kg"], check=True, capture_output=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(code)], input=archive, check=True)
    pickled = folder / "graph.pickle"
    pickled.write_bytes(pickle.dumps(graph))
    target = folder / "baseline.html"
    subprocess.run(
        [sys.executable, "-c", OLD_PAGE, str(code), str(pickled), str(target)], check=True
    )
    return target


def command_page(store: Path, target: Path) -> None:
    """Run ``kg graph`` on ``store`` (built first, untimed), writing ``target``."""
    import os

    env = {**os.environ, "KG_STORE": str(store)}
    kg = [sys.executable, "-m", "kg"]
    subprocess.run([*kg, "build"], env=env, check=True, capture_output=True, cwd="/")
    began = time.perf_counter()
    done = subprocess.run(
        [*kg, "graph", "--output", str(target)], env=env, capture_output=True, text=True, cwd="/"
    )
    if done.returncode != 0:
        raise SystemExit(f"kg graph failed: {done.stderr}")
    took = time.perf_counter() - began
    size = target.stat().st_size
    print(f"kg graph on {store}: {took:.2f} s, page {size / 1e6:.1f} MB; {done.stdout.strip()}")


def measure(browser: Any, path: Path, converge: int, views: bool) -> dict[str, Any]:
    """Open ``path`` in a fresh page: its settle time, and the rest as asked."""

    def only_files(route: Any) -> None:
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    blocked: list[str] = []
    errors: list[str] = []
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.route("**/*", only_files)
    began = time.perf_counter()
    page.goto(path.as_uri(), wait_until="commit")
    page.wait_for_selector("body[data-kg-state=ready]", state="attached", timeout=600_000)
    result: dict[str, Any] = {"settle": time.perf_counter() - began}
    if converge:
        result["moves"] = [page.evaluate(MOVES, converge), page.evaluate(MOVES, converge)]
    if views:
        result["views"] = page.evaluate(VIEWS)
    if errors or blocked:
        raise SystemExit(f"page errors {errors}, blocked requests {blocked}")
    page.close()
    return result


def moves_text(moves: dict[str, Any], iterations: int) -> str:
    return (
        f"+{iterations} iterations ({moves['ms'] / 1000:.1f} s): nodes moved "
        f"median {100 * moves['median']:.2f}%, 90th percentile {100 * moves['p90']:.2f}%, "
        f"max {100 * moves['max']:.1f}% of the layout's diagonal "
        f"(the whole turned {moves['turn']:.0f}°, not counted)"
    )


def report(name: str, runs: list[dict[str, Any]], converge: int) -> float:
    times = [r["settle"] for r in runs]
    median = statistics.median(times)
    print(
        f"{name}: settled in {median:.2f} s (median of {len(times)} runs: "
        + ", ".join(f"{t:.2f}" for t in times)
        + ")"
    )
    for run in runs:
        if "moves" in run:
            first, second = run["moves"]
            print(f"  {name} after settling, {moves_text(first, converge)}")
            print(f"  {name} then, {moves_text(second, converge)}")
            break
    for run in runs:
        if "views" in run:
            v = run["views"]
            print(
                f"  opening the busiest country ({v['opened']} nodes): {v['expand'] / 1000:.2f} s; "
                f"the busiest person's contacts ({v['counterparts']} counterparts): "
                f"{v['person'] / 1000:.2f} s; the {v['busiest']} busiest people: "
                f"{v['people'] / 1000:.2f} s"
            )
            break
    return median


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--people", type=int, default=3000)
    parser.add_argument("--contacts", type=int, default=10000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--baseline", metavar="COMMIT", help="Also measure this commit's page.")
    parser.add_argument(
        "--converge", type=int, default=1000, metavar="N", help="Iterations to test convergence."
    )
    parser.add_argument("--keep", type=Path, help="Also write the pages into this folder.")
    parser.add_argument("--store", type=Path, help="Measure `kg graph` on this store instead.")
    args = parser.parse_args()
    if args.store and args.baseline:
        parser.error("--baseline compares pages of one synthetic graph: not with --store")
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        pages = {"this page": folder / "page.html"}
        if args.store:
            command_page(args.store, pages["this page"])
        else:
            graph = synthetic_network(args.people, args.contacts)
            began = time.perf_counter()
            page = graph_page(graph, title="Synthetic contacts")
            generated = time.perf_counter() - began
            print(
                f"{page.nodes} participants, {page.contacts} contacts, {page.pairs} pairs; "
                f"page {len(page.html) / 1e6:.1f} MB generated in {generated:.2f} s"
            )
            pages["this page"].write_text(page.html, encoding="utf-8")
        if args.baseline:
            pages[f"page of {args.baseline}"] = baseline_page(args.baseline, graph, folder)
            size = pages[f"page of {args.baseline}"].stat().st_size
            print(f"page of {args.baseline}: {size / 1e6:.1f} MB")
        if args.keep:
            args.keep.mkdir(parents=True, exist_ok=True)
            for label, path in pages.items():
                target = args.keep / ("new.html" if label == "this page" else "baseline.html")
                target.write_bytes(path.read_bytes())
        runs: dict[str, list[dict[str, Any]]] = {label: [] for label in pages}
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
            )
            for number in range(args.runs):
                for label, path in pages.items():
                    first = number == 0
                    runs[label].append(
                        measure(
                            browser,
                            path,
                            args.converge if first else 0,
                            first and label == "this page",
                        )
                    )
            browser.close()
    medians = {label: report(label, found, args.converge) for label, found in runs.items()}
    if args.baseline:
        old = medians[f"page of {args.baseline}"]
        print(
            f"ratio: this page settles in {medians['this page'] / old:.2f} of the time of the other"
        )


if __name__ == "__main__":
    main()
