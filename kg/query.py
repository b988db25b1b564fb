"""Questions answered by the shipped SPARQL queries, returning immutable records (kg.model).

Every function takes the store explicitly and runs ``.rq`` files from
:mod:`kg.sparql` with bound values.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Protocol

from kg.dates import parse_user_date, precision_from_iri
from kg.model import ClaimInfo, ContactInfo, LastContact, Participant, SourceRef, StatementInfo
from kg.names import Entity, NameIndex, index_from_rows, normalise
from kg.sparql import load_query
from kg.store import BindValue, Iri, Row
from kg.vocab import local_id

__all__ = ["QueryStore", "name_index", "resolve", "contact_details", "last_contact"]

_KINDS = {
    "http://xmlns.com/foaf/0.1/Person": "person",
    "http://schema.org/Country": "country",
    "http://www.w3.org/ns/org#Organization": "organisation",
    "https://w3id.org/kg-contacts/ns#AnonymousSource": "anonymous source",
}


class QueryStore(Protocol):
    """Anything that runs a SELECT query with bound values."""

    def select(self, query: str, bindings: dict[str, BindValue] | None = None) -> list[Row]: ...


def name_index(store: QueryStore) -> NameIndex:
    """Index every nameable agent of the store.

    Uses the rows of ``entities.rq`` saved with the build when the store has
    them, else runs the query.
    """
    saved = getattr(store, "name_rows", None)
    rows = saved() if saved is not None else None
    return index_from_rows(rows if rows is not None else store.select(load_query("entities")))


def resolve(store: QueryStore, text: str, index: NameIndex | None = None) -> Entity:
    """Resolve ``text`` to one entity (see :mod:`kg.names` for the rules)."""
    return (index or name_index(store)).resolve(text)


def _name(iri: str) -> str:
    return local_id(iri).lower() if "#" in iri else local_id(iri)


def contact_details(store: QueryStore, row: Row) -> ContactInfo:
    """Complete one row of ``pair_contacts.rq`` with participants and claims."""
    contact = Iri(row["contact"])
    participants = tuple(
        sorted(
            (
                Participant(
                    id=local_id(p["agent"]),
                    name=p["name"],
                    kind=_KINDS.get(p.get("kind", ""), "agent"),
                    role=_name(p["role"]),
                )
                for p in store.select(load_query("contact_participants"), {"contact": contact})
            ),
            key=lambda p: (p.role != "participant", normalise(p.name), p.id),
        )
    )
    grouped: dict[tuple[str, str], list[Row]] = defaultdict(list)
    for claim in store.select(load_query("contact_claims"), {"contact": contact}):
        grouped[(claim["predicate"], claim["object"])].append(claim)
    statements = []
    for (predicate, obj), claims in grouped.items():
        first = claims[0]
        statements.append(
            StatementInfo(
                predicate=_name(predicate),
                object_id="" if predicate.endswith("#occurred") else local_id(obj),
                object=first.get("objectLabel", "" if predicate.endswith("#occurred") else obj),
                status=_name(first["status"]),
                claims=tuple(
                    ClaimInfo(
                        id=local_id(c["claim"]),
                        stance=_name(c["stance"]),
                        agent_id=local_id(c["agent"]),
                        agent=c["agentName"],
                        source=SourceRef(
                            id=local_id(c["source"]),
                            title=c["title"],
                            publisher=c["publisherName"],
                            published=c.get("issued"),
                            url=c.get("url"),
                        ),
                        quote=c.get("quote"),
                    )
                    for c in claims
                ),
            )
        )
    return ContactInfo(
        id=local_id(row["contact"]),
        type=_kebab(local_id(row["type"])),
        type_label=row["typeLabel"],
        date=row["edtf"],
        earliest=row["earliest"],
        latest=row["latest"],
        precision=precision_from_iri(row["precision"]),
        status=_name(row["status"]),
        series=row.get("series") == "true",
        location=row.get("location"),
        note=row.get("note"),
        participants=participants,
        statements=tuple(
            sorted(statements, key=lambda s: (s.predicate, normalise(s.object), s.object_id))
        ),
    )


def _kebab(name: str) -> str:
    """``PhoneCall`` → ``phone-call``."""
    out = "".join(f"-{ch.lower()}" if ch.isupper() else ch for ch in name)
    return out.lstrip("-")


def last_contact(
    store: QueryStore,
    a: str | Entity,
    b: str | Entity,
    before: str | None = None,
    index: NameIndex | None = None,
) -> LastContact:
    """When did ``a`` and ``b`` last have contact, as far as the graph knows?

    Parameters
    ----------
    store : QueryStore
        The store to ask.
    a, b : str or Entity
        Names (resolved with :mod:`kg.names`) or entities.
    before : str, optional
        ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``: only a contact that certainly
        happened before the start of this date can be the answer.
    index : NameIndex, optional
        A name index to reuse across calls.

    Returns
    -------
    LastContact
        ``last`` is the contact with the latest earliest-possible date, ties
        going to the finer precision; ``possibly_later`` holds every other
        contact whose latest-possible date reaches that anchor (it may be
        later, or the same contact reported at another precision). Contacts
        that every source denies are not counted.
    """
    if isinstance(a, str) or isinstance(b, str):
        index = index or name_index(store)
    first = a if isinstance(a, Entity) else resolve(store, a, index)
    second = b if isinstance(b, Entity) else resolve(store, b, index)
    cutoff: dt.date | None = parse_user_date(before)[0] if before else None
    bindings: dict[str, BindValue] = {
        "a": Iri(first.iri),
        "b": Iri(second.iri),
        "before": cutoff or dt.date.max,
    }
    rows = store.select(load_query("pair_contacts"), bindings)
    anchor = next(
        (r for r in rows if cutoff is None or dt.date.fromisoformat(r["latest"]) < cutoff), None
    )
    if anchor is None:
        later = rows
    else:
        later = [r for r in rows if r is not anchor and r["latest"] >= anchor["earliest"]]
    return LastContact(
        a=first,
        b=second,
        before=before,
        last=contact_details(store, anchor) if anchor is not None else None,
        possibly_later=tuple(contact_details(store, r) for r in later),
    )
