"""Reading the Office of the Historian's records: trips, visits, presidents, principal officers.

:func:`read_historian` finds every XML file under a path (either dataset as
published, or a folder holding several) and reads each by its root
element: ``<trips>`` (the President's and the Secretary of State's trips
abroad), ``<visits>`` (foreign leaders' visits to the US), ``<presidents>``
(the presidents and their terms), and, when the folder holds the ``pocom``
dataset, ``<person>`` and ``<principal-position>`` (the Department of
State's principal officers, :mod:`kg.identity.pocom`). Every record is
checked before anything is returned; :func:`group_trips` groups trips
recorded twice.
"""

from __future__ import annotations

import datetime as dt
import os
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from kg.dates import DateBounds
from kg.errors import BadPathError, DataError, InvalidDataError
from kg.identity.countries import slug
from kg.identity.pocom import Pocom, read_person, read_position

__all__ = [
    "Trip",
    "Visit",
    "President",
    "HistorianRecords",
    "find_historian_files",
    "read_historian",
    "day_bounds",
    "interval",
    "group_trips",
]


@dataclass(frozen=True)
class Trip:
    """One ``<trip>`` record."""

    id: str
    role: str
    who: str
    name: str
    start: dt.date
    end: dt.date
    country_id: str
    country: str
    locale: str
    remarks: str
    path: str


@dataclass(frozen=True)
class Visit:
    """One ``<visit>`` record."""

    id: str
    start: dt.date
    end: dt.date
    visitor: str
    country_id: str
    country: str
    description: str
    path: str


@dataclass(frozen=True)
class President:
    """One president of the presidents list, with a term."""

    id: str
    name: str
    took_office: dt.date
    left_office: dt.date | None


@dataclass
class HistorianRecords:
    """Every record read, in file order."""

    trips: list[Trip] = field(default_factory=list)
    visits: list[Visit] = field(default_factory=list)
    presidents: list[President] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    pocom: Pocom = field(default_factory=Pocom)


def find_historian_files(path: str) -> list[str]:
    """Every ``*.xml`` file under ``path`` (or ``path`` itself), sorted."""
    if os.path.isfile(path):
        return [path]
    if not os.path.isdir(path):
        raise BadPathError(f"'{path}' does not exist")
    found = [
        os.path.join(folder, name)
        for folder, _, names in os.walk(path)
        for name in names
        if name.endswith(".xml")
    ]
    return sorted(found)


def _text(element: ET.Element, tag: str) -> str:
    child = element.find(tag)
    return " ".join("".join(child.itertext()).split()) if child is not None else ""


