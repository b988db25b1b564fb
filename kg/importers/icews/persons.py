"""Who a person named by an ICEWS actor is: one small interface, today's resolver behind it.

The importer asks :class:`PersonResolver` one question, *who is this name,
seen for this country on this day?*, and gets a :class:`PersonLink`: the
person's IRI, display name, and whether the person is **linked**, that is
known to an authority of people (the curated people of ``data/`` and the
officials authority keyed by Wikidata QIDs, :mod:`kg.identity.authority`). A resolver
also writes the people it resolved (names as written, review flags) into the
import, and counts them.

:class:`RegistryResolver`: every sighting of the import goes through
:class:`kg.importers.people.PersonRegistry` together, which links a name to
the authority by its variants (:mod:`kg.identity.linking`: "Sergey
Kuzhugetovich Shoygu" is Sergei Shoigu, "Tony Blinken" Antony Blinken), and
groups the other full names across their spellings (``person/sergei-ivanov``:
resolved, not linked).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import NamedTuple, Protocol

from kg.importers.context import ImportContext, ImportStats
from kg.importers.people import PersonRegistry, Resolution
from kg.records.ntriples import Triples

__all__ = ["PersonLink", "PersonResolver", "RegistryResolver"]

#: A sighting: the name as written, the country (an IRI) it was seen for, the day.
Sighting = tuple[str, str | None, dt.date]


class PersonLink(NamedTuple):
    """Who a name is.

    Attributes
    ----------
    iri : str
        The person's IRI.
    label : str
        The person's display name.
    linked : bool
        Known to an authority of people: a curated person of ``data/``, or a
        person of the store's officials authority (#15).
    """

    iri: str
    label: str
    linked: bool


class PersonResolver(Protocol):
    """What the importer needs of a person resolver."""

    def resolve(self, name: str, country: str | None, day: dt.date) -> PersonLink:
        """The person ``name`` (seen for ``country``, an IRI or ``None``, on ``day``) is."""
        ...

    def write(self, source: str, dataset: str, out: Triples, stats: ImportStats) -> None:
        """Write the people resolved (not those of the authority) and count them in ``stats``."""
        ...


class RegistryResolver:
    """Today's resolver: every sighting resolved together by :class:`PersonRegistry`.

    Parameters
    ----------
    context : ImportContext
        The curated data (its people are the authority).
    sightings : sequence of (name, country, day)
        Every sighting :meth:`resolve` will be asked about, repeated as often
        as the import sees it (the counts of :meth:`write` count them).
    """

    def __init__(self, context: ImportContext, sightings: Sequence[Sighting]) -> None:
        self.context = context
        registry = PersonRegistry(context.people, context.authority)
        for sighting in sightings:
            registry.add(*sighting)
        self._resolved = registry.resolve()
        self._written = [name for name, _, _ in sightings]
        self._found: dict[Sighting, Resolution] = dict(zip(sightings, self._resolved, strict=True))

    def resolve(self, name: str, country: str | None, day: dt.date) -> PersonLink:
        """See :meth:`PersonResolver.resolve`; only sightings given at construction are known."""
        found = self._found[(name, country, day)]
        return PersonLink(found.iri, found.label, found.kind in ("curated", "linked"))

    def write(self, source: str, dataset: str, out: Triples, stats: ImportStats) -> None:
        """See :meth:`PersonResolver.write`."""
        self.context.people_triples(self._resolved, self._written, source, dataset, out, stats)
