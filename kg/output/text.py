"""Turning query results into text, JSON, CSV or a table. The only module that formats output.

JSON keys come in a fixed order so scripts can rely on them; the shapes are
documented in the README. Listing commands share :func:`render_rows`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from kg.query.answers import ContactInfo, LastContact, Participant, SourceRef, StatementInfo
from kg.query.names import Entity

if TYPE_CHECKING:
    from kg.query.posts import WhoHeld

__all__ = [
    "render_rows",
    "rows_table",
    "rows_json",
    "rows_csv",
    "answer_text",
    "answer_json",
    "contact_dict",
    "last_contact_json",
    "last_contact_text",
    "no_contact_sentence",
    "to_json",
    "who_held_text",
]

_PRECISION_WORDS = {
    "day": "known to the day",
    "month": "known to the month",
    "season": "known to the season",
    "year": "known to the year",
    "decade": "known to the decade",
}


def to_json(value: Any) -> str:
    """Serialise with a stable layout (keys keep the order they were built in)."""
    import json  # only for JSON output

    return json.dumps(value, ensure_ascii=False, indent=2)


def _cell(value: Any) -> str:
    """A value as one CSV or table cell: lists joined with '; ', None empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return "; ".join(_cell(v) for v in value)
    return str(value)


def render_rows(rows: Sequence[Mapping[str, Any]], columns: Sequence[str], fmt: str) -> str:
    """Render records as ``json`` (a list of objects), ``csv`` or an aligned ``table``.

    ``columns`` gives the keys and their order; JSON keeps nested values,
    CSV and table cells join lists with ``; ``.

    Examples
    --------
    >>> rows = [{"name": "Ann", "tags": ["a", "b"]}, {"name": "Bob", "tags": []}]
    >>> print(render_rows(rows, ["name", "tags"], "table"))
    name  tags
    ----  ----
    Ann   a; b
    Bob
    >>> print(render_rows(rows, ["name", "tags"], "csv"))
    name,tags
    Ann,a; b
    Bob,
    """
    if fmt == "json":
        return to_json([{c: row.get(c) for c in columns} for row in rows])
    cells = [[_cell(row.get(c)) for c in columns] for row in rows]
    if fmt == "csv":
        import csv
        import io

        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows(cells)
        return buffer.getvalue().rstrip("\n")
    if fmt != "table":
        raise ValueError(f"unknown format {fmt!r}")
    widths = [max([len(c), *(len(r[i]) for r in cells)]) for i, c in enumerate(columns)]
    lines = [
        "  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip(),
        "  ".join("-" * w for w in widths),
    ]
    lines += ["  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)).rstrip() for r in cells]
    return "\n".join(lines)


def rows_table(rows: Sequence[Mapping[str, Any]], columns: Sequence[str]) -> str:
    """The ``table`` format of rows (:mod:`kg.output.formats`)."""
    return render_rows(rows, columns, "table")


def rows_json(rows: Sequence[Mapping[str, Any]], columns: Sequence[str]) -> str:
    """The ``json`` format of rows: a list of objects with the columns' keys, in order."""
    return render_rows(rows, columns, "json")


def rows_csv(rows: Sequence[Mapping[str, Any]], columns: Sequence[str]) -> str:
    """The ``csv`` format of rows: a header line, then one line per row."""
    return render_rows(rows, columns, "csv")


def answer_text(answer: LastContact | WhoHeld) -> str:
    """The ``text`` format of an answer: ``kg last-contact``'s or ``kg who-held``'s."""
    if isinstance(answer, LastContact):
        return last_contact_text(answer)
    return who_held_text(answer)


def answer_json(answer: LastContact) -> str:
    """The ``json`` format of a last-contact answer (see ``docs/commands.md``)."""
    return last_contact_json(answer)


def who_held_text(answer: WhoHeld) -> str:
    """The readable answer of ``kg who-held``."""
    head = f"{answer.post.name} on {answer.on}:"
    if not answer.holders:
        return f"{head} nobody recorded."
    lines = [head]
    for holder in answer.holders:
        doubt = "" if holder.certain else " (not throughout: the post changed hands then)"
        lines.append(f"  {holder.name}, {holder.period}{doubt}")
        lines.append(f'    source: {holder.source_publisher}, "{holder.source_title}"')
    return "\n".join(lines)


def _entity(entity: Entity) -> dict[str, str]:
    return {"id": entity.id, "name": entity.name, "kind": entity.kind}


def _source(source: SourceRef) -> dict[str, Any]:
    return {
        "id": source.id,
        "title": source.title,
        "publisher": source.publisher,
        "published": source.published,
        "url": source.url,
    }


def _statement(statement: StatementInfo) -> dict[str, Any]:
    return {
        "id": statement.object_id,
        "label": statement.object,
        "status": statement.status,
        "affirmed_by": list(statement.affirmed_by),
        "denied_by": list(statement.denied_by),
    }


def contact_dict(contact: ContactInfo) -> dict[str, Any]:
    """The JSON shape of one contact."""
    return {
        "id": contact.id,
        "type": contact.type,
        "date": contact.date,
        "earliest": contact.earliest,
        "latest": contact.latest,
        "precision": contact.precision,
        "status": contact.status,
        "series": contact.series,
        "location": contact.location,
        "note": contact.note,
        "participants": [
            {
                "id": p.id,
                "name": p.name,
                "kind": p.kind,
                "role": p.role,
                "posts": list(p.posts),
                "country": p.country,
                "titles": list(p.titles),
            }
            for p in contact.participants
        ],
        "initiators": [_statement(s) for s in contact.initiators],
        "topics": [_statement(s) for s in contact.topics],
        "sources": [_source(s) for s in contact.sources],
    }


def _shows_sources(answer: LastContact) -> bool:
    """Name the sources consulted when there is more than the curated data, or a choice."""
    return answer.restricted or any(s.name != "curated" for s in answer.consulted)


def _consulted(answer: LastContact) -> list[dict[str, Any]]:
    return [
        {"name": s.name, "title": s.title, "contacts": s.contacts, "coverage": s.coverage}
        for s in answer.consulted
    ]


def last_contact_json(answer: LastContact) -> str:
    """The JSON document of ``kg last-contact --format json``.

    With imported sources (or ``--source``), a last key ``consulted`` lists
    the sources asked (``name``, ``title``, ``contacts``, ``coverage``).
    """
    document: dict[str, Any] = {
        "query": {
            "a": _entity(answer.a),
            "b": _entity(answer.b),
            "before": answer.before,
            "level": answer.level,
        },
        "last": contact_dict(answer.last) if answer.last else None,
        "possibly_later": [contact_dict(c) for c in answer.possibly_later],
    }
    if _shows_sources(answer):
        document["consulted"] = _consulted(answer)
    return to_json(document)


def _when(contact: ContactInfo) -> str:
    if contact.precision == "day" and contact.earliest == contact.latest:
        return f"on {contact.date} ({_PRECISION_WORDS['day']})"
    return (
        f"in {contact.date} ({_PRECISION_WORDS[contact.precision]}: between "
        f"{contact.earliest} and {contact.latest})"
    )


def _what(contact: ContactInfo) -> str:
    label = contact.type_label
    if contact.series:
        plural = label if label.endswith("s") else f"{label}s"
        return f"a series of {plural} (how many is not recorded)"
    article = "an" if label[:1] in "aeiou" else "a"
    return f"{article} {label}"


def _support(statement: StatementInfo) -> str:
    affirmed, denied = statement.affirmed_by, statement.denied_by
    if statement.status == "disputed":
        against = f"denied by {', '.join(denied)}" if denied else "other claims contradict it"
        return f"DISPUTED: affirmed by {', '.join(affirmed)}; {against}"
    if statement.status == "denied":
        return f"DENIED by {', '.join(denied)}"
    return f"{statement.status}, according to {', '.join(affirmed)}"


def _participant(participant: Participant) -> str:
    details = [*participant.posts]
    if not details and participant.kind != "country":
        if participant.country:
            details.append(participant.country)
        details += [f"called {title}" for title in participant.titles]
    if participant.role != "participant":
        details.append(participant.role)
    return f"{participant.name} ({', '.join(details)})" if details else participant.name


def _contact_lines(contact: ContactInfo, indent: str = "  ") -> list[str]:
    lines = []
    people = ", ".join(_participant(p) for p in contact.participants)
    lines.append(f"{indent}{'who':<11} {people}")
    if contact.location:
        lines.append(f"{indent}{'where':<11} {contact.location}")
    if contact.note:
        lines.append(f"{indent}{'note':<11} {contact.note}")
    for statement in contact.statements_of("occurred"):
        lines.append(f"{indent}{'status':<11} {_support(statement)}")
    for statement in contact.statements_of("date"):
        lines.append(f"{indent}{'date claim':<11} {statement.object} ({_support(statement)})")
    for statement in contact.initiators:
        lines.append(f"{indent}{'initiated':<11} by {statement.object} ({_support(statement)})")
    for number, statement in enumerate(contact.topics):
        label = "topics" if number == 0 else ""
        lines.append(f"{indent}{label:<11} {statement.object} ({_support(statement)})")
    for number, source in enumerate(contact.sources):
        label = "sources" if number == 0 else ""
        published = f", {source.published}" if source.published else ""
        lines.append(f'{indent}{label:<11} {source.publisher}, "{source.title}"{published}')
    lines.append(f"{indent}{'id':<11} {contact.id}")
    return lines


def _pair(answer: LastContact) -> str:
    pair = f"{answer.a.name} and {answer.b.name}"
    return f"{pair} (at {answer.level} level)" if answer.level else pair


def no_contact_sentence(answer: LastContact) -> str:
    """The sentence for a pair with no recorded contact."""
    before = f" before {answer.before}" if answer.before else ""
    return f"No recorded contact between {_pair(answer)}{before}."


def last_contact_text(answer: LastContact) -> str:
    """The readable answer of ``kg last-contact``."""
    lines: list[str] = []
    if answer.last is None:
        lines.append(no_contact_sentence(answer))
        if answer.possibly_later:
            lines.append("")
            lines.append("These contacts may fall before that date but their dates are uncertain:")
    else:
        contact = answer.last
        before = f" before {answer.before}" if answer.before else ""
        lines.append(
            f"{_pair(answer)} last had contact{before} {_when(contact)}: {_what(contact)}."
        )
        lines.extend(_contact_lines(contact))
        if answer.possibly_later:
            lines.append("")
            lines.append("Possibly later, or the same contact reported at another precision:")
        else:
            lines.append("")
            lines.append("No other recorded contact of theirs can be later.")
    for other in answer.possibly_later:
        lines.append(f"- {_when(other)}: {_what(other)}")
        lines.extend(_contact_lines(other, indent="    "))
    if _shows_sources(answer):
        lines.append("")
        lines.append("Sources consulted:")
        for source in answer.consulted:
            counted = f" ({source.contacts} contacts)" if source.contacts is not None else ""
            lines.append(f"- {source.name}{counted}: {source.coverage}")
    return "\n".join(lines)
