"""Countries as historical entities, with the names people use for them.

The catalogue (:class:`Countries`, :func:`catalogue`) is made from:

- ``pycountry``: the ISO 3166-1 countries (their names, official and common
  names) and the historic ISO 3166-3 entries. A historic entry whose new
  code is a current country (Burma → Myanmar, Zaire → Congo-Kinshasa) is
  a former name of that country; one with no successor (``…HH``) is a
  country of its own;
- ``Babel``: the CLDR English name of each code ("North Korea", "Kosovo");
- ``countries.csv`` beside this module, the project's table of what those
  libraries lack: Wikidata ids, the years a historical country existed and
  what replaced it, entities no ISO list has (West Germany, Scotland,
  Transnistria), a few names people use ("DPRK", "USSR") and the Office of
  the Historian's country ids and labels where a name alone does not say
  which country is meant (``russia`` labelled "U.S.S.R.", ``germany``
  before reunification). ``COUNTRIES.md`` cites where every Wikidata id
  and date was confirmed.

Entity ids are the lower-case ISO 3166-1 alpha-2 code (``kp``), the ISO
3166-3 alpha-4 code of a dissolved country (``suhh``: the Soviet Union), or
a slug for the rest (``west-germany``). :meth:`Countries.find` looks a name
up as written ("Korea, North", "U.S.S.R.", "Myanmar (Burma)") and, given a
date, follows a country that no longer existed then to its successor.

Examples
--------
>>> countries = catalogue()
>>> [countries.find(n).id for n in ("North Korea", "DPRK", "Korea, North")]
['kp', 'kp', 'kp']
>>> countries.find("U.S.S.R.").name, countries.find("Soviet Union").qid
('Soviet Union', 'Q15180')
>>> import datetime as dt
>>> countries.historian("germany", "Germany", dt.date(1985, 11, 19)).id
'west-germany'
>>> countries.historian("germany", "Germany, Federal Republic of", dt.date(2023, 10, 6)).id
'de'
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import NamedTuple

__all__ = [
    "Country",
    "Countries",
    "catalogue",
    "normalise_country",
    "DEMONYMS",
    "slug",
    "write_countries",
]

TABLE = Path(__file__).with_name("countries.csv")


def slug(text: str) -> str:
    """Lower-case ASCII words joined by hyphens; ``Korea, South`` → ``korea-south``."""
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_text = decomposed.encode("ascii", "ignore").decode("ascii").casefold()
    return "-".join(re.findall(r"[a-z0-9]+", ascii_text))


class Country(NamedTuple):
    """One country entity.

    Attributes
    ----------
    id : str
        The entity id (see the module).
    name : str
        The English display name.
    qid : str or None
        The Wikidata id, where confirmed.
    start, end : str or None
        When it existed (EDTF: ``1922``, ``1991-12-26``), where known.
    replaced_by : tuple of str
        The ids of the countries that replaced it.
    part_of : str or None
        The country it is part of (Scotland: the United Kingdom).
    names : tuple of str
        Every name it answers to, the display name first.
    """

    id: str
    name: str
    qid: str | None = None
    start: str | None = None
    end: str | None = None
    replaced_by: tuple[str, ...] = ()
    part_of: str | None = None
    names: tuple[str, ...] = ()

    @property
    def temporal(self) -> str | None:
        """The EDTF interval of its existence (``1922/1991-12-26``), when known."""
        if not self.start and not self.end:
            return None
        return f"{self.start or ''}/{self.end or '..'}"

    def existed(self, day: dt.date) -> bool:
        """Did it exist on ``day`` (as far as its dates say)?"""
        if self.start and day < _bound(self.start, last=False):
            return False
        return not (self.end and day > _bound(self.end, last=True))


def _bound(edtf: str, last: bool) -> dt.date:
    parts = [int(p) for p in edtf.split("-")]
    if len(parts) == 3:
        return dt.date(*parts)
    if len(parts) == 2:
        year, month = parts
        if not last:
            return dt.date(year, month, 1)
        return dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)
    return dt.date(parts[0], 12, 31) if last else dt.date(parts[0], 1, 1)


def normalise_country(text: str) -> str:
    """A country name folded for lookup: case, accents, dots, punctuation.

    >>> normalise_country("U.S.S.R."), normalise_country("Côte d’Ivoire")
    ('ussr', 'cote d ivoire')
    """
    decomposed = unicodedata.normalize("NFKD", text.replace(".", ""))
    folded = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    words = re.findall(r"[a-z0-9]+", folded)
    if words[:1] == ["the"] and len(words) > 1:
        words = words[1:]
    return " ".join(words)


def _variants(text: str) -> Iterator[str]:
    """Ways of reading a written country name: as it is, "B, A" as "A B", a gloss."""
    yield text
    inverted = re.fullmatch(r"\s*([^,]+),\s*(.+?)\s*", text)
    if inverted:
        yield f"{inverted.group(2)} {inverted.group(1)}"
    gloss = re.fullmatch(r"\s*(.+?)\s*\(([^)]+)\)\s*", text)
    if gloss:
        yield from _variants(gloss.group(1))
        yield gloss.group(2)


#: Adjectives naming a country in remarks ("Russian Foreign Minister"), and the
#: Historian id or name they stand for (resolved with :meth:`Countries.historian`,
#: so that "German" in 1985 is West Germany).
DEMONYMS: dict[str, str] = {
    "afghan": "afghanistan", "albanian": "albania", "algerian": "algeria",
    "argentine": "argentina", "argentinian": "argentina", "armenian": "armenia",
    "australian": "australia", "austrian": "austria", "azerbaijani": "azerbaijan",
    "bahraini": "bahrain", "bangladeshi": "bangladesh", "belarusian": "belarus",
    "belgian": "belgium", "bolivian": "bolivia", "bosnian": "bosnia-herzegovina",
    "brazilian": "brazil", "british": "united-kingdom", "bulgarian": "bulgaria",
    "burmese": "burma", "cambodian": "cambodia", "canadian": "canada", "chadian": "chad",
    "chilean": "chile", "chinese": "china", "colombian": "colombia", "croatian": "croatia",
    "cuban": "cuba", "cypriot": "cyprus", "czech": "czech-republic", "danish": "denmark",
    "dutch": "netherlands", "ecuadorian": "ecuador", "egyptian": "egypt",
    "emirati": "united-arab-emirates", "estonian": "estonia", "ethiopian": "ethiopia",
    "finnish": "finland", "french": "france", "georgian": "georgia", "german": "germany",
    "ghanaian": "ghana", "greek": "greece", "hungarian": "hungary", "icelandic": "iceland",
    "indian": "india", "indonesian": "indonesia", "iranian": "iran", "iraqi": "iraq",
    "irish": "ireland", "israeli": "israel", "italian": "italy", "japanese": "japan",
    "jordanian": "jordan", "kazakh": "kazakhstan", "kenyan": "kenya",
    "korean": "korea-south", "north korean": "north korea", "south korean": "south korea",
    "kosovar": "kosovo", "kuwaiti": "kuwait", "latvian": "latvia", "lebanese": "lebanon",
    "libyan": "libya", "lithuanian": "lithuania", "malaysian": "malaysia",
    "mexican": "mexico", "moldovan": "moldova", "mongolian": "mongolia",
    "moroccan": "morocco", "nigerian": "nigeria", "norwegian": "norway", "omani": "oman",
    "pakistani": "pakistan", "palestinian": "palestine", "palestinian authority": "palestine",
    "panamanian": "panama", "peruvian": "peru", "philippine": "philippines",
    "filipino": "philippines", "polish": "poland", "portuguese": "portugal", "qatari": "qatar",
    "romanian": "romania", "russian": "russia", "rwandan": "rwanda", "saudi": "saudi-arabia",
    "serbian": "serbia", "singaporean": "singapore", "slovak": "slovakia",
    "slovenian": "slovenia", "somali": "somalia", "soviet": "soviet union",
    "spanish": "spain", "sudanese": "sudan", "swedish": "sweden", "swiss": "switzerland",
    "syrian": "syria", "taiwanese": "taiwan", "tanzanian": "tanzania", "thai": "thailand",
    "tunisian": "tunisia", "turkish": "turkey", "ugandan": "uganda", "ukrainian": "ukraine",
    "uruguayan": "uruguay", "uzbek": "uzbekistan", "venezuelan": "venezuela",
    "vietnamese": "vietnam", "yemeni": "yemen", "yugoslav": "yugoslavia",
    "zambian": "zambia", "zimbabwean": "zimbabwe", "east german": "east germany",
    "west german": "west germany", "czechoslovak": "czechoslovakia",
}  # fmt: skip


class _Rule(NamedTuple):
    ident: str
    label: str | None
    start: dt.date | None
    end: dt.date | None
    country: str


class Countries:
    """The catalogue of country entities (see the module); build it with :func:`catalogue`."""

    def __init__(self) -> None:
        self._by_id: dict[str, Country] = {}
        self._names: dict[str, list[str]] = defaultdict(list)
        self._rules: list[_Rule] = []
        self._load()

    # -- building ------------------------------------------------------------------

    def _load(self) -> None:
        import pycountry
        from babel import Locale

        english = Locale("en").territories
        rows = {row["id"]: row for row in _table()}
        names: dict[str, list[str]] = defaultdict(list)
        for entry in pycountry.countries:
            code = entry.alpha_2.lower()
            for attr in ("common_name", "name", "official_name"):
                value = getattr(entry, attr, None)
                if value:
                    names[code].append(value)
            cldr = english.get(entry.alpha_2)
            if cldr:
                names[code].append(cldr)
        for entry in pycountry.historic_countries:
            code = entry.alpha_4.lower()
            successor = code[2:]
            if code not in rows and successor in names:
                names[successor].append(entry.name)  # a former name (Burma, Zaire, Dahomey)
            else:
                names[code].append(entry.name)
        if "XK" in english:
            names["xk"].append(english["XK"])
        for ident, row in rows.items():
            table_names = [n for n in (row["name"], *row["aliases"].split("|")) if n]
            own = names.get(ident, [])
            every = list(dict.fromkeys([*table_names[:1], *own, *table_names[1:]]))
            if not every:
                continue
            self._by_id[ident] = Country(
                id=ident,
                name=row["name"] or _display(own),
                qid=row["qid"] or None,
                start=row["from"] or None,
                end=row["to"] or None,
                replaced_by=tuple(x for x in row["replaced_by"].split("|") if x),
                part_of=row["part_of"] or None,
                names=tuple(every),
            )
            for rule in filter(None, row["historian"].split("|")):
                self._rules.append(_rule(rule, ident))
        for ident, own in names.items():
            if ident not in self._by_id:
                self._by_id[ident] = Country(ident, _display(own), names=tuple(dict.fromkeys(own)))
        # names: the table's first, then current countries', then former ones'
        for country in sorted(self._by_id.values(), key=lambda c: (len(c.id) > 2, c.id)):
            for name in country.names:
                for variant in _variants(name):
                    key = normalise_country(variant)
                    if key and country.id not in self._names[key]:
                        self._names[key].append(country.id)

    # -- lookups ----------------------------------------------------------------------

    def __iter__(self) -> Iterator[Country]:
        return iter(sorted(self._by_id.values(), key=lambda c: c.id))

    def __len__(self) -> int:
        return len(self._by_id)

    def get(self, ident: str) -> Country | None:
        """The country with id ``ident``."""
        return self._by_id.get(ident)

    def find(self, name: str, day: dt.date | None = None) -> Country | None:
        """The country ``name`` names (any of its names, as written); on ``day``,
        a country that no longer existed is replaced by its one successor."""
        for variant in _variants(name):
            found = self._names.get(normalise_country(variant))
            if found:
                return self._at(self._by_id[found[0]], day)
        return None

    def _at(self, country: Country, day: dt.date | None) -> Country:
        if day is None or country.existed(day) or len(country.replaced_by) != 1:
            return country
        if country.end and day > _bound(country.end, last=True):
            successor = self._by_id.get(country.replaced_by[0])
            if successor is not None:
                return self._at(successor, day)
        return country

    def historian(self, ident: str, label: str | None, day: dt.date | None) -> Country | None:
        """The country a record of the Office of the Historian means by its country
        ``ident`` (``russia``) and ``label`` (``U.S.S.R.``) on ``day``."""
        for rule in self._rules:
            if rule.ident == ident and rule.label is not None and rule.label == label:
                # ("U.S.S.R." in February 1992 is Russia: the label outlived the country)
                return self._at(self._by_id[rule.country], day)
        for rule in self._rules:
            if rule.ident != ident or rule.label is not None:
                continue
            if rule.start is None or (
                day is not None and rule.start <= day and (rule.end is None or day <= rule.end)
            ):
                return self._by_id[rule.country]
        for text in (label, ident.replace("-", " ")):
            if text:
                found = self.find(text, day)
                if found is not None:
                    return found
        return None

    def demonym(self, word: str, day: dt.date | None = None) -> Country | None:
        """The country an adjective names ("Soviet", "North Korean"), on ``day``."""
        target = DEMONYMS.get(word.casefold())
        if target is None:
            return None
        return self.historian(target.replace(" ", "-"), None, day) or self.find(target, day)


def _rule(text: str, country: str) -> _Rule:
    ident, _, rest = text.partition(":")
    dates = re.fullmatch(r"(\d{4}-\d{2}-\d{2})/(\d{4}-\d{2}-\d{2})?", rest)
    if dates:
        end = dt.date.fromisoformat(dates.group(2)) if dates.group(2) else None
        return _Rule(ident, None, dt.date.fromisoformat(dates.group(1)), end, country)
    return _Rule(ident, rest or None, None, None, country)


def _display(names: list[str]) -> str:
    """The nicest of a code's names: a short one without a gloss or a comma."""
    plain = [n for n in names if not re.search(r"[(,&]| - |SAR", n)]
    return (plain or names)[0]


