"""Which contacts the network commands and the graph page work on, as a user chooses them.

One selection serves ``kg graph``, ``kg network stats``, ``kg path``,
``kg timeline``, ``kg communities`` and ``kg export``: a window of dates
(``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, from the first day of the start to
the last day of the end; a contact is kept when it *may* fall in it), the
countries one of whose officials (or which itself) took part, the people one
of whom took part (their counterparts come along), contact types and
statuses. :func:`select` reads what a user typed — names resolve as
everywhere (:mod:`kg.identity.index`) — and :meth:`Selection.project` projects
the matching contacts (:func:`kg.network.projection.project`).

Examples
--------
>>> parse_window("2022", "2023-02")
(datetime.date(2022, 1, 1), datetime.date(2023, 2, 28))
>>> parse_window(None, None)
(None, None)
>>> parse_window("2024", "2023")
Traceback (most recent call last):
...
kg.errors.BadDateError: the window is empty: 2024 is after 2023
>>> contact_type("Phone call"), contact_type("visit")
('phone-call', 'visit')
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kg.dates import parse_user_date
from kg.errors import BadArgumentError, BadDateError
from kg.identity.index import Entity
from kg.vocab import CONTACT_TYPES

if TYPE_CHECKING:
    import networkx as nx

    from kg.identity.index import NameIndex
    from kg.query import QueryStore

__all__ = ["STATUSES", "Selection", "parse_window", "contact_type", "select"]

#: Statuses a selection can ask for (denied contacts are never projected).
STATUSES = ("confirmed", "reported", "disputed")


def parse_window(start: str | None, end: str | None) -> tuple[dt.date | None, dt.date | None]:
    """The window a user types: from the first day of ``start`` to the last day of ``end``."""
    first = parse_user_date(start)[0] if start else None
    last = parse_user_date(end)[1] if end else None
    if first and last and first > last:
        raise BadDateError(f"the window is empty: {start} is after {end}")
    return first, last


def contact_type(text: str) -> str:
    """A contact type as a user types it (``phone-call``, ``Phone call``) as its id."""
    ident = "-".join(text.strip().lower().replace("_", " ").split())
    if ident not in CONTACT_TYPES:
        raise BadArgumentError(
            f"unknown contact type '{text}'; use one of: {', '.join(CONTACT_TYPES)}"
        )
    return ident


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


@dataclass(frozen=True)
class Selection:
    """A window and filters, resolved.

    Attributes
    ----------
    start, end : datetime.date or None
        The window's first and last day (open when ``None``).
    countries, people : tuple of Entity
        One of the countries must be a participant's (a person's through their
        posts at the date); one of the people must take part.
    types, statuses : tuple of str
        Contact type ids and statuses to keep (all when empty).
    """

    start: dt.date | None = None
    end: dt.date | None = None
    countries: tuple[Entity, ...] = ()
    people: tuple[Entity, ...] = ()
    types: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()

    def project(self, store: QueryStore, people: Sequence[str] = ()) -> nx.MultiGraph:
        """The person network of the selected contacts (and of ``people``'s, if given)."""
        from kg.network.projection import project

        return project(
            store,
            start=self.start,
            end=self.end,
            countries=[c.id for c in self.countries],
            people=[*(p.id for p in self.people), *people],
            types=self.types,
            statuses=self.statuses,
        )

    def window_words(self) -> str:
        """`` between 2022-01-01 and 2022-12-31``, `` from ...``, `` until ...`` or nothing."""
        if self.start and self.end:
            return f" between {self.start} and {self.end}"
        if self.start:
            return f" from {self.start}"
        return f" until {self.end}" if self.end else ""

    def describe(self, graph: nx.MultiGraph) -> str:
        """One line saying what ``graph`` shows: counts, window and filters."""
        contacts = {key for _, _, key in graph.edges(keys=True)}
        parts = [
            f"{_plural(graph.number_of_nodes(), 'participant')}, "
            f"{_plural(len(contacts), 'contact')}"
        ]
        if self.start or self.end:
            parts.append(f"from {self.start or '…'} to {self.end or '…'}")
        for label, names in (
            ("countries", [c.name for c in self.countries]),
            ("people", [p.name for p in self.people]),
            ("types", list(self.types)),
            ("statuses", list(self.statuses)),
        ):
            if names:
                parts.append(f"{label}: {', '.join(names)}")
        return " · ".join(parts)


def select(
    store: QueryStore,
    *,
    start: str | None = None,
    end: str | None = None,
    countries: Sequence[str] = (),
    people: Sequence[str] = (),
    types: Sequence[str] = (),
    statuses: Sequence[str] = (),
    index: NameIndex | None = None,
) -> Selection:
    """Read a window and filters as a user typed them.

    Raises
    ------
    kg.errors.BadDateError
        A date that cannot be read, or a window that ends before it starts.
    kg.errors.UnknownEntityError, kg.errors.AmbiguousEntityError
        A name that names nobody, or several.
    kg.errors.BadArgumentError
        A country that names something else, an unknown type or status.
    """
    first, last = parse_window(start, end)
    if (countries or people) and index is None:
        from kg.query import name_index

        index = name_index(store)
    resolved_countries = []
    for text in countries:
        assert index is not None
        entity = index.resolve(text)
        if entity.kind != "country":
            raise BadArgumentError(f"'{text}' is {entity.name}, not a country")
        resolved_countries.append(entity)
    resolved_people = [index.resolve(text) for text in people] if index else []
    for status in statuses:
        if status not in STATUSES:
            raise BadArgumentError(f"unknown status '{status}'; use one of: {', '.join(STATUSES)}")
    return Selection(
        first,
        last,
        tuple(resolved_countries),
        tuple(resolved_people),
        tuple(dict.fromkeys(contact_type(t) for t in types)),
        tuple(dict.fromkeys(statuses)),
    )
