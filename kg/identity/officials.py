"""Reading a table of officials' tenures in the Wikidata layout (``kg import officials``).

The table is a CSV with at least the columns ``catalog`` (the country, or
``World`` / ``European Union``), ``position`` (the post's English label),
``person`` (the person's label), ``personID`` (a Wikidata QID), ``start`` and
``end`` (``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``, a decade ``2010s``; empty
``end``: still in office), and optionally ``DOB``, ``DOD``, ``enwiki`` and
the columns of the Wikidata query ``docs/importing.md`` gives: ``positionID``,
``countryID`` (QIDs), ``level`` (a post level, or two joined by ``|``) and
``aliases`` (other names of the person, joined by ``|``).

:func:`read_officials` checks every row (a QID must look like one, a date
must be a date: any problem stops the import with the line) and deals with
the quirks such tables have, counting each in :class:`OfficialsReport`:

- rows repeated exactly are read once;
- rows of one person in one post with one start and different ends are one
  tenure, with the later end;
- a row that ends before it starts (comparing the bounds of each date's
  precision, so ``2010-05`` … ``2010`` is fine) keeps its start and loses
  its end, with a warning;
- an impossible day (``1973-09-31``) is kept at the precision of its month.

Each post label becomes a level (:mod:`kg.identity.posts`) unless the
``level`` column gives it; a state's presidency that heads the government
too (no head of government in the catalogue) is both levels.

Examples
--------
>>> import io
>>> table = read_officials(io.StringIO(
...     "catalog,position,person,personID,start,end\\n"
...     "France,President,Emmanuel Macron,Q3052772,2017-05-14,\\n"
...     "France,President,Emmanuel Macron,Q3052772,2017-05-14,\\n"
...     "France,Prime Minister,Élisabeth Borne,Q20020731,2022-05-16,\\n"
... ), "t.csv")
>>> [(r.qid, r.country, r.levels, r.start.edtf) for r in table.rows]
[('Q3052772', 'fr', ('head-of-state',), '2017-05-14'), ('Q20020731', 'fr', ('head-of-government',), '2022-05-16')]
>>> table.report.exact_duplicates
1
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import re
from collections import defaultdict
from dataclasses import dataclass, field, replace
from typing import IO, NamedTuple

from kg.errors import DataError, InvalidDataError
from kg.identity.countries import catalogue, normalise_country
from kg.identity.posts import ORGANISATION_CATALOGUES, normalise_label, post_level, presidential
from kg.vocab import POST_LEVELS

__all__ = [
    "REQUIRED",
    "OPTIONAL",
    "Day",
    "OfficialRow",
    "OfficialsReport",
    "OfficialsTable",
    "parse_day",
    "read_officials",
]

REQUIRED = ("catalog", "position", "person", "personID", "start", "end")
OPTIONAL = ("DOB", "DOD", "enwiki", "positionID", "countryID", "level", "aliases")
_QID = re.compile(r"^Q[1-9]\d*$")
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$|^(\d{3})\ds$")


class Day(NamedTuple):
    """A date of the table: its EDTF form and its earliest and latest days."""

    edtf: str
    earliest: dt.date
    latest: dt.date


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)


def parse_day(text: str) -> tuple[Day | None, bool]:
    """A date of the table and whether its day was impossible (kept at month precision).

    >>> parse_day("2014")[0]
    Day(edtf='2014', earliest=datetime.date(2014, 1, 1), latest=datetime.date(2014, 12, 31))
    >>> parse_day("1973-09-31")
    (Day(edtf='1973-09', earliest=datetime.date(1973, 9, 1), latest=datetime.date(1973, 9, 30)), True)
    >>> parse_day("2010s")[0].edtf
    '201X'

    Raises
    ------
    ValueError
        When ``text`` is not a date of the forms the module gives.
    """
    text = text.strip()
    if not text:
        return None, False
    found = _DATE.match(text)
    if found is None:
        raise ValueError(f"'{text}' is not a date (YYYY, YYYY-MM, YYYY-MM-DD or a decade 1990s)")
    if found.group(4):
        decade = int(found.group(4)) * 10
        return Day(f"{found.group(4)}X", dt.date(decade, 1, 1), dt.date(decade + 9, 12, 31)), False
    year = int(found.group(1))
    if found.group(2) is None:
        return Day(text, dt.date(year, 1, 1), dt.date(year, 12, 31)), False
    month = int(found.group(2))
    if not 1 <= month <= 12:
        raise ValueError(f"'{text}' has no month {month}")
    whole_month = Day(text[:7], dt.date(year, month, 1), _month_end(year, month))
    if found.group(3) is None:
        return whole_month, False
    try:
        day = dt.date(year, month, int(found.group(3)))
    except ValueError:
        return whole_month, True
    return Day(text, day, day), False


@dataclass(frozen=True)
class OfficialRow:
    """One tenure of the table, checked.

    ``country`` is the id of the catalogue's country (:mod:`kg.identity.countries`),
    ``None`` for an organisation's catalogue; ``levels`` the post's levels
    (empty for an organisation's post).
    """

    line: int
    catalogue: str
    country: str | None
    position: str
    levels: tuple[str, ...]
    person: str
    qid: str
    start: Day | None
    end: Day | None
    birth: Day | None = None
    death: Day | None = None
    enwiki: str = ""
    position_qid: str | None = None
    country_qid: str | None = None
    aliases: tuple[str, ...] = ()
    note: str | None = None


@dataclass
class OfficialsReport:
    """What reading the table found (``kg import officials`` prints it)."""

    rows: int = 0
    exact_duplicates: int = 0
    merged_ends: int = 0
    reversed_rows: int = 0
    impossible_days: int = 0
    unknown_catalogues: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass
class OfficialsTable:
    """Every tenure read, in file order, and the report."""

    rows: list[OfficialRow]
    report: OfficialsReport


def _qid(value: str, column: str) -> str | None:
    if not value:
        return None
    if not _QID.match(value):
        raise ValueError(f"{column} '{value}' is not a Wikidata id (Q followed by digits)")
    return value


def read_officials(source: IO[str], path: str) -> OfficialsTable:
    """Read and check the table from ``source`` (named ``path`` in messages).

    Raises
    ------
    InvalidDataError
        Listing every malformed row (line, person, problem); nothing is returned.
    """
    reader = csv.DictReader(source)
    columns = reader.fieldnames or []
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        raise InvalidDataError(
            [
                DataError(
                    path,
                    f"missing column(s) {', '.join(missing)}: a table of officials needs "
                    f"{', '.join(REQUIRED)} (see docs/importing.md)",
                    line=1,
                )
            ]
        )
    report = OfficialsReport()
    problems: list[DataError] = []
    countries = catalogue()
    catalogue_country: dict[str, str | None] = {}
    seen: set[tuple[str, ...]] = set()
    kept: dict[tuple[str, str, str, str], OfficialRow] = {}
    for number, row in enumerate(reader, start=2):
        report.rows += 1
        values = tuple((row.get(c) or "").strip() for c in columns)
        if values in seen:
            report.exact_duplicates += 1
            continue
        seen.add(values)
        get = {c: (row.get(c) or "").strip() for c in (*REQUIRED, *OPTIONAL)}
        try:
            parsed = _row(get, number, countries, catalogue_country, report)
        except ValueError as exc:
            problems.append(DataError(path, str(exc), line=number, record=get["personID"] or None))
            continue
        key = (parsed.catalogue, parsed.position, parsed.qid, get["start"])
        earlier = kept.get(key)
        if earlier is not None:
            report.merged_ends += 1
            if _later_end(parsed, earlier):
                kept[key] = replace(parsed, line=earlier.line)
            continue
        kept[key] = parsed
    if problems:
        raise InvalidDataError(problems)
    rows = sorted(kept.values(), key=lambda r: r.line)
    rows = _presidencies(rows)
    report.unknown_catalogues = sorted(
        c
        for c, country in catalogue_country.items()
        if country is None and c not in ORGANISATION_CATALOGUES
    )
    return OfficialsTable(rows, report)


def _later_end(new: OfficialRow, old: OfficialRow) -> bool:
    if old.end is None:
        return False
    return new.end is None or new.end.latest > old.end.latest


def _row(
    get: dict[str, str],
    number: int,
    countries: object,
    catalogue_country: dict[str, str | None],
    report: OfficialsReport,
) -> OfficialRow:
    from kg.identity.countries import Countries

    assert isinstance(countries, Countries)
    for column in ("catalog", "position", "person"):
        if not get[column]:
            raise ValueError(f"empty {column}")
    qid = _qid(get["personID"], "personID")
    if qid is None:
        raise ValueError("empty personID")
    name = get["catalog"]
    if name not in catalogue_country:
        found = None if name in ORGANISATION_CATALOGUES else countries.find(name)
        catalogue_country[name] = found.id if found else None
    country = catalogue_country[name]
    dates: dict[str, Day | None] = {}
    for column in ("start", "end", "DOB", "DOD"):
        try:
            dates[column], impossible = parse_day(get[column])
        except ValueError as exc:
            raise ValueError(f"{column}: {exc}") from None
        report.impossible_days += impossible
    start, end = dates["start"], dates["end"]
    note = None
    if start is not None and end is not None and end.latest < start.earliest:
        report.reversed_rows += 1
        report.warnings.append(
            f"line {number}: {get['person']} ({qid}) ends as {get['position']} of "
            f"{name} ({end.edtf}) before starting ({start.edtf}): the end is dropped"
        )
        note = f"The table gives an end ({end.edtf}) before the start; the end is left out."
        end = None
    levels = _levels(get["level"], name, get["position"], country, countries)
    aliases = tuple(a.strip() for a in get["aliases"].split("|") if a.strip())
    return OfficialRow(
        line=number,
        catalogue=name,
        country=country,
        position=get["position"],
        levels=levels,
        person=get["person"],
        qid=qid,
        start=start,
        end=end,
        birth=dates["DOB"],
        death=dates["DOD"],
        enwiki=get["enwiki"],
        position_qid=_qid(get["positionID"], "positionID"),
        country_qid=_qid(get["countryID"], "countryID"),
        aliases=aliases,
        note=note,
    )


@functools.lru_cache(maxsize=1 << 15)
def _label_levels(catalogue_name: str, position: str, country: str | None) -> tuple[str, ...]:
    entity = catalogue().get(country) if country else None
    level = post_level(catalogue_name, position, entity.names if entity else ())
    return (level,) if level else ()


def _levels(
    given: str, catalogue_name: str, position: str, country: str | None, countries: object
) -> tuple[str, ...]:
    if given:
        levels = tuple(x.strip() for x in given.split("|") if x.strip())
        unknown = [x for x in levels if x not in POST_LEVELS]
        if unknown:
            raise ValueError(f"level '{unknown[0]}' is none of {', '.join(POST_LEVELS)}")
        return levels
    return _label_levels(catalogue_name, position, country)


def _presidencies(rows: list[OfficialRow]) -> list[OfficialRow]:
    """A presidency that heads the government too: head of state and of government."""
    by_catalogue: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for row in rows:
        for level in row.levels:
            by_catalogue[row.catalogue].add((normalise_label(row.position), level))
    both = {c for c, pairs in by_catalogue.items() if presidential(pairs)}
    return [
        replace(row, levels=("head-of-state", "head-of-government"))
        if row.catalogue in both
        and normalise_label(row.position) == "president"
        and row.levels == ("head-of-state",)
        else row
        for row in rows
    ]


def country_key(name: str) -> str:
    """A catalogue name folded as :mod:`kg.identity.countries` folds names."""
    return normalise_country(name)
