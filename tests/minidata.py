"""A tiny hand-made dataset whose answers are known by hand."""

from __future__ import annotations

from pathlib import Path

BASE = """
countries:
  - {id: aa, name: Aland}
  - {id: bb, name: Borduria}
organisations:
  - {id: aa-gov, name: Aland government, country: aa}
  - {id: bb-gov, name: Borduria government, country: bb}
  - {id: wire, name: Wire Agency}
  - {id: post, name: Morning Post}
agents:
  - {id: insider, name: a source close to Ann Smith, country: aa, close_to: ann}
posts:
  - {id: aa-fm, name: Aland foreign minister, country: aa, level: foreign-minister}
  - {id: bb-fm, name: Borduria foreign minister, country: bb, level: foreign-minister}
people:
  - id: ann
    name: Ann Smith
    tenures: [{post: aa-fm, start: 2020-01-01, source: wire-1}]
  - id: bob
    name: Bob Smith
    tenures: [{post: bb-fm, start: 2020-01-01, source: wire-1}]
  - id: cy
    name: Cy Jones
    aliases: [Cyrus Jones]
sources:
  - {id: wire-1, title: Ministers talk, publisher: wire, published: 2024-05-02}
  - {id: post-1, title: Ministers met, publisher: post, published: 2024-05-03}
"""


def write_dataset(folder: Path, contacts: str) -> Path:
    """Write the base records and ``contacts`` (YAML) into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "base.yaml").write_text(BASE, encoding="utf-8")
    (folder / "contacts.yaml").write_text(contacts, encoding="utf-8")
    return folder
