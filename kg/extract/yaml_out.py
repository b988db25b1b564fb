"""Writing an :class:`~kg.extract.model.Extraction` as a reviewable YAML file, or as JSON data.

The YAML file uses the sections of ``data/README.md`` only, so that once
reviewed and moved under ``data/`` it builds: new people, countries, agents
and the article's source come with it. Everything a reviewer needs that the
records have no field for is a comment: each contact's evidence (the
sentences and their offsets in the article), the lines marked ``REVIEW:``,
and what the article says that is not a contact. Same input, same bytes.
"""

from __future__ import annotations

import json
from typing import Any

from kg.extract.model import (
    ClaimCandidate,
    ContactCandidate,
    Evidence,
    Extraction,
    NotContact,
    Party,
)

__all__ = ["to_yaml", "to_data", "records_yaml", "records_json"]


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _comment(prefix: str, text: str, indent: str = "") -> list[str]:
    words, lines, line = text.split(), [], f"{indent}# {prefix}"
    for word in words:
        if len(line) + len(word) + 1 > 96 and line.strip() != "#":
            lines.append(line)
            line = f"{indent}#   {word}"
        else:
            line = f"{line} {word}" if not line.endswith(" ") else f"{line}{word}"
    lines.append(line)
    return lines


def _not_contact_line(item: NotContact) -> str:
    who = ", ".join(p.id for p in item.participants) or "no one resolved"
    when = f"; since {item.when.edtf}" if item.kind == "absence" and item.when else ""
    when = f"; date {item.when.edtf}" if item.kind == "announcement" and item.when else when
    return (
        f"{item.kind} [{item.evidence.start}:{item.evidence.end}] ({who}{when}): {item.statement}"
    )


def _party(p: Party) -> str:
    extra = [f"role: {p.role}"] if p.role != "participant" else []
    extra += [f"as: {p.post}"] if p.post else []
    return f"{{id: {p.id}, {', '.join(extra)}}}" if extra else p.id


def _claim(c: ClaimCandidate, source: str) -> list[str]:
    about = "occurred" if c.about == "occurred" else f"{{{c.about}: {c.value}}}"
    lines = [f"      - about: {about}"]
    if c.stance != "affirms":
        lines.append(f"        stance: {c.stance}")
    lines += [f"        by: {c.by}", f"        source: {source}"]
    if c.quote:
        lines.append(f"        quote: {_q(c.quote)}")
    return lines


def _contact(c: ContactCandidate, source: str) -> list[str]:
    lines = [""]
    for e in c.evidence:
        lines += _comment(f"evidence [{e.start}:{e.end}]:", e.text, "  ")
    lines += (
        _comment(
            "REVIEW:", "the date comes from context, not from a date of its own: check it", "  "
        )
        if c.date_text == "from context"
        else []
    )
    for note in c.review:
        lines += _comment("REVIEW:", note, "  ")
    lines += [f"  - id: {c.id}", f"    type: {c.type}", f"    date: {_q(c.when.edtf)}"]
    parties = [_party(p) for p in c.participants]
    if all("{" not in p for p in parties):
        lines.append(f"    participants: [{', '.join(parties)}]")
    else:
        lines += ["    participants:", *(f"      - {p}" for p in parties)]
    if c.series:
        lines.append("    series: true")
    if c.location:
        lines.append(f"    location: {_q(c.location)}")
    lines.append("    claims:")
    for claim in c.claims:
        lines += _claim(claim, source)
    return lines


