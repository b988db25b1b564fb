"""Import a table of officials' tenures as an authority keyed by Wikidata ids.

:func:`officials_triples` maps a table read by
:func:`kg.identity.officials.read_officials` to the graph of its source
(``officials`` by default):

- a person per Wikidata id, ``person/Q…`` (or the curated person carrying
  that id), with the table's label (a non-Latin label is transliterated,
  the original kept as another name), the English Wikipedia title and the
  table's aliases as other names, the dates of birth and death at their
  precision, and ``schema:sameAs`` their Wikidata item. One person is never
  split by catalogue: Ban Ki-moon is one person, Foreign Minister of South
  Korea and Secretary-General of the United Nations;
- a post per country and label, typed by level (:mod:`kg.identity.posts`;
  a presidency heading state and government has both levels), of the
  country of :mod:`kg.identity.countries` the catalogue names; the curated
  post of a country and level when the curated data has exactly one (so the
  Russian foreign minister is one post); the posts of the ``World`` and
  ``European Union`` catalogues belong to an international organisation;
- a tenure (``org:Membership``) per row, with its first and last possible
  days and the table's dates at their precision (``dct:temporal``). A
  curated person keeps their curated tenures: the table adds only the posts
  they have none in.

The next imports link their names to these people
(:class:`kg.identity.authority.Authority`): import the table first.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from kg.identity.countries import catalogue, slug
from kg.identity.names import fold
from kg.identity.officials import OfficialRow, OfficialsTable
from kg.identity.posts import post_label
from kg.importers.context import ImportContext, ImportStats
from kg.records import rdf
from kg.records.ntriples import Triples
from kg.vocab import resource_iri

__all__ = ["COVERAGE", "OfficialsStats", "officials_triples"]

COVERAGE = (
    "Who held which post when: heads of state and government, ministers and other "
    "officials, with Wikidata ids; no contacts. Other sources' names are linked to these "
    "people by name and post at the date."
)


@dataclass
class OfficialsStats(ImportStats):
    """The counts of an officials import."""

    tenures: int = 0
    people: int = 0
    posts: int = 0
    levels: Counter[str] | None = None


def _display_name(row: OfficialRow) -> tuple[str, list[str]]:
    """A display name and other names: a non-Latin label transliterated, given name first."""
    enwiki = re.sub(r"\s*\([^)]*\)\s*$", "", row.enwiki)
    names = [n for n in (enwiki, *row.aliases) if n]
    label = row.person
    if not label.isascii() and fold(label) != label and not _plain_latin(label):
        names.insert(0, label)
        latin = enwiki if enwiki and _plain_latin(enwiki) else fold(label)
        if "," in latin and latin.count(",") == 1:
            family, _, given = latin.partition(",")
            latin = f"{given.strip()} {family.strip()}"
        label = latin
    return label, [n for n in names if n != label]


def _plain_latin(text: str) -> bool:
    """Latin letters, possibly with diacritics ("Sébastien", not "Эшба")."""
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).isascii()


def _organisation(catalogue_name: str, position: str) -> tuple[str, str]:
    """The international organisation a post of the ``World`` catalogue belongs to."""
    if catalogue_name != "World":
        return slug(catalogue_name), catalogue_name
    found = re.search(r"\b(?:of|to) the (.+)$", position)
    name = found.group(1) if found else "International organisations"
    if position.startswith("OSCE "):
        name = "Organization for Security and Co-operation in Europe"
    return slug(name), name


class _Mapper:
    def __init__(self, table: OfficialsTable, context: ImportContext, source: str) -> None:
        self.table = table
        self.context = context
        self.source = source
        self.out = Triples()
        self.stats = OfficialsStats(source=source, levels=Counter())
        self.dataset = resource_iri("dataset", source)
        self.posts: dict[tuple[str, str], str] = {}
        self.countries = catalogue()

    def person_iri(self, qid: str) -> str:
        return self.context.curated_iri(qid) or resource_iri("person", qid)

    def post(self, row: OfficialRow) -> str:
        key = (row.country or row.catalogue, row.position)
        found = self.posts.get(key)
        if found is not None:
            return found
        level, *also = row.levels or ("other",)
        if row.country is None:
            ident, name = _organisation(row.catalogue, row.position)
            organisation = resource_iri("org", ident)
            if organisation not in self.posts.values():
                rdf.organisation(self.out, organisation, name)
            iri = resource_iri("post", f"{ident}-{slug(row.position)}")
            rdf.post(self.out, iri, row.position, None, level, organisation_iri=organisation,
                     wikidata=row.position_qid)  # fmt: skip
            self.posts[key] = iri
            self.posts[("org", ident)] = organisation
            return iri
        country = resource_iri("country", row.country)
        if not also and len(row.levels) == 1 and level in (
            "head-of-state", "head-of-government", "foreign-minister", "defence-minister",
        ):  # fmt: skip
            curated = self.context.curated_post(country, level)
            if curated is not None:
                self.posts[key] = curated
                return curated
        iri = resource_iri("post", f"{row.country}-{slug(row.position)}")
        entity = self.countries.get(row.country)
        name = post_label(row.position, entity.name if entity else row.catalogue)
        rdf.post(self.out, iri, name, country, level, wikidata=row.position_qid, also=also)
        self.posts[key] = iri
        return iri

    def run(self) -> tuple[Triples, OfficialsStats]:
        rows = self.table.rows
        self.stats.records = self.stats.rows = self.table.report.rows
        self.stats.exact_duplicates = self.table.report.exact_duplicates
        self.stats.near_duplicates = self.table.report.merged_ends
        people: dict[str, OfficialRow] = {}
        names: dict[str, set[str]] = {}
        curated_posts: dict[str, set[str]] = {}
        for row in rows:
            iri = self.person_iri(row.qid)
            first = people.setdefault(iri, row)
            label, other = _display_name(first)
            names.setdefault(iri, set()).update(other)
            if row.person != first.person:
                names[iri].add(row.person)
        for iri, row in people.items():
            if self.context.is_curated(iri):
                curated_posts[iri] = set(self.context.curated_posts_ever(iri))
                continue
            label, _ = _display_name(row)
            rdf.person(
                self.out, iri, label, sorted(names[iri] - {label}), wikidata=row.qid,
                born=_precise(row.birth.edtf) if row.birth else None,
                died=_precise(row.death.edtf) if row.death else None,
            )  # fmt: skip
        seen: set[str] = set()
        for row in rows:
            iri = self.person_iri(row.qid)
            post = self.post(row)
            if post in curated_posts.get(iri, ()):
                continue  # a curated person keeps their curated tenures of that post
            start = row.start.earliest if row.start else None
            end = row.end.latest if row.end else None
            edtf = f"{row.start.edtf if row.start else ''}/{row.end.edtf if row.end else '..'}"
            ident = f"{self.source}-{row.qid}-{post.rsplit('/', 1)[1]}-{row.start.edtf if row.start else 'x'}"
            node = resource_iri("tenure", slug(ident))
            if node in seen:
                continue
            seen.add(node)
            rdf.tenure(self.out, node, iri, post, start, end, self.dataset, row.note, edtf)
            self.stats.tenures += 1
            for level in row.levels or ("organisation",):
                assert self.stats.levels is not None
                self.stats.levels[level] += 1
        self.stats.people = len(people)
        self.stats.posts = len({p for k, p in self.posts.items() if k[0] != "org"})
        report = self.table.report
        dates = sorted(d.earliest.isoformat() for r in rows for d in (r.start,) if d is not None)
        rdf.organisation(self.out, resource_iri("org", "wikidata"), "Wikidata")
        self.context.dataset(
            self.dataset,
            title="Officials and their tenures (a table in the Wikidata layout)",
            description=(
                f"{COVERAGE} {self.stats.tenures} tenures of {self.stats.people} people in "
                f"{len({r.catalogue for r in rows})} catalogues; {report.exact_duplicates} "
                f"repeated rows read once, {report.merged_ends} rows of one tenure with "
                f"different ends merged, {report.reversed_rows} rows ending before they start "
                f"kept without their end, {report.impossible_days} impossible days kept at "
                "month precision."
            ),
            publisher=resource_iri("org", "wikidata"),
            temporal=f"{dates[0]}/.." if dates else "",
            contact_types=(),
            sides=(),
            licence="https://creativecommons.org/publicdomain/zero/1.0/",
            stats=self.stats,
            out=self.out,
        )
        return self.out, self.stats


def _precise(edtf: str) -> str | None:
    """A date of birth or death, unless only its decade is known."""
    return None if "X" in edtf else edtf


def officials_triples(
    table: OfficialsTable, context: ImportContext, source: str = "officials"
) -> tuple[Triples, OfficialsStats]:
    """Map the table to RDF for the graph of ``source``; return the triples and counts."""
    return _Mapper(table, context, source).run()
