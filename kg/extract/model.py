"""The candidate records :func:`kg.extract.extract` proposes, before any review."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from kg.extract.dates import When

__all__ = ["Evidence", "Party", "ClaimCandidate", "ContactCandidate", "NotContact", "NewRecord", "Extraction"]  # fmt: skip


@dataclass(frozen=True)
class Evidence:
    """A sentence of the article and its character offsets (``article[start:end] == text``)."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Party:
    """A participant as written (``text``) and resolved (``id``); ``new`` ones need review."""

    text: str
    id: str
    name: str
    kind: str
    role: str = "participant"
    post: str | None = None
    title: str | None = None
    new: bool = False


@dataclass(frozen=True)
class ClaimCandidate:
    """A claim about a contact: ``about`` is ``occurred``, ``topic`` or ``initiator``."""

    about: str
    value: str | None
    stance: str
    by: str
    by_text: str
    evidence: Evidence
    quote: str | None = None


@dataclass
class ContactCandidate:
    """A proposed contact with its evidence and what a reviewer should check."""

    type: str
    when: When
    date_text: str
    participants: list[Party]
    evidence: list[Evidence]
    claims: list[ClaimCandidate] = field(default_factory=list)
    series: bool = False
    location: str | None = None
    review: list[str] = field(default_factory=list)
    id: str = ""


@dataclass(frozen=True)
class NotContact:
    """What an article says that is not a contact: an ``absence`` or an ``announcement``."""

    kind: str
    statement: str
    participants: tuple[Party, ...]
    evidence: Evidence
    type: str | None = None
    when: When | None = None
    by: str | None = None


@dataclass(frozen=True)
class NewRecord:
    """A record the candidates need that the data does not hold (a person, country, agent)."""

    section: str
    id: str
    name: str
    fields: tuple[tuple[str, str], ...] = ()
    note: str = ""


@dataclass
class Extraction:
    """Everything proposed for one article."""

    source_id: str
    source_new: bool
    title: str
    publisher: str
    published: dt.date
    contacts: list[ContactCandidate]
    not_contacts: list[NotContact]
    new_records: list[NewRecord]
    review: list[str] = field(default_factory=list)
