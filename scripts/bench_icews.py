#!/usr/bin/env python3
"""ICEWS at the scale of the real files: kg's import against pyoxigraph's bulk load.

In one run, each step a child process of the same Python, one after the other:

1. (untimed) ``kg build`` of a new store from the bundled data, so the curated
   graphs are checked once, as any first command leaves them;
2. ``kg import icews PATH... --name NAME`` into that store: read, group, write
   ``imports/NAME.nt``, rebuild the store (every graph bulk-loaded, the name
   index and the counts saved). Wall and CPU seconds (user + system, all
   threads), peak RSS;
3. pyoxigraph's ``Store.bulk_load`` of the very files that store was built from
   (ontology, curated records and the import's N-Triples) into a new on-disk
   store, into the same named graphs as kg; then the same into the default
   graph. Wall and CPU seconds, peak RSS;
4. ``kg last-contact A B --source NAME --format json`` on the resulting store for
   a few pairs: 5 runs each as a new process (the cold command a user types),
   median wall; and ``kg.query.last_contact`` in one warm process, median of 5.

Writes WORK/results.json and prints the figures as a Markdown table.

Usage:
    python scripts/bench_icews.py --work /tmp/kg-icews ../shared/data/icews_tkg/ICEWS21 \\
        ../shared/data/icews_tkg/ICEWS22 --name icews21-22
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAIRS = [
    ("Macron", "Putin"),
    ("Lavrov", "Wang Yi"),
    ("Erdoğan", "Putin"),
    ("Blinken", "Lavrov"),
    ("Russia", "Ukraine"),
    ("Scholz", "Zelensky"),
]


def _child(step: str, *args: str) -> dict[str, float]:
    """Run ``step`` in a new process; its wall and CPU seconds and peak RSS (MB)."""
    out = subprocess.run(
        [sys.executable, __file__, "--child", step, *args],
        check=True,
        capture_output=True,
        text=True,
    )
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def _measured(work: object) -> dict[str, float]:
    start, cpu0 = time.perf_counter(), resource.getrusage(resource.RUSAGE_SELF)
    assert callable(work)
    work()
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return {
        "wall": round(time.perf_counter() - start, 2),
        "cpu": round(usage.ru_utime + usage.ru_stime - cpu0.ru_utime - cpu0.ru_stime, 2),
        "rss_mb": round(usage.ru_maxrss / 1024),
    }


def child(step: str, args: list[str]) -> None:
    """One measured step, printing its figures as JSON."""
    sys.path.insert(0, str(ROOT))
    if step == "import":
        store, name, *paths = args
        from kg.cli import cli

        def work() -> None:
            cli.main(["--store", store, "import", "icews", *paths, "--name", name],
                     standalone_mode=False)  # fmt: skip

        print(json.dumps(_measured(work)))
    elif step in ("bulk-named", "bulk-default"):
        target, *pairs = args
        import pyoxigraph as ox

        def load() -> None:
            database = ox.Store(target)
            for path, graph in zip(pairs[::2], pairs[1::2], strict=True):
                into = {"to_graph": ox.NamedNode(graph)} if step == "bulk-named" else {}
                database.bulk_load(path=path, format=ox.RdfFormat.N_TRIPLES, **into)
            database.flush()

        print(json.dumps(_measured(load)))
    elif step == "warm":
        store, name = args
        from kg import query
        from kg.store import Inputs, open_store

        database = open_store(store, Inputs.default(imports_dir=Path(store) / "imports"))
        index = query.name_index(database)
        found: dict[str, object] = {}
        for a, b in PAIRS:
            times = []
            for _ in range(6):
                start = time.perf_counter()
                answer = query.last_contact(database, a, b, index=index, source=[name])
                times.append(time.perf_counter() - start)
            found[f"{a}|{b}"] = round(statistics.median(times[1:]) * 1000, 1)
            found[f"{a}|{b} answer"] = answer.last.id if answer.last else "none"
        print(json.dumps(found))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("paths", nargs="*")
    parser.add_argument("--work", type=Path, default=Path("/tmp/kg-icews-bench"))
    parser.add_argument("--name", default="icews21-22")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    options, rest = parser.parse_known_args()
    if options.child:
        child(options.child, options.paths + rest)
        return 0
    work: Path = options.work
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    store = work / "store"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    subprocess.run([sys.executable, "-m", "kg", "--store", str(store), "build"],
                   check=True, capture_output=True, env=env)  # fmt: skip
    results: dict[str, object] = {
        "machine": f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"{platform.system()} {platform.release()}, Python {platform.python_version()}",
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "command": " ".join(sys.argv),
    }
    results["import"] = _child("import", str(store), options.name, *options.paths)
    current = json.loads((store / "CURRENT").read_text())
    curated = next((store / "curated").iterdir())
    from_graphs = [
        str(curated / "ontology.nt"), "https://w3id.org/kg-contacts/id/graph/ontology",
        str(curated / "curated.nt"), "https://w3id.org/kg-contacts/id/graph/curated",
        str(store / "imports" / f"{options.name}.nt"),
        f"https://w3id.org/kg-contacts/id/graph/source-{options.name}",
    ]  # fmt: skip
    for layout in ("named", "default"):
        target = work / f"bulk-{layout}"
        results[f"bulk_{layout}"] = _child(f"bulk-{layout}", str(target), *from_graphs)
        shutil.rmtree(target, ignore_errors=True)
    results["triples"] = current["triples"]
    results["import_triples"] = sum(1 for _ in open(from_graphs[4], "rb"))
    cold: dict[str, float] = {}
    for a, b in PAIRS:
        times = []
        for _ in range(5):
            start = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "kg", "--store", str(store), "last-contact", a, b,
                 "--source", options.name, "--format", "json"],
                capture_output=True, env=env,
            )  # fmt: skip
            times.append(time.perf_counter() - start)
        cold[f"{a}|{b}"] = round(statistics.median(times) * 1000)
    results["last_contact_cold_ms"] = cold
    results["last_contact_warm_ms"] = _child("warm", str(store), options.name)
    (work / "results.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
    imp, named, default = results["import"], results["bulk_named"], results["bulk_default"]
    assert isinstance(imp, dict) and isinstance(named, dict) and isinstance(default, dict)
    print(json.dumps(results, indent=2))
    print()
    print(
        "| measure | kg import | pyoxigraph bulk load (named graphs) | ratio | (default graph) | ratio |"
    )
    print("|---|---|---|---|---|---|")
    for key, unit in (("wall", "s"), ("cpu", "s"), ("rss_mb", "MB")):
        print(
            f"| {key} | {imp[key]} {unit} | {named[key]} {unit} | "
            f"{imp[key] / named[key]:.2f}× | {default[key]} {unit} | {imp[key] / default[key]:.2f}× |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
