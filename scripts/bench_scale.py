#!/usr/bin/env python3
"""Scale benchmarks: kg against plain pyoxigraph and rdflib on the same synthetic data.

For each scale (``--contacts``, default 10,000 100,000 1,000,000), in one run:

1. generate the bulk file with ``scripts/gen_synthetic.py`` (fixed seed;
   reused if already in ``--work``), untimed;
2. **import/build**, whole processes timed in alternation A B A B (CPU time
   of the process, median of ``--rounds`` rounds, and the median of the
   paired ratios): ``kg.importers.jsonl.import_contacts`` into a fresh store where the
   bundled data was built first, as ``kg build`` or any first query does
   (untimed, reported as ``bundled_build_s``): checks, N-Triples, and the
   store's rebuild with the import, against
   (a) pyoxigraph bulk-loading the equivalent N-Triples (ontology, curated
   data and the import) into a fresh on-disk store, into the default graph
   and (reported beside it) each file into a named graph of its own, as kg
   keeps its sources, and (b) rdflib parsing them into an in-memory graph
   (skipped above ``--rdflib-max``: it needs about 12 GB at 1M contacts).
   The store's size on disk is broken down by RocksDB column family when
   ``ldb`` (Debian's rocksdb-tools) is installed;
3. **last_contact latency**, in one process with the engines interleaved:
   ``--pairs`` (default 200) pairs of people drawn at random from the contact
   lines (so busy officials come up as often as they take part, in random
   order), plus the two busiest officials together and the busiest with a
   rarely seen partner (the worst cases); for each pair, in turn and in
   alternating order, ``kg.query.last_contact`` on kg's persistent store
   (names resolved beforehand), the same question as one plain SPARQL query
   of pyoxigraph in memory (the baseline, loaded from the same N-Triples) and
   of rdflib in memory; reported as medians over pairs of the paired ratios,
   the p90 of each engine's per-pair times, and the worst pair's times;
4. **peak RSS** of a process answering ``kg last-contact`` (``wait4``);
5. **cold CLI**: wall time of ``python -m kg last-contact`` on the scaled store
   against the same command on a store of the bundled data only, alternating;
6. with ``--virtuoso-port`` and at the scales in ``--virtuoso-at`` (default
   100,000): the data bulk-loaded into a private Virtuoso
   (``scripts/virtuoso.sh``) and ``last_contact`` over HTTP on the same pairs.

Every measured step runs in a child process of ``--python``: the Python of
a virtual environment where kg was installed with ``pip install .`` (not
editable), which must not see the checkout; the script refuses a ``kg``
imported from the checkout. Results are ratios against baselines measured in
the same run. Prints a Markdown table once, and writes every number to
``WORK/results.json``.

Usage:
    python3.11 -m venv /tmp/kg-venv && /tmp/kg-venv/bin/pip install .
    /tmp/kg-venv/bin/python scripts/bench_scale.py --python /tmp/kg-venv/bin/python \
        --work /tmp/kg-bench --contacts 10000 100000
"""

from __future__ import annotations

import argparse
import gzip
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
PAIRS = 200
REPEATS = 3
CLI_RUNS = 11
SEED = 19
#: The Python of the non-editable install the children run (--python).
PYTHON = sys.executable
TARGETS = {
    "import_vs_oxigraph": 2.0,  # at most
    "import_vs_rdflib": 5.0,  # at least (rdflib time / kg time)
    "latency_vs_oxigraph": 1.0,  # at most
    "latency_vs_rdflib": 10.0,  # at least
    "rss_mb": 600.0,  # at most, at 1M
    "cold_cli": 2.0,  # at most
    "worst_ms": 50.0,  # at most
}

#: What --reuse-import keeps of an earlier run at the same scale.
IMPORT_FIGURES = (
    "bundled_build_s", "import_wall_s", "import_rss_mb", "triples", "import_cpu_s",
    "oxigraph_cpu_s", "import_ratio", "oxigraph_named_cpu_s", "import_named_ratio",
    "oxigraph_disk_bytes", "oxigraph_named_disk_bytes",
)  # fmt: skip

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
    """Run ``PYTHON bench_scale.py args`` (or a command); wall seconds, peak RSS MB, stdout."""
    wall, _, rss, output = child_times(*args, env=env)
    return wall, rss, output


