"""Names as records write them and users type them: one parser, one matching rule.

Both the importers (linking a name seen in a record to a person,
:mod:`kg.identity.linking`) and the query side (resolving what a user
types, :mod:`kg.query.names`) use this module, so a name that links when
imported also resolves when typed.

**Parsing** (:func:`parse_name`) cuts a parenthesised gloss and a trailing
"of Belgium"; rotates "Family, Given"; transliterates non-Latin scripts
(``anyascii``) and folds diacritics; drops leading honorifics and titles
(Sheikh, King, President...), suffixes (Jr., Sr.) and particles (bin, al,
de, van...); keeps initials apart and the regnal number (upper case only:
``XI`` is a number, ``Xi`` a name); joins apostrophes (O'Kennedy is
``okennedy``, never "Kennedy"); keeps hyphenated words one word (Ki-moon).
Each word becomes a *key* (:func:`token_key`): case and diacritics folded,
``y`` read as ``i``, doubled letters single, ``Dimitr`` as ``Dmitr``,
Moham(m)ed/Muhammad one key.

**Matching** (:func:`match`) says how well a written or typed name fits a
person's name, or that it does not:

1. the family name must match: the same key; for long names a typo
   (``rapidfuzz`` ratio of 90 or more, same first two letters); an Arabic
   article left out (al-Araby / Elaraby). The family name is the last word,
   or the first for people of family-first countries (Xi Jinping, Moon
   Jae-in, Ban Ki-moon), or the paternal surname of a Spanish or Portuguese
   name of three words or more. A family name never matches a different
   family name: "Kennedy" is not "O'Kennedy", "Moon" is not "Ban Ki-moon";
   "Rubio" is only the maternal surname of Pascual Ortiz Rubio, a weak fit;
2. every given word written must match one of the person's: the same key, a
   nickname (``nicknames``: Bill and William, Tony and Anthony), a typo
   (ratio 85 for words of four letters or more), the same consonants
   (Yasir, Yasser), an initial, or two words joined (Ki Moon, Ki-moon).
   Middle names are optional on one side (Sergey *Viktorovich* Lavrov, John
   *Forbes* Kerry, *Mohammad* Javad Zarif), but a given word on each side
   that the other lacks is a conflict (Mario Alberto Soares is not Rui
   Alberto Soares); the father's name after *bin* must agree;
3. a regnal number must agree (Albert I is not Albert II); a name with one
   and a name without are only a weak fit.

The strength returned is 1 for a family name alone, plus one per given word
matched; weak fits are 0.5.

Examples
--------
>>> parse_name("President Dimitry A. Medvedev").keys
('dmitri', 'medvedev')
>>> parse_name("Foreign Minister O'Kennedy").keys
('okenedi',)
>>> match(parse_name("John Kerry"), parse_name("John Forbes Kerry"))
2.0
>>> match(parse_name("Kennedy"), parse_name("Michael O'Kennedy")) is None
True
>>> match(parse_name("Moon"), parse_name("Ban Ki-moon"), family_first=True) is None
True
>>> match(parse_name("Ban Ki Moon"), parse_name("Ban Ki-moon"), family_first=True)
2.0
>>> match(parse_name("Bill Clinton"), parse_name("William Jefferson Clinton"))
2.0
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from typing import NamedTuple

__all__ = [
    "FAMILY_FIRST",
    "FAMILY_LAST_TWO",
    "Name",
    "fold",
    "token_key",
    "parse_name",
    "family_readings",
    "index_keys",
    "lookup_keys",
    "same_family",
    "given_equal",
    "match",
    "skeleton",
]

#: Countries (ids of :mod:`kg.identity.countries`) whose people write the
#: family name first.
FAMILY_FIRST = frozenset({"cn", "tw", "kp", "kr", "vn", "sg", "hk", "mo", "kh", "mn"})
#: Countries whose people carry two surnames, the paternal one first.
FAMILY_LAST_TWO = frozenset(
    "es mx ar bo cl co cr cu do ec sv gt hn ni pa py pe uy ve pt br gq".split()
)

HONORIFICS = frozenset(
    "sir lord lady dr doctor prince princess sheikh sheik shaikh cardinal archbishop mr mrs ms "
    "madame madam general gen marshal field dame his her majesty highness hrh crown king queen "
    "emir amir sultan shah president premier chairman chancellor minister secretary prime "
    "foreign defense defence mullah ayatollah rev reverend father pope generalissimo colonel col "
    "major maj admiral adm captain lt lieutenant brigadier mayor governor senator ambassador "
    "grand duke duchess emperor empress elect vice deputy acting interim leader".split()
)
PARTICLES = frozenset(
    "bin bint ibn al el de da di du del der van von la le y dos das ben abu zu ul e".split()
)
_SUFFIXES = frozenset({"jr", "sr"})
_ROMAN = re.compile(r"^(?=[IVXL]+$)L?X{0,3}(?:IX|IV|V?I{0,3})$")
_PATRONYM = re.compile(r"\b(?:bin|ibn|bint|ben)\b", re.I)
_FATHER = re.compile(r"\b(?:bin|ibn|bint)\s+(?:Abd(?:ul|el|al)?[- ]?)?([A-Za-z'-]+)", re.I)


class Name(NamedTuple):
    """A name parsed (:func:`parse_name`).

    Attributes
    ----------
    text : str
        The name as given.
    keys : tuple of str
        The key of each word that names the person (:func:`token_key`).
    lows : tuple of str
        The same words in lower case, diacritics folded (for nicknames).
    initials : tuple of str
        Initials, lower case.
    regnal : str or None
        A regnal number (``II``).
    father : str or None
        The key of the father's name after *bin*/*ibn*.
    patronymic : bool
        Whether the name has *bin*, *ibn*, *bint* or *ben*.
    """

    text: str
    keys: tuple[str, ...]
    lows: tuple[str, ...]
    initials: tuple[str, ...] = ()
    regnal: str | None = None
    father: str | None = None
    patronymic: bool = False


@functools.lru_cache(maxsize=1)
def _anyascii() -> object:
    from anyascii import anyascii

    return anyascii


def fold(text: str) -> str:
    """Diacritics dropped and other scripts transliterated, case kept.

    >>> fold("Sébastien"), fold("Эшба")
    ('Sebastien', 'Eshba')
    """
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    if not text.isascii():
        transliterate = _anyascii()
        text = transliterate(text)  # type: ignore[operator]
    return text


@functools.lru_cache(maxsize=1 << 17)
def token_key(word: str) -> str:
    """One word of a name folded so that transliterations and common variants agree.

    >>> token_key("Dimitry"), token_key("Dmitri"), token_key("Sergey"), token_key("al-Saud")
    ('dmitri', 'dmitri', 'sergei', 'saud')
    """
    key = fold(word).casefold()
    key = re.sub(r"^(?:al|el)[-‑]", "", key)
    key = re.sub(r"[^a-z]", "", key)
    key = key.replace("y", "i")
    key = re.sub(r"(.)\1+", r"\1", key)
    key = re.sub(r"^dim", "dm", key)
    if re.fullmatch(r"m[ou]h[ae]m[ae]d", key):
        key = "mohamed"
    return key


def skeleton(key: str) -> str:
    """The first letter and the consonants of a key (transliterated vowels vary).

    >>> skeleton("iasir") == skeleton("iaser")
    True
    """
    return key[:1] + re.sub(r"[aeiou]", "", key[1:])


@functools.lru_cache(maxsize=1 << 17)
def parse_name(text: str) -> Name:
    """Parse a name as written or typed (see the module)."""
    cut = re.sub(r"\([^)]*\)", " ", text)
    cut = re.sub(r",?\s+of\s+(the\s+)?[A-Z].*$", "", cut)
    if cut.count(",") == 1 and not re.search(r",\s*(Jr|Sr|III|II)\.?$| of |\b[IVX]+\b", cut):
        family, _, given = cut.partition(",")
        cut = f"{given} {family}"
    cut = fold(cut).replace("’", "'").replace("‘", "'")
    raw = [w.strip('.,;:"') for w in cut.split()]
    raw = [w for w in raw if w]
    while len(raw) > 1 and raw[0].casefold().rstrip(".") in HONORIFICS:
        raw = raw[1:]
    keys: list[str] = []
    lows: list[str] = []
    initials: list[str] = []
    regnal: str | None = None
    for word in raw:
        if _ROMAN.match(word) and keys:
            regnal = word
            break  # "Albert II of Belgium": what follows the number is not the name
        low = word.casefold()
        if low in _SUFFIXES:
            continue
        bare = word.replace(".", "")
        if word[:1].isupper() and len(bare) <= 2 and (word.endswith(".") or len(word) == 1):
            if bare.isalpha() and (len(bare) == 1 or bare.isupper()):
                initials.extend(ch.lower() for ch in bare)
                continue
        if low in PARTICLES:
            continue
        word = re.sub(r"^(?:al|el)[-‑]", "", word, flags=re.I)
        word = word.replace("'", "")
        key = token_key(word)
        if key:
            keys.append(key)
            lows.append(word.casefold())
    found = _FATHER.search(cut)
    return Name(
        text,
        tuple(keys),
        tuple(lows),
        tuple(initials),
        regnal,
        token_key(found.group(1)) if found else None,
        _PATRONYM.search(cut) is not None,
    )


# -- given names --------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def _nicknamer() -> object:
    from nicknames import NickNamer

    return NickNamer()


@functools.lru_cache(maxsize=1 << 16)
def _nick_keys(low: str) -> frozenset[str]:
    """Keys of a given name and of its nicknames and canonical forms."""
    namer = _nicknamer()
    found = {low}
    found |= namer.canonicals_of(low)  # type: ignore[attr-defined]
    found |= namer.nicknames_of(low)  # type: ignore[attr-defined]
    return frozenset(token_key(x) for x in found)


def _ratio(a: str, b: str) -> float:
    from rapidfuzz.fuzz import ratio

    return float(ratio(a, b))


def given_equal(a: str, b: str, low_a: str = "", low_b: str = "") -> bool:
    """Are two given-name keys the same name (see the module's rule 2)?

    >>> given_equal("bil", "wiliam", "bill", "william"), given_equal("iasir", "iaser")
    (True, True)
    """
    if a == b:
        return True
    if len(a) >= 4 and len(b) >= 4:
        if len(skeleton(a)) >= 3 and skeleton(a) == skeleton(b):
            return True
        if _ratio(a, b) >= 85:
            return True
    nicks_a = _nick_keys(low_a or a)
    nicks_b = _nick_keys(low_b or b)
    if nicks_a & nicks_b:
        return True
    # a nickname of one close to the other ("tony" -> "anthony" ~ "antony")
    return any(len(x) >= 5 and len(y) >= 5 and _ratio(x, y) >= 90 for x in nicks_a for y in nicks_b)


def _match_given(
    typed: Sequence[tuple[str, str]],
    candidate: Sequence[tuple[str, str]],
    initials: Sequence[str],
) -> int | None:
    """How many typed given words match the candidate's, or ``None`` on a conflict."""
    used = [False] * len(candidate)
    i = matched = 0
    while i < len(typed):
        key, low = typed[i]
        hit: tuple[int, int] | None = None
        for j, (other, other_low) in enumerate(candidate):
            if used[j]:
                continue
            if given_equal(key, other, low, other_low):
                hit = (j, 1)
                break
            if i + 1 < len(typed) and key + typed[i + 1][0] == other:  # "Ki Moon" = "Kimoon"
                hit = (j, 2)
                break
            if j + 1 < len(candidate) and not used[j + 1] and other + candidate[j + 1][0] == key:
                used[j + 1] = True  # "Abdelfattah" = "Abdel Fattah"
                hit = (j, 1)
                break
        if hit is None:
            i += 1
            continue
        used[hit[0]] = True
        matched += 1
        i += hit[1]
    if typed and candidate and not matched:
        return None
    if matched < len(typed) and not all(used):
        return None  # a given word on each side that the other lacks
    left = [other for (other, _), u in zip(candidate, used, strict=True) if not u]
    for initial in initials:
        if left and not any(c.startswith(initial) for c, _ in candidate):
            return None
    return matched


# -- family names ---------------------------------------------------------------


def _no_article(key: str) -> str:
    return key[2:] if key[:2] in ("al", "el") and len(key) >= 6 else key


def same_family(a: str, b: str) -> bool:
    """Are two family-name keys the same family name (never a different one)?

    >>> same_family("liberman", "lieberman"), same_family("kenedi", "okenedi")
    (True, False)
    """
    if a == b or _no_article(a) == _no_article(b):
        return True
    return min(len(a), len(b)) >= 7 and a[:2] == b[:2] and _ratio(a, b) >= 90


def family_readings(
    name: Name, *, family_first: bool = False, hispanic: bool = False, by_father: bool = False
) -> list[tuple[str, tuple[int, ...]]]:
    """The ways ``name`` (a person's own name) can be read as family name and given names.

    Each reading is ``(family key, indexes of the given words)``. With
    ``by_father`` (a name with *bin*), each word between the first and the
    last may stand for the family (the father's name by which the person is
    called: "Abdullah bin Zayed").
    """
    keys = name.keys
    if not keys:
        return []
    if len(keys) == 1:
        return [(keys[0], ())]
    readings: list[tuple[str, tuple[int, ...]]] = []
    if by_father and len(keys) >= 3:
        readings.extend((keys[i], (0,)) for i in range(1, len(keys) - 1))
    if family_first:
        readings.append((keys[0], tuple(range(1, len(keys)))))
    else:
        readings.append((keys[-1], tuple(range(len(keys) - 1))))
        if hispanic and len(keys) >= 3:
            readings.append((keys[-2], tuple(range(len(keys) - 2))))
    return readings


def index_keys(name: Name, *, family_first: bool = False, hispanic: bool = False) -> set[str]:
    """The family keys a person of this name is found under (an index's keys)."""
    found: set[str] = set()
    for family, _ in family_readings(
        name, family_first=family_first, hispanic=hispanic, by_father=name.patronymic
    ):
        found.add(family)
        found.add(_no_article(family))
    return found


def lookup_keys(name: Name) -> set[str]:
    """The family keys a written or typed name may have (to look candidates up)."""
    keys = name.keys
    found = set(keys[-1:]) | set(keys[:1])
    if len(keys) >= 3:
        found.add(keys[-2])
    return found | {_no_article(k) for k in found}


def match(
    typed: Name,
    candidate: Name,
    *,
    family_first: bool = False,
    hispanic: bool = False,
) -> float | None:
    """How well ``typed`` fits a person called ``candidate``, or ``None`` (see the module).

    ``family_first`` and ``hispanic`` describe the candidate's naming custom
    (from the countries they held posts in: :data:`FAMILY_FIRST`,
    :data:`FAMILY_LAST_TWO`).
    """
    if not typed.keys or not candidate.keys:
        return None
    if typed.regnal and candidate.regnal and typed.regnal != candidate.regnal:
        return None
    if candidate.father and typed.father and not given_equal(candidate.father, typed.father):
        return None  # Salman bin Hamad is not Salman bin Khalifa
    cand_given = list(zip(candidate.keys, candidate.lows, strict=True))
    keys = typed.keys
    typed_pairs = list(zip(keys, typed.lows, strict=True))
    western = family_readings(candidate, family_first=family_first, hispanic=hispanic)
    last_only = family_readings(candidate, family_first=family_first)
    best: float | None = None
    for family, given_at in family_readings(
        candidate, family_first=family_first, hispanic=hispanic, by_father=candidate.patronymic
    ):
        by_father = (family, given_at) not in western
        cand_paternal = (family, given_at) not in last_only and (family, given_at) in western
        given = [cand_given[i] for i in given_at]
        readings: list[tuple[str, list[tuple[str, str]], str]] = [
            (keys[-1], typed_pairs[:-1], "last")
        ]
        if len(keys) >= 3:
            readings.insert(1, (keys[-2], typed_pairs[:-2], "paternal"))
        if len(keys) == 2 or (len(keys) > 2 and family_first):
            readings.append((keys[0], typed_pairs[1:], "first"))
        for typed_family, typed_given, how in readings:
            if cand_paternal and how == "paternal":
                continue  # "Juan Carlos Wasmosy" and "Juan Carlos Romero" share no surname "Carlos"
            loose = not same_family(typed_family, family)
            if loose and not (
                len(typed_family) >= 5
                and len(family) >= 5
                and skeleton(typed_family) == skeleton(family)
            ):
                continue
            strength = _match_given(typed_given, given, typed.initials)
            if how == "first" and len(keys) == 2 and not family_first and not strength:
                continue  # "Kishida Fumio" only when the given name matches too
            if by_father and not (
                strength and typed_given and given and given_equal(typed_given[0][0], given[0][0])
            ):
                continue  # the father's name stands for the family only after the own name
            if loose and not strength:
                continue  # Salih / Saleh need the given name too
            if strength is None:
                continue
            score = 1.0 + strength
            if (
                hispanic
                and not family_first
                and len(candidate.keys) >= 3
                and family == candidate.keys[-1]
                and not strength
            ):
                score = 0.5  # "Rubio" alone: only the maternal surname of Pascual Ortiz Rubio
            best = score if best is None else max(best, score)
    if (
        best is None
        and len(candidate.keys) == 1
        and typed.patronymic
        and len(keys) >= 2
        and given_equal(keys[0], candidate.keys[0])
    ):
        best = 1.5  # "Abdullah bin Abdulaziz al-Saud" and the regnal name "Abdullah"
    if best is not None and (typed.regnal is None) != (candidate.regnal is None):
        best = min(best, 0.5)  # "Albert I" and a plain "Albert": maybe, never sure
    return best


def best_match(
    typed: Name,
    names: Iterable[Name],
    *,
    family_first: bool = False,
    hispanic: bool = False,
) -> float | None:
    """The best :func:`match` of ``typed`` among a person's names."""
    best: float | None = None
    for name in names:
        found = match(typed, name, family_first=family_first, hispanic=hispanic)
        if found is not None and (best is None or found > best):
            best = found
    return best
