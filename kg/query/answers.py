"""The values query functions return: immutable records, nothing printed.

They are typed ``NamedTuple`` classes rather than frozen dataclasses: the
same immutability and typing, at a fifth of the import cost, which matters
on the path of every ``kg`` command.
"""

from __future__ import annotations

from typing import NamedTuple

from kg.query.names import Entity

__all__ = [
    "Participant",
    "SourceRef",
    "ClaimInfo",
    "StatementInfo",
    "ContactInfo",
    "LastContact",
    "SourceSummary",
]


class Participant(NamedTuple):
    """Someone (or some state) taking part in a contact.

    ``posts`` are the posts the participant held at the contact's date, per
    their own recorded tenures; ``country`` is the name of the country they
    acted for (``None`` when none is known).
    """

    id: str
    name: str
    kind: str
    role: str  # participant, visitor or host
    posts: tuple[str, ...] = ()
    country: str | None = None
    #: Titles the sources give them at this contact: the sources' claims, not posts.
    titles: tuple[str, ...] = ()


class SourceRef(NamedTuple):
    """A document a claim comes from."""

    id: str
    title: str
    publisher: str
    published: str | None
    url: str | None


class ClaimInfo(NamedTuple):
    """One claim: who says it, in which document, for or against."""

    id: str
    stance: str  # affirms or denies
    agent_id: str
    agent: str
    source: SourceRef
    quote: str | None


class StatementInfo(NamedTuple):
    """A statement about a contact and the claims made about it.

    ``predicate`` is ``occurred``, ``topic`` or ``initiator``; ``object_id``
    and ``object`` name the topic or agent (empty for ``occurred``).
    """

    predicate: str
    object_id: str
    object: str
    status: str
    claims: tuple[ClaimInfo, ...]

    @property
    def affirmed_by(self) -> tuple[str, ...]:
        """Names of the agents affirming the statement, sorted, without repeats."""
        return tuple(sorted({c.agent for c in self.claims if c.stance == "affirms"}))

    @property
    def denied_by(self) -> tuple[str, ...]:
        """Names of the agents denying the statement, sorted, without repeats."""
        return tuple(sorted({c.agent for c in self.claims if c.stance == "denies"}))


class ContactInfo(NamedTuple):
    """One contact, with everything known about it.

    ``earliest`` and ``latest`` are ISO dates bounding the EDTF ``date``;
    ``precision`` is day, month, season, year or decade.
    """

    id: str
    type: str
    type_label: str
    date: str
    earliest: str
    latest: str
    precision: str
    status: str
    series: bool
    location: str | None
    note: str | None
    participants: tuple[Participant, ...]
    statements: tuple[StatementInfo, ...]

    def statements_of(self, predicate: str) -> tuple[StatementInfo, ...]:
        """The statements with ``predicate`` (occurred, topic, initiator)."""
        return tuple(s for s in self.statements if s.predicate == predicate)

    @property
    def topics(self) -> tuple[StatementInfo, ...]:
        """Topic statements, whatever their status."""
        return self.statements_of("topic")

    @property
    def initiators(self) -> tuple[StatementInfo, ...]:
        """Initiator statements, whatever their status."""
        return self.statements_of("initiator")

    @property
    def sources(self) -> tuple[SourceRef, ...]:
        """Every document a claim about the contact comes from, once each."""
        seen: dict[str, SourceRef] = {}
        for statement in self.statements:
            for claim in statement.claims:
                seen.setdefault(claim.source.id, claim.source)
        return tuple(sorted(seen.values(), key=lambda s: (s.published or "", s.id)))


class LastContact(NamedTuple):
    """The answer to "when did A and B last speak?".

    ``last`` is the contact with the latest earliest-possible date (ties go
    to the finer precision), or ``None``; ``possibly_later`` lists the other
    contacts whose uncertain dates reach past it — possibly later, possibly
    the same contact reported at another precision.
    """

    a: Entity
    b: Entity
    before: str | None
    level: str | None
    last: ContactInfo | None
    possibly_later: tuple[ContactInfo, ...]
    #: The sources consulted (all, or those ``--source`` named), with their coverage.
    consulted: tuple[SourceSummary, ...] = ()
    #: Whether the question was restricted to ``consulted`` (``--source``).
    restricted: bool = False
    #: How a name that fits several people was decided by the question's
    #: context, one line each (the command line prints them on stderr).
    notes: tuple[str, ...] = ()


class SourceSummary(NamedTuple):
    """One source of the graph: the curated data, or an imported dataset (#7).

    ``coverage`` says what the source records (which kinds of contact, whose
    side, which dates); ``records`` is ``None`` for the curated data, and
    ``contacts`` when not counted (``kg last-contact`` does not count them).
    """

    name: str
    title: str
    contacts: int | None
    records: int | None
    dates: str | None
    coverage: str