def child_times(*args: str, env: dict[str, str] | None = None) -> tuple[float, float, float, str]:
    """Like :func:`child`, with the child's CPU seconds (user + system) after the wall time."""
    command = [PYTHON, __file__, *args] if args[0].startswith("_") else list(args)
    environment = {**os.environ, **(env or {})}
    for name in ("KG_DATA", "PYTHONPATH"):
        environment.pop(name, None)
    environment["KG_BUNDLED_SOURCES"] = "0"  # the baselines load no shipped source
    start = time.perf_counter()
    process = subprocess.Popen(command, env=environment, stdout=subprocess.PIPE, cwd="/")
    assert process.stdout is not None
    output = process.stdout.read().decode("utf-8")
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"failed ({process.returncode}): {' '.join(command)}")
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, output


def _where() -> None:
    import kg

    print(os.path.dirname(kg.__file__))


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


def _export_pairs(store_dir: str, target: str) -> None:
    """The pair index of kg's store as N-Triples (a SPARQL server loads it as kg's
    remote build would write it)."""
    import pyoxigraph as ox

    from kg.store import PAIRS_GRAPH, Inputs, open_store

    store = open_store(store_dir, Inputs.default(imports_dir=os.path.join(store_dir, "imports")))
    quads = store.oxigraph.quads_for_pattern(None, None, None, ox.NamedNode(PAIRS_GRAPH))
    triples = (ox.Triple(q.subject, q.predicate, q.object) for q in quads)
    ox.serialize(triples, target, format=ox.RdfFormat.N_TRIPLES)


def _oxigraph_load(target: str, named: str, *files: str) -> None:
    """Bulk-load ``files`` into a fresh store: into the default graph, or with
    ``named`` = "1" each into a named graph of its own, as kg lays out its sources."""
    import pyoxigraph as ox

    store = ox.Store(target)
    for number, path in enumerate(files):
        graph = ox.NamedNode(f"urn:graph:{number}") if named == "1" else None
        store.bulk_load(path=path, format=ox.RdfFormat.N_TRIPLES, to_graph=graph)
    store.flush()


def families(folder: Path) -> dict[str, int]:
    """Bytes of table files per RocksDB column family (``ldb`` from Debian's
    rocksdb-tools reads the manifest); empty when ``ldb`` is not installed."""
    import re

    if shutil.which("ldb") is None:
        return {}
    manifest = next(folder.glob("MANIFEST-*"), None)
    if manifest is None:
        return {}
    dump = subprocess.run(["ldb", "manifest_dump", f"--path={manifest}"], capture_output=True)
    sizes: dict[str, int] = {}
    family = ""
    for line in dump.stdout.decode("latin-1").splitlines():
        named = re.match(r'-+ Column family "([^"]+)"', line)
        table = re.match(r"\s*\d+:(\d+)\[", line)
        if named:
            family = named.group(1)
        elif table and family:
            sizes[family] = sizes.get(family, 0) + int(table.group(1))
    return sizes


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


