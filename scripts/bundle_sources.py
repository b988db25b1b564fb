#!/usr/bin/env python3
"""Regenerate the sources shipped with kg's data (``data/sources/``), or check them.

The US Office of the Historian's travels, visits and principal-officers
records are public domain (CC0), so kg ships them, converted: the N-Triples
that ``kg import historian`` writes from them, against the bundled curated
data, gzipped (``data/sources/historian.nt.gz``). A store built from the
bundled data loads it as the imported source ``historian`` (see
``docs/importing.md``); nothing is parsed at a user's first run.

The file depends on the importer, the curated data and the records, so it
must be regenerated when any of them changes; ``--check`` (and the
real-data test ``tests/test_bundled_sources.py``) says whether it is stale.

Usage:
    python scripts/bundle_sources.py [--shared ../shared]          # rewrite
    python scripts/bundle_sources.py [--shared ../shared] --check  # exit 1 if stale
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT / "data" / "sources"
NAME = "historian"


def historian_bytes(shared: Path) -> tuple[bytes, dict[str, object]]:
    """The gzipped N-Triples of the Historian's records and a summary of them."""
    sys.path.insert(0, str(ROOT))
    from kg.importers.context import load_context
    from kg.importers.historian import historian_triples, read_historian

    data = shared / "data"
    context = load_context(ROOT / "data", ROOT / "ontology")
    records = read_historian(str(data))
    triples, stats = historian_triples(records, context, NAME)
    text = "".join(triples.lines()).encode("utf-8")
    buffer = io.BytesIO()
    # mtime 0 and no file name: the same triples always give the same bytes
    with gzip.GzipFile(filename="", mode="wb", compresslevel=9, fileobj=buffer, mtime=0) as zipped:
        zipped.write(text)
    commits = {}
    for folder in ("travels", "visits"):
        stamp = data / folder / "SNAPSHOT_COMMIT.txt"
        if stamp.is_file():
            commits[folder] = stamp.read_text(encoding="utf-8").split()[0]
    summary: dict[str, object] = {
        "source": NAME,
        "records": stats.records,
        "contacts": stats.contacts,
        "triples": len(triples),
        "snapshots": commits,
        "licence": "CC0 1.0 / US public domain (Office of the Historian)",
    }
    return buffer.getvalue(), summary


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", default=str(ROOT.parent / "shared"), help="the shared folder")
    parser.add_argument("--check", action="store_true", help="only say whether it is stale")
    args = parser.parse_args()
    content, summary = historian_bytes(Path(args.shared))
    target = SOURCES / f"{NAME}.nt.gz"
    manifest = SOURCES / f"{NAME}.json"
    described = json.dumps(summary, indent=2, ensure_ascii=False) + "\n"
    if args.check:
        stale = not target.is_file() or target.read_bytes() != content
        stale = stale or not manifest.is_file() or manifest.read_text("utf-8") != described
        print(f"{target.relative_to(ROOT)} is {'STALE' if stale else 'up to date'}")
        return 1 if stale else 0
    SOURCES.mkdir(parents=True, exist_ok=True)
    target.write_bytes(content)
    manifest.write_text(described, encoding="utf-8")
    print(
        f"Wrote {target.relative_to(ROOT)}: {summary['contacts']} contacts, {len(content):,} bytes"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