def _day(value: str, what: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{what} '{value}' is not a date (YYYY-MM-DD)") from None


def _span(element: ET.Element) -> tuple[dt.date, dt.date]:
    """The start and end dates of a trip or visit, checked to be in order."""
    start = _day(_text(element, "start-date"), "start-date")
    end = _day(_text(element, "end-date"), "end-date")
    if end < start:
        raise ValueError(f"ends ({end}) before it starts ({start})")
    return start, end


def _read_trip(element: ET.Element, path: str) -> Trip:
    ident = _text(element, "id")
    country = element.find("country")
    missing = [t for t in ("id", "start-date", "end-date", "name") if not _text(element, t)]
    if country is None or not country.get("id"):
        missing.append("country (with an id)")
    if missing:
        raise ValueError(f"missing {', '.join(missing)}")
    assert country is not None
    start, end = _span(element)
    role = element.get("role") or _text(element, "role")
    if role not in ("president", "secretary"):
        raise ValueError(f"role '{role}' is neither 'president' nor 'secretary'")
    return Trip(
        id=ident,
        role=role,
        who=element.get("who") or slug(_text(element, "name")),
        name=_text(element, "name"),
        start=start,
        end=end,
        country_id=country.get("id", ""),
        country=" ".join("".join(country.itertext()).split()),
        locale=_text(element, "locale"),
        remarks=_text(element, "remarks"),
        path=path,
    )


def _read_visit(element: ET.Element, path: str) -> Visit:
    ident = _text(element, "id")
    origin = element.find("from")
    missing = [t for t in ("id", "start-date", "end-date", "visitor") if not _text(element, t)]
    if origin is None or not origin.get("id"):
        missing.append("from (with an id)")
    if missing:
        raise ValueError(f"missing {', '.join(missing)}")
    assert origin is not None
    start, end = _span(element)
    return Visit(
        id=ident,
        start=start,
        end=end,
        visitor=_text(element, "visitor"),
        country_id=origin.get("id", ""),
        country=" ".join("".join(origin.itertext()).split()),
        description=_text(element, "description"),
        path=path,
    )


def _read_president(element: ET.Element) -> President:
    left = element.find("left-office-date")
    left_text = (left.text or "").strip() if left is not None else ""
    return President(
        id=_text(element, "id"),
        name=_text(element, "name"),
        took_office=_day(_text(element, "took-office-date"), "took-office-date"),
        left_office=_day(left_text, "left-office-date") if left_text else None,
    )


def read_historian(path: str, progress: Callable[[int], None] | None = None) -> HistorianRecords:
    """Read and check every travels and visits record under ``path``.

    Files are recognised by their root element (``trips``, ``visits``,
    ``presidents``, and the principal officers' ``person`` and
    ``principal-position``); others are ignored. ``progress`` is called with
    1 after each file.

    Raises
    ------
    BadPathError
        When ``path`` does not exist or holds no such file.
    InvalidDataError
        Listing every malformed file or record (file, record id, problem),
        before anything is written.
    """
    found = HistorianRecords()
    problems: list[DataError] = []
    seen: dict[tuple[str, str], tuple[object, str]] = {}
    for name in find_historian_files(path):
        try:
            root = ET.parse(name).getroot()
        except ET.ParseError as exc:
            problems.append(DataError(name, f"not well-formed XML: {exc}", line=exc.position[0]))
            continue
        readers: dict[str, tuple[str, Callable[[ET.Element, str], object]]] = {
            "trips": ("trip", _read_trip),
            "visits": ("visit", _read_visit),
        }
        if root.tag in ("person", "principal-position"):
            try:
                if root.tag == "person":
                    person = read_person(root)
                    found.pocom.people[person.id] = person
                else:
                    position = read_position(root)
                    found.pocom.positions[position.id] = position
            except ValueError as exc:
                problems.append(DataError(name, f"{root.tag}: {exc}"))
        elif root.tag == "presidents":
            for number, element in enumerate(root.iter("president"), start=1):
                try:
                    found.presidents.append(_read_president(element))
                except ValueError as exc:
                    problems.append(
                        DataError(name, str(exc), record=_text(element, "id") or f"#{number}")
                    )
        elif root.tag in readers:
            tag, reader = readers[root.tag]
            found.files.append(name)
            for number, element in enumerate(root, start=1):
                record = _text(element, "id") or f"{tag} #{number}"
                if element.tag != tag:
                    problems.append(
                        DataError(name, f"unexpected element <{element.tag}>", record=record)
                    )
                    continue
                try:
                    item = reader(element, name)
                except ValueError as exc:
                    problems.append(DataError(name, f"{tag}: {exc}", record=record))
                    continue
                earlier = seen.setdefault((tag, record), (item, name))
                if earlier[0] is not item and _same_record(earlier[0], item) is False:
                    problems.append(
                        DataError(
                            name,
                            f"{tag} id {record} is also used in {earlier[1]} for another record",
                            record=record,
                        )
                    )
                    continue
                if isinstance(item, Trip):
                    found.trips.append(item)
                elif isinstance(item, Visit):
                    found.visits.append(item)
        if progress is not None:
            progress(1)
    if not found.trips and not found.visits and not problems:
        raise BadPathError(
            f"no Office of the Historian records (<trips> or <visits> XML files) under '{path}'"
        )
    if found.visits and not found.presidents:
        problems.append(
            DataError(
                path,
                "visits need the list of presidents (travels/presidents/presidents.xml) to "
                "know who was President: import a folder holding it too",
            )
        )
    if problems:
        raise InvalidDataError(problems)
    return found


def _same_record(a: object, b: object) -> bool:
    """Two records with one id: the same content (a copy) or not."""
    fields = ("path",)
    if type(a) is not type(b):
        return False
    return {k: v for k, v in vars(a).items() if k not in fields} == {
        k: v for k, v in vars(b).items() if k not in fields
    }


def interval(start: dt.date, end: dt.date) -> str:
    """The EDTF form of a day or an interval of days."""
    return start.isoformat() if start == end else f"{start.isoformat()}/{end.isoformat()}"


def day_bounds(start: dt.date, end: dt.date) -> DateBounds:
    """The bounds of a day or an interval of days, as :func:`kg.dates.parse_edtf` gives them.

    (Built directly: the EDTF grammar costs tens of milliseconds a date.)

    >>> from kg.dates import parse_edtf
    >>> a, b = dt.date(2024, 4, 1), dt.date(2024, 4, 2)
    >>> day_bounds(a, b) == parse_edtf("2024-04-01/2024-04-02")
    True
    """
    return DateBounds(interval(start, end), start, end, "day")


def _bare(remarks: str) -> str:
    return remarks.rstrip(" .;,").casefold()


def group_trips(trips: Sequence[Trip]) -> tuple[list[list[Trip]], int, int]:
    """Trips grouped into contacts; also the numbers of exact and near duplicates merged."""
    exact: dict[tuple[str, ...], list[Trip]] = defaultdict(list)
    for trip in trips:
        key = (trip.who, str(trip.start), str(trip.end), trip.country_id, trip.locale, trip.remarks)
        exact[key].append(trip)
    exact_merged = sum(len(g) - 1 for g in exact.values())
    buckets: dict[tuple[str, ...], list[list[Trip]]] = defaultdict(list)
    for group in exact.values():
        first = group[0]
        buckets[(first.who, str(first.start), first.country_id, first.locale)].append(group)
    groups: list[list[Trip]] = []
    near_merged = 0
    for bucket in buckets.values():
        bucket.sort(key=lambda g: len(g[0].remarks))
        merged: list[list[Trip]] = []
        for group in bucket:
            remark = _bare(group[0].remarks)
            home = next(
                (m for m in merged if remark.startswith(_bare(m[0].remarks)) and remark), None
            )
            if home is None:
                merged.append(list(group))
            else:
                home.extend(group)
                near_merged += len(group)
        groups.extend(merged)
    for group in groups:
        group.sort(key=lambda t: int(t.id) if t.id.isdigit() else 0)
    groups.sort(key=lambda g: (g[0].start, g[0].who, g[0].id))
    return groups, exact_merged, near_merged