def _interleaved(
    store_dir: str, pairs_json: str, repeats: str, rdflib_too: str, *files: str
) -> None:
    """kg, pyoxigraph in memory and rdflib in memory, asked each pair in turn."""
    import random

    import pyoxigraph as ox

    from kg.query import last_contact, name_index
    from kg.store import Inputs, open_store
    from kg.vocab import resource_iri

    store = open_store(store_dir, Inputs.default(imports_dir=os.path.join(store_dir, "imports")))
    index = name_index(store)
    pairs = json.loads(pairs_json)
    entities = {i: index.resolve(i) for pair in pairs for i in pair}
    loads: dict[str, float] = {}
    start = time.perf_counter()
    memory = ox.Store()
    for path in files:
        memory.bulk_load(path=path, format=ox.RdfFormat.N_TRIPLES)
    loads["oxigraph"] = time.perf_counter() - start

    def kg_(a: str, b: str) -> str | None:
        answer = last_contact(store, entities[a], entities[b], index=index)
        return answer.last.id if answer.last else None

    def oxigraph(a: str, b: str) -> str | None:
        query = PLAIN_QUERY % (resource_iri("person", a), resource_iri("person", b))
        solutions = memory.query(query)
        assert isinstance(solutions, ox.QuerySolutions)
        rows = [s["contact"].value for s in solutions]  # type: ignore[union-attr]
        return rows[0].rsplit("/", 1)[-1] if rows else None

    engines: dict[str, Any] = {"kg": kg_, "oxigraph": oxigraph}
    if rdflib_too == "1":
        import rdflib

        start = time.perf_counter()
        graph = rdflib.Graph()
        for path in files:
            graph.parse(path, format="nt")
        loads["rdflib"] = time.perf_counter() - start

        def rdflib_(a: str, b: str) -> str | None:
            query = PLAIN_QUERY % (resource_iri("person", a), resource_iri("person", b))
            rows = [str(row[0]) for row in graph.query(query)]  # type: ignore[index]
            return rows[0].rsplit("/", 1)[-1] if rows else None

        engines["rdflib"] = rdflib_
    rng = random.Random(SEED)
    times: dict[str, list[float]] = {name: [] for name in engines}
    answers: dict[str, dict[str, str | None]] = {name: {} for name in engines}
    for a, b in pairs:
        names = list(engines)
        for name in names:
            answers[name][f"{a} {b}"] = engines[name](a, b)  # warm, and the answer
        taken: dict[str, list[float]] = {name: [] for name in names}
        for _ in range(int(repeats)):
            rng.shuffle(names)
            for name in names:
                began = time.perf_counter()
                engines[name](a, b)
                taken[name].append(time.perf_counter() - began)
        for name in names:
            times[name].append(statistics.median(taken[name]) * 1000)
    print(json.dumps({"ms": times, "answers": answers, "load_s": loads}))


# --- the run ----------------------------------------------------------------------


def sample_pairs(path: Path) -> list[list[str]]:
    """PAIRS random contact lines' first two participants (in random order), after the
    two busiest officials together and the busiest with its rarest partner."""
    import random

    rng = random.Random(SEED)
    lines: list[list[str]] = []
    degree: dict[str, int] = {}
    partners: dict[str, set[str]] = {}
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
            lines.append(ids[:2])
    busiest = sorted(degree, key=lambda i: (-degree[i], i))
    rare = min(partners[busiest[0]], key=lambda i: (degree[i], i))
    pairs = [[busiest[0], busiest[1]], [busiest[0], rare]]
    for pair in rng.sample(lines, min(PAIRS, len(lines))):
        pairs.append(pair if rng.random() < 0.5 else pair[::-1])
    return pairs


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[round(share * (len(ordered) - 1))]