def to_yaml(x: Extraction, article: str = "the article") -> str:
    """The candidates as one YAML file of records, with evidence and review notes as comments."""
    out = [
        f"# Candidate records proposed by `kg extract` from {article}: NOT REVIEWED.",
        f"# Source {x.source_id}: {_q(x.title)}, published {x.published.isoformat()}.",
        "# Check every record against its evidence (the sentences quoted above it, with",
        "# their character offsets in the article); fix or delete it; settle each REVIEW",
        "# line; then move this file under data/ and run `kg build`.",
    ]
    if x.not_contacts:
        out += ["#", "# Reported in the article but NOT contacts (not recorded as contacts):"]
        for item in x.not_contacts:
            out += _comment("-", _not_contact_line(item))
    for note in x.review:
        out += ["#", *_comment("REVIEW:", note)]
    for section in ("countries", "organisations", "agents", "people"):
        records = [r for r in x.new_records if r.section == section]
        if not records:
            continue
        out += ["", f"{section}:"]
        for r in records:
            out += _comment(
                "REVIEW:",
                f"new {section[:-1] if section != 'people' else 'person'}: {r.note}",
                "  ",
            )
            out += [f"  - id: {r.id}", f"    name: {_q(r.name)}"]
            for key, value in r.fields:
                out.append(
                    f"    {key}: {value}"
                    if key != "title"
                    else f"    # title in the article: {_q(value)}"
                )
    if x.source_new:
        out += ["", "sources:", f"  - id: {x.source_id}", f"    title: {_q(x.title)}",
                f"    publisher: {x.publisher}", "    kind: news-article",
                f"    published: {x.published.isoformat()}"]  # fmt: skip
    out += ["", "contacts:" if x.contacts else "contacts: []"]
    for contact in x.contacts:
        out += _contact(contact, x.source_id)
    return "\n".join(out) + "\n"


def _evidence(e: Evidence) -> dict[str, Any]:
    return {"text": e.text, "start": e.start, "end": e.end}


def _party_data(p: Party) -> dict[str, Any]:
    return {"text": p.text, "id": p.id, "name": p.name, "kind": p.kind, "role": p.role,
            "post": p.post, "new": p.new}  # fmt: skip


def to_data(x: Extraction) -> dict[str, Any]:
    """The candidates as JSON-ready data: ``source``, ``contacts``, ``not_contacts``, ``new_records``, ``review``."""
    return {
        "source": {
            "id": x.source_id,
            "title": x.title,
            "publisher": x.publisher,
            "published": x.published.isoformat(),
            "new": x.source_new,
        },  # fmt: skip
        "contacts": [
            {
                "id": c.id,
                "type": c.type,
                "date": c.when.edtf,
                "precision": c.when.precision,
                "earliest": c.when.start.first_day.isoformat(),
                "latest": c.when.end.last_day.isoformat(),
                "series": c.series,
                "location": c.location,
                "participants": [_party_data(p) for p in c.participants],
                "claims": [
                    {
                        "about": k.about,
                        "value": k.value,
                        "stance": k.stance,
                        "by": k.by,
                        "by_text": k.by_text,
                        "quote": k.quote,
                        "evidence": _evidence(k.evidence),
                    }
                    for k in c.claims
                ],
                "evidence": [_evidence(e) for e in c.evidence],
                "review": list(c.review),
            }
            for c in x.contacts
        ],  # fmt: skip
        "not_contacts": [
            {
                "kind": n.kind,
                "statement": n.statement,
                "type": n.type,
                "date": n.when.edtf if n.when else None,
                "precision": n.when.precision if n.when else None,
                "participants": [_party_data(p) for p in n.participants],
                "by": n.by,
                "evidence": _evidence(n.evidence),
            }
            for n in x.not_contacts
        ],  # fmt: skip
        "new_records": [
            {"section": r.section, "id": r.id, "name": r.name, "note": r.note}
            for r in x.new_records
        ],
        "review": list(x.review),
    }


def records_yaml(x: Extraction, article: str = "the article") -> str:
    """The ``yaml`` format of candidate records (:mod:`kg.output.formats`)."""
    return to_yaml(x, article)


def records_json(x: Extraction, article: str = "the article") -> str:
    """The ``json`` format of candidate records (:mod:`kg.output.formats`)."""
    return json.dumps(to_data(x), ensure_ascii=False, indent=2) + "\n"
