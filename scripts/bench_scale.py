#!/usr/bin/env python3
"""Scale benchmarks: kg against plain pyoxigraph and rdflib on the same synthetic data.

For each scale (``--contacts``, default 10,000 100,000 1,000,000), in one run:

1. generate the bulk file with ``scripts/gen_synthetic.py`` (fixed seed;
   reused if already in ``--work``), untimed;
2. **import/build**: ``kg.importers.jsonl.import_contacts`` into a fresh store where the
   bundled data was built first, as ``kg build`` or any first query does
   (untimed, reported as ``bundled_build_s``): checks, N-Triples, and the
   store's rebuild with the import, against
   (a) pyoxigraph bulk-loading the equivalent N-Triples (ontology, curated
   data and the import) into a fresh on-disk store, and (b) rdflib parsing
   them into an in-memory graph (skipped above ``--rdflib-max``: it needs
   about 12 GB at 1M contacts);
3. **last_contact latency** on sampled pairs (every contact line at a fixed
   stride gives a pair, so busy officials come up as often as they take part,
   plus the busiest official with a rarely seen partner, hub written first):
   ``kg.query.last_contact`` on the default (persistent) store, names resolved
   beforehand, against the same question asked as one plain SPARQL query
   (the pair's IRIs written into it, hub order as sampled) of pyoxigraph in
   memory and of rdflib in memory; the plain query is also timed on kg's
   on-disk store, to tell the cost of the disk from that of the full answer;
4. **peak RSS** of a process answering ``kg last-contact`` (``wait4``);
5. **cold CLI**: wall time of ``python -m kg last-contact`` on the scaled store
   against the same command on a store of the bundled data only, alternating;
6. with ``--virtuoso-port`` and at the scales in ``--virtuoso-at`` (default
   100,000): the data bulk-loaded into a private Virtuoso
   (``scripts/virtuoso.sh``) and ``last_contact`` over HTTP on the same pairs.

Every measured step runs in a child process of the same Python, so a
baseline and kg see the same machine state; results are ratios. Prints a
Markdown table and writes every number to ``WORK/results.json``.

Usage:
    python scripts/bench_scale.py --work /tmp/kg-bench [--contacts 10000 100000]
        [--virtuoso-port 18890]
(run from a checkout: the working tree's ``kg`` is put first on PYTHONPATH)
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PAIRS = 20
REPEATS = 5
CLI_RUNS = 7
TARGETS = {
    "import_vs_oxigraph": 2.0,  # at most
    "import_vs_rdflib": 5.0,  # at least (rdflib time / kg time)
    "latency_vs_oxigraph": 1.0,  # at most
    "latency_vs_rdflib": 10.0,  # at least
    "rss_mb": 600.0,  # at most, at 1M
    "cold_cli": 2.0,  # at most
}

PLAIN_QUERY = """PREFIX kg: <https://w3id.org/kg-contacts/ns#>
SELECT ?contact ?edtf ?earliest ?latest ?status WHERE {
  ?contact kg:participant <%s> ;
           kg:participant <%s> ;
           kg:edtf ?edtf ;
           kg:earliest ?earliest ;
           kg:latest ?latest ;
           kg:status ?status .
  FILTER (?status != kg:Denied)
}
ORDER BY DESC(?earliest) ASC(?latest) ?contact"""


# --- child processes ----------------------------------------------------------


def child(*args: str, env: dict[str, str] | None = None) -> tuple[float, float, str]:
    """Run ``python bench_scale.py args`` (or a command); wall seconds, peak RSS MB, stdout."""
    command = [sys.executable, __file__, *args] if args[0].startswith("_") else list(args)
    environment = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    environment.pop("KG_DATA", None)
    start = time.perf_counter()
    process = subprocess.Popen(command, env=environment, stdout=subprocess.PIPE)
    assert process.stdout is not None
    output = process.stdout.read().decode("utf-8")
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"failed ({process.returncode}): {' '.join(command)}")
    return elapsed, usage.ru_maxrss / 1024, output


def _build(store: str) -> None:
    from kg.store import Inputs, build_store

    build_store(store, Inputs.default(imports_dir=os.path.join(store, "imports")))


def _import(source: str, store: str) -> None:
    from kg.importers.jsonl import import_contacts
    from kg.store import Inputs

    inputs = Inputs.default(imports_dir=os.path.join(store, "imports"))
    result = import_contacts(source, inputs, store, "synthetic")
    print(json.dumps({"triples": result.counts.triples, "contacts": result.counts.contacts}))


def _export_base(folder: str) -> None:
    """The ontology and curated graphs as N-Triples (what a build loads besides imports)."""
    from kg.records.curated import build_graphs
    from kg.store import Inputs

    inputs = Inputs.default()
    built = build_graphs(inputs.data_dir, inputs.ontology_dir)
    built.ontology.serialize(os.path.join(folder, "ontology.nt"), format="nt", encoding="utf-8")
    built.data.serialize(os.path.join(folder, "curated.nt"), format="nt", encoding="utf-8")


def _oxigraph_load(target: str, *files: str) -> None:
    import pyoxigraph as ox

    store = ox.Store(target)
    for path in files:
        store.bulk_load(path=path, format=ox.RdfFormat.N_TRIPLES)
    store.flush()


def _timings(ask: Any, pairs: list[list[str]], repeats: int) -> dict[str, float]:
    times = []
    for a, b in pairs:
        ask(a, b)  # warm
        for _ in range(repeats):
            start = time.perf_counter()
            ask(a, b)
            times.append(time.perf_counter() - start)
    times.sort()
    return {
        "median_ms": statistics.median(times) * 1000,
        "p90_ms": times[int(0.9 * (len(times) - 1))] * 1000,
        "queries": len(times),
    }


def _latency_kg(store_dir: str, pairs_json: str, repeats: str, url: str = "") -> None:
    from kg.query import last_contact, name_index
    from kg.store import Inputs, open_store

    store = open_store(store_dir, Inputs.default(imports_dir=os.path.join(store_dir, "imports")))
    index = name_index(store)
    pairs = json.loads(pairs_json)
    entities = {i: index.resolve(i) for pair in pairs for i in pair}
    target: Any = store
    if url:
        from kg.store.remote import RemoteStore

        target = RemoteStore(url)
    found = {}

    def ask(a: str, b: str) -> None:
        answer = last_contact(target, entities[a], entities[b], index=index)
        found[f"{a} {b}"] = answer.last.id if answer.last else None

    result: dict[str, Any] = _timings(ask, pairs, int(repeats))
    result["answers"] = found
    if not url:  # the baselines' plain query, on kg's on-disk store

        def plain(a: str, b: str) -> None:
            query = PLAIN_QUERY % (entities[a].iri, entities[b].iri)
            list(store.oxigraph.query(query, use_default_graph_as_union=True))

        result["plain"] = _timings(plain, pairs, int(repeats))
    print(json.dumps(result))


def _latency_plain(engine: str, pairs_json: str, repeats: str, *files: str) -> None:
    from kg.vocab import resource_iri

    start = time.perf_counter()
    if engine == "oxigraph":
        import pyoxigraph as ox

        memory = ox.Store()
        for path in files:
            memory.bulk_load(path=path, format=ox.RdfFormat.N_TRIPLES)

        def run(query: str) -> list[str]:
            solutions = memory.query(query)
            assert isinstance(solutions, ox.QuerySolutions)
            return [s["contact"].value for s in solutions]  # type: ignore[union-attr]
    else:
        import rdflib

        graph = rdflib.Graph()
        for path in files:
            graph.parse(path, format="nt")

        def run(query: str) -> list[str]:
            return [str(row[0]) for row in graph.query(query)]  # type: ignore[index]

    loaded = time.perf_counter() - start
    found = {}

    def ask(a: str, b: str) -> None:
        rows = run(PLAIN_QUERY % (resource_iri("person", a), resource_iri("person", b)))
        found[f"{a} {b}"] = rows[0].rsplit("/", 1)[-1] if rows else None

    result: dict[str, Any] = _timings(ask, json.loads(pairs_json), int(repeats))
    result["load_s"] = loaded
    result["answers"] = found
    print(json.dumps(result))


# --- the run ----------------------------------------------------------------------


def sample_pairs(path: Path, contacts: int) -> list[list[str]]:
    """Pairs at a fixed stride of contact lines, plus the busiest official with a rare partner."""
    stride = max(1, contacts // PAIRS)
    pairs: list[list[str]] = []
    degree: dict[str, int] = {}
    partners: dict[str, set[str]] = {}
    number = 0
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if not line.startswith('{"record":"contact"'):
                continue
            record = json.loads(line)
            ids = [p if isinstance(p, str) else p["id"] for p in record["participants"]]
            for i in ids:
                degree[i] = degree.get(i, 0) + 1
            partners.setdefault(ids[0], set()).add(ids[1])
            partners.setdefault(ids[1], set()).add(ids[0])
            if number % stride == 0 and len(pairs) < PAIRS:
                pairs.append(ids[:2])
            number += 1
    hub = max(degree, key=lambda i: (degree[i], i))
    rare = min(partners[hub], key=lambda i: (degree[i], i))
    return [[hub, rare], *pairs]


def measure(contacts: int, work: Path, args: argparse.Namespace) -> dict[str, Any]:
    folder = work / str(contacts)
    folder.mkdir(parents=True, exist_ok=True)
    source = folder / "contacts.jsonl"
    if not source.exists():
        generator = [str(ROOT / "scripts/gen_synthetic.py"), "--contacts", str(contacts)]
        child(sys.executable, *generator, "--out", str(source))
    result: dict[str, Any] = {"contacts": contacts}
    log = lambda text: print(f"[{contacts}] {text}", file=sys.stderr, flush=True)  # noqa: E731

    store = folder / "store"
    shutil.rmtree(store, ignore_errors=True)
    log("building the bundled data (untimed in import/build)")
    result["bundled_build_s"], _, _ = child("_build", str(store))
    log("importing with kg")
    seconds, rss, output = child("_import", str(source), str(store))
    result["import_s"], result["import_rss_mb"] = seconds, rss
    result["triples"] = json.loads(output)["triples"]
    nt = store / "imports" / "synthetic.nt"
    child("_export_base", str(folder))
    files = [str(folder / "ontology.nt"), str(folder / "curated.nt"), str(nt)]
    log("pyoxigraph bulk load")
    target = folder / "oxigraph"
    shutil.rmtree(target, ignore_errors=True)
    result["oxigraph_load_s"], _, _ = child("_oxigraph_load", str(target), *files)
    shutil.rmtree(target, ignore_errors=True)

    pairs = sample_pairs(source, contacts)
    result["pairs"] = len(pairs)
    pairs_json = json.dumps(pairs)
    log("latency: kg")
    _, _, output = child("_latency_kg", str(store), pairs_json, str(REPEATS))
    result["kg"] = json.loads(output)
    log("latency: pyoxigraph in memory")
    _, rss, output = child("_latency_plain", "oxigraph", pairs_json, str(REPEATS), *files)
    result["oxigraph"] = {**json.loads(output), "rss_mb": rss}
    if contacts <= args.rdflib_max:
        log("rdflib parse and latency")
        _, rss, output = child("_latency_plain", "rdflib", pairs_json, "1", *files)
        result["rdflib"] = {**json.loads(output), "rss_mb": rss}

    log("peak RSS and cold CLI")
    hub, rare = pairs[0]
    env = {"KG_STORE": str(store)}
    cli = [sys.executable, "-m", "kg", "last-contact", hub, rare]
    _, result["cli_rss_mb"], _ = child(*cli, env=env)
    bundled = work / "bundled-store"
    base_env = {"KG_STORE": str(bundled)}
    base = [sys.executable, "-m", "kg", "last-contact", "Lecornu", "Shoigu"]
    child(*base, env=base_env)  # builds the bundled store once
    kg_times, base_times = [], []
    for _ in range(CLI_RUNS):
        kg_times.append(child(*cli, env=env)[0])
        base_times.append(child(*base, env=base_env)[0])
    result["cli_s"] = statistics.median(kg_times)
    result["cli_bundled_s"] = statistics.median(base_times)

    if args.virtuoso_port and contacts in args.virtuoso_at:
        result["virtuoso"] = virtuoso(folder, files, store, pairs_json, args.virtuoso_port, log)
    return result


def virtuoso(
    folder: Path, files: list[str], store: Path, pairs_json: str, port: int, log: Any
) -> dict[str, Any]:
    from kg.store import CURATED_GRAPH, ONTOLOGY_GRAPH, source_graph

    script = str(ROOT / "scripts/virtuoso.sh")
    database = folder / "virtuoso"
    shutil.rmtree(database, ignore_errors=True)
    subprocess.run([script, "start", str(database), str(port)], check=True)
    try:
        subprocess.run([script, "wait", str(database), str(port)], check=True)
        log("loading Virtuoso")
        start = time.perf_counter()
        graphs = [ONTOLOGY_GRAPH, CURATED_GRAPH, source_graph("synthetic")]
        for path, graph in zip(files, graphs, strict=True):
            subprocess.run([script, "load", str(database), str(port), path, graph], check=True)
        loaded = time.perf_counter() - start
        log("latency: Virtuoso over HTTP")
        url = f"http://127.0.0.1:{port}/sparql-auth"
        env = {"KG_STORE_USER": "dba", "KG_STORE_PASSWORD": "dba"}
        _, _, output = child("_latency_kg", str(store), pairs_json, str(REPEATS), url, env=env)
        return {**json.loads(output), "load_s": loaded}
    finally:
        subprocess.run([script, "stop", str(database), str(port)], check=False)


def mark(ok: bool) -> str:
    return "met" if ok else "**not met**"


def table(results: list[dict[str, Any]]) -> str:
    rows = []
    for r in results:
        n = f"{r['contacts']:,}"
        ox_ratio = r["import_s"] / r["oxigraph_load_s"]
        rows.append(
            f"| {n} | import/build vs pyoxigraph bulk load | {r['import_s']:.1f} s vs "
            f"{r['oxigraph_load_s']:.1f} s | {ox_ratio:.2f}× | ≤ 2× | "
            f"{mark(ox_ratio <= TARGETS['import_vs_oxigraph'])} |"
        )
        if "rdflib" in r:
            speed = r["rdflib"]["load_s"] / r["import_s"]
            rows.append(
                f"| {n} | import/build vs rdflib parse | {r['import_s']:.1f} s vs "
                f"{r['rdflib']['load_s']:.1f} s | {speed:.1f}× faster | ≥ 5× faster | "
                f"{mark(speed >= TARGETS['import_vs_rdflib'])} |"
            )
        else:
            rows.append(f"| {n} | import/build vs rdflib parse | skipped (≈12 GB) | – | ≥ 5× | – |")
        kg_, ox_ = r["kg"], r["oxigraph"]
        for stat in ("median_ms", "p90_ms"):
            ratio = kg_[stat] / ox_[stat]
            rows.append(
                f"| {n} | last_contact {stat[:-3]} vs pyoxigraph in memory | "
                f"{kg_[stat]:.2f} ms vs {ox_[stat]:.2f} ms | {ratio:.2f}× | ≤ 1× | "
                f"{mark(ratio <= TARGETS['latency_vs_oxigraph'])} |"
            )
            if "rdflib" in r:
                speed = r["rdflib"][stat] / kg_[stat]
                rows.append(
                    f"| {n} | last_contact {stat[:-3]} vs rdflib in memory | "
                    f"{kg_[stat]:.2f} ms vs {r['rdflib'][stat]:.2f} ms | {speed:.1f}× faster | "
                    f"≥ 10× faster | {mark(speed >= TARGETS['latency_vs_rdflib'])} |"
                )
        for stat in ("median_ms", "p90_ms"):
            plain = kg_["plain"][stat]
            rows.append(
                f"| {n} | the plain query {stat[:-3]}: kg's on-disk store vs pyoxigraph in "
                f"memory | {plain:.2f} ms vs {ox_[stat]:.2f} ms | {plain / ox_[stat]:.2f}× | "
                "(reported) | – |"
            )
        target = "≤ 600 MB at 1M" if r["contacts"] >= 1_000_000 else "(≤ 600 MB at 1M)"
        rows.append(
            f"| {n} | peak RSS of `kg last-contact` | {r['cli_rss_mb']:.0f} MB | – | {target} | "
            f"{mark(r['cli_rss_mb'] <= TARGETS['rss_mb'])} |"
        )
        ratio = r["cli_s"] / r["cli_bundled_s"]
        rows.append(
            f"| {n} | cold `kg last-contact` vs bundled data | {r['cli_s'] * 1000:.0f} ms vs "
            f"{r['cli_bundled_s'] * 1000:.0f} ms | {ratio:.2f}× | ≤ 2× | "
            f"{mark(ratio <= TARGETS['cold_cli'])} |"
        )
        if "virtuoso" in r:
            v = r["virtuoso"]
            for stat in ("median_ms", "p90_ms"):
                rows.append(
                    f"| {n} | last_contact {stat[:-3]}, Virtuoso over HTTP vs embedded | "
                    f"{v[stat]:.2f} ms vs {kg_[stat]:.2f} ms | {v[stat] / kg_[stat]:.1f}× | "
                    "(reported) | – |"
                )
    head = "| contacts | measure | kg vs baseline | ratio | target | |\n|---|---|---|---|---|---|"
    return head + "\n" + "\n".join(rows)


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            cpu = next(ln.split(":", 1)[1].strip() for ln in handle if ln.startswith("model name"))
        with open("/proc/meminfo", encoding="utf-8") as handle:
            memory = int(handle.readline().split()[1]) / 1024 / 1024
    except (OSError, StopIteration):
        memory = 0.0
    import pyoxigraph
    import rdflib

    return (
        f"{cpu}, {os.cpu_count()} cores, {memory:.0f} GB RAM, {platform.system()} "
        f"{platform.release()}; Python {platform.python_version()}, pyoxigraph "
        f"{pyoxigraph.__version__}, rdflib {rdflib.__version__}"
    )


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1].startswith("_"):
        globals()[sys.argv[1]](*sys.argv[2:])
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work", required=True, help="working folder (data, stores, results)")
    parser.add_argument("--contacts", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--rdflib-max", type=int, default=100_000)
    parser.add_argument("--virtuoso-port", type=int, default=0)
    parser.add_argument("--virtuoso-at", type=int, nargs="+", default=[100_000])
    args = parser.parse_args()
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    results: list[dict[str, Any]] = []
    report = work / "results.json"
    for contacts in args.contacts:
        results.append(measure(contacts, work, args))
        report.write_text(
            json.dumps({"machine": machine(), "results": results}, indent=2), encoding="utf-8"
        )
        print(table(results[-1:]), flush=True)
    print(f"\nMachine: {machine()}\n")
    print(table(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