def disk_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def measure(contacts: int, work: Path, args: argparse.Namespace) -> dict[str, Any]:
    folder = work / str(contacts)
    folder.mkdir(parents=True, exist_ok=True)
    source = folder / "contacts.jsonl"
    if not source.exists():
        generator = [str(ROOT / "scripts/gen_synthetic.py"), "--contacts", str(contacts)]
        child(PYTHON, *generator, "--out", str(source))
    result: dict[str, Any] = {"contacts": contacts}
    log = lambda text: print(f"[{contacts}] {text}", file=sys.stderr, flush=True)  # noqa: E731

    store = folder / "store"
    target = folder / "oxigraph"
    child("_export_base", str(folder))
    nt = folder / "synthetic.nt"  # the import's triples, as the baselines load them
    files = [str(folder / "ontology.nt"), str(folder / "curated.nt"), str(nt)]
    kg_cpu: list[float] = []
    ox_cpu: list[float] = []
    named_cpu: list[float] = []
    earlier = args.earlier.get(contacts, {})
    reused = args.reuse_import and (store / "CURRENT").exists() and nt.exists() and earlier
    if reused:  # the import's figures of the earlier run; its store answers again
        log("reusing the store and import figures of the earlier run")
        result.update({k: earlier[k] for k in IMPORT_FIGURES if k in earlier})
        result["import_reused"] = True
    for round_ in range(0 if reused else args.rounds):  # A B A B: kg's import, then bulk loads
        shutil.rmtree(store, ignore_errors=True)
        log(f"round {round_ + 1}: building the bundled data (untimed), importing with kg")
        result["bundled_build_s"], _, _ = child("_build", str(store))
        wall, cpu, rss, output = child_times("_import", str(source), str(store))
        kg_cpu.append(cpu)
        result["import_wall_s"], result["import_rss_mb"] = wall, rss
        result["triples"] = json.loads(output)["triples"]
        with gzip.open(store / "imports" / "synthetic.nt.gz") as kept, nt.open("wb") as plain:
            shutil.copyfileobj(kept, plain, 1 << 20)  # untimed
        log(f"round {round_ + 1}: pyoxigraph bulk load")
        shutil.rmtree(target, ignore_errors=True)
        _, cpu, _, _ = child_times("_oxigraph_load", str(target), "0", *files)
        ox_cpu.append(cpu)
        result["oxigraph_disk_bytes"] = disk_bytes(target)
        shutil.rmtree(target, ignore_errors=True)
        log(f"round {round_ + 1}: pyoxigraph bulk load into named graphs")
        _, cpu, _, _ = child_times("_oxigraph_load", str(target), "1", *files)
        named_cpu.append(cpu)
        result["oxigraph_named_disk_bytes"] = disk_bytes(target)
        shutil.rmtree(target, ignore_errors=True)
    if not reused:
        result["import_cpu_s"] = statistics.median(kg_cpu)
        result["oxigraph_cpu_s"] = statistics.median(ox_cpu)
        result["import_ratio"] = statistics.median(
            k / o for k, o in zip(kg_cpu, ox_cpu, strict=True)
        )
        result["oxigraph_named_cpu_s"] = statistics.median(named_cpu)
        result["import_named_ratio"] = statistics.median(
            k / o for k, o in zip(kg_cpu, named_cpu, strict=True)
        )
    info = json.loads((store / "CURRENT").read_text(encoding="utf-8"))
    result["quads"] = info["triples"]
    result["pair_triples"] = info.get("pair_triples", 0)
    builds = [p for p in (store / "builds").iterdir() if p.is_dir()]
    latest = max(builds, key=lambda p: p.stat().st_mtime)
    result["store_disk_bytes"] = disk_bytes(latest)
    result["store_families"] = families(latest)
    result["imports_disk_bytes"] = disk_bytes(store / "imports")

    pairs = sample_pairs(source)
    result["pairs"] = len(pairs)
    log(f"latency: {len(pairs)} pairs, engines interleaved")
    rdflib_too = "1" if contacts <= args.rdflib_max else "0"
    _, _, output = child(
        "_interleaved", str(store), json.dumps(pairs), str(REPEATS), rdflib_too, *files
    )
    timed = json.loads(output)
    ms = timed["ms"]
    result["load_s"] = timed["load_s"]
    result["agree"] = sum(
        timed["answers"]["kg"][k] == v for k, v in timed["answers"]["oxigraph"].items()
    )
    result["distinct_pairs"] = len(timed["answers"]["oxigraph"])  # a pair may be drawn twice
    result["latency"] = {
        name: {"median_ms": statistics.median(v), "p90_ms": _percentile(v, 0.9),
               "worst_pair_ms": v[0]}
        for name, v in ms.items()
    }  # fmt: skip
    ratios = [k / o for k, o in zip(ms["kg"], ms["oxigraph"], strict=True)]
    result["ratio_median"] = statistics.median(ratios)
    result["ratio_p90"] = _percentile(ratios, 0.9)
    result["p90_ratio"] = (
        result["latency"]["kg"]["p90_ms"] / result["latency"]["oxigraph"]["p90_ms"]
    )
    if "rdflib" in ms:
        result["rdflib_ratio_median"] = statistics.median(
            r / k for r, k in zip(ms["rdflib"], ms["kg"], strict=True)
        )
        result["rdflib_parse_ratio"] = timed["load_s"]["rdflib"] / result["import_wall_s"]

    log("peak RSS of kg last-contact")
    hub, other = pairs[0]
    kg_script = str(Path(PYTHON).parent / "kg")
    _, result["cli_rss_mb"], _ = child(kg_script, "last-contact", hub, other,
                                       env={"KG_STORE": str(store)})  # fmt: skip
    if args.virtuoso_port and contacts in args.virtuoso_at:
        result["virtuoso"] = virtuoso(
            folder, files, store, json.dumps(pairs), args.virtuoso_port, log
        )
        embedded = timed["answers"]["kg"]
        result["virtuoso"]["agree"] = sum(
            embedded.get(k) == v for k, v in result["virtuoso"]["answers"].items()
        )
    return result


