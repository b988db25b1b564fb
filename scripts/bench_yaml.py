#!/usr/bin/env python3
"""Time reading a large curated YAML file, with each YAML loader kg has.

Writes a data folder holding the bundled records plus one generated file of
contacts between the bundled people (``--megabytes``, default 5; fixed seed,
so the same bytes every run), then runs :func:`kg.records.reading.read_records`
on it in a fresh process per loader and prints the seconds and the peak
memory (maximum resident set size) of each::

    python scripts/bench_yaml.py --megabytes 5

``libyaml`` is PyYAML's C parser (``yaml.CSafeLoader``), which kg uses when
PyYAML was built with it; ``python`` is the pure-Python loader it falls back to.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

SEED = 20240403
PEOPLE = ("lecornu", "shoigu", "lavrov", "blinken", "macron", "putin")
TYPES = ("phone-call", "meeting", "video-call")
TOPICS = ("war-in-ukraine", "ukraine-peace-talks", "crocus-city-hall-attack")


def generate(size: int) -> str:
    """About ``size`` characters of contact records (YAML), always the same for one size."""
    rng = random.Random(SEED)
    parts = ["contacts:\n"]
    written = 0
    number = 0
    while written < size:
        a, b = rng.sample(PEOPLE, 2)
        record = (
            f"  - id: generated-{number}\n"
            f"    type: {rng.choice(TYPES)}\n"
            f"    date: {rng.randint(2012, 2023)}-{rng.randint(1, 12):02d}\n"
            f"    participants: [{a}, {b}]\n"
            f"    note: generated record {number}, for timing the reader\n"
            "    claims:\n"
            "      - about: occurred\n"
            "        by: afp\n"
            "        source: afp-2024-04-03\n"
            f"      - about: {{topic: {rng.choice(TOPICS)}}}\n"
            "        by: afp\n"
            "        source: afp-2024-04-03\n"
            "        quote: A sentence of the article, as it was printed.\n"
        )
        parts.append(record)
        written += len(record)
        number += 1
    return "".join(parts)


_MEASURE = """
import json, resource, sys, time
from pathlib import Path
from kg.paths import bundled_ontology_dir
from kg.records import reading, yaml_lines
from kg.records.curated import load_ontology, topic_ids
topics = topic_ids(load_ontology(Path(bundled_ontology_dir())))
loader = {"libyaml": "LineLoader", "python": "PyLineLoader"}[sys.argv[2]]
yaml_lines.LineLoader = getattr(yaml_lines, loader)
started = time.perf_counter()
records = reading.read_records(Path(sys.argv[1]), topics=topics)
print(json.dumps({
    "loader": yaml_lines.LineLoader.__name__,
    "seconds": round(time.perf_counter() - started, 2),
    "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
    "contacts": len(records.contacts),
}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--megabytes", type=float, default=5.0)
    args = parser.parse_args()
    from kg.paths import bundled_data_dir

    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder) / "data"
        shutil.copytree(bundled_data_dir(), data)
        text = generate(int(args.megabytes * 1_000_000))
        (data / "generated.yaml").write_text(text, encoding="utf-8")
        print(f"generated.yaml: {len(text.encode()):,} bytes", file=sys.stderr)
        for loader in ("libyaml", "python"):
            run = [sys.executable, "-c", _MEASURE, str(data), loader]
            answer = subprocess.run(run, capture_output=True, text=True, check=True)
            print(json.dumps({"reader": loader, **json.loads(answer.stdout)}))


if __name__ == "__main__":
    main()
