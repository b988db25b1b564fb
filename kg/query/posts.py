"""Who held a post on a date.

>>> import datetime as dt
>>> Holder("shoigu", "Sergei Shoigu", "2012-11-06", "2024-05-12", "Kremlin", "Appointment",
...        None, True).period
'2012-11-06 to 2024-05-12'
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from kg.dates import parse_user_date
from kg.errors import BadArgumentError
from kg.identity.index import Entity
from kg.query import QueryStore, name_index
from kg.rq import load_query
from kg.store import Iri
from kg.vocab import local_id

__all__ = ["Holder", "WhoHeld", "who_held"]


class Holder(NamedTuple):
    """Someone whose tenure in the post overlaps the date asked about.

    ``certain`` is false when the tenure covers only part of that date (a
    month in which the post changed hands); ``end`` is ``None`` while no end
    is recorded.
    """

    id: str
    name: str
    start: str
    end: str | None
    source_publisher: str
    source_title: str
    source_url: str | None
    certain: bool

    @property
    def period(self) -> str:
        """``START to END`` or ``since START``."""
        return f"{self.start} to {self.end}" if self.end else f"since {self.start}"


class WhoHeld(NamedTuple):
    """The answer to "who held POST on DATE?"; ``holders`` may be empty."""

    post: Entity
    on: str
    holders: tuple[Holder, ...]


def who_held(store: QueryStore, post: str | Entity, on: str) -> WhoHeld:
    """Who held ``post`` on ``on`` (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``)?

    Post names resolve like people's names (:mod:`kg.identity.index`), with
    "defense"/"defence" and word order folded. For a month or a year, every
    holder at some day of it is listed, those who did not hold it throughout
    marked not ``certain``.
    """
    entity = post if isinstance(post, Entity) else name_index(store).resolve(post)
    if entity.kind != "post":
        raise BadArgumentError(f"{entity.name} is a {entity.kind}, not a post")
    first, last = parse_user_date(on)
    rows = store.select(
        load_query("who_held"), {"post": Iri(entity.iri), "from": first, "to": last}
    )
    holders = []
    for row in rows:
        start = dt.date.fromisoformat(row["start"])
        end = dt.date.fromisoformat(row["end"]) if "end" in row else None
        holders.append(
            Holder(
                id=local_id(row["person"]),
                name=row["name"],
                start=row["start"],
                end=row.get("end"),
                source_publisher=row["publisherName"],
                source_title=row["title"],
                source_url=row.get("url"),
                certain=start <= first and (end is None or end >= last),
            )
        )
    return WhoHeld(entity, on, tuple(holders))
