"""The pair index: the contacts of every pair of sides, reachable without scanning a side.

"When did A and B last speak?" asked of two busy officials used to mean
reading every contact of one of them (thousands) to find the few both took
part in. The build therefore writes, into the graph :data:`PAIRS_GRAPH`, one
node per pair of sides that share a contact (:func:`pair_iri`, computed from
the two sides, so a query binds it without looking it up)::

    <id/pair/person/lecornu/person/shoigu>
        kg:side         <id/person/lecornu> , <id/person/shoigu> ;
        kg:lastContact     <id/contact/lecornu-shoigu-2024-04-03> ;
        kg:earlierContact  <id/contact/lecornu-shoigu-2022-10> .

A *side* of a contact is what one participant brings to it: the agent itself,
the country it acted for and the posts it held then (its ``kg:Participation``).
Two sides form a pair when they come from two different participations, so
the pair of Macron and France holds the contacts in which Macron met another
French official, not every contact of Macron's. A *level pair* adds a
``kg:pairLevel``: two countries, each represented by a different person
acting for it and holding one of its posts at that level or a narrower one
(``kg:broaderLevel``), as ``kg last-contact --level`` asks.

The contacts of a pair are split in two, denied ones left out (every source
says they did not happen, so no question of kg's counts them):
``kg:lastContact`` names the contacts that no other contact of the pair
certainly follows (the contact with the latest earliest-possible day, and
every other whose latest-possible day reaches that day), and
``kg:earlierContact`` all the others, each certainly followed by a last one.
Asking for the last contact of a pair reads its few last contacts, whether
the pair has two contacts or ten thousand; a question with a cutoff date
reads both lists.

The index is computed from the N-Triples a build loads (:class:`PairIndex`
reads them as they stream into the store: :class:`ScanningReader`), never
from the store itself: reading terms back out of RocksDB costs several
microseconds each, the text a fraction of one. It needs these triples:
``prov:qualifiedAssociation``, ``prov:agent``, ``kg:actedFor``,
``kg:heldPost``, ``kg:earliest``, ``kg:latest``, ``kg:status``, and for
levels ``kg:country``, ``kg:postLevel`` and ``kg:broaderLevel``, each on one
line of the form ``<s> <p> o .``, as kg's writers and rdflib write them.

This module is on the query path for :func:`pair_iri` only; it imports
nothing heavy.

Examples
--------
>>> pair_iri("https://w3id.org/kg-contacts/id/person/shoigu",
...          "https://w3id.org/kg-contacts/id/person/lecornu")
'https://w3id.org/kg-contacts/id/pair/person/lecornu/person/shoigu'
>>> pair_iri("https://w3id.org/kg-contacts/id/country/ru",
...          "https://w3id.org/kg-contacts/id/country/fr",
...          "https://w3id.org/kg-contacts/ns#DefenceMinister")
'https://w3id.org/kg-contacts/id/pair/country/fr/country/ru/DefenceMinister'
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import IO, Any

from kg.vocab import ID_BASE, KG, PROV

__all__ = ["PAIRS_GRAPH", "pair_iri", "PairIndex", "ScanningReader"]

#: The named graph holding the pair index (derived: rebuilt with every build).
PAIRS_GRAPH = ID_BASE + "graph/pairs"
_PAIR_BASE = ID_BASE + "pair/"


def _part(side: str) -> str:
    """The two path segments naming ``side`` in a pair IRI (``person/lecornu``)."""
    if side.startswith(ID_BASE):
        rest = side[len(ID_BASE) :]
        if rest.count("/") == 1 and not rest.startswith("/") and not rest.endswith("/"):
            return rest
    from urllib.parse import quote  # an IRI outside kg's ids: never in kg's own data

    return "iri/" + quote(side, safe="")


def pair_iri(a: str, b: str, level: str | None = None) -> str:
    """The IRI of the pair of sides ``a`` and ``b`` (in either order), at ``level``.

    The sides are ordered by their IRIs, so both orders give the same pair;
    a level pair ends with the level's local name. See the module's examples.
    """
    first, second = (a, b) if a < b else (b, a)
    iri = f"{_PAIR_BASE}{_part(first)}/{_part(second)}"
    return f"{iri}/{level.rsplit('#', 1)[-1]}" if level else iri


def _term(iri: str) -> bytes:
    return f"<{iri}>".encode()


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
    (_ASSOCIATION, _AGENT, _ACTED_FOR, _HELD_POST, _EARLIEST, _LATEST, _STATUS, _COUNTRY)
    + (_POST_LEVEL, _BROADER)
)
_SIDE = _term(KG.side)
_PAIR_LEVEL = _term(KG.pairLevel)
_EARLIER_CONTACT = _term(KG.earlierContact)
_LAST_CONTACT = _term(KG.lastContact)

#: One participation as read: [contact, agent, country acted for, posts held].
_Participation = list[Any]


class PairIndex:
    """The pair index of a set of N-Triples, read with :meth:`read` and written with :meth:`write`.

    Examples
    --------
    >>> ns, ex = "https://w3id.org/kg-contacts/ns#", "https://w3id.org/kg-contacts/id/"
    >>> lines = []
    >>> for who in ("a", "b"):
    ...     lines += [
    ...         f"<{ex}contact/c1> <http://www.w3.org/ns/prov#qualifiedAssociation> <{ex}contact/c1#p-{who}> .",
    ...         f"<{ex}contact/c1#p-{who}> <http://www.w3.org/ns/prov#agent> <{ex}person/{who}> .",
    ...     ]
    >>> lines += [f'<{ex}contact/c1> <{ns}{bound}> "2024-04-03"^^<http://www.w3.org/2001/XMLSchema#date> .'
    ...           for bound in ("earliest", "latest")]
    >>> index = PairIndex()
    >>> index.read(line.encode() for line in lines)
    >>> for line in sorted(index.lines()):
    ...     print(line.decode().replace(ex, "").replace(ns, "kg:"), end="")
    <pair/person/a/person/b> <kg:lastContact> <contact/c1> .
    <pair/person/a/person/b> <kg:side> <person/a> .
    <pair/person/a/person/b> <kg:side> <person/b> .
    """

    def __init__(self) -> None:
        self._participations: dict[bytes, _Participation] = {}
        self._dates: dict[bytes, list[bytes]] = {}
        self._denied: set[bytes] = set()
        self._country: dict[bytes, bytes] = {}
        self._level: dict[bytes, bytes] = {}
        self._broader: dict[bytes, list[bytes]] = {}
        self._names: dict[bytes, str] = {}  # side term -> its IRI, decoded once
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

    def _take(self, subject: bytes, predicate: bytes, rest: bytes) -> None:
        if predicate == _EARLIEST:
            self._dates.setdefault(subject, [b"", b""])[0] = _date(rest)
            return
        if predicate == _LATEST:
            self._dates.setdefault(subject, [b"", b""])[1] = _date(rest)
            return
        obj = rest.rsplit(b" ", 1)[0].strip()
        if not obj.startswith(b"<"):
            return
        if predicate == _ASSOCIATION:
            self._participation(obj)[0] = subject
        elif predicate == _AGENT:
            self._participation(subject)[1] = obj
        elif predicate == _ACTED_FOR:
            self._participation(subject)[2] = obj
        elif predicate == _HELD_POST:
            self._participation(subject)[3].append(obj)
        elif predicate == _STATUS:
            if obj == _DENIED:
                self._denied.add(subject)
        elif predicate == _COUNTRY:
            self._country[subject] = obj
        elif predicate == _POST_LEVEL:
            self._level[subject] = obj
        elif predicate == _BROADER:
            self._broader.setdefault(subject, []).append(obj)

    def _participation(self, node: bytes) -> _Participation:
        found = self._participations.get(node)
        if found is None:
            found = self._participations[node] = [None, None, None, []]
        return found

    # --- computing ----------------------------------------------------------

    def _name(self, term: bytes) -> str:
        name = self._names.get(term)
        if name is None:
            name = self._names[term] = term[1:-1].decode("utf-8")
        return name

    def _levels(self, country: bytes | None, posts: list[bytes]) -> frozenset[bytes]:
        """The levels at which a participant acting for ``country`` represents it: those of
        its posts of that country, and every broader level (``kg:broaderLevel``, followed
        to the top: a foreign minister is a minister)."""
        found: set[bytes] = set()
        for post in posts:
            level = self._level.get(post)
            if level is None or country is None or self._country.get(post) != country:
                continue
            todo = [level]
            while todo:
                current = todo.pop()
                if current not in found:
                    found.add(current)
                    todo.extend(self._broader.get(current, ()))
        return frozenset(found)

    def pairs(self) -> dict[tuple[str, ...], list[bytes]]:
        """Every pair (two side IRIs, sorted, and a level IRI for a level pair) with its contacts."""
        contacts: dict[bytes, list[_Participation]] = {}
        for participation in self._participations.values():
            if participation[0] is not None and participation[1] is not None:
                contacts.setdefault(participation[0], []).append(participation)
        found: dict[tuple[str, ...], list[bytes]] = {}
        name = self._name
        for contact, parts in contacts.items():
            if len(parts) < 2:
                continue
            sides = [
                {name(agent), *((name(country),) if country else ()), *map(name, posts)}
                for _, agent, country, posts in parts
            ]
            levels = [self._levels(country, posts) for _, _, country, posts in parts]
            keys: set[tuple[str, ...]] = set()
            for i in range(len(parts)):
                for j in range(i + 1, len(parts)):
                    for x in sides[i]:
                        for y in sides[j]:
                            if x != y:
                                keys.add((x, y) if x < y else (y, x))
                    shared = levels[i] & levels[j]
                    if not shared or parts[i][1] == parts[j][1]:
                        continue
                    a, b = name(parts[i][2]), name(parts[j][2])
                    if a == b:
                        continue
                    first, second = (a, b) if a < b else (b, a)
                    keys.update((first, second, name(level)) for level in shared)
            for key in keys:
                found.setdefault(key, []).append(contact)
        return found

    def _split(self, contacts: list[bytes]) -> tuple[list[bytes], list[bytes]]:
        """The pair's last contacts and its earlier ones, denied contacts left out."""
        dates = self._dates
        live = [c for c in contacts if c not in self._denied and c in dates]
        if not live:
            return [], []
        anchor = max(dates[c][0] for c in live)
        last = [c for c in live if dates[c][1] >= anchor]
        return last, [c for c in live if dates[c][1] < anchor]

    def lines(self) -> Iterator[bytes]:
        """The index as N-Triples lines (in no particular order)."""
        for key, contacts in self.pairs().items():
            last, earlier = self._split(contacts)
            if not last:
                continue  # every contact of the pair is denied
            pair = _term(pair_iri(key[0], key[1], key[2] if len(key) == 3 else None))
            yield b"%s %s %s .\n" % (pair, _SIDE, _term(key[0]))
            yield b"%s %s %s .\n" % (pair, _SIDE, _term(key[1]))
            if len(key) == 3:
                yield b"%s %s %s .\n" % (pair, _PAIR_LEVEL, _term(key[2]))
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
