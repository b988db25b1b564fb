"""Who held which post when, and the checks that depend on it.

A person's tenures (``people[].tenures`` in the records) say which posts they
held from which day to which day. A contact's date is an interval of possible
days (:mod:`kg.dates`); a tenure *overlaps* the contact when the two
intervals meet, and *covers* it when the tenure spans every possible day.

The loader uses :meth:`TenureIndex.held` to derive ``kg:participantPost`` and
``kg:participantCountry`` (overlap: the person may have held the post then).
:func:`role_warnings` lists what a curator should look at; they are warnings,
not errors, and never stop a build.

Examples
--------
>>> import datetime as dt
>>> from kg.records.model import Post, Person, Records, Tenure, Where
>>> here = Where("people.yaml", 1)
>>> records = Records(
...     posts=[Post("ru-dm", "Russian defence minister", here, "ru", "defence-minister")],
...     people=[Person("shoigu", "Sergei Shoigu", here, tenures=(
...         Tenure("ru-dm", dt.date(2012, 11, 6), dt.date(2024, 5, 12), "src", here),))],
... )
>>> index = TenureIndex(records)
>>> [p.id for p in index.held("shoigu", dt.date(2024, 4, 3), dt.date(2024, 4, 3))]
['ru-dm']
>>> index.held("shoigu", dt.date(2024, 5, 20), dt.date(2024, 5, 20))
[]
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import NamedTuple

from kg.records.model import Contact, Participation, Post, Records, Tenure

__all__ = ["TenureIndex", "RoleWarning", "role_warnings"]


def _overlaps(tenure: Tenure, earliest: dt.date, latest: dt.date) -> bool:
    return tenure.start <= latest and (tenure.end is None or tenure.end >= earliest)


def _covers(tenure: Tenure, earliest: dt.date, latest: dt.date) -> bool:
    return tenure.start <= earliest and (tenure.end is None or tenure.end >= latest)


class TenureIndex:
    """Tenures by person, and posts by id, for questions at a date."""

    def __init__(self, records: Records) -> None:
        self.posts: dict[str, Post] = {p.id: p for p in records.posts}
        self.tenures: dict[str, list[Tenure]] = defaultdict(list)
        for person in records.people:
            self.tenures[person.id].extend(person.tenures)

    def held(self, person: str, earliest: dt.date, latest: dt.date) -> list[Post]:
        """Posts ``person`` may have held at some day between ``earliest`` and ``latest``."""
        found = {
            t.post: self.posts[t.post]
            for t in self.tenures.get(person, ())
            if t.post in self.posts and _overlaps(t, earliest, latest)
        }
        return [found[k] for k in sorted(found)]

    def tenures_of(self, person: str, post: str) -> list[Tenure]:
        """The tenures of ``person`` in ``post``."""
        return [t for t in self.tenures.get(person, ()) if t.post == post]


class RoleWarning(NamedTuple):
    """Something about roles a curator should check; it does not stop a build."""

    path: str
    line: int | None
    record: str
    message: str

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: record '{self.record}': {self.message}"


def role_warnings(records: Records) -> list[RoleWarning]:
    """Participants described by a post they did not hold, or with no post at the date.

    - a participant given ``as: POST`` whose tenures in that post do not
      overlap the contact's date (or cover only part of it);
    - a person taking part with no tenure at all overlapping the contact's
      date: country- and post-level questions will not count them;
    - a person whose only overlapping tenure covers part of the contact's
      date, so they may not have held the post then.
    """
    index = TenureIndex(records)
    people = {p.id: p for p in records.people}
    warnings: list[RoleWarning] = []
    for contact in records.contacts:
        for part in contact.participants:
            person = people.get(part.agent)
            if person is None:
                continue
            for message in _participant_warnings(index, contact, part, person.name):
                warnings.append(
                    RoleWarning(contact.where.path, contact.where.line, contact.id, message)
                )
    return warnings


def _participant_warnings(
    index: TenureIndex, contact: Contact, part: Participation, name: str
) -> list[str]:
    earliest, latest, date = contact.date.earliest, contact.date.latest, contact.date.edtf
    if part.post is not None:
        named = index.posts.get(part.post)
        label = named.name if named else part.post
        spans = index.tenures_of(part.agent, part.post)
        if not any(_overlaps(t, earliest, latest) for t in spans):
            return [
                f"describes {name} as {label}, but no recorded tenure of theirs in that "
                f"post includes {date}; check the post or add the tenure"
            ]
        if not any(_covers(t, earliest, latest) for t in spans):
            return [
                f"describes {name} as {label}, but their tenure covers only part of "
                f"{date}; they may not have held it then"
            ]
        return []
    overlapping = [t for t in index.tenures.get(part.agent, ()) if _overlaps(t, earliest, latest)]
    if not overlapping:
        return [
            f"{name} holds no recorded post at {date}, so country- and post-level "
            "questions will not count them; add the tenure"
        ]
    if not any(_covers(t, earliest, latest) for t in overlapping):
        return [
            f"{name}'s recorded tenure covers only part of {date}; the post they held "
            "then is uncertain"
        ]
    return []
