"""What an ICEWS actor is: a person, a country, an international organisation,
an office or ministry of a country, or something left out of contacts.

ICEWS names an actor by a person's name ("Sergey Viktorovich Lavrov"), a
country or organisation ("Russia", "United Nations"), or a *sector* of a
country, written ``Sector (Country)`` ("Foreign Affairs (Venezuela)",
"Citizen (Nigeria)"). The Dataverse files add each actor's sectors and
country in columns of their own; the temporal-knowledge-graph files give
the name alone. The rules, in order:

1. **Sectors of a country** (``Sector (Country)``; :data:`GOVERNMENT`,
   :data:`OFFICES`, :data:`MINISTRIES`):

   - a government sector ("Government", "Cabinet / Council of Ministers /
     Advisors", "Envoy", ...) stands for its country, as a country taking part
     does;
   - an office ("Head of Government", "Head of State") is that country's
     post at that level: the curated post when the curated data has exactly
     one of that country and level, else ``post/COUNTRY-head-of-government``.
     The post takes part as itself (typed ``prov:Agent`` too: the office, its
     holder unnamed) and holds itself, so the contact counts for the country,
     for the post, and at that level (``kg last-contact --level``). It is never
     turned into the person who held the post then;
   - a ministry ("Foreign Affairs", "Defense / Security Ministry", "Health
     Ministry", any sector naming a ministry or department) is that country's
     ministry as an organisation (the curated one when a curated post of that
     level belongs to one, as the Russian Ministry of Foreign Affairs does):
     it counts for its country; a ministry is not its minister, so it holds
     no post;
   - any other sector ("Citizen", "Police", "Military", "Legislature",
     "Business", ...) is left out of contacts and counted by its name.

2. **Countries**: a name the import knows as a country: one that appears
   with a government sector somewhere in the input (``Government (Spain)``
   makes "Spain" a country), a curated country's name or alias, or a country
   of :mod:`kg.importers.countries`. In the Dataverse layout, also an actor
   whose name is its Country column.
3. **International organisations**: a name starting with a known one
   (:data:`kg.importers.countries.ORGANISATIONS`: "United Nations", "NATO",
   "European Union"...) or holding :data:`IO_WORDS` ("International Monetary
   Fund", "Association of Southeast Asian Nations", "World Bank"), and no
   country's name; in the Dataverse layout, an actor with no country whose
   sectors name an organisation. ``org/SLUG``, shared by every source.
4. **People**: in the Dataverse layout, an actor with sectors and a country;
   in the temporal-knowledge-graph layout, a name of two words or more with
   none of :data:`GROUP_WORDS` or :data:`REGION_WORDS`. They resolve through
   :mod:`kg.importers.icews.persons`.
5. Anything else is left out and counted: one-word names that are no
   country or organisation ("Taliban", "Reuters"), groups and institutions
   ("Verkhovna Rada", "Bharatiya Janata"), regions ("Middle East").

Examples
--------
>>> split_sector("Head of Government (Ukraine)"), split_sector("Holy See (Vatican City State)")
(('Head of Government', 'Ukraine'), ('Holy See', 'Vatican City State'))
>>> split_sector("Priest (Holy See (Vatican City State))")
('Priest', 'Holy See (Vatican City State)')
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import NamedTuple

from kg.identity.countries import catalogue
from kg.importers.context import ImportContext
from kg.importers.countries import ALIASES, ORGANISATIONS, slug
from kg.query.names import normalise
from kg.records import rdf
from kg.records.ntriples import Triples
from kg.vocab import PROV, RDF, local_id, resource_iri

__all__ = [
    "GOVERNMENT",
    "OFFICES",
    "MINISTRIES",
    "IO_WORDS",
    "GROUP_WORDS",
    "REGION_WORDS",
    "Actor",
    "Actors",
    "split_sector",
    "countries_in",
]

#: Sectors that stand for their country (folded).
GOVERNMENT = frozenset(
    {
        "government", "cabinet / council of ministers / advisors", "other authorities / officials",
        "government official", "ministry", "envoy", "government delegation", "interim government",
        "royal administration", "executive", "executive office", "undersecretary",
        "national security advisor", "presidential aide", "government lawyer/representative",
    }
)  # fmt: skip
#: Sectors that are an office of the country: ``(post level, title)``.
OFFICES: dict[str, tuple[str, str]] = {
    "head of government": ("head-of-government", "Head of Government"),
    "head of state": ("head-of-state", "Head of State"),
}
#: Sectors that are a ministry of the country: ``(post level of its minister, name)``.
#: Any other sector naming a ministry or a department is a ministry too, at
#: level ``minister``, named as the sector is.
MINISTRIES: dict[str, tuple[str, str]] = {
    "foreign affairs": ("foreign-minister", "Ministry of Foreign Affairs"),
    "defense / security ministry": ("defence-minister", "Ministry of Defence"),
    "domestic affairs": ("minister", "Ministry of the Interior"),
}
_MINISTRY = re.compile(r"\b(?:ministry|ministery|department)\b", re.IGNORECASE)
#: Words that make a name an international organisation's (folded).
IO_WORDS = (
    "united nations", "international", "world", "organization", "organisation",
    "council of europe", "european", "association of southeast asian nations", "cooperation council",
    "development community", "economic community", "high commission", "african union",
    "arab league", "security council", "general assembly",
)  # fmt: skip
#: Words that make a name a group's or an institution's, not a person's (folded).
GROUP_WORDS = frozenset(
    """party parties janata congress parliament assembly senate house sabha rada seimas sejm
    duma knesset majlis council commission committee court tribunal ministry department office
    agency bureau service services forces force army navy police guard command government
    authority administration bank fund union league alliance front movement association
    federation community company corporation group press news jazeera publishers watch
    institute university church chamber commerce intelligence investigation security
    state republic kingdom organizations organisations program programme coalition
    network radio television times post daily""".split()
)
#: Words that make a name a region's (folded).
REGION_WORDS = frozenset(
    """africa asia europe america americas east west middle caribbean pacific atlantic gulf
    arctic balkans sahel region latin oceania""".split()
)
_SECTOR = re.compile(r"^(.*?) \((.*)\)$")


def split_sector(name: str) -> tuple[str, str] | None:
    """``(sector, country)`` of a ``Sector (Country)`` actor name, else ``None``."""
    match = _SECTOR.match(name.strip())
    if match is None or not match.group(1).strip():
        return None
    return match.group(1).strip(), match.group(2).strip()


def countries_in(names: Iterable[str]) -> set[str]:
    """Folded names that appear as the country of a government sector, an office or a ministry."""
    found: set[str] = set()
    for name in names:
        parts = split_sector(name) if "(" in name else None
        if parts is None:
            continue
        sector = parts[0].casefold()
        if sector in GOVERNMENT or sector in OFFICES or sector in MINISTRIES:
            found.add(normalise(parts[1]))
    return found


class Actor(NamedTuple):
    """What an actor is.

    Attributes
    ----------
    kind : str
        ``person``, ``country``, ``organisation``, ``office``, ``ministry`` or
        ``left-out``.
    iri : str
        The agent (empty for a person, resolved later, and for ``left-out``).
    label : str
        Its display name (for a person: the name as written).
    country : str or None
        The country it acts for (an IRI), when known.
    detail : str
        For ``left-out``: what it is, as the import report counts it; for an
        office or ministry: its post level.
    """

    kind: str
    iri: str
    label: str
    country: str | None = None
    detail: str = ""


class Actors:
    """Tell what each actor is (see the module rules), writing the agents it makes.

    Parameters
    ----------
    context : ImportContext
        The curated data: countries, posts and organisations to link to.
    out : Triples
        Receives the triples of the countries, posts and organisations made.
    country_names : iterable of str
        Folded names known as countries in this input (:func:`countries_in`).
    """

    def __init__(self, context: ImportContext, out: Triples, country_names: Iterable[str]) -> None:
        self.context = context
        self.out = out
        self.known = set(country_names)
        for country in context.records.countries:
            self.known.update(normalise(n) for n in (country.name, *country.aliases))
        self.known.update(ALIASES)
        self._cache: dict[object, Actor] = {}
        self._written: set[str] = set()
        self._posts = {resource_iri("post", p.id): p for p in context.records.posts}
        self._orgs = {resource_iri("org", o.id): o.name for o in context.records.organisations}

    # -- countries, offices, ministries, organisations ----------------------------

    def is_country(self, name: str) -> bool:
        """Does the import know ``name`` as a country (rule 2)?"""
        return normalise(name) in self.known or catalogue().find(name) is not None

    def country(self, name: str) -> str:
        """The IRI of the country ``name`` (written when not curated)."""
        return self.context.country(ALIASES.get(normalise(name), slug(name)), name, self.out)

    def _office(self, country: str, level: str, title: str) -> Actor:
        post = self.context.post(country, title, level, self.out)
        name = self._posts[post].name if post in self._posts else self.context.label(post)
        self.out.add_iri(post, RDF.type, PROV.Agent)
        return Actor("office", post, name, country, level)

    def _ministry(self, country: str, level: str, name: str) -> Actor:
        for post in self._posts.values():
            iri = resource_iri("country", post.country)
            if iri == country and post.level == level and level != "minister" and post.organisation:
                org = resource_iri("org", post.organisation)
                return Actor("ministry", org, self._orgs.get(org, local_id(org)), country, level)
        label = f"{name} of {self.context.label(country)}"
        org = resource_iri("org", f"{local_id(country)}-{slug(name)}")
        if org not in self._written:
            self._written.add(org)
            rdf.organisation(self.out, org, label, in_country=country)
        return Actor("ministry", org, label, country, level)

    def organisation(self, name: str) -> Actor:
        """An international organisation, ``org/SLUG``."""
        org = resource_iri("org", slug(name))
        if org not in self._written:
            self._written.add(org)
            rdf.organisation(self.out, org, name)
        return Actor("organisation", org, name)

    def sector(self, sector: str, country_name: str) -> Actor:
        """Rule 1: what the sector ``sector`` of ``country_name`` is."""
        folded = sector.casefold()
        if folded in GOVERNMENT:
            country = self.country(country_name)
            return Actor("country", country, self.context.label(country), country)
        if folded in OFFICES:
            level, title = OFFICES[folded]
            return self._office(self.country(country_name), level, title)
        if folded in MINISTRIES or _MINISTRY.search(sector):
            level, name = MINISTRIES.get(folded, ("minister", sector))
            return self._ministry(self.country(country_name), level, name)
        return Actor("left-out", "", sector, None, sector)

    def is_organisation(self, name: str) -> bool:
        """Rule 3 on the name alone."""
        folded = normalise(name)
        if any(folded == o or folded.startswith(o + " ") for o in ORGANISATIONS):
            return True
        words = folded.split()
        spans = (" ".join(words[i : i + n]) for n in (1, 2, 3) for i in range(len(words)))
        national = any(span in self.known for span in spans)
        return not national and any(w in folded for w in IO_WORDS)

    # -- the two layouts ------------------------------------------------------------

    def tkg(self, name: str) -> Actor:
        """What the actor ``name`` of a temporal-knowledge-graph file is."""
        found = self._cache.get(name)
        if found is None:
            found = self._cache[name] = self._tkg(name)
        return found

    def _tkg(self, name: str) -> Actor:
        parts = split_sector(name) if "(" in name else None
        if parts is not None:
            return self.sector(*parts)
        if self.is_country(name):
            country = self.country(name)
            return Actor("country", country, self.context.label(country), country)
        if self.is_organisation(name):
            return self.organisation(name)
        words = normalise(name).split()
        if len(words) < 2:
            return Actor("left-out", "", name, None, "one-word name (group, firm, media or place)")
        if REGION_WORDS.intersection(words):
            return Actor("left-out", "", name, None, "region")
        if GROUP_WORDS.intersection(words):
            return Actor("left-out", "", name, None, "group or institution")
        return Actor("person", "", name)

    def dataverse(self, actor: tuple[str, str, str]) -> Actor:
        """What the actor ``(name, sectors, country)`` of a Dataverse row is."""
        found = self._cache.get(actor)
        if found is None:
            found = self._cache[actor] = self._dataverse(*actor)
        return found

    def _dataverse(self, name: str, sectors: str, country_name: str) -> Actor:
        no_country = country_name in ("", "NA", "None")
        parts = split_sector(name) if "(" in name else None
        if parts is not None:
            return self.sector(parts[0], parts[1] if no_country else country_name)
        if not no_country and normalise(name) == normalise(country_name):
            country = self.country(country_name)
            return Actor("country", country, self.context.label(country), country)
        if no_country:
            if "Organization" in sectors or self.is_organisation(name):
                return self.organisation(name)
            return Actor("left-out", "", name, None, "no country and no organisation")
        if sectors in ("", "NA", "None"):
            # No sector: the country under another name ("Russian Federation"),
            # else a region or someone ICEWS could not place ("Sicily").
            if ALIASES.get(normalise(name), slug(name)) == ALIASES.get(
                normalise(country_name), slug(country_name)
            ):
                country = self.country(country_name)
                return Actor("country", country, self.context.label(country), country)
            return Actor("left-out", "", name, None, "region or unplaced name")
        return Actor("person", "", name, self.country(country_name))
