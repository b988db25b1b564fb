#!/usr/bin/env python3
"""Cold wall time of `kg last-contact Lecornu Shoigu` against importing its two dependencies.

Both are measured in the same run, alternating A B A B, each as a new
process, so a busy machine slows both alike; the figure is the median of the
paired ratios. The store is built once before timing, so the
measured calls open it without rebuilding. Prints the median of each and
their ratio; the target is a ratio of at most 1.5.

Usage: python scripts/bench_cli.py [--runs N] [--store DIR]
(after ``pip install .``: it times the installed ``kg`` console script next to
the Python running it)
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

TARGET = 1.5


def wall(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21, help="runs of each (default 21)")
    parser.add_argument("--store", help="store directory (default: a temporary one)")
    args = parser.parse_args()
    store = args.store or tempfile.mkdtemp(prefix="kg-bench-")
    env = {**os.environ, "KG_STORE": store}
    env.pop("KG_DATA", None)
    script = shutil.which("kg", path=os.path.dirname(sys.executable)) or shutil.which("kg")
    if script is None:
        parser.error("no 'kg' console script found: run 'pip install .' first")
    kg = [script, "last-contact", "Lecornu", "Shoigu"]
    baseline = [sys.executable, "-c", "import click, pyoxigraph"]
    subprocess.run([script, "build"], env=env, check=True, stdout=subprocess.DEVNULL)
    for _ in range(2):  # warm the file cache for both
        wall(kg, env)
        wall(baseline, env)
    kg_times, base_times = [], []
    for _ in range(args.runs):
        kg_times.append(wall(kg, env))
        base_times.append(wall(baseline, env))
    kg_median, base_median = statistics.median(kg_times), statistics.median(base_times)
    # each kg run against the baseline run right after it: a busy moment slows both
    ratio = statistics.median(k / b for k, b in zip(kg_times, base_times, strict=True))
    print(f"python:                          {sys.version.split()[0]} on {sys.platform}")
    print(f"runs:                            {args.runs} of each, alternating")
    print(f"import click, pyoxigraph:        median {base_median * 1000:7.1f} ms")
    print(f"kg last-contact Lecornu Shoigu:  median {kg_median * 1000:7.1f} ms")
    print(
        f"median of the paired ratios:     {ratio:.2f} (target <= {TARGET}: "
        f"{'met' if ratio <= TARGET else 'NOT met'})"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
