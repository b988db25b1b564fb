"""Dates in news text, resolved against the publication date, with their precision.

A phrase is found by a regular expression and resolved by ``dateparser`` (with
``RELATIVE_BASE`` set to the publication day and ``PREFER_DATES_FROM`` set to
``past`` for reports and ``future`` for announcements), or by the rules below
where a phrase depends on the article rather than the calendar:

- a weekday names a day of the publication week that is not in the future
  ("on Wednesday" in a Wednesday article is that day);
- "that year", "early that year", "the month before", "two days later" count
  from the date mentioned just before;
- "in the weeks after ... in February 2022" runs from that month to two months on;
- "early/mid/late YEAR" are the first, middle and last four months of the year.

A :class:`When` is an interval of two :class:`Period` ends (equal for a plain
date) whose EDTF string is what the records hold.

Examples
--------
>>> import datetime as dt
>>> day = dt.date(2024, 4, 3)
>>> [m.when.edtf for m in find_dates("a call on Wednesday", 0, day)]
['2024-04-03']
>>> [m.when.edtf for m in find_dates("they spoke last month", 0, day)]
['2024-03']
>>> first = find_dates("a call in April 2023", 0, day)[0].when
>>> [m.when.edtf for m in find_dates("and a visit the month before", 0, day, first)]
['2023-03']
>>> [m.when.edtf for m in find_dates("travelled to Moscow early that year", 0, day, When.of(Period(2022)))]
['2022-01/2022-04']
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import Any, NamedTuple

__all__ = ["Period", "When", "DateMention", "find_dates", "find_anchor", "bound_by_anchor"]

_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_MON = rf"(?:{_MONTHS}|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?"
_DAYS = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
_YEAR = r"(?:19|20)\d\d"
_NUM = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "a": 1, "an": 1}
_UNIT = r"(day|week|month|year)s?"

_PART = rf"(early|late|mid|mid-|the (?:start|beginning|middle|end) of|in the (?:spring|summer|autumn|fall|winter) of)\s*(that year|the same year|last year|this year|{_YEAR})"
_RELATIVE = (
    r"the (day|week|month|year) (before|after|earlier|later|prior)"
    rf"|the (previous|following|next) {_UNIT}"
    rf"|(\d+|one|two|three|four|five|six|a|an) {_UNIT} (later|earlier|before|after)"
    r"|(?:that|the same) (year|month|day)"
    rf"|(?:in )?{_MON} (?:of )?(?:that|the same) year"
)
_ABSOLUTE = (
    rf"\d{{1,2}} {_MON}(?: {_YEAR})?|{_MON} \d{{1,2}}(?:st|nd|rd|th)?(?:,? {_YEAR})?"
    rf"|{_MON} {_YEAR}|{_MON}|{_YEAR}"
    rf"|(?:last |next |this )?(?:{_DAYS})|yesterday|today"
    r"|(?:earlier |later )?(?:last|this|next) (?:week|month|year)"
)
_PATTERN = re.compile(
    rf"(?P<part>\b{_PART}\b)|(?P<rel>\b(?:{_RELATIVE})\b)|(?P<abs>\b(?:{_ABSOLUTE})\b)",
    re.IGNORECASE,
)
_WINDOW = re.compile(r"\bin the (days|weeks|months) (?:after|following)\b[^.;]*$", re.I)
_PART_MONTHS = {"early": (1, 4), "start": (1, 4), "beginning": (1, 4), "spring": (3, 5),
                "mid": (5, 8), "middle": (5, 8), "summer": (6, 8), "late": (9, 12), "end": (9, 12),
                "autumn": (9, 11), "fall": (9, 11), "winter": (1, 2)}  # fmt: skip
_PRECISIONS = ("day", "month", "year")


class Period(NamedTuple):
    """A year, a month or a day: the finest field given sets the precision.

    >>> Period(2022, 10).edtf, Period(2022, 10).precision, Period(2022, 2).last_day
    ('2022-10', 'month', datetime.date(2022, 2, 28))
    """

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def precision(self) -> str:
        return "year" if self.month is None else "month" if self.day is None else "day"

    @property
    def edtf(self) -> str:
        parts = [f"{self.year:04d}"]
        parts += [f"{self.month:02d}"] if self.month else []
        parts += [f"{self.day:02d}"] if self.day else []
        return "-".join(parts)

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    @property
    def last_day(self) -> dt.date:
        month = self.month or 12
        return dt.date(self.year, month, self.day or calendar.monthrange(self.year, month)[1])

    def shift(self, unit: str, count: int) -> Period:
        """Move by ``count`` days, months or years (weeks are 7 days)."""
        if unit in ("day", "week"):
            moved = self.first_day + dt.timedelta(days=count * (7 if unit == "week" else 1))
            return Period(moved.year, moved.month, moved.day)
        if unit == "year":
            return self._replace(year=self.year + count)
        month = (self.month or 1) - 1 + count
        return Period(self.year + month // 12, month % 12 + 1, self.day)

    @classmethod
    def of_day(cls, day: dt.date) -> Period:
        return cls(day.year, day.month, day.day)


class When(NamedTuple):
    """An interval of two periods; a plain date has ``start == end``."""

    start: Period
    end: Period

    @classmethod
    def of(cls, period: Period) -> When:
        return cls(period, period)

    @property
    def precision(self) -> str:
        return max(self.start.precision, self.end.precision, key=_PRECISIONS.index)

    @property
    def edtf(self) -> str:
        if self.start == self.end:
            return self.start.edtf
        return f"{self.start.edtf}/{self.end.edtf}"


class DateMention(NamedTuple):
    """A date phrase found in a sentence: its value and its offsets in the article."""

    when: When
    text: str
    start: int
    end: int
    since: bool = False


def _parse(phrase: str, published: dt.date, future: bool) -> tuple[dt.date, str] | None:
    from dateparser.date import DateDataParser  # only when extracting

    settings: Any = {
        "RELATIVE_BASE": dt.datetime.combine(published, dt.time()),
        "PREFER_DATES_FROM": "future" if future else "past",
        "PREFER_DAY_OF_MONTH": "first",
    }
    data = DateDataParser(languages=["en"], settings=settings).get_date_data(phrase)
    if data.date_obj is None:
        return None
    return data.date_obj.date(), data.period or "day"


def _absolute(phrase: str, published: dt.date, future: bool) -> When | None:
    low = phrase.lower()
    monday = published - dt.timedelta(days=published.weekday())
    if low.endswith("week") and "next" not in low:
        start = monday - dt.timedelta(days=7) if "last" in low else monday
        end = start + dt.timedelta(days=6) if "last" in low else published
        return When(Period.of_day(start), Period.of_day(end))
    if low in (d.lower() for d in _DAYS.split("|")) and not future:
        if _DAYS.split("|").index(phrase.capitalize()) == published.weekday():
            return When.of(Period.of_day(published))
    if re.fullmatch(r"(earlier |later )?this (month|year)", low):
        unit = low.rsplit(" ", 1)[1]
        return When.of(Period(published.year, published.month if unit == "month" else None))
    parsed = _parse(re.sub(r"(earlier|later) ", "", phrase), published, future)
    if parsed is None:
        return None
    day, period = parsed
    if period == "year":
        return When.of(Period(day.year))
    if period == "month":
        return When.of(Period(day.year, day.month))
    if period == "week":
        start = day - dt.timedelta(days=day.weekday())
        return When(Period.of_day(start), Period.of_day(start + dt.timedelta(days=6)))
    return When.of(Period.of_day(day))


def _year_of(text: str, published: dt.date, previous: When | None) -> int | None:
    low = text.lower()
    if low in ("that year", "the same year"):
        return previous.end.year if previous else None
    if low == "last year":
        return published.year - 1
    if low == "this year":
        return published.year
    return int(text)


def _part(match: re.Match[str], published: dt.date, previous: When | None) -> When | None:
    which, year_text = match.group(2).lower(), match.group(3)
    year = _year_of(year_text, published, previous)
    if year is None:
        return None
    first, last = next(v for k, v in _PART_MONTHS.items() if k in which)
    return When(Period(year, first), Period(year, last))


def _truncate(period: Period, unit: str) -> Period:
    """``period`` cut to a year, a month or a day."""
    if unit == "year":
        return Period(period.year)
    if unit == "month":
        return Period(period.year, period.month)
    return period


def _month_number(name: str) -> int:
    key = name.lower().rstrip(".")[:3]
    return [
        "jan",
        "feb",
        "mar",
        "apr",
        "may",
        "jun",
        "jul",
        "aug",
        "sep",
        "oct",
        "nov",
        "dec",
    ].index(key) + 1


def _relative(text: str, previous: When | None) -> When | None:
    if previous is None:
        return None
    words = text.lower().replace("the ", "").split()
    month = re.match(rf"(?:in )?({_MON})", text, re.I)
    if month and words[-1] == "year" and words[0] not in ("that", "same"):
        number = _month_number(month.group(1))
        return When.of(Period(previous.end.year, number))
    if words[0] in ("that", "same"):
        unit = words[-1]
        return When.of(_truncate(previous.end, unit))
    count = 1
    if words[0] in _NUM or words[0].isdigit():
        count = int(words[0]) if words[0].isdigit() else _NUM[words[0]]
        words = words[1:]
    if words[0] in ("previous", "following", "next"):
        words = [words[1], "before" if words[0] == "previous" else "after"]
    unit, direction = words[0].rstrip("s"), words[1]
    sign = -1 if direction in ("before", "earlier", "prior") else 1
    anchor = previous.start if sign < 0 else previous.end
    fine = unit if unit in ("year", "month") else "day"
    return When.of(_truncate(_truncate(anchor, fine).shift(unit, sign * count), fine))


def find_dates(
    text: str,
    offset: int,
    published: dt.date,
    previous: When | None = None,
    future: bool = False,
) -> list[DateMention]:
    """Every date phrase of ``text`` (which starts at ``offset`` in the article), resolved.

    ``previous`` is the date mentioned just before, for "that year" or "the
    month before"; each phrase found becomes the previous one of the next.
    ``future`` prefers future dates (announcements).
    """
    found: list[DateMention] = []
    for match in _PATTERN.finditer(text):
        phrase = match.group(0)
        when: When | None
        if match.group("part"):
            when = _part(match, published, previous)
        elif match.group("rel"):
            when = _relative(phrase, previous)
        else:
            if phrase.lower() == "may" and not re.search(r"\b(in|of|since|early|late) May\b", text):
                continue  # the verb
            when = _absolute(phrase, published, future)
        if when is None:
            continue
        window = _WINDOW.search(text[: match.start()])
        if window and when.start.precision == "month":
            months = {"days": 1, "weeks": 2, "months": 6}[window.group(1).lower()]
            when = When(when.start, when.start.shift("month", months))
        since = bool(re.search(r"\b(since|until|till)\s+$", text[: match.start()], re.I))
        found.append(DateMention(when, phrase, offset + match.start(), offset + match.end(), since))
        previous = when
    return found


_ANCHOR = re.compile(
    rf"\b(invasion|war|attack|election|coup|summit|offensive)\b[^.;]{{0,40}}?\bin ((?:{_MON} )?{_YEAR})",
    re.I,
)


def find_anchor(text: str, published: dt.date) -> tuple[str, When] | None:
    """An event the article dates itself ("its invasion in February 2022").

    >>> find_anchor("after Russia launched its invasion in February 2022", dt.date(2024, 4, 3))
    ('invasion', When(start=Period(year=2022, month=2, day=None), end=Period(year=2022, month=2, day=None)))
    """
    match = _ANCHOR.search(text)
    if match is None:
        return None
    when = _absolute(match.group(2), published, False)
    return (match.group(1).lower(), when) if when else None


def bound_by_anchor(when: When | None, side: str, anchor: When) -> When:
    """``when`` cut to before (``side="before"``) or after the anchor event.

    A year is first refined to months so that the cut keeps month precision.

    >>> bound_by_anchor(When.of(Period(2022)), "before", When.of(Period(2022, 2))).edtf
    '2022-01/2022-02'
    """
    if when is None:
        return anchor
    start, end = when
    if start.precision == "year":
        start = Period(start.year, 1)
    if end.precision == "year":
        end = Period(end.year, 12)
    if side == "before" and anchor.end.last_day < end.last_day:
        end = anchor.end
    if side == "after" and anchor.start.first_day > start.first_day:
        start = anchor.start
    return When(start, end)
