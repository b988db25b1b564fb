"""Writing a :class:`~kg.importers.icews.mapping.Conversion` as N-Triples, one contact at a time."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterator

from kg.dates import DateBounds
from kg.importers.icews.cameo import contact_type
from kg.importers.icews.mapping import Conversion, _Planned, _Row
from kg.records import rdf
from kg.records.ntriples import Triples, date, integer, literal
from kg.vocab import DCT, KG, PROV, RDF, RDFS, SEM, local_id, resource_iri

__all__ = ["lines"]


def lines(conversion: Conversion, progress: Callable[[int], None] | None = None) -> Iterator[str]:
    """Every N-Triples line of the conversion: contacts and announced meetings in id
    order (each one's lines sorted), the shared agents, documents and people
    (sorted), then the source's ``schema:Dataset`` node. Sets ``stats.reports``
    and ``stats.triples`` once exhausted; ``progress`` is called with 1 after each
    contact or announced meeting."""
    count = 0
    for planned in conversion.plan:
        out = Triples()
        if planned.ident.startswith("announced/"):
            _announced(conversion, planned, out)
        else:
            _contact(conversion, planned, out)
        count += len(out)
        yield from sorted(out)
        if progress is not None:
            progress(1)
    count += len(conversion.shared)
    yield from sorted(conversion.shared)
    described = _description(conversion)
    total = count + len(described) + 1
    conversion.stats.triples = total
    described.add_triple(conversion.dataset, "http://rdfs.org/ns/void#triples", integer(total))
    yield from sorted(described)


def _edtf(group_first: int, group_last: int) -> DateBounds:
    first, last = dt.date.fromordinal(group_first), dt.date.fromordinal(group_last)
    text = first.isoformat() if first == last else f"{first.isoformat()}/{last.isoformat()}"
    return DateBounds(text, first, last, "day")


def _participant(
    conversion: Conversion, agent: str, role: str, first: dt.date, last: dt.date
) -> rdf.Participant:
    side = conversion.sides[agent]
    context = conversion.context
    acted_for = side.country
    posts: tuple[str, ...] = ()
    if side.kind == "office":
        posts = (agent,)
    elif context.is_curated(agent):
        acted_for = next(iter(context.curated_countries(agent, first, last)), acted_for)
        posts = context.curated_posts(agent, first, last)
    return rdf.Participant(agent, side.label, role, acted_for, posts)


def _contact(conversion: Conversion, planned: _Planned, out: Triples) -> None:
    group, kept, stats = planned.group, conversion.kept, conversion.stats
    rows = [kept[ref] for ref in group.refs]
    kind = contact_type(group.codes)
    by_document: dict[int, list[_Row]] = defaultdict(list)
    for row in rows:
        by_document[row.document].append(row)
    claims: list[rdf.Claim] = []
    visitors: set[str] = set()
    for number in sorted(by_document, key=lambda n: conversion.documents[n].key):
        document = conversion.documents[number]
        coded = by_document[number]
        codes = tuple(sorted({r.code for r in coded}))
        claims.append(rdf.Claim(document.key, "occurred", None, document.by, None,
                                document.iri, document.by, cameo=codes))  # fmt: skip
        if kind != "visit":
            continue
        named = {
            r.source if r.code == "042" else r.target for r in coded if r.code in ("042", "043")
        }
        for value in sorted(named):
            visitors.add(value)
            claims.append(rdf.Claim(f"{document.key}-visitor-{local_id(value)}", "visitor", value,
                                    document.by, None, document.iri, document.by))  # fmt: skip
    roles = {agent: "participant" for agent in planned.pair}
    if len(visitors) == 1:
        guest = next(iter(visitors))
        roles = {agent: "visitor" if agent == guest else "host" for agent in planned.pair}
    bounds = _edtf(group.first, group.last)
    participants = tuple(
        _participant(conversion, a, roles[a], bounds.earliest, bounds.latest) for a in planned.pair
    )
    stories = [n for n in by_document if conversion.documents[n].story is not None]
    reports = len(stories) if stories else len(rows)
    listed = ", ".join(sorted(group.codes))
    if stories:
        where = f"in {len(stories)} stor{'y' if len(stories) == 1 else 'ies'}"
    else:
        where = "of " + ", ".join(sorted({conversion.labels_of[n] for n in by_document}))
    days = "" if bounds.earliest == bounds.latest else f" from {bounds.edtf.replace('/', ' to ')}"
    note = f"{len(rows)} coded rows (CAMEO {listed}) {where}{days} collapsed into one contact."
    rdf.contact(
        out,
        rdf.ContactSpec(
            id=planned.ident, type=kind, date=bounds, participants=participants,
            claims=tuple(claims), note=note, extra=((KG.reportCount, integer(reports)),),
        ),
    )  # fmt: skip
    stats.reports += reports


def _announced(conversion: Conversion, planned: _Planned, out: Triples) -> None:
    group, kept = planned.group, conversion.kept
    rows = [kept[ref] for ref in group.refs]
    node = resource_iri("announcement", planned.ident.split("/", 1)[1])
    bounds = _edtf(group.first, group.last)
    names = [conversion.sides[a].label for a in planned.pair]
    out.add_iri(node, RDF.type, KG.AnnouncedMeeting)
    out.add_triple(node, RDFS.label, literal(
        f"announced meeting, {names[0]} – {names[1]}, reported {bounds.edtf}"
    ))  # fmt: skip
    out.add_triple(node, DCT.date, date(bounds.earliest))
    for agent in planned.pair:
        out.add_iri(node, SEM.hasActor, agent)
    documents = {row.document for row in rows}
    for number in documents:
        out.add_iri(node, PROV.wasDerivedFrom, conversion.documents[number].iri)
    stories = [n for n in documents if conversion.documents[n].story is not None]
    out.add_triple(node, KG.reportCount, integer(len(stories) if stories else len(rows)))


def _description(conversion: Conversion) -> Triples:
    stats = conversion.stats
    days = conversion.days
    period = (
        f"{dt.date.fromordinal(days[0]).isoformat()}/{dt.date.fromordinal(days[1]).isoformat()}"
        if days
        else ""
    )
    layouts = set(stats.layouts)
    if layouts == {"dataverse"}:
        title = f"ICEWS coded events ({conversion.source})"
        sources = (
            "every story coding one contact is collapsed into it and cited, attributed to its "
            "publisher"
        )
    else:
        title = f"ICEWS coded events ({', '.join(conversion.labels) or conversion.source})"
        sources = (
            "the temporal-knowledge-graph quads keep no stories or publishers: each contact cites "
            "the data set, its claim attributed to the ICEWS coders, so it is reported, never "
            "confirmed, by this source alone"
        )
    description = (
        "Machine-coded news events (ICEWS, CAMEO 040-046): consultations, phone calls, visits, "
        "meetings at a third location, mediation and negotiations between two sides, "
        f"{period.replace('/', ' to ')}. The rows of one pair within two days of each other "
        "(a week at most) are one contact, a phone call and an in-person meeting never one; "
        f"{sources}. CAMEO 036 (intent to meet) gives announced meetings, not contacts. "
        "People are linked to the curated people where their names match; offices (head of "
        "government) and ministries stand for their country's post or ministry, never for a "
        "person; other sectors (citizens, police), groups and regions, and domestic rows are "
        "left out."
    )
    out = Triples()
    merged = max(stats.rows_kept - stats.contacts - stats.announced, 0)
    rdf.dataset(
        out,
        conversion.dataset,
        title=title,
        description=description,
        publisher=conversion.coders,
        temporal=period,
        contact_types=[
            KG.term(t)
            for t in ("Meeting", "PhoneCall", "Visit", "ThirdLocationMeeting", "NegotiationRound")
        ],  # fmt: skip
        records=stats.records or stats.rows,
        contacts=stats.contacts,
        merged=merged,
        unresolved=stats.people_flagged,
    )
    return out
