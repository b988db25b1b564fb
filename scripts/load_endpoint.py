#!/usr/bin/env python3
"""Load run of `kg serve`: concurrent light queries beside a heavy query that hits the time limit.

Builds a store of the bundled data in a temporary folder, starts `kg serve` on
a free port of 127.0.0.1, and sends it, from CLIENTS threads each with its
own HTTP connection (kept alive when the server allows it), QUERIES light
queries in all, while one more client sends a heavy query (a four-way cross
join of every triple) over and over, each stopped at the time limit (503).
Meanwhile it samples the resident memory of the server and of its worker
processes (from /proc: Linux only). Before that, one client alone sends
--alone light queries, for the latency of an idle server. It reports:

- errors: light queries not answered 200 (target 0);
- p50 / p99 / max of the light queries' latency (target: p99 within 3x p50);
- memory of the server and of its workers, at the start, at the end and at
  the most (target: flat).

Everything goes to 127.0.0.1 only, and the run is bounded: QUERIES requests,
and --max-seconds of wall time at most. Exits 1 when a target is missed.

Usage: python scripts/load_endpoint.py [--clients 16] [--queries 2000] [--workers 4]
           [--time-limit 1] [--alone 300] [--source DIR] [--json FILE]
--source DIR runs the kg package found in DIR (say, an older checkout made with
`git archive`) instead of the installed one: the way to measure a baseline.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from typing import Any

ID = "https://w3id.org/kg-contacts/id/"
LIGHT = [
    f"SELECT ?name WHERE {{ <{ID}person/lecornu> <http://www.w3.org/2000/01/rdf-schema#label> ?name }}",
    f"ASK {{ <{ID}person/shoigu> ?p ?o }}",
    "SELECT ?p WHERE { ?p a <http://xmlns.com/foaf/0.1/Person> } ORDER BY ?p LIMIT 5",
]
HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
SAMPLE_EVERY = 0.2  # seconds between memory samples


def rss_kib(pid: int) -> int:
    """Resident memory of a process in KiB (0 once it is gone)."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def cpu_seconds(pid: int) -> float:
    """User and system CPU time a process has used so far."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def children(pid: int) -> list[int]:
    found: list[int] = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return found
    for task in tasks:
        try:
            with open(f"/proc/{pid}/task/{task}/children", encoding="ascii") as handle:
                found += [int(p) for p in handle.read().split()]
        except OSError:
            continue
    return found


def worker_pids(server: int) -> list[int]:
    """The server's query workers (multiprocessing's resource tracker left out)."""
    pids = []
    for pid in children(server):
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as handle:
                command = handle.read()
        except OSError:
            continue
        if b"resource_tracker" not in command:
            pids.append(pid)
    return pids


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * share // 1))
    return ordered[int(rank) - 1]


def machine() -> str:
    model = ""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            model = next((ln.split(":", 1)[1].strip() for ln in handle if "model name" in ln), "")
    except OSError:
        pass
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (
        f"{model or platform.machine()}, {os.cpu_count()} cores, {memory:.0f} GiB, "
        f"{platform.system()} {platform.release()}, Python {platform.python_version()}"
    )


class Server:
    """`kg serve` in a child process, its log written to a file.

    A file, not a pipe: a pipe that this busy process drained late would
    hold the server up on its log writes and be measured as its latency.
    """

    def __init__(self, env: dict[str, str], args: argparse.Namespace, log: str) -> None:
        command = [sys.executable, "-m", "kg", "serve", "--host", "127.0.0.1", "--port", "0"]
        command += ["--workers", str(args.workers), "--time-limit", str(args.time_limit)]
        self.log = log
        with open(log, "w", encoding="utf-8") as handle:
            self.process = subprocess.Popen(
                command, env=env, stdout=subprocess.DEVNULL, stderr=handle
            )
        deadline = time.monotonic() + 120
        self.url = ""
        while time.monotonic() < deadline and self.process.poll() is None:
            found = re.search(r"SPARQL endpoint at (http://127\.0\.0\.1:\d+)/sparql", self.text())
            if found:
                self.url = found.group(1)
                break
            time.sleep(0.1)
        if not self.url:
            self.stop()
            raise SystemExit(f"kg serve did not start: {self.text()}")

    def text(self) -> str:
        with open(self.log, encoding="utf-8", errors="replace") as handle:
            return handle.read()

    def stop(self) -> int:
        self.process.terminate()
        try:
            return self.process.wait(30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            return self.process.wait(30)


class Client:
    """One HTTP/1.1 connection (http.client opens it again when the server closes it)."""

    def __init__(self, url: str, timeout: float) -> None:
        parts = urllib.parse.urlsplit(url)
        assert parts.hostname == "127.0.0.1"  # loopback only
        self.connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
        self.connections = 0

    def get(self, query: str) -> int:
        path = "/sparql?" + urllib.parse.urlencode({"query": query})
        if self.connection.sock is None:
            self.connections += 1
        try:
            self.connection.request(
                "GET", path, headers={"Accept": "application/sparql-results+json"}
            )
            response = self.connection.getresponse()
            response.read()
            return response.status
        except (OSError, http.client.HTTPException):
            self.connection.close()
            raise

    def close(self) -> None:
        self.connection.close()


def run(args: argparse.Namespace, store: str) -> dict[str, Any]:
    """Build a store in ``store``, serve it, measure; the server is stopped whatever happens."""
    env = {**os.environ, "KG_STORE": store}
    env.pop("KG_DATA", None)
    if args.source:
        env["PYTHONPATH"] = os.path.abspath(args.source)
    subprocess.run(
        [sys.executable, "-m", "kg", "build"], env=env, check=True, stdout=subprocess.DEVNULL
    )
    server = Server(env, args, os.path.join(store, "serve.log"))
    try:
        return measure(args, server)
    finally:
        server.stop()


def measure(args: argparse.Namespace, server: Server) -> dict[str, Any]:
    started = time.monotonic()
    deadline = started + args.max_seconds
    samples: list[tuple[float, int, int, int]] = []
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            workers = worker_pids(server.process.pid)
            samples.append(
                (
                    time.monotonic() - started,
                    rss_kib(server.process.pid),
                    sum(rss_kib(p) for p in workers),
                    len(workers),
                )
            )
            done.wait(SAMPLE_EVERY)

    # Warm up: every worker answers a few queries before anything is measured.
    warm = Client(server.url, 60)
    for number in range(4 * args.workers):
        warm.get(LIGHT[number % len(LIGHT)])
    # Then one client alone: the latency of a light query on an idle server.
    alone: list[float] = []
    for number in range(args.alone):
        began = time.perf_counter()
        warm.get(LIGHT[number % len(LIGHT)])
        alone.append(time.perf_counter() - began)
    warm.close()
    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()

    lock = threading.Lock()
    next_query = [0]
    latencies: list[float] = []
    errors: list[str] = []
    heavy: dict[int | str, int] = {}
    connections = [0]

    def light() -> None:
        client = Client(server.url, args.time_limit * 4 + 10)
        while time.monotonic() < deadline:
            with lock:
                number = next_query[0]
                if number >= args.queries:
                    break
                next_query[0] += 1
            began = time.perf_counter()
            try:
                status = client.get(LIGHT[number % len(LIGHT)])
            except (OSError, http.client.HTTPException) as exc:
                with lock:
                    errors.append(f"{type(exc).__name__}: {exc}")
                continue
            took = time.perf_counter() - began
            with lock:
                latencies.append(took)
                if status != 200:
                    errors.append(f"HTTP {status}")
        client.close()
        with lock:
            connections[0] += client.connections

    def heavy_client() -> None:
        client = Client(server.url, args.time_limit * 4 + 10)
        while not light_done.is_set() and time.monotonic() < deadline:
            try:
                outcome: int | str = client.get(HEAVY)
            except (OSError, http.client.HTTPException) as exc:
                outcome = type(exc).__name__
            heavy[outcome] = heavy.get(outcome, 0) + 1
        client.close()

    light_done = threading.Event()
    cpu_before = cpu_seconds(server.process.pid)
    heavy_thread = threading.Thread(target=heavy_client, daemon=True)
    heavy_thread.start()
    time.sleep(0.2)  # the heavy query is running before the light ones start
    clients = [threading.Thread(target=light, daemon=True) for _ in range(args.clients)]
    began = time.monotonic()
    for thread in clients:
        thread.start()
    for thread in clients:
        thread.join(max(1.0, deadline - time.monotonic()))
    light_seconds = time.monotonic() - began
    server_cpu = cpu_seconds(server.process.pid) - cpu_before
    light_done.set()
    heavy_thread.join(args.time_limit * 4 + 10)
    time.sleep(1.0)  # let a worker killed last be replaced before the last sample
    done.set()
    sampler.join(5)
    exit_code = server.stop()
    log = server.text().splitlines()
    log_lines = sum('"GET /sparql"' in line for line in log)
    other_lines = [line for line in log[1:] if '"GET /sparql"' not in line]

    p50, p99 = percentile(latencies, 0.50), percentile(latencies, 0.99)
    first, last = samples[0], samples[-1]
    return {
        "machine": machine(),
        "kg": os.path.abspath(args.source) if args.source else "installed",
        "clients": args.clients,
        "queries": args.queries,
        "answered": len(latencies),
        "workers": args.workers,
        "time_limit": args.time_limit,
        "seconds": round(light_seconds, 2),
        "queries_per_second": round(len(latencies) / light_seconds, 1),
        "errors": len(errors),
        "error_kinds": sorted(set(errors))[:10],
        "heavy": {str(k): v for k, v in heavy.items()},
        "connections_opened": connections[0],
        "alone_p50_ms": round(percentile(alone, 0.50) * 1000, 2) if alone else None,
        "alone_p99_ms": round(percentile(alone, 0.99) * 1000, 2) if alone else None,
        "p50_ms": round(p50 * 1000, 1),
        "p99_ms": round(p99 * 1000, 1),
        "max_ms": round(max(latencies) * 1000, 1),
        "server_cpu_ms_per_query": round(server_cpu * 1000 / max(1, len(latencies)), 2),
        "p99_over_p50": round(p99 / p50, 2),
        "server_rss_mib": {
            "start": round(first[1] / 1024, 1),
            "end": round(last[1] / 1024, 1),
            "max": round(max(s[1] for s in samples) / 1024, 1),
        },
        "workers_rss_mib": {
            "start": round(first[2] / 1024, 1),
            "end": round(last[2] / 1024, 1),
            "max": round(max(s[2] for s in samples) / 1024, 1),
            "processes_start_end": [first[3], last[3]],
        },
        "samples": len(samples),
        "log_lines": log_lines,
        "server_exit": exit_code,
        "server_other_output": other_lines[:10],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=16, help="concurrent light clients")
    parser.add_argument("--queries", type=int, default=2000, help="light queries in all")
    parser.add_argument(
        "--alone", type=int, default=300, help="light queries sent first by one client alone"
    )
    parser.add_argument("--workers", type=int, default=4, help="kg serve --workers")
    parser.add_argument("--time-limit", type=float, default=1.0, help="kg serve --time-limit")
    parser.add_argument("--max-seconds", type=float, default=300, help="bound on the run")
    parser.add_argument("--source", help="run the kg package in this folder (a baseline)")
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()
    if not os.path.isdir("/proc/self/task"):
        parser.error("memory is sampled from /proc: run this on Linux")
    with tempfile.TemporaryDirectory(prefix="kg-load-") as store:
        report = run(args, store)
    print(json.dumps(report, indent=2))
    if args.json:
        with open(args.json, "w", encoding="utf-8") as handle:
            json.dump(report, handle, indent=2)
    missed = []
    if report["errors"]:
        missed.append(f"{report['errors']} errors")
    if report["p99_over_p50"] > 3:
        missed.append(f"p99 is {report['p99_over_p50']}x p50")
    if missed:
        print("targets missed: " + "; ".join(missed), file=sys.stderr)
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