def virtuoso(
    folder: Path, files: list[str], store: Path, pairs_json: str, port: int, log: Any
) -> dict[str, Any]:
    from kg.store import CURATED_GRAPH, ONTOLOGY_GRAPH, PAIRS_GRAPH, source_graph

    script = str(ROOT / "scripts/virtuoso.sh")
    database = folder / "virtuoso"
    shutil.rmtree(database, ignore_errors=True)
    subprocess.run([script, "start", str(database), str(port)], check=True)
    try:
        subprocess.run([script, "wait", str(database), str(port)], check=True)
        log("loading Virtuoso")
        start = time.perf_counter()
        pairs = folder / "pairs.nt"
        child("_export_pairs", str(store), str(pairs))
        graphs = [ONTOLOGY_GRAPH, CURATED_GRAPH, source_graph("synthetic"), PAIRS_GRAPH]
        for path, graph in zip([*files, str(pairs)], graphs, strict=True):
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
        kg_, ox_ = r["latency"]["kg"], r["latency"]["oxigraph"]
        rows.append(
            f"| {n} | `last_contact` median ÷ pyoxigraph in memory (median of {r['pairs']} "
            f"paired ratios) | {kg_['median_ms']:.2f} ms vs {ox_['median_ms']:.2f} ms | "
            f"{r['ratio_median']:.2f}× | ≤ 1× | {mark(r['ratio_median'] <= 1.0)} |"
        )
        rows.append(
            f"| {n} | `last_contact` p90 ÷ pyoxigraph p90 | {kg_['p90_ms']:.2f} ms vs "
            f"{ox_['p90_ms']:.2f} ms | {r['p90_ratio']:.2f}× | ≤ 1× | {mark(r['p90_ratio'] <= 1.0)} |"
        )
        rows.append(
            f"| {n} | worst pair (two busiest officials) | {kg_['worst_pair_ms']:.2f} ms vs "
            f"{ox_['worst_pair_ms']:.2f} ms | {kg_['worst_pair_ms'] / ox_['worst_pair_ms']:.2f}× | "
            f"< 50 ms | {mark(kg_['worst_pair_ms'] < TARGETS['worst_ms'])} |"
        )
        if "rdflib_ratio_median" in r:
            ratio = r["rdflib_ratio_median"]
            rows.append(
                f"| {n} | rdflib ÷ `last_contact` (median of paired ratios) | "
                f"{r['latency']['rdflib']['median_ms']:.2f} ms vs {kg_['median_ms']:.2f} ms | "
                f"{ratio:.1f}× | ≥ 10× | {mark(ratio >= TARGETS['latency_vs_rdflib'])} |"
            )
        again = " (earlier run, reused)" if r.get("import_reused") else ""
        rows.append(
            f"| {n} | import ÷ pyoxigraph `bulk_load` (CPU, A B alternated){again} | "
            f"{r['import_cpu_s']:.1f} s vs {r['oxigraph_cpu_s']:.1f} s | {r['import_ratio']:.2f}× | "
            f"≤ 2× | {mark(r['import_ratio'] <= TARGETS['import_vs_oxigraph'])} |"
        )
        rows.append(
            f"| {n} | import ÷ pyoxigraph `bulk_load` into named graphs, as kg's layout (CPU) | "
            f"{r['import_cpu_s']:.1f} s vs {r['oxigraph_named_cpu_s']:.1f} s | "
            f"{r['import_named_ratio']:.2f}× | (reported) | – |"
        )
        if "rdflib_parse_ratio" in r:
            ratio = r["rdflib_parse_ratio"]
            rows.append(
                f"| {n} | rdflib parse ÷ import (wall) | {r['load_s']['rdflib']:.1f} s vs "
                f"{r['import_wall_s']:.1f} s | {ratio:.1f}× | ≥ 5× | "
                f"{mark(ratio >= TARGETS['import_vs_rdflib'])} |"
            )
        per_quad = r["store_disk_bytes"] / r["quads"]
        rows.append(
            f"| {n} | store on disk | {r['store_disk_bytes'] / 2**20:.0f} MiB, {r['quads']:,} quads "
            f"({r['pair_triples']:,} of the pair index): {per_quad:.0f} B/quad, "
            f"{r['store_disk_bytes'] / r['contacts'] / 1024:.1f} KiB/contact; kept import "
            f"{r['imports_disk_bytes'] / 2**20:.0f} MiB | – | – | – |"
        )
        if r.get("store_families"):
            parts = ", ".join(
                f"{name} {size / r['quads']:.0f}"
                for name, size in sorted(r["store_families"].items(), key=lambda kv: -kv[1])
                if size >= 0.01 * r["store_disk_bytes"]
            )
            rows.append(f"| {n} | store's bytes per quad by column family | {parts} | – | – | – |")
        rows.append(
            f"| {n} | peak RSS of `kg last-contact` (busiest pair) | {r['cli_rss_mb']:.0f} MB | – | "
            f"≤ 600 MB | {mark(r['cli_rss_mb'] <= TARGETS['rss_mb'])} |"
        )
        rows.append(
            f"| {n} | first answers equal to the baseline's | {r['agree']} of the "
            f"{r.get('distinct_pairs', r['pairs'])} distinct pairs | – | – | – |"
        )
        if "virtuoso" in r:
            v = r["virtuoso"]
            rows.append(
                f"| {n} | `last_contact` on Virtuoso over HTTP, median / p90 (answers equal to "
                f"the embedded store's: {v['agree']} of {len(v['answers'])}) | "
                f"{v['median_ms']:.2f} / {v['p90_ms']:.2f} ms | – | (reported) | – |"
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
    parser.add_argument("--rounds", type=int, default=2, help="A B rounds of the import")
    parser.add_argument("--python", default=sys.executable, help="Python of a `pip install .`")
    parser.add_argument(
        "--reuse-import",
        action="store_true",
        help="keep the store and import figures of the last run in WORK (results.json) at a "
        "scale where they exist, and measure the rest again (after a change to queries only)",
    )
    args = parser.parse_args()
    global PYTHON
    PYTHON = args.python
    installed = child("_where")[2].strip()
    if Path(installed).resolve().is_relative_to(ROOT):
        parser.error(f"{PYTHON} imports kg from the checkout ({installed}): use `pip install .`")
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    results: list[dict[str, Any]] = []
    report = work / "results.json"
    found = json.loads(report.read_text(encoding="utf-8")) if report.exists() else {}
    args.earlier = {r["contacts"]: r for r in found.get("results", [])}
    for contacts in args.contacts:
        results.append(measure(contacts, work, args))
        report.write_text(
            json.dumps({"machine": machine(), "results": results}, indent=2), encoding="utf-8"
        )
        print(f"[{contacts}] done", file=sys.stderr, flush=True)
    print(f"Machine: {machine()}; kg from {installed}\n")
    print(table(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
