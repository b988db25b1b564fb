"""The grouping rule: which coded rows of one pair of sides are one contact.

A real call or meeting reaches ICEWS as many rows: both directions, several
codes ("Consult" and "Discuss by telephone" the same day), one row per story
that reports it, and echoes on the following days (a story published the
next day is coded with its own date). For each unordered pair of sides, the
rows are grouped as follows (``GAP`` = 2 days, ``SPAN`` = 7 days):

1. **Chains.** Rows sorted by day form a chain while each row's day is at
   most ``GAP`` days after the latest day already in the chain and less than
   ``SPAN`` days after its first day; otherwise the row starts a new chain.
   So echoes one or two days later join, a new contact a week later stays
   apart, and even daily reports never make one contact longer than a week.
2. **Modes apart.** Phone rows (041) and in-person rows (042, 043, 044) are
   chained separately: a phone call and a visit of the same pair, even on
   consecutive days, are two contacts.
3. **Unspecified rows join.** A row whose code does not say how the sides
   met (040 consult, 045 mediate, 046 negotiate) joins the phone or
   in-person contact that has a row of its own mode nearest to it, when that
   row is at most ``GAP`` days away and the contact stays within ``SPAN``
   days (ties go to the in-person contact, then to the earlier one).
   The unspecified rows left over are chained among themselves (rule 1).
4. **Late echoes join.** A group of at most ``ECHO_ROWS`` rows that starts
   at most ``ECHO_DAYS`` days after the end of an earlier group of the same
   mode, with at least ``ECHO_RATIO`` times as many rows, joins it: one
   story a week after a call that dozens of rows reported is far likelier a
   late report of that call than a new one, and the joined contact's date
   then reaches the echo's day, saying honestly that the data cannot tell.
5. **One contact per group**, dated from its first to its last row, typed by
   :func:`kg.importers.icews.cameo.contact_type`.

Announced meetings (036) are grouped by rule 1 alone, apart from contacts.

Examples
--------
>>> day = 738000  # an ordinal day
>>> rows = [(day, "041", 0), (day, "040", 1), (day + 1, "041", 2), (day + 2, "042", 3),
...         (day + 9, "040", 4)]
>>> [(g.mode, g.first - day, g.last - day, sorted(g.refs)) for g in group_contacts(rows)]
[('phone', 0, 1, [0, 1, 2]), ('in-person', 2, 2, [3]), ('any', 9, 9, [4])]
>>> call = [(day, "041", n) for n in range(12)]
>>> [(g.first - day, g.last - day, len(g.refs)) for g in group_contacts([*call, (day + 7, "041", 12)])]
[(0, 7, 13)]
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from kg.importers.icews.cameo import MODES

__all__ = [
    "GAP",
    "SPAN",
    "ECHO_ROWS",
    "ECHO_DAYS",
    "ECHO_RATIO",
    "Group",
    "chains",
    "group_contacts",
]

#: Days a row may follow the latest row of its contact and still join it.
GAP = 2
#: A contact spans fewer than this many days from its first row's day.
SPAN = 7

#: A group of at most this many rows may be a late echo of an earlier contact...
ECHO_ROWS = 2
#: ...when it starts at most this many days after that contact's last row...
ECHO_DAYS = 10
#: ...and that contact has at least this many times as many rows.
ECHO_RATIO = 5

#: A row to group: ``(day as a date ordinal, CAMEO code, the caller's reference)``.
Row = tuple[int, str, int]


@dataclass
class Group:
    """Rows of one pair that make one contact (or one announced meeting).

    Attributes
    ----------
    mode : str
        ``phone``, ``in-person`` or ``any`` (only unspecified codes).
    first, last : int
        The ordinal days of its first and last rows.
    refs : list of int
        The caller's references of its rows.
    codes : set of str
        The CAMEO codes of its rows.
    """

    mode: str
    first: int
    last: int
    refs: list[int] = field(default_factory=list)
    codes: set[str] = field(default_factory=set)
    #: the days of its rows of its own mode (phone or in-person)
    anchors: list[int] = field(default_factory=list)

    def add(self, row: Row) -> None:
        """Put ``row`` into the group."""
        day, code, ref = row
        self.first, self.last = min(self.first, day), max(self.last, day)
        self.refs.append(ref)
        self.codes.add(code)


def chains(rows: Iterable[Row], mode: str = "any") -> list[Group]:
    """Rule 1: rows chained while each is within ``GAP`` days of the chain's
    latest day and less than ``SPAN`` days after its first."""
    found: list[Group] = []
    current: Group | None = None
    for row in sorted(rows):
        day = row[0]
        if current is None or day - current.last > GAP or day - current.first >= SPAN:
            current = Group(mode, day, day)
            found.append(current)
        current.add(row)
        if mode != "any":
            current.anchors.append(day)
    return found


def _nearest(groups: Sequence[Group], day: int) -> Group | None:
    best: tuple[int, int, int] | None = None
    chosen = None
    for number, group in enumerate(groups):
        distance = min(abs(day - anchor) for anchor in group.anchors)
        if distance > GAP or max(group.last, day) - min(group.first, day) >= SPAN:
            continue
        key = (distance, 0 if group.mode == "in-person" else 1, number)
        if best is None or key < best:
            best, chosen = key, group
    return chosen


def group_contacts(rows: Iterable[Row]) -> list[Group]:
    """The contacts of one pair's contact rows (rules 1-4), ordered by first day and mode."""
    by_mode: dict[str, list[Row]] = {"phone": [], "in-person": [], "any": []}
    for row in rows:
        by_mode[MODES[row[1]]].append(row)
    definite = chains(by_mode["phone"], "phone") + chains(by_mode["in-person"], "in-person")
    definite.sort(key=lambda g: (g.first, g.mode))
    left: list[Row] = []
    for row in sorted(by_mode["any"]):
        group = _nearest(definite, row[0]) if definite else None
        if group is None:
            left.append(row)
        else:
            group.add(row)
    found = definite + chains(left, "any")
    found.sort(key=lambda g: (g.first, g.mode, g.last))
    return _join_late_echoes(found)


def _join_late_echoes(groups: list[Group]) -> list[Group]:
    """Rule 4: small groups shortly after a much larger one of the same mode join it."""
    kept: list[Group] = []
    for group in groups:
        earlier = next(
            (
                g
                for g in reversed(kept)
                if g.mode == group.mode
                and len(group.refs) <= ECHO_ROWS
                and len(g.refs) >= ECHO_RATIO * len(group.refs)
                and 0 < group.first - g.last <= ECHO_DAYS
            ),
            None,
        )
        if earlier is None:
            kept.append(group)
            continue
        earlier.last = max(earlier.last, group.last)
        earlier.refs.extend(group.refs)
        earlier.codes.update(group.codes)
        earlier.anchors.extend(group.anchors)
    return kept
