"""The pair index: the contacts of every pair of sides, reachable without scanning a side.

"When did A and B last speak?" asked of two busy officials used to mean
reading every contact of one of them (thousands) to find the few both took
part in. The build therefore writes, into the graph :data:`PAIRS_GRAPH`, one
node per pair of sides that share a contact, named from the two sides
(:func:`pair_iri`) so that a query binds it without looking it up::

    <id/pair/participant/person/lecornu/participant/person/shoigu>
        kg:side            <id/person/lecornu> , <id/person/shoigu> ;
        kg:lastContact     <id/contact/lecornu-shoigu-2024-04-03> ;
        kg:earlierContact  <id/contact/lecornu-shoigu-2022-10> .

A *side* is an entity and the way it takes part in a contact, as the
contact records it: ``kg:participant`` (a person or organisation, itself),
``kg:participantCountry`` (a country: itself, or an official acting for it)
or ``kg:participantPost`` (a post: whoever held it then). Two sides of one
contact form a pair when their entities differ, so the pair of Macron and
France holds every contact in which Macron took part and France was
represented, by him or by another. A *level pair*
(:func:`level_pair_iri`) adds a ``kg:pairLevel``: two countries, each
represented by a different person acting for it and holding one of its posts
at that level or a narrower one (``kg:broaderLevel``), as
``kg last-contact --level`` asks.

The contacts of a pair are split in two, denied ones left out (every source
says they did not happen, so no question of kg's counts them):
``kg:lastContact`` names the contacts that no other contact of the pair
certainly follows (the contact with the latest earliest-possible day, and
every other whose latest-possible day reaches that day), and
``kg:earlierContact`` all the others, each certainly followed by a last one.
Asking for the last contact of a pair reads its few last contacts, whether
the pair has two contacts or ten thousand; a question with a cutoff date or
restricted to some sources reads both lists, still only the pair's contacts.

The index is computed from the N-Triples a build loads (:class:`PairIndex`
reads them as they stream into the store: :class:`ScanningReader`), never
from the store itself: reading terms back out of RocksDB costs several
microseconds each, the text a fraction of one. It reads ``kg:participant``,
``kg:participantCountry``, ``kg:participantPost``, ``kg:earliest``,
``kg:latest`` and ``kg:status``, and for levels ``prov:qualifiedAssociation``,
``prov:agent``, ``kg:actedFor``, ``kg:heldPost``, ``kg:country``,
``kg:postLevel`` and ``kg:broaderLevel``, each triple on one line of the form
``<s> <p> o .``, as kg's writers and rdflib write them.

This module is on the query path for :func:`pair_iri` only; it imports
nothing heavy.

Examples
--------
>>> from kg.vocab import KG
>>> pair_iri("https://w3id.org/kg-contacts/id/person/shoigu", KG.participant,
...          "https://w3id.org/kg-contacts/id/country/fr", KG.participantCountry)
'https://w3id.org/kg-contacts/id/pair/participant/person/shoigu/participantCountry/country/fr'
>>> level_pair_iri("https://w3id.org/kg-contacts/id/country/ru",
...                "https://w3id.org/kg-contacts/id/country/fr", KG.DefenceMinister)
'https://w3id.org/kg-contacts/id/pair/DefenceMinister/country/fr/country/ru'
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import IO, Any

from kg.vocab import ID_BASE, KG, PROV

__all__ = ["PAIRS_GRAPH", "pair_iri", "level_pair_iri", "PairIndex", "ScanningReader"]

#: The named graph holding the pair index (derived: rebuilt with every build).
PAIRS_GRAPH = ID_BASE + "graph/pairs"
_PAIR_BASE = ID_BASE + "pair/"


def _part(entity: str) -> str:
    """The path segments naming ``entity`` in a pair IRI (``person/lecornu``)."""
    if entity.startswith(ID_BASE):
        rest = entity[len(ID_BASE) :]
        if rest.count("/") == 1 and not rest.startswith("/") and not rest.endswith("/"):
            return rest
    from urllib.parse import quote  # an IRI outside kg's ids: never in kg's own data

    return "iri/" + quote(entity, safe="")


def _segment(entity: str, way: str) -> str:
    return f"{way.rsplit('#', 1)[-1]}/{_part(entity)}"


def pair_iri(a: str, a_way: str, b: str, b_way: str) -> str:
    """The IRI of the pair of sides ``a`` and ``b`` (in either order).

    ``a_way`` and ``b_way`` say how each takes part: ``kg:participant``,
    ``kg:participantCountry`` or ``kg:participantPost``. The two sides are
    ordered by their path segments, so both orders give the same pair. See
    the module's examples.
    """
    first, second = sorted((_segment(a, a_way), _segment(b, b_way)))
    return f"{_PAIR_BASE}{first}/{second}"


def level_pair_iri(a: str, b: str, level: str) -> str:
    """The IRI of the pair of countries ``a`` and ``b`` (in either order) at ``level``."""
    first, second = sorted((_part(a), _part(b)))
    return f"{_PAIR_BASE}{level.rsplit('#', 1)[-1]}/{first}/{second}"


def _term(iri: str) -> bytes:
    return f"<{iri}>".encode()


_WAYS = {_term(way): way for way in (KG.participant, KG.participantCountry, KG.participantPost)}
_ASSOCIATION = _term(PROV.qualifiedAssociation)
_AGENT = _term(PROV.agent)
_ACTED_FOR = _term(KG.actedFor)
_HELD_POST = _term(KG.heldPost)
_EARLIEST = _term(KG.earliest)
_LATEST = _term(KG.latest)
_STATUS = _term(KG.status)
_COUNTRY = _term(KG.country)
_POST_LEVEL = _term(KG.postLevel)
_BROADER = _term(KG.broaderLevel)
_DENIED = _term(KG.Denied)
_WANTED = frozenset(
    (*_WAYS, _ASSOCIATION, _AGENT, _ACTED_FOR, _HELD_POST, _EARLIEST, _LATEST, _STATUS)
    + (_COUNTRY, _POST_LEVEL, _BROADER)
)
_SIDE = _term(KG.side)
_PAIR_LEVEL = _term(KG.pairLevel)
_EARLIER_CONTACT = _term(KG.earlierContact)
_LAST_CONTACT = _term(KG.lastContact)

#: What is read of one contact: [sides (way, entity), earliest days, latest days,
#: whether a status other than kg:Denied was seen].
_Contact = list[Any]
#: A pair: its two side entities, its level (a level pair) and its contacts.
_Pair = tuple[tuple[bytes, bytes], "bytes | None", list[bytes]]
#: One participation as read: [contact, agent, countries acted for, posts held].
_Participation = list[Any]


class PairIndex:
    """The pair index of a set of N-Triples, read with :meth:`read` and written with :meth:`write`.

    Examples
    --------
    >>> ns, ex = "https://w3id.org/kg-contacts/ns#", "https://w3id.org/kg-contacts/id/"
    >>> lines = [f"<{ex}contact/c1> <{ns}participant> <{ex}person/{who}> ." for who in "ab"]
    >>> lines += [f'<{ex}contact/c1> <{ns}{bound}> "2024-04-03"^^<http://www.w3.org/2001/XMLSchema#date> .'
    ...           for bound in ("earliest", "latest")]
    >>> lines.append(f"<{ex}contact/c1> <{ns}status> <{ns}Affirmed> .")
    >>> index = PairIndex()
    >>> index.read(line.encode() for line in lines)
    >>> for line in sorted(index.lines()):
    ...     print(line.decode().replace(ex, "").replace(ns, "kg:"), end="")
    <pair/participant/person/a/participant/person/b> <kg:lastContact> <contact/c1> .
    <pair/participant/person/a/participant/person/b> <kg:side> <person/a> .
    <pair/participant/person/a/participant/person/b> <kg:side> <person/b> .
    """

    def __init__(self) -> None:
        self._contacts: dict[bytes, _Contact] = {}
        self._participations: dict[bytes, _Participation] = {}
        self._country: dict[bytes, set[bytes]] = {}
        self._level: dict[bytes, set[bytes]] = {}
        self._broader: dict[bytes, list[bytes]] = {}
        self._segments: dict[tuple[bytes, bytes], str] = {}  # (way, entity) -> segment
        self._tail = b""

    # --- reading ------------------------------------------------------------

    def read(self, lines: Iterable[bytes]) -> None:
        """Take what the index needs from N-Triples ``lines`` (each one triple)."""
        wanted = _WANTED
        for line in lines:
            parts = line.split(b" ", 2)
            if len(parts) == 3 and parts[1] in wanted:
                self._take(parts[0], parts[1], parts[2])

    def feed(self, chunk: bytes) -> None:
        """Take what the index needs from a chunk of an N-Triples file.

        Chunks may cut lines anywhere; call :meth:`end` after the last one.
        """
        cut = chunk.rfind(b"\n")
        if cut < 0:
            self._tail += chunk
            return
        self.read((self._tail + chunk[:cut]).split(b"\n"))
        self._tail = chunk[cut + 1 :]

    def end(self) -> None:
        """Take the last line of a file fed to :meth:`feed` in chunks."""
        tail, self._tail = self._tail, b""
        self.read([tail])

    def _contact(self, node: bytes) -> _Contact:
        found = self._contacts.get(node)
        if found is None:
            found = self._contacts[node] = [set(), [], [], False]
        return found

    def _take(self, subject: bytes, predicate: bytes, rest: bytes) -> None:
        if predicate == _EARLIEST:
            self._contact(subject)[1].append(_date(rest))
            return
        if predicate == _LATEST:
            self._contact(subject)[2].append(_date(rest))
            return
        obj = rest.rsplit(b" ", 1)[0].strip()
        if not obj.startswith(b"<"):
            return
        if predicate in _WAYS:
            self._contact(subject)[0].add((predicate, obj))
        elif predicate == _STATUS:
            if obj != _DENIED:
                self._contact(subject)[3] = True
        elif predicate == _ASSOCIATION:
            self._participation(obj)[0] = subject
        elif predicate == _AGENT:
            self._participation(subject)[1] = obj
        elif predicate == _ACTED_FOR:
            self._participation(subject)[2].append(obj)
        elif predicate == _HELD_POST:
            self._participation(subject)[3].append(obj)
        elif predicate == _COUNTRY:
            self._country.setdefault(subject, set()).add(obj)
        elif predicate == _POST_LEVEL:
            self._level.setdefault(subject, set()).add(obj)
        elif predicate == _BROADER:
            self._broader.setdefault(subject, []).append(obj)

    def _participation(self, node: bytes) -> _Participation:
        found = self._participations.get(node)
        if found is None:
            found = self._participations[node] = [None, None, [], []]
        return found

    # --- computing ----------------------------------------------------------

    def _segment(self, way: bytes, entity: bytes) -> str:
        segment = self._segments.get((way, entity))
        if segment is None:
            segment = _segment(entity[1:-1].decode("utf-8"), _WAYS[way])
            self._segments[(way, entity)] = segment
        return segment

    def _levels(self, country: bytes, posts: list[bytes]) -> set[bytes]:
        """The levels at which a participant acting for ``country`` represents it: those
        of its posts of that country, and every broader level (``kg:broaderLevel``,
        followed to the top: a foreign minister is a minister)."""
        found: set[bytes] = set()
        for post in posts:
            if country not in self._country.get(post, ()):
                continue
            todo = list(self._level.get(post, ()))
            while todo:
                current = todo.pop()
                if current not in found:
                    found.add(current)
                    todo.extend(self._broader.get(current, ()))
        return found

    def _level_pairs(self, found: dict[str, _Pair]) -> None:
        """Add every level pair of every contact to ``found``."""
        by_contact: dict[bytes, list[_Participation]] = {}
        for participation in self._participations.values():
            if participation[0] is not None and participation[1] is not None:
                by_contact.setdefault(participation[0], []).append(participation)
        for contact, parts in by_contact.items():
            if len(parts) < 2:
                continue
            represented = [
                [(country, self._levels(country, posts)) for country in countries]
                for _, _, countries, posts in parts
            ]
            for i in range(len(parts)):
                for j in range(i + 1, len(parts)):
                    if parts[i][1] == parts[j][1]:
                        continue
                    for a, a_levels in represented[i]:
                        for b, b_levels in represented[j]:
                            for level in a_levels & b_levels if a != b else ():
                                key = level_pair_iri(
                                    a[1:-1].decode(), b[1:-1].decode(), level[1:-1].decode()
                                )
                                pair = found.get(key)
                                if pair is None:
                                    pair = found[key] = ((a, b), level, [])
                                if not pair[2] or pair[2][-1] != contact:
                                    pair[2].append(contact)

    def pairs(self) -> dict[str, _Pair]:
        """Every pair: its IRI, with its two side entities, its level (a level pair)
        and its contacts (denied ones included)."""
        found: dict[str, _Pair] = {}
        segment = self._segment
        for contact, (sides, _, _, _) in self._contacts.items():
            if len(sides) < 2:
                continue
            named = sorted((segment(way, entity), entity) for way, entity in sides)
            for i, (x, x_entity) in enumerate(named):
                for y, y_entity in named[i + 1 :]:
                    if x_entity == y_entity:
                        continue
                    key = f"{_PAIR_BASE}{x}/{y}"
                    pair = found.get(key)
                    if pair is None:
                        pair = found[key] = ((x_entity, y_entity), None, [])
                    pair[2].append(contact)  # sides are a set: one pair once a contact
        self._level_pairs(found)
        return found

    def _split(self, contacts: list[bytes]) -> tuple[list[bytes], list[bytes]]:
        """The pair's last contacts and its earlier ones, denied contacts left out.

        A contact counts when it has a status other than kg:Denied and both
        bounds; were it given several (two sources, two graphs), the latest
        of each decides, so that every row a query could find stays in reach.
        """
        info = self._contacts
        live = [c for c in contacts if (got := info.get(c)) and got[3] and got[1] and got[2]]
        if not live:
            return [], []
        anchor = max(max(info[c][1]) for c in live)
        last = [c for c in live if max(info[c][2]) >= anchor]
        return last, [c for c in live if max(info[c][2]) < anchor]

    def lines(self) -> Iterator[bytes]:
        """The index as N-Triples lines (in no particular order)."""
        for key, (sides, level, contacts) in self.pairs().items():
            last, earlier = self._split(contacts)
            if not last:
                continue  # every contact of the pair is denied
            pair = _term(key)
            for side in sides:
                yield b"%s %s %s .\n" % (pair, _SIDE, side)
            if level is not None:
                yield b"%s %s %s .\n" % (pair, _PAIR_LEVEL, level)
            for contact in last:
                yield b"%s %s %s .\n" % (pair, _LAST_CONTACT, contact)
            for contact in earlier:
                yield b"%s %s %s .\n" % (pair, _EARLIER_CONTACT, contact)

    def write(self, handle: IO[bytes]) -> int:
        """Write the index as N-Triples to ``handle``; return the number of triples."""
        written = 0
        batch: list[bytes] = []
        for line in self.lines():
            batch.append(line)
            if len(batch) >= 10_000:
                handle.write(b"".join(batch))
                written += len(batch)
                batch = []
        handle.write(b"".join(batch))
        return written + len(batch)


def _date(rest: bytes) -> bytes:
    """The lexical form of a literal object (``"2024-04-03"^^<...#date> .``)."""
    if not rest.startswith(b'"'):
        return b""
    end = rest.find(b'"', 1)
    return rest[1:end] if end > 0 else b""


class ScanningReader:
    """A binary file that feeds a :class:`PairIndex` with what is read from it.

    Handed to ``pyoxigraph.Store.bulk_load(input=...)``, it lets the index
    read an N-Triples file while the store loads it: one pass over the file
    (and over its decompression, for a gzipped one).
    """

    CHUNK = 1 << 22

    def __init__(self, source: IO[bytes], index: PairIndex) -> None:
        self._source = source
        self._index = index
        self._buffer = b""
        self._position = 0
        self._done = False

    def read(self, size: int = -1) -> bytes:
        """Up to ``size`` bytes (all that is left when ``size`` is negative)."""
        if size is None or size < 0:
            parts = [self._buffer[self._position :]]
            while self._fill():
                parts.append(self._buffer)
            self._buffer, self._position = b"", 0
            return b"".join(parts)
        if self._position >= len(self._buffer) and not self._fill():
            return b""
        start = self._position
        self._position = min(start + size, len(self._buffer))
        return self._buffer[start : self._position]

    def _fill(self) -> bool:
        if self._done:
            return False
        chunk = self._source.read(self.CHUNK)
        if not chunk:
            self._done = True
            self._index.end()
            self._buffer, self._position = b"", 0
            return False
        self._index.feed(chunk)
        self._buffer, self._position = chunk, 0
        return True
