"""Questions answered by the shipped SPARQL queries, returning immutable records (kg.query.answers).

Every function takes the store explicitly and runs ``.rq`` files from
:mod:`kg.rq` with bound values.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any, Protocol

from kg.dates import parse_user_date, precision_from_iri
from kg.errors import BadArgumentError
from kg.identity.index import Entity, NameIndex, build_index, normalise
from kg.query.answers import (
    ClaimInfo,
    ContactInfo,
    LastContact,
    Participant,
    SourceRef,
    SourceSummary,
    StatementInfo,
)
from kg.rq import load_query
from kg.store import (
    CURATED_GRAPH,
    Binding,
    BindValue,
    Iri,
    Row,
    level_pair_iri,
    source_graph,
)
from kg.vocab import (
    CONTACT_TYPE_NAMES,
    ENTITY_KINDS,
    KG,
    POST_LEVELS,
    local_id,
    resource_iri,
)

__all__ = [
    "LEVELS",
    "QueryStore",
    "name_index",
    "resolve",
    "contact_details",
    "contacts_details",
    "contact_by_id",
    "last_contact",
    "statement_name",
    "sources",
]


class QueryStore(Protocol):
    """Anything that runs a SELECT query with bound values."""

    def select(self, query: str, bindings: Mapping[str, Binding] | None = None) -> list[Row]: ...


def name_index(store: QueryStore) -> NameIndex:
    """Index every nameable agent of the store.

    Uses the index saved with the build when the store has one, else builds
    it from ``entities.rq``.
    """
    saved = getattr(store, "saved_name_index", None)
    index = saved() if saved is not None else None
    return index or build_index(store)


def resolve(store: QueryStore, text: str, index: NameIndex | None = None) -> Entity:
    """Resolve ``text`` to one entity (see :mod:`kg.identity.index` for the rules)."""
    return (index or name_index(store)).resolve(text)


def _name(iri: str) -> str:
    return local_id(iri).lower() if "#" in iri else local_id(iri)


_STATEMENT_NAMES = {
    "occurred": "occurred",
    "topic": "topic",
    "initiator": "initiator",
    "edtf": "date",
    "visitor": "visitor",
}


_STATEMENT_ORDER = {"occurred": 0, "date": 1, "visitor": 2, "initiator": 3, "topic": 4}


def statement_name(predicate_iri: str) -> str:
    """``occurred``, ``topic``, ``initiator`` or ``date`` for a statement's predicate.

    >>> statement_name("https://w3id.org/kg-contacts/ns#edtf")
    'date'
    """
    return _STATEMENT_NAMES[local_id(predicate_iri)]


#: Contacts described by one query (:func:`contacts_details`). pyoxigraph 0.5
#: plans ``contact_claims.rq`` with 19 or more bound contacts differently: it
#: reads every label of the store (1.8 s at a million contacts, against 8 ms
#: for 18 contacts).
DETAILS_AT_ONCE = 16


def contact_details(store: QueryStore, row: Row) -> ContactInfo:
    """Complete one row of ``pair_contacts.rq`` with participants and claims."""
    return contacts_details(store, [row])[0]


def contacts_details(store: QueryStore, rows: Sequence[Row]) -> list[ContactInfo]:
    """Complete rows of ``pair_contacts.rq`` with participants and claims, in order.

    One query for the participants and one for the claims of every
    :data:`DETAILS_AT_ONCE` contacts.
    """
    participants: dict[str, list[Row]] = defaultdict(list)
    claims: dict[str, list[Row]] = defaultdict(list)
    for start in range(0, len(rows), DETAILS_AT_ONCE):
        chunk = rows[start : start + DETAILS_AT_ONCE]
        bound: dict[str, Binding] = {"contact": tuple(Iri(r["contact"]) for r in chunk)}
        for p in store.select(load_query("contact_participants"), bound):
            participants[p["contact"]].append(p)
        for c in store.select(load_query("contact_claims"), bound):
            claims[c["contact"]].append(c)
    for found in claims.values():
        found.sort(key=_claim_order)
    return [_details(r, participants[r["contact"]], claims[r["contact"]]) for r in rows]


def _claim_order(claim: Row) -> tuple[str, str, str, str]:
    """Claims by statement (predicate, object), then stance and id: as ``ORDER BY``
    would sort them (each predicate's objects are of one kind: IRIs, or ``true``)."""
    return (claim["predicate"], claim["object"], claim["stance"], claim["claim"])


def _details(row: Row, participant_rows: list[Row], claim_rows: list[Row]) -> ContactInfo:
    """One contact's record from its row and its rows of participants and claims."""
    posts: dict[str, list[str]] = defaultdict(list)
    titles: dict[str, list[str]] = defaultdict(list)
    people: dict[str, Row] = {}
    for p in participant_rows:
        people.setdefault(p["agent"], p)
        if "postName" in p:
            posts[p["agent"]].append(p["postName"])
        if "title" in p:
            titles[p["agent"]].append(p["title"])
    participants = tuple(
        sorted(
            (
                Participant(
                    id=local_id(agent),
                    name=p["name"],
                    kind=ENTITY_KINDS.get(p.get("kind", ""), "agent"),
                    role=_name(p["role"]),
                    posts=tuple(sorted(set(posts[agent]))),
                    country=p.get("countryName"),
                    titles=tuple(sorted(set(titles[agent]))),
                )
                for agent, p in people.items()
            ),
            key=lambda p: (p.role != "participant", normalise(p.name), p.id),
        )
    )
    grouped: dict[tuple[str, str], list[Row]] = defaultdict(list)
    for claim in claim_rows:
        grouped[(claim["predicate"], claim["object"])].append(claim)
    statements = []
    for (predicate, obj), claims in grouped.items():
        first = claims[0]
        statements.append(
            StatementInfo(
                predicate=statement_name(predicate),
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
        type=CONTACT_TYPE_NAMES[row["type"]],
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
            sorted(
                statements,
                key=lambda s: (_STATEMENT_ORDER[s.predicate], normalise(s.object), s.object_id),
            )
        ),
    )


def contact_by_id(store: QueryStore, contact_id: str) -> ContactInfo:
    """The contact with id ``contact_id``, with everything known about it.

    Raises :class:`~kg.errors.BadArgumentError`, naming the closest ids, when
    no contact has that id.
    """
    rows = store.select(
        load_query("contact_row"), {"contact": Iri(resource_iri("contact", contact_id))}
    )
    if not rows:
        import difflib

        known = [local_id(r["contact"]) for r in store.select(load_query("contact_ids"))]
        close = difflib.get_close_matches(contact_id, known, n=3, cutoff=0.5)
        hint = f" Did you mean: {', '.join(close)}?" if close else ""
        raise BadArgumentError(f"no contact has the id '{contact_id}'.{hint}")
    return contact_details(store, rows[0])


#: Levels ``--level`` accepts, and the kg:PostLevel each stands for.
LEVELS: dict[str, str] = {
    name: KG.term(term) for name, term in POST_LEVELS.items() if name != "other"
}


def last_contact(
    store: QueryStore,
    a: str | Entity,
    b: str | Entity,
    before: str | None = None,
    level: str | None = None,
    index: NameIndex | None = None,
    source: Sequence[str] | None = None,
) -> LastContact:
    """When did ``a`` and ``b`` last have contact, as far as the graph knows?

    Parameters
    ----------
    store : QueryStore
        The store to ask.
    a, b : str or Entity
        Names (resolved with :mod:`kg.identity.index`; a name that fits several
        people is decided by the other side, :mod:`kg.query.context`, and
        ``notes`` says how) or entities: people and organisations take part
        themselves; a country stands for itself and every official acting
        for it at the contact's date; a post stands for whoever held it then. The
        store's pair index (:mod:`kg.store.pairs`) lists the contacts of every
        pair, so no side's contacts are read.
    before : str, optional
        ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``: only a contact that certainly
        happened before the start of this date can be the answer.
    level : str, optional
        With two countries, one of :data:`LEVELS`: only contacts where each
        country is represented by a holder of a post at that level (or a
        narrower one: a foreign minister is a minister).
    index : NameIndex, optional
        A name index to reuse across calls.
    source : sequence of str, optional
        Only contacts recorded in these sources (``curated``, or the name of
        an imported source; see :func:`sources`).

    Returns
    -------
    LastContact
        ``last`` is the contact with the latest earliest-possible date, ties
        going to the finer precision; ``possibly_later`` holds every other
        contact whose latest-possible date reaches that anchor (it may be
        later, or the same contact reported at another precision). Contacts
        that every source denies are not counted. ``consulted`` lists the
        sources asked, with their coverage.
    """
    from kg.query.context import choose, side_pair

    # names first: they need no query, so the database can finish opening meanwhile
    notes: tuple[str, ...] = ()
    if isinstance(a, str) or isinstance(b, str):
        first, second, notes = choose(store, index or name_index(store), a, b)
    else:
        first, second = a, b
    known = sources(store, count=False)
    consulted = tuple(known)
    if source:
        names = {s.name for s in known}
        unknown = [n for n in source if n not in names]
        if unknown:
            raise BadArgumentError(
                f"no source called {', '.join(repr(n) for n in unknown)}; the sources are: "
                + ", ".join(sorted(names))
            )
        consulted = tuple(s for s in known if s.name in source)
    cutoff: dt.date | None = parse_user_date(before)[0] if before else None
    if level is not None:
        if level not in LEVELS:
            raise BadArgumentError(f"unknown level '{level}'; use one of: {', '.join(LEVELS)}")
        if first.kind != "country" or second.kind != "country":
            raise BadArgumentError(
                f"a level compares two countries, but {first.name} is a {first.kind} and "
                f"{second.name} a {second.kind}"
            )
        pair = Iri(level_pair_iri(first.iri, second.iri, LEVELS[level]))
    else:  # the pair index names the pair and lists its contacts: no side is scanned
        pair = Iri(side_pair(first, second))
    if cutoff is None and not source:
        rows = store.select(load_query("pair_last"), {"pair": pair})
    else:
        bindings: dict[str, BindValue] = {"pair": pair, "before": cutoff or dt.date.max}
        rows = store.select(load_query("pair_contacts"), bindings)
    graphs = {_graph_of(s.name) for s in consulted} if source else set()
    anchor, later = _last_of(store, rows, cutoff, graphs)
    described = contacts_details(store, ([anchor] if anchor is not None else []) + later)
    return LastContact(
        a=first,
        b=second,
        before=before,
        level=level,
        last=described[0] if anchor is not None else None,
        possibly_later=tuple(described[1:] if anchor is not None else described),
        consulted=consulted,
        restricted=bool(source),
        notes=notes,
    )


def _last_of(
    store: QueryStore, rows: list[Row], cutoff: dt.date | None, graphs: set[str]
) -> tuple[Row | None, list[Row]]:
    """The last contact among ``rows`` (latest first) and those possibly later.

    The last contact is the first row certainly before ``cutoff``; the
    possibly later ones are the other rows whose latest-possible day reaches
    its earliest (every row when none is certainly before the cutoff). With
    ``graphs``, only contacts recorded in those graphs count: each row that
    could be in the answer is checked, in order, and the rest never are.
    """
    anchor: Row | None = None
    others: list[Row] = []
    for row in rows:
        if anchor is not None and row["latest"] < anchor["earliest"]:
            continue  # certainly earlier than the last contact
        if graphs and not _in_graphs(store, row["contact"], graphs):
            continue
        if anchor is None and (cutoff is None or dt.date.fromisoformat(row["latest"]) < cutoff):
            anchor = row
        else:
            others.append(row)
    return anchor, others


def _saved_counts(store: QueryStore, name: str) -> Any:
    """The counts called ``name`` saved with the store's build, or ``None``."""
    saved = getattr(store, "saved_counts", None)
    counts = saved() if saved is not None else None
    return counts.get(name) if counts else None


def _graph_of(name: str) -> str:
    return CURATED_GRAPH if name == "curated" else source_graph(name)


def _in_graphs(store: QueryStore, contact: str, graphs: set[str]) -> bool:
    rows = store.select(load_query("contact_graphs"), {"contact": Iri(contact)})
    return any(r["graph"] in graphs for r in rows)


#: How the curated data describes itself in :func:`sources`.
CURATED_COVERAGE = (
    "hand-curated records of the data folder: any kind of contact, any side, each date at "
    "the precision its source gives, with every claim and its source"
)


def sources(store: QueryStore, count: bool = True) -> list[SourceSummary]:
    """The sources of the graph: ``curated`` first, then every imported source by name.

    Each with its title, the contacts it holds (counted only when ``count``:
    it reads every contact), the records it was made from, its dates and what
    it covers, as its importer recorded them.
    """
    counts: dict[str, int] = {}
    if count:
        saved = _saved_counts(store, "graph_contacts")
        counts = (
            saved
            if saved is not None
            else {
                r["graph"]: int(r["contacts"]) for r in store.select(load_query("graph_contacts"))
            }
        )
    found = [
        SourceSummary(
            name="curated",
            title="Curated records",
            contacts=counts.get(CURATED_GRAPH, 0) if count else None,
            records=None,
            dates=None,
            coverage=CURATED_COVERAGE,
        )
    ]
    prefix = source_graph("")
    saved = _saved_counts(store, "sources")
    for row in saved if saved is not None else store.select(load_query("sources")):
        if not row["graph"].startswith(prefix):
            continue
        found.append(
            SourceSummary(
                name=row["graph"][len(prefix) :],
                title=row["title"],
                contacts=counts.get(row["graph"], 0) if count else None,
                records=int(row["records"]) if "records" in row else None,
                dates=row.get("temporal"),
                coverage=row["description"],
            )
        )
    return found
