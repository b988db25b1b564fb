"""Linking a name seen in a record to one person of the authority, conservatively.

A :class:`Sighting` is a name as a record writes it, with what the record
says around it: the title's level, the country an adjective gives ("Russian
Foreign Minister"; for a visitor, the country they came from), the country
of the place, the days. :func:`link` returns a :class:`Link`:

1. **candidates**: people of the authority who share a family name with it
   (:meth:`kg.identity.authority.Authority.candidates`) and fit it by the
   name rule (:func:`kg.identity.names.match`), alive and adult then;
2. **context** per candidate: holds the title's level in the adjective's
   country (else the place's) then (± 31 days), or a post of the title's
   name ("Crown Prince of Saudi Arabia"); is of the adjective's
   country; holds the level elsewhere; is in office then; is of the place's
   country; the strength of the name match; the days to their nearest tenure;
3. a **full name** links to candidates within 20 years of a tenure, matched
   with at least one given name; a **family name alone** to candidates
   within 2 years of a tenure (10 if of the adjective's or the place's
   country) with some evidence (the level, the country, in office within a
   year), people of the record's country first, a foreigner only when they
   hold the title's level then; a family name that more than three people
   of a country share (a dynasty) decides nothing without the level;
4. one candidate is the person (``name`` or ``family+context``); several are
   ranked by the context in that order and the first wins only when a
   *decisive* feature separates the first two (``context chose``), or when
   one was in office within a year and the other five years or more away;
   otherwise the name is **ambiguous** and the candidates are listed —
   never chosen by proximity alone;
5. failing that, **post at the date**: exactly one living holder of the
   title's level in that country then whose family name is close to the
   one written (``rapidfuzz`` ratio 75: "Prime Minister Chuan Likphai" is
   Chuan Leekpai).

:func:`link_all` adds a second pass over a whole source: a family name alone
that the authority cannot decide goes to the one person the same source
names in full in that country within three years (``data prior``).

Examples
--------
>>> import datetime as dt
>>> from kg.identity.authority import Authority, Held
>>> authority = Authority()
>>> for iri, name, start in (("p/lavrov", "Sergey Lavrov", dt.date(2004, 3, 9)),):
...     _ = authority.add(iri, name, qid="Q58217")
...     authority.add_tenure(iri, Held("post/ru-fm", "Minister of Foreign Affairs of Russia",
...         "ru", ("foreign-minister",), start, None))
>>> authority.index()
>>> day = dt.date(2005, 4, 19)
>>> link(authority, Sighting("Lavrov", "head-of-government", None, "ru", day, day))
Link(person='p/lavrov', method='family+context', status='linked', candidates=('p/lavrov',))
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from typing import NamedTuple

from kg.identity.authority import Authority, Official
from kg.identity.names import best_match, parse_name

__all__ = ["Sighting", "Link", "link", "link_all", "MAIN_LEVELS"]

#: The levels a title can name, from the highest.
MAIN_LEVELS = (
    "head-of-state",
    "head-of-government",
    "foreign-minister",
    "defence-minister",
    "minister",
)
_YEAR = 365


class Sighting(NamedTuple):
    """A name seen in a record and what the record says around it.

    Attributes
    ----------
    name : str
        The name as written.
    level : str or None
        The highest level the titles written with it name (``head-of-state``...).
    adjective : str or None
        The country id the record gives the person: an adjective before the
        title, or the country a visitor came from.
    place : str or None
        The country id of the record's place.
    start, end : datetime.date
        The record's first and last day.
    organisation : bool
        The title is an international organisation's ("NATO Secretary General").
    titles : tuple of str
        The titles as written ("Crown Prince"): a post of that name held then
        in the record's country counts as the level does.
    other_side : str or None
        The country of the record's other side (the United States, for the
        Historian's counterparts): someone whose posts are all of it is not
        this person.
    """

    name: str
    level: str | None
    adjective: str | None
    place: str | None
    start: dt.date
    end: dt.date
    organisation: bool = False
    titles: tuple[str, ...] = ()
    other_side: str | None = None


class Link(NamedTuple):
    """Who a sighting is: ``person`` (an IRI) when ``status`` is ``linked``."""

    person: str | None
    method: str | None
    status: str
    candidates: tuple[str, ...] = ()


class _Scored(NamedTuple):
    iri: str
    strength: float
    distance: int
    level_here: bool
    adjective: bool
    level_elsewhere: bool
    in_office: bool
    place: bool
    common: int

    def rank(self) -> tuple[bool, bool, bool, bool, bool, float]:
        return (
            self.level_here,
            self.adjective,
            self.level_elsewhere,
            self.distance == 0,
            self.place,
            self.strength,
        )


_FEATURES = ("level here", "adjective country", "level elsewhere", "in office", "place", "name")


def _alive(person: Official, day: dt.date) -> bool:
    if person.death is not None and person.death < day:
        return False
    return not (person.birth is not None and person.birth > day - dt.timedelta(days=18 * 365))


def _strength(authority: Authority, name: str, iri: str) -> float | None:
    """How well ``name`` fits person ``iri`` (cached: records repeat names)."""
    key = (name, iri)
    if key not in authority.strengths:
        person = authority.people[iri]
        authority.strengths[key] = best_match(
            parse_name(name), person.parsed, family_first=person.family_first,
            hispanic=person.hispanic,
        )  # fmt: skip
    return authority.strengths[key]


def _score(authority: Authority, sighting: Sighting, iri: str) -> _Scored | None:
    person = authority.people[iri]
    if not person.tenures or not _alive(person, sighting.start):
        return None
    if sighting.other_side and person.countries == {sighting.other_side}:
        return None
    a, b = sighting.start, sighting.end
    distance = min(t.distance(a, b) for t in person.tenures)
    if distance > 20 * _YEAR:
        return None  # never linked from that far (see the module)
    typed = parse_name(sighting.name)
    strength = _strength(authority, sighting.name, iri)
    if not strength:
        return None
    here = sighting.adjective or sighting.place
    level = sighting.level
    level_any = bool(level) and any(
        level in t.levels
        and t.overlaps(a, b, 31)
        and (not sighting.adjective or t.country == sighting.adjective)
        for t in person.tenures
    )
    level_here = level_any and any(
        level in t.levels and t.overlaps(a, b, 31) and t.country == here for t in person.tenures
    )
    titles = [title.casefold() for title in sighting.titles]
    level_here = level_here or any(
        t.country == here and t.overlaps(a, b, 31) and any(x in t.name.casefold() for x in titles)
        for t in person.tenures
    )
    countries = person.countries
    common = max(
        (
            authority.family_count.get((key, country), 0)
            for key in set(typed.keys)
            for country in countries
        ),
        default=0,
    )
    return _Scored(
        iri,
        strength,
        distance,
        level_here,
        bool(sighting.adjective and sighting.adjective in countries),
        level_any,
        distance == 0,
        bool(sighting.place and sighting.place in countries),
        common,
    )


def link(authority: Authority, sighting: Sighting) -> Link:
    """Link one sighting (see the module)."""
    typed = parse_name(sighting.name)
    if not typed.keys:
        return Link(None, None, "unlinked")
    scored = [
        s
        for s in (_score(authority, sighting, iri) for iri in sorted(authority.candidates(typed)))
        if s is not None
    ]
    full = len(typed.keys) >= 2
    if full:
        pool = [s for s in scored if s.strength >= 1.5 and s.distance <= 20 * _YEAR]
    else:
        pool = [
            s
            for s in scored
            if s.distance <= 2 * _YEAR or ((s.adjective or s.place) and s.distance <= 10 * _YEAR)
        ]
        pool = [
            s for s in pool if s.level_elsewhere or s.adjective or s.place or s.distance <= _YEAR
        ]
        local = [s for s in pool if s.adjective or (not sighting.adjective and s.place)]
        if local:
            pool = local
        elif any(s.level_elsewhere for s in pool):
            pool = [s for s in pool if s.level_elsewhere]
        pool = [s for s in pool if s.common <= 3 or s.level_here]
    candidates = tuple(sorted(s.iri for s in pool))
    if len(pool) == 1:
        return Link(pool[0].iri, "name" if full else "family+context", "linked", candidates)
    if len(pool) > 1:
        ranked = sorted(pool, key=lambda s: (s.rank(), -s.distance), reverse=True)
        first, second = ranked[0], ranked[1]
        if first.rank() != second.rank() or (
            first.distance <= _YEAR and second.distance >= 5 * _YEAR
        ):
            return Link(first.iri, "context chose", "linked", candidates)
        return Link(None, None, "ambiguous", candidates)
    return _post_at_date(authority, sighting, typed.keys)


def _post_at_date(authority: Authority, sighting: Sighting, keys: Sequence[str]) -> Link:
    country = sighting.adjective or (None if sighting.organisation else sighting.place)
    if not sighting.level or not country:
        return Link(None, None, "unlinked")
    from rapidfuzz.fuzz import ratio

    holders = [
        iri
        for iri in authority.holders_at(country, sighting.level, sighting.start, sighting.end, 31)
        if _alive(authority.people[iri], sighting.start)
    ]
    close = [
        iri
        for iri in holders
        if any(
            ratio(keys[-1], name.keys[-1]) >= 75 or ratio(keys[0], name.keys[0]) >= 75
            for name in authority.people[iri].parsed
            if name.keys
        )
    ]
    if len(close) == 1:
        return Link(close[0], "post at date", "linked", (close[0],))
    return Link(None, None, "unlinked", tuple(holders[:4]))


def link_all(authority: Authority, sightings: Sequence[Sighting]) -> list[Link]:
    """Link every sighting of a source, with the ``data prior`` pass (see the module)."""
    links = [link(authority, s) for s in sightings]
    named: dict[tuple[str, str], list[tuple[dt.date, str]]] = defaultdict(list)
    for sighting, found in zip(sightings, links, strict=True):
        keys = parse_name(sighting.name).keys
        if found.person is not None and len(keys) >= 2:
            for key in keys:
                for country in {sighting.adjective, sighting.place} - {None}:
                    assert country is not None
                    named[(key, country)].append((sighting.start, found.person))
    for number, (sighting, found) in enumerate(zip(sightings, links, strict=True)):
        keys = parse_name(sighting.name).keys
        if found.person is not None or len(keys) != 1:
            continue
        people = {
            person
            for country in {sighting.adjective, sighting.place} - {None}
            for day, person in named.get((keys[0], country or ""), ())
            if abs((day - sighting.start).days) <= 3 * 366
        }
        if len(people) == 1:
            person = people.pop()
            links[number] = Link(person, "data prior", "linked", (person,))
    return links
