"""The Office of the Historian's principal officers of the Department of State.

The dataset ``pocom`` ("Principal Officers and Chiefs of Mission", CC0) has
one XML file per person (``people/<letter>/<id>.xml``, root ``<person>``:
``persName/forename``, ``surname``, ``genName``, ``altname``, ``birth``,
``death``) and one per principal post (``positions-principals/<id>.xml``,
root ``<principal-position>``: ``names/singular`` and ``principals/principal``
with ``person-id``, ``appointed``, ``started`` and ``ended`` dates). Its
person ids are the ids the travels data gives its travellers
(``kerry-john-forbes``). :func:`read_person` and :func:`read_position` read
one parsed file each; ``kg import historian`` reads them when the folder it
is given holds them, and each principal becomes a tenure of a US post.

The chiefs of mission (``missions-countries``) are not read.

Examples
--------
>>> import xml.etree.ElementTree as ET
>>> person = read_person(ET.fromstring(
...     "<person><id>kerry-john-forbes</id><persName><surname>Kerry</surname>"
...     "<forename>John Forbes</forename></persName><birth>1943</birth></person>"))
>>> person.name, person.birth
('John Forbes Kerry', 1943)
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

from kg.identity.officials import parse_day

__all__ = ["PocomPerson", "Principal", "Position", "Pocom", "read_person", "read_position"]


@dataclass(frozen=True)
class PocomPerson:
    """One person of ``people/``."""

    id: str
    forename: str
    surname: str
    suffix: str = ""
    other_names: tuple[str, ...] = ()
    birth: int | None = None
    death: int | None = None

    @property
    def name(self) -> str:
        """Forenames and surname ("John Forbes Kerry")."""
        return " ".join(x for x in (self.forename, self.surname) if x)


@dataclass(frozen=True)
class Principal:
    """One appointment to a principal post."""

    id: str
    person: str
    position: str
    started: dt.date | None
    ended: dt.date | None


@dataclass(frozen=True)
class Position:
    """A principal post and its appointments."""

    id: str
    name: str
    principals: tuple[Principal, ...]


@dataclass
class Pocom:
    """Everything read: people by id, posts by id."""

    people: dict[str, PocomPerson] = field(default_factory=dict)
    positions: dict[str, Position] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.positions)


def _text(element: ET.Element, path: str) -> str:
    found = element.find(path)
    return " ".join("".join(found.itertext()).split()) if found is not None else ""


def _year(text: str) -> int | None:
    return int(text[:4]) if text[:4].isdigit() else None


def read_person(root: ET.Element) -> PocomPerson:
    """A ``<person>`` file.

    Raises
    ------
    ValueError
        When the person has no id or no surname.
    """
    ident = _text(root, "id")
    surname = _text(root, "persName/surname")
    if not ident or not surname:
        raise ValueError("a person needs an id and a surname")
    return PocomPerson(
        id=ident,
        forename=_text(root, "persName/forename"),
        surname=surname,
        suffix=_text(root, "persName/genName"),
        other_names=tuple(
            n for n in (" ".join("".join(a.itertext()).split()) for a in root.iter("altname")) if n
        ),
        birth=_year(_text(root, "birth")),
        death=_year(_text(root, "death")),
    )


def _day(text: str, last: bool) -> dt.date | None:
    try:
        day, _ = parse_day(text)
    except ValueError:
        return None
    if day is None:
        return None
    return day.latest if last else day.earliest


def read_position(root: ET.Element) -> Position:
    """A ``<principal-position>`` file: the post and its principals (started, else
    appointed; an appointment with neither date is left out).

    Raises
    ------
    ValueError
        When the post has no id.
    """
    ident = _text(root, "id")
    if not ident:
        raise ValueError("a principal position needs an id")
    principals = []
    for element in root.findall("principals/principal"):
        person = _text(element, "person-id")
        started = _day(_text(element, "started/date"), last=False) or _day(
            _text(element, "appointed/date"), last=False
        )
        if not person or started is None:
            continue
        principals.append(
            Principal(
                id=_text(element, "id") or f"{ident}-{person}",
                person=person,
                position=ident,
                started=started,
                ended=_day(_text(element, "ended/date"), last=True),
            )
        )
    return Position(ident, _text(root, "names/singular") or ident, tuple(principals))
