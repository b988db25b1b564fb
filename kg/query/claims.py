"""Who said what about a contact, and which statements are disputed.

Claims are read from the store (``contact_claims.rq``, ``disputes.rq``); their
statuses were derived once when the graph was built (:mod:`kg.records.status`).
"""

from __future__ import annotations

from collections import defaultdict
from typing import NamedTuple

from kg.query import QueryStore, contact_by_id, last_contact, statement_name
from kg.query.answers import ContactInfo, StatementInfo
from kg.rq import load_query
from kg.store import Row
from kg.vocab import local_id

__all__ = [
    "ClaimRow",
    "Dispute",
    "contact_claims",
    "pair_claims",
    "disputes",
]


class ClaimRow(NamedTuple):
    """One claim about one statement of one contact, flattened for listing."""

    contact: str
    statement: str
    value: str
    status: str
    stance: str
    by: str
    source: str
    publisher: str
    published: str | None
    quote: str | None


def _rows(contact_id: str, statements: tuple[StatementInfo, ...]) -> list[ClaimRow]:
    return [
        ClaimRow(
            contact=contact_id,
            statement=s.predicate,
            value=s.object,
            status=s.status,
            stance=c.stance,
            by=c.agent,
            source=c.source.title,
            publisher=c.source.publisher,
            published=c.source.published,
            quote=c.quote,
        )
        for s in statements
        for c in s.claims
    ]


def contact_claims(store: QueryStore, contact_id: str) -> list[ClaimRow]:
    """Every claim about the contact ``contact_id``; unknown ids raise
    :class:`~kg.errors.BadArgumentError` naming the closest ones."""
    contact = contact_by_id(store, contact_id)
    return _rows(contact.id, contact.statements)


def pair_claims(store: QueryStore, a: str, b: str) -> tuple[ContactInfo | None, list[ClaimRow]]:
    """Every claim about the last contact of ``a`` and ``b`` (see :func:`last_contact`)."""
    answer = last_contact(store, a, b)
    if answer.last is None:
        return None, []
    return answer.last, _rows(answer.last.id, answer.last.statements)


class Dispute(NamedTuple):
    """A statement some claims affirm and others deny (or rival values of it)."""

    contact: str
    date: str
    statement: str
    value: str
    affirmed_by: tuple[str, ...]
    denied_by: tuple[str, ...]
    sources: tuple[str, ...]


def disputes(store: QueryStore) -> list[Dispute]:
    """Every disputed statement in the graph, by contact."""
    grouped: dict[str, list[Row]] = defaultdict(list)
    for row in store.select(load_query("disputes")):
        grouped[row["statement"]].append(row)
    found = []
    for rows in grouped.values():
        first = rows[0]
        found.append(
            Dispute(
                contact=local_id(first["contact"]),
                date=first["edtf"],
                statement=statement_name(first["predicate"]),
                value=first["objectLabel"],
                affirmed_by=_agents(rows, "Affirms"),
                denied_by=_agents(rows, "Denies"),
                sources=tuple(sorted({r["title"] for r in rows})),
            )
        )
    return sorted(found, key=lambda d: (d.contact, d.statement, d.value))


def _agents(rows: list[Row], stance: str) -> tuple[str, ...]:
    return tuple(sorted({r["agentName"] for r in rows if r["stance"].endswith(stance)}))
