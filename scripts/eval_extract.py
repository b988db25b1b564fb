"""Precision and recall of `kg extract`, field by field, on the evaluation passages.

Usage: python scripts/eval_extract.py [--passages DIR] [--data DIR] [--verbose]

Reads the passages of tests/data/extract_eval/ (written for this project; see the
README there), runs the extractor with the bundled data (or --data), and prints one
line per field: true positives, false positives, false negatives, precision, recall.
--verbose also prints, per passage, the contacts proposed and expected.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kg.extract.evaluate import FIELDS, evaluate, load_passages  # noqa: E402
from kg.extract.gazetteer import load_gazetteer  # noqa: E402
from kg.paths import bundled_data_dir, bundled_ontology_dir  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--passages", default=str(ROOT / "tests" / "data" / "extract_eval"))
    parser.add_argument("--data", default=bundled_data_dir())
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    gazetteer = load_gazetteer(args.data, bundled_ontology_dir())
    passages = load_passages(Path(args.passages))
    if args.verbose:
        import datetime as dt

        from kg.extract import extract

        for entry in passages:
            found = extract(
                entry["text"],
                dt.date.fromisoformat(str(entry["published"])),
                gazetteer,
                publisher="AFP",
            )
            print(entry["id"])
            for c in found.contacts:
                claims = sorted(
                    f"{'+' if k.stance == 'affirms' else '-'}{k.about}{':' + k.value if k.value else ''} {k.by}"
                    for k in c.claims
                )
                print(f"  got  {c.type} {c.when.edtf} {[p.id for p in c.participants]} {claims}")
            for e in entry.get("contacts") or []:
                print(
                    f"  want {e['type']} {e['date']} {e['participants']} {sorted(e.get('claims', []))}"
                )
            for n in found.not_contacts:
                print(f"  got  not-contact {n.kind}: {n.statement[:70]}")
            for n in entry.get("not_contacts") or []:
                print(f"  want not-contact {n['kind']}: {n['contains']}")
    scores = evaluate(passages, gazetteer)
    print(f"{len(passages)} passages")
    print(f"{'field':<14}{'tp':>5}{'fp':>5}{'fn':>5}{'precision':>11}{'recall':>8}")
    for name in FIELDS:
        s = scores[name]
        print(f"{name:<14}{s.tp:>5}{s.fp:>5}{s.fn:>5}{s.precision:>11.2f}{s.recall:>8.2f}")


if __name__ == "__main__":
    main()
