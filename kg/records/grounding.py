"""What the curated records give the identity layer, and the country catalogue as RDF.

:mod:`kg.identity` knows who is who without knowing the records' types; this
module stands between them:

- :func:`curated_authority` — the curated people with their tenures as an
  :class:`~kg.identity.authority.Authority`, which the importers link names to;
- :func:`write_countries` — every country of the catalogue
  (:mod:`kg.identity.countries`) as N-Triples, the curated countries keeping
  their names, for the curated build.
"""

from __future__ import annotations

from collections.abc import Sequence

from kg.identity.authority import Authority, Held
from kg.identity.countries import catalogue, normalise_country
from kg.records import rdf
from kg.records.model import Records
from kg.vocab import resource_iri

__all__ = ["curated_authority", "write_countries"]


def curated_authority(records: Records) -> Authority:
    """The curated people and their tenures, as an authority to link names to."""
    authority = Authority()
    posts = {p.id: p for p in records.posts}
    for person in records.people:
        iri = resource_iri("person", person.id)
        authority.add(iri, person.name, person.aliases, person.wikidata)
        for tenure in person.tenures:
            post = posts.get(tenure.post)
            if post is None:
                continue
            held = Held(
                resource_iri("post", post.id),
                post.name,
                post.country,
                (post.level,),
                tenure.start,
                tenure.end,
            )
            authority.add_tenure(iri, held)
    return authority


def write_countries(
    out: set[str], curated: Sequence[tuple[str, str, Sequence[str], str | None]]
) -> None:
    """Add every country of the catalogue to ``out`` (N-Triples lines).

    ``curated`` holds the curated countries as ``(id, name, aliases, wikidata)``:
    a curated country keeps its name, and gets the catalogue's other names,
    Wikidata id (when it has none) and dates; a catalogue country sharing a
    name with a curated country of another id is left out (the curated one
    is what the data means).
    """
    countries = catalogue()
    own = {ident: (name, tuple(aliases), qid) for ident, name, aliases, qid in curated}
    taken = {
        normalise_country(n) for ident, name, aliases, _ in curated for n in (name, *aliases, ident)
    }
    kept = {
        c.id
        for c in countries
        if c.id in own or not any(normalise_country(n) in taken for n in c.names)
    }
    for country in countries:
        if country.id not in kept:
            continue
        node = resource_iri("country", country.id)
        replaced = [resource_iri("country", r) for r in country.replaced_by if r in kept]
        part_of = resource_iri("country", country.part_of) if country.part_of in kept else None
        if country.id in own:
            name, aliases, qid = own[country.id]
            rdf.names(out, node, name, [n for n in country.names if n not in aliases],
                      None if qid else country.qid)  # fmt: skip
            rdf.country(out, node, name, (), None, country.temporal, replaced, part_of)
        else:
            rdf.country(out, node, country.name, country.names[1:], country.qid,
                        country.temporal, replaced, part_of)  # fmt: skip
