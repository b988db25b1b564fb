"""Measure who is who on the real data: names resolved and linked, by era (#15).

Imports an officials table and the Office of the Historian's records into a new
store (the officials import timed as ``kg import officials`` runs it), then
prints, for the counterparts and visitors the records name: the share resolved
(curated, linked or identified across spellings) and the share of people with a
Wikidata id, by era of the record; the share of people in contacts with a
Wikidata id; the splits and merges; and the time of ``kg last-contact`` on that
store. The numbers of docs/importing.md come from it:

    python scripts/identity_report.py ../shared /tmp/identity-store
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from kg.importers.context import load_context
from kg.importers.historian import read_historian
from kg.importers.historian.mapping import _Mapper
from kg.paths import bundled_data_dir, bundled_ontology_dir
from kg.store import Inputs, open_store
from kg.store.sources import save_source

ERAS = (("since 2000", 2000, 9999), ("1990–1999", 1990, 1999), ("before 1990", 0, 1989))


def _kg(store: Path, *args: str) -> float:
    started = time.perf_counter()
    subprocess.run(["kg", "--store", str(store), *args], check=True, capture_output=True)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("shared", type=Path, help="the shared folder (../shared)")
    parser.add_argument("store", type=Path, help="a new store folder")
    args = parser.parse_args()
    table = args.shared / "data" / "officials" / "wikidata-leaders-2023-01.csv"
    seconds = _kg(args.store, "import", "officials", str(table))
    print(f"kg import officials: {seconds:.1f} s")
    inputs = Inputs.default(imports_dir=args.store / "imports")
    store = open_store(args.store, inputs)
    context = load_context(bundled_data_dir(), bundled_ontology_dir(), store, "historian")
    mapper = _Mapper(read_historian(str(args.shared / "data")), context, "historian", None)
    triples, stats = mapper.run()
    save_source(str(args.store), inputs, "historian", triples)
    resolved = mapper.registry.resolve()
    people = context.authority.people
    counts: dict[str, Counter[str]] = {name: Counter() for name, _, _ in ERAS}
    for (_, _, day, _), resolution in zip(mapper.registry.sightings, resolved, strict=True):
        era = next(name for name, low, high in ERAS if low <= day.year <= high)
        counts[era]["names"] += 1
        counts[era]["resolved"] += resolution.kind != "unresolved"
        counts[era]["qid"] += bool(people.get(resolution.iri) and people[resolution.iri].qid)
    print("era          names  resolved  with a Wikidata id")
    for era, found in [*counts.items(), ("all", sum(counts.values(), Counter()))]:
        names = found["names"]
        print(
            f"{era:<12} {names:>5}  {found['resolved'] / names:>7.1%}  {found['qid'] / names:>7.1%}"
        )
    seen = {r.iri for r in resolved} | mapper.people_seen
    with_qid = sum(1 for iri in seen if people.get(iri) and people[iri].qid)
    print(
        f"people in contacts: {len(seen)}, with a Wikidata id {with_qid} ({with_qid / len(seen):.1%})"
    )
    print(f"splits {stats.splits}, merges {stats.merges}")
    for pair in (("Xi Jinping", "Joe Biden"), ("Rubio", "Lavrov"), ("Lecornu", "Shoigu")):
        seconds = min(_kg(args.store, "last-contact", *pair) for _ in range(3))
        print(f"kg last-contact {' '.join(repr(p) for p in pair)}: {seconds:.2f} s")


if __name__ == "__main__":
    sys.exit(main())
