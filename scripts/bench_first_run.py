#!/usr/bin/env python3
"""The first command on a fresh machine, build included, against a baseline in the same run.

Each variant runs ``kg last-contact Lecornu Shoigu`` as a new process with an
empty cache (so the store is built first), the variants interleaved round
after round, so a busy machine slows all alike. A variant is ``NAME=KG``
(the ``kg`` console script of a ``pip install .`` of some commit) with an
optional ``+plain`` to build without the sources shipped with the data
(``KG_BUNDLED_SOURCES=0``). The last variant is compared with the first.

Usage::

    python scripts/bench_first_run.py round=/tmp/base/bin/kg \\
        plain=/tmp/ne/bin/kg+plain shipped=/tmp/ne/bin/kg --rounds 4

#16's target: ``shipped`` within 2x of the code at the start of the round.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import tempfile
import time


def run_once(kg: str, plain: bool) -> float:
    cache = tempfile.mkdtemp(prefix="kg-first-run-")
    env = {**os.environ, "XDG_CACHE_HOME": cache}
    env.pop("KG_STORE", None)
    env.pop("KG_DATA", None)
    if plain:
        env["KG_BUNDLED_SOURCES"] = "0"
    else:
        env.pop("KG_BUNDLED_SOURCES", None)
    try:
        start = time.perf_counter()
        subprocess.run([kg, "last-contact", "Lecornu", "Shoigu"], env=env, check=True,
                       stdout=subprocess.DEVNULL)  # fmt: skip
        return time.perf_counter() - start
    finally:
        shutil.rmtree(cache, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("variants", nargs="+", help="NAME=KG[+plain]")
    parser.add_argument("--rounds", type=int, default=4)
    args = parser.parse_args()
    variants = []
    for text in args.variants:
        name, _, kg = text.partition("=")
        variants.append((name, kg.removesuffix("+plain"), kg.endswith("+plain")))
    times: dict[str, list[float]] = {name: [] for name, _, _ in variants}
    for number in range(1, args.rounds + 1):
        row = []
        for name, kg, plain in variants:
            times[name].append(run_once(kg, plain))
            row.append(f"{name} {times[name][-1]:.2f} s")
        first, last = variants[0][0], variants[-1][0]
        print(f"round {number}: " + ", ".join(row)
              + f"; {last} / {first} = {times[last][-1] / times[first][-1]:.2f}")  # fmt: skip
    ratios = [b / a for a, b in zip(times[variants[0][0]], times[variants[-1][0]], strict=True)]
    print(f"median ratio {variants[-1][0]} / {variants[0][0]}: {statistics.median(ratios):.2f}")


if __name__ == "__main__":
    main()
