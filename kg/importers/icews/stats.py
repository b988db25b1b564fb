"""The counts of an ICEWS import: what was read, kept, left out, linked and made."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from kg.importers.context import ImportStats

__all__ = ["IcewsStats"]


@dataclass
class IcewsStats(ImportStats):
    """:class:`~kg.importers.context.ImportStats` with what an ICEWS import adds.

    ``rows`` counts every row read; ``rows_kept`` the contact and
    announced-meeting rows between two sides (``skipped`` the others);
    ``reports`` the reports cited (stories in the Dataverse layout, rows in
    the temporal-knowledge-graph layouts, which keep no stories).
    """

    #: ``dataverse``, ``ids`` or ``names``, one per input read.
    layouts: list[str] = field(default_factory=list)
    #: Rows coded with a contact code (040-046), and with 036.
    contact_rows: int = 0
    announced_rows: int = 0
    #: Row sides left out, by what the actor is ("Citizen", "region", ...).
    left_out: Counter[str] = field(default_factory=Counter)
    #: Rows left out because their two sides are one agent, or of one country.
    same_side: int = 0
    domestic: int = 0
    #: Sides of the kept contact rows, by kind (``person (linked)``, ``country``...).
    sides: Counter[str] = field(default_factory=Counter)
    #: Kept contact-row sides that are offices and ministries, by post level.
    offices: Counter[str] = field(default_factory=Counter)
    ministries: Counter[str] = field(default_factory=Counter)
    #: Countries that offices and ministries belong to.
    office_countries: set[str] = field(default_factory=set)
    #: Kept contact rows whose two sides are both linked (see :attr:`linked_share`),
    #: and both resolved (linked, or a person identified by their full name).
    rows_linked: int = 0
    rows_resolved: int = 0
    contact_rows_kept: int = 0
    #: Contacts made, by type.
    types: Counter[str] = field(default_factory=Counter)

    @property
    def linked_share(self) -> float:
        """Share of the kept contact rows whose two sides are linked: a curated
        person, a country, an international organisation, or an office or
        ministry of a country."""
        return self.rows_linked / self.contact_rows_kept if self.contact_rows_kept else 1.0

    @property
    def resolved_share(self) -> float:
        """Share of the kept contact rows whose two sides are linked or are
        people identified by their full name (no authority knows them yet)."""
        return self.rows_resolved / self.contact_rows_kept if self.contact_rows_kept else 1.0
