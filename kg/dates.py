"""Dates with their precision.

A contact's date is an EDTF string (Library of Congress Extended Date/Time
Format): ``2024-04-03``, ``2022-10``, ``2022``, ``2022-02-07/2022-02-08``,
``2023-04~``. From it we derive the earliest and the latest day it can
denote and a precision unit, and store all three; queries compare only the
``xsd:date`` bounds, never mixed date types.

Rules, in one place:

- a plain date gives its own first and last day (``2022-10`` → 2022-10-01 to
  2022-10-31) and its precision (day, month, season, year, decade);
- an interval ``A/B`` runs from A's earliest day to B's latest day, at the
  coarser of the two precisions; open ends (``..``) are refused, since a
  contact with no bound cannot be ordered;
- an approximate or uncertain date (``~``, ``?``, ``%``) widens its bounds by
  one unit of its precision on each side (``2023-04~`` → 2023-03-01 to
  2023-05-31).

Parsing EDTF needs the ``edtf`` package and happens only when building;
:func:`parse_user_date` is for the command line and needs nothing.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import NamedTuple

from kg.errors import BadDateError

__all__ = [
    "PRECISIONS",
    "DateBounds",
    "parse_edtf",
    "parse_user_date",
    "precision_from_iri",
]

#: Precision names from finest to coarsest.
PRECISIONS: tuple[str, ...] = ("day", "month", "season", "year", "decade")

_PRECISION_IRIS: dict[str, str] = {
    "day": "http://www.w3.org/2006/time#unitDay",
    "month": "http://www.w3.org/2006/time#unitMonth",
    "season": "https://w3id.org/kg-contacts/ns#unitSeason",
    "year": "http://www.w3.org/2006/time#unitYear",
    "decade": "https://w3id.org/kg-contacts/ns#unitDecade",
}
_IRI_PRECISIONS = {iri: name for name, iri in _PRECISION_IRIS.items()}


class DateBounds(NamedTuple):
    """What an EDTF string says about when something happened.

    Attributes
    ----------
    edtf : str
        The master value, as written by the curator.
    earliest, latest : datetime.date
        The first and the last day the value can denote.
    precision : str
        One of :data:`PRECISIONS`.
    """

    edtf: str
    earliest: dt.date
    latest: dt.date
    precision: str

    @property
    def precision_iri(self) -> str:
        """The OWL-Time (or kg:) unit IRI of the precision."""
        return _PRECISION_IRIS[self.precision]


def precision_from_iri(iri: str) -> str:
    """Return the precision name of a unit IRI.

    >>> precision_from_iri("http://www.w3.org/2006/time#unitMonth")
    'month'
    """
    return _IRI_PRECISIONS[iri]


def _month_end(year: int, month: int) -> dt.date:
    """The last day of a month."""
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def _shift(day: dt.date, precision: str, sign: int) -> dt.date:
    """Move ``day`` by one unit of ``precision`` (sign +1 or -1)."""
    if precision == "day":
        return day + dt.timedelta(days=sign)
    months = {"month": 1, "season": 3, "year": 12, "decade": 120}[precision] * sign
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = _month_end(year, month + 1)
    return last.replace(day=min(day.day, last.day)) if sign < 0 else last


def _struct_to_date(value: object) -> dt.date:
    import time

    assert isinstance(value, time.struct_time)
    return dt.date(value.tm_year, value.tm_mon, value.tm_mday)


_PLAIN = re.compile(r"^(\d{4})(?:-(0[1-9]|1[0-2])(?:-(\d{2}))?)?$")


def _plain(text: str) -> DateBounds | None:
    """The bounds of a plain ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; ``None`` for
    anything else (including days that do not exist), which the grammar then reads."""
    match = _PLAIN.match(text)
    if match is None:
        return None
    year, month, day = (int(g) if g else None for g in match.groups())
    assert year is not None
    if year == 0:
        return None
    if month is None:
        return DateBounds(text, dt.date(year, 1, 1), dt.date(year, 12, 31), "year")
    if day is None:
        last = dt.date(year, 12, 31) if month == 12 else _month_end(year, month)
        return DateBounds(text, dt.date(year, month, 1), last, "month")
    try:
        return DateBounds(text, dt.date(year, month, day), dt.date(year, month, day), "day")
    except ValueError:
        return None


def parse_edtf(text: str) -> DateBounds:
    """Parse an EDTF string into bounds and precision.

    Raises ``ValueError`` with a readable message when ``text`` is not a
    bounded EDTF date or interval.

    Examples
    --------
    >>> parse_edtf("2022-10")
    DateBounds(edtf='2022-10', earliest=datetime.date(2022, 10, 1), latest=datetime.date(2022, 10, 31), precision='month')
    >>> parse_edtf("2022-02-07/2022-02-08").precision
    'day'
    >>> b = parse_edtf("2023-04~"); (b.earliest.isoformat(), b.latest.isoformat())
    ('2023-03-01', '2023-05-31')
    >>> parse_edtf("2024-02-30")
    Traceback (most recent call last):
    ...
    ValueError: '2024-02-30' is not a valid EDTF date (expected e.g. 2024-04-03, 2022-10, 2022, 2022-02-07/2022-02-08, 2023-04~)
    """
    text = text.strip()
    # Plain dates and intervals of them, most of any data, skip the EDTF grammar,
    # which takes milliseconds a date (minutes for a few megabytes of records).
    plain = _plain(text)
    if plain is not None:
        return plain
    if text.count("/") == 1:
        left, right = (_plain(part) for part in text.split("/"))
        if left is not None and right is not None and left.earliest <= right.latest:
            coarser = max(left.precision, right.precision, key=PRECISIONS.index)
            return DateBounds(text, left.earliest, right.latest, coarser)
    return _parse_grammar(text)


def _parse_grammar(text: str) -> DateBounds:
    """:func:`parse_edtf` by the EDTF grammar of the ``edtf`` package."""
    import edtf

    try:
        parsed = edtf.parse_edtf(text)
    except Exception as exc:  # the edtf package raises several types
        raise ValueError(
            f"'{text}' is not a valid EDTF date (expected e.g. 2024-04-03, 2022-10, "
            "2022, 2022-02-07/2022-02-08, 2023-04~)"
        ) from exc
    if ".." in text or text.startswith("/") or text.endswith("/"):
        raise ValueError(f"'{text}' is open-ended; give both ends of the interval")
    if "/" in text:
        left, right = text.split("/", 1)
        lower, upper = parse_edtf(left), parse_edtf(right)
        if lower.earliest > upper.latest:
            raise ValueError(f"'{text}' ends before it starts")
        coarser = max(lower.precision, upper.precision, key=PRECISIONS.index)
        return DateBounds(text, lower.earliest, upper.latest, coarser)
    name = type(parsed).__name__
    if name == "UncertainOrApproximate":
        inner = parse_edtf(re.sub(r"[~?%]", "", text))
        return DateBounds(
            text,
            _shift(inner.earliest, inner.precision, -1),
            _shift(inner.latest, inner.precision, +1),
            inner.precision,
        )
    precision = "season" if name == "Season" else getattr(parsed, "precision", None)
    if precision not in PRECISIONS or re.search(r"[~?%]", text):
        raise ValueError(
            f"'{text}' uses an EDTF feature kg does not handle here; use a date, a month, "
            "a season, a year, a decade (202X) or an interval of those"
        )
    return DateBounds(
        text,
        _struct_to_date(parsed.lower_strict()),
        _struct_to_date(parsed.upper_strict()),
        precision,
    )


_USER_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")


def parse_user_date(text: str) -> tuple[dt.date, dt.date]:
    """Parse a date typed by a user: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``.

    Returns the first and the last day it denotes.

    Examples
    --------
    >>> parse_user_date("2024")
    (datetime.date(2024, 1, 1), datetime.date(2024, 12, 31))
    >>> parse_user_date("2023-02")[1]
    datetime.date(2023, 2, 28)
    >>> parse_user_date("yesterday")
    Traceback (most recent call last):
    ...
    kg.errors.BadDateError: 'yesterday' is not a date: use YYYY, YYYY-MM or YYYY-MM-DD
    """
    match = _USER_DATE.match(text.strip())
    if match is None or (match.group(3) and not match.group(2)):
        raise BadDateError(f"'{text}' is not a date: use YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = (int(g) if g else None for g in match.groups())
    assert year is not None
    try:
        if month is None:
            return dt.date(year, 1, 1), dt.date(year, 12, 31)
        if day is None:
            return dt.date(year, month, 1), _month_end(year, month)
        return dt.date(year, month, day), dt.date(year, month, day)
    except ValueError as exc:
        raise BadDateError(f"'{text}' is not a valid date: {exc}") from exc
