"""The running state of :func:`kg.extract.contacts.read_article` and what it returns."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from kg.extract.dates import When
from kg.extract.gazetteer import Gazetteer, Mention
from kg.extract.model import ContactCandidate, NotContact, Party

__all__ = ["Reading", "State"]


@dataclass
class Reading:
    """What :func:`read_article` found: contacts, not-contacts and notes for the reviewer."""

    contacts: list[ContactCandidate] = field(default_factory=list)
    not_contacts: list[NotContact] = field(default_factory=list)
    review: list[str] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)


@dataclass
class State:
    published: dt.date
    gazetteer: Gazetteer
    publisher: str
    anchors: dict[str, When]
    previous: When | None = None
    subject: Party | None = None
    last_agent: Mention | None = None
    people: list[Party] = field(default_factory=list)
    reading: Reading = field(default_factory=Reading)