def _table() -> list[dict[str, str]]:
    with open(TABLE, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@functools.lru_cache(maxsize=1)
def catalogue() -> Countries:
    """The catalogue, built once per process (about 0.1 s)."""
    return Countries()


def write_countries(
    out: set[str], curated: Sequence[tuple[str, str, Sequence[str], str | None]]
) -> None:
    """Add every country of the catalogue to ``out`` (N-Triples lines, :mod:`kg.records.rdf`).

    ``curated`` holds the curated countries as ``(id, name, aliases, wikidata)``:
    a curated country keeps its name, and gets the catalogue's other names,
    Wikidata id (when it has none) and dates; a catalogue country sharing a
    name with a curated country of another id is left out (the curated one
    is what the data means).
    """
    from kg.records import rdf
    from kg.vocab import resource_iri

    countries = catalogue()
    own = {ident: (name, tuple(aliases), qid) for ident, name, aliases, qid in curated}
    taken = {
        normalise_country(n) for ident, name, aliases, _ in curated for n in (name, *aliases, ident)
    }
    kept = {
        c.id
        for c in countries
        if c.id in own or not any(normalise_country(n) in taken for n in c.names)
    }
    for country in countries:
        if country.id not in kept:
            continue
        node = resource_iri("country", country.id)
        replaced = [resource_iri("country", r) for r in country.replaced_by if r in kept]
        part_of = resource_iri("country", country.part_of) if country.part_of in kept else None
        if country.id in own:
            name, aliases, qid = own[country.id]
            rdf.names(out, node, name, [n for n in country.names if n not in aliases],
                      None if qid else country.qid)  # fmt: skip
            rdf.country(out, node, name, (), None, country.temporal, replaced, part_of)
        else:
            rdf.country(out, node, country.name, country.names[1:], country.qid,
                        country.temporal, replaced, part_of)  # fmt: skip
