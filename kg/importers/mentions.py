"""Finding people named with their titles in free text.

Remarks such as "Met with President Emmanuel Macron, Foreign Minister
Stéphane Séjourné, and Defense Minister Sébastien Lecornu." name people by a
title followed by a name. :func:`find_mentions` returns each such mention
with the title(s), the name as written, the words naming their country (an
adjective before the title — "*Russian* Foreign Minister Sergey Lavrov",
"*North Korean* leader Kim Jong-un" — or "of <Country>" after the name —
"President Xi Jinping *of China*"), the organisation named before the title
("*NATO* Secretary General Spaak") and the phrase itself, the source's words
(:mod:`kg.identity.countries` resolves the country words at the record's
date: ``DEMONYMS``, then names).

Rules:

- a title is one of :data:`TITLES` (case-sensitive), or several joined by
  "and" ("Crown Prince and Prime Minister Mohammed bin Salman");
- the name is the run of capitalised words after it, with particles (bin,
  al-, de, von...) and initials; it stops at lower-case words, punctuation
  and month names; a title with no name ("the Amir of Kuwait") is no mention;
- titles used of someone not met are skipped: after "former" or "late",
  "the President" used as an object ("Aide to the President Yuri Ushakov"),
  and the dead at a funeral or memorial ("funeral of Emperor Hirohito",
  "after the passing of King Abdullah");
- "leader" is a title too ("North Korean leader Kim Jong-un", "Opposition
  leader Yitzhak Herzog");
- a "U.S." or "American" prefix marks a US official (``us_side``).

Examples
--------
>>> [(m.titles, m.name, m.country) for m in find_mentions(
...     "Met with Foreign Minister Laurent Fabius, Russian Foreign Minister Sergei Lavrov, "
...     "and Libyan Foreign Minister Mohammed al-Dairi.")]
[(('Foreign Minister',), 'Laurent Fabius', None), (('Foreign Minister',), 'Sergei Lavrov', 'russian'), (('Foreign Minister',), 'Mohammed al-Dairi', 'libyan')]
>>> [(m.titles, m.name, m.country, m.phrase) for m in find_mentions(
...     "Participated in the President's summit with North Korean leader Kim Jong-un and "
...     "met with President Xi Jinping of China.")]
[(('leader',), 'Kim Jong-un', 'north korean', 'North Korean leader'), (('President',), 'Xi Jinping', 'China', 'President')]
>>> find_mentions("Attended the funeral of Emperor Hirohito and the memorial service for King Hussein.")
[]
>>> [(m.titles, m.name) for m in find_mentions(
...     "Met with Crown Prince and Prime Minister Mohammed bin Salman and Foreign Minister "
...     "Prince Faisal bin Farhan Al Saud.")]
[(('Crown Prince', 'Prime Minister'), 'Mohammed bin Salman'), (('Foreign Minister',), 'Prince Faisal bin Farhan Al Saud')]
>>> find_mentions("Met with the Amir of Kuwait and attended memorial services for former President De Gaulle.")
[]
"""

from __future__ import annotations

import re
from typing import NamedTuple

from kg.identity.countries import DEMONYMS
from kg.importers.countries import ORGANISATIONS

__all__ = ["TITLES", "LEVELS", "Mention", "find_mentions", "canonical_title"]

#: Titles and the post level each stands for (``other`` when not a level).
LEVELS: dict[str, str] = {
    "President": "head-of-state",
    "Acting President": "head-of-state",
    "Interim President": "head-of-state",
    "Transitional President": "head-of-state",
    "President-elect": "other",
    "King": "head-of-state",
    "Queen": "head-of-state",
    "Emperor": "head-of-state",
    "Empress": "head-of-state",
    "Emir": "head-of-state",
    "Amir": "head-of-state",
    "Sultan": "head-of-state",
    "Shah": "head-of-state",
    "Grand Duke": "head-of-state",
    "Grand Duchess": "head-of-state",
    "Pope": "head-of-state",
    "Prince": "other",
    "Crown Prince": "other",
    "Governor General": "other",
    "Prime Minister": "head-of-government",
    "Premier": "head-of-government",
    "Chancellor": "head-of-government",
    "Taoiseach": "head-of-government",
    "Foreign Minister": "foreign-minister",
    "Minister for Foreign Affairs": "foreign-minister",
    "Minister of Foreign Affairs": "foreign-minister",
    "Foreign Secretary": "foreign-minister",
    "External Affairs Minister": "foreign-minister",
    "Minister of External Affairs": "foreign-minister",
    "Defense Minister": "defence-minister",
    "Defence Minister": "defence-minister",
    "Minister of Defense": "defence-minister",
    "Minister of Defence": "defence-minister",
    "Defense Secretary": "defence-minister",
    "Defence Secretary": "defence-minister",
    "Deputy Prime Minister": "minister",
    "Vice Premier": "minister",
    "Vice President": "other",
    "Deputy Foreign Minister": "other",
    "Chairman": "other",
    "General Secretary": "other",
    "First Secretary": "other",
    "Secretary General": "other",
    "Secretary-General": "other",
    "Secretary of State": "other",
    "High Representative": "other",
    "Supreme Leader": "other",
    "Chief Executive": "other",
    "Mayor": "other",
    "Patriarch": "other",
    "Ecumenical Patriarch": "other",
    "Archbishop": "other",
    "Cardinal": "other",
    "Generalissimo": "other",
    "Sheikh": "other",
    "Director General": "other",
    "Director-General": "other",
    "leader": "other",
    "Leader": "other",
}
TITLES = tuple(sorted(LEVELS, key=len, reverse=True))
#: One spelling for titles that mean the same office.
_CANONICAL = {
    "Minister for Foreign Affairs": "Foreign Minister",
    "Minister of Foreign Affairs": "Foreign Minister",
    "External Affairs Minister": "Foreign Minister",
    "Minister of External Affairs": "Foreign Minister",
    "Foreign Secretary": "Foreign Minister",
    "Defense Minister": "Defence Minister",
    "Minister of Defense": "Defence Minister",
    "Minister of Defence": "Defence Minister",
    "Defense Secretary": "Defence Minister",
    "Defence Secretary": "Defence Minister",
    "Secretary-General": "Secretary General",
    "Amir": "Emir",
}
_ALTERNATION = "|".join(re.escape(t) for t in TITLES)
_TITLE_RE = re.compile(rf"(?<![\w-])(?:{_ALTERNATION})(?:(?:,| and) (?:{_ALTERNATION}))*(?![\w-])")
_ONE_TITLE = re.compile(rf"(?:{_ALTERNATION})")
_PARTICLES = frozenset(
    "bin bint ibn al el de da di du del der van von la le y dos das ben abu zu ul".split()
)
_MONTHS = frozenset(
    "January February March April May June July August September October November December".split()
)
_STOP_WORDS = frozenset({"The", "U.S.", "UN", "NATO", "EU", "In", "On", "At"})
_US_PREFIX = frozenset({"u.s.", "us", "american", "united states"})
_SKIP_BEFORE = frozenset({"former", "late", "the", "ex"})
#: Words before a title naming someone who is not met: the dead honoured.
_NOT_MET = re.compile(
    r"(?:funeral|memorial|burial|passing|death|condolences?|mourning|in memory|lying in state)"
    r"(?: services?| ceremony| ceremonies)? (?:of|for)(?: the late| former)?\s*(?:[A-Z][\w.'’-]*\s+){0,3}$",
    re.I,
)
_OF_COUNTRY = re.compile(r" of ((?:the )?[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3})")


class Mention(NamedTuple):
    """A person named with their title in a text.

    Attributes
    ----------
    titles : tuple of str
        The titles as written (one or several).
    name : str
        The name as written.
    country : str or None
        The Historian country id an adjective before the title gives.
    organisation : str or None
        An international organisation named before the title (``NATO``).
    us_side : bool
        A "U.S." or "American" prefix: a US official, not a counterpart.
    phrase : str
        The words the source gives as the title, with the country's
        ("Palestinian Authority President").
    """

    titles: tuple[str, ...]
    name: str
    country: str | None = None
    organisation: str | None = None
    us_side: bool = False
    phrase: str = ""


def canonical_title(title: str) -> str:
    """One spelling per office: ``Minister for Foreign Affairs`` → ``Foreign Minister``."""
    return _CANONICAL.get(title, title)


def _name_at(text: str, start: int) -> tuple[str, int]:
    """The name starting at ``start`` (after one space) and where it ends."""
    if not text.startswith(" ", start):
        return "", start
    words: list[str] = []
    position = start + 1
    end = start
    # word by word from ``start``: never the rest of the text at once, which made
    # a long remark quadratic in its length (one split of the rest per title)
    while True:
        space = text.find(" ", position)
        raw = text[position:] if space < 0 else text[position:space]
        token = raw.rstrip(",;:)")
        closes = token != raw
        token = re.sub(r"['’]s$", "", token)
        ends_sentence = False
        if token in ("Dr.", "Mr.", "Mrs.", "Ms.", "Prof.") and not closes:
            position += len(raw) + 1  # an honorific before the name, not its end
            continue
        if token.endswith(".") and not re.fullmatch(r"(?:[A-Z]\.)+|Jr\.|Sr\.|St\.", token):
            token, ends_sentence = token[:-1], True
        particle = token.lower() in _PARTICLES or re.match(r"(?:al|el)-", token) is not None
        if not token or token in _MONTHS or token in _STOP_WORDS:
            break
        hyphenated = re.match(r"(?:al|el|de|da)-[A-Z]", token) is not None
        if not (token[:1].isupper() or (particle and words) or hyphenated):
            break
        words.append(token)
        end = position + len(raw)
        position += len(raw) + 1
        if closes or ends_sentence or len(words) >= 7 or space < 0:
            break
    while words and words[-1].lower() in _PARTICLES:
        words.pop()
    return " ".join(words), end


def _prefix(text: str, start: int) -> tuple[list[str], str]:
    """Capitalised words right before ``start``, and the word before them.

    ``text`` has single spaces (see :func:`find_mentions`). Only the last five
    words before ``start`` can matter (four, then the one before them), so
    only they are split off: a long remark stays linear in its length.
    """
    end = start
    while end > 0 and text[end - 1] == " ":
        end -= 1
    begin = end
    for _ in range(5):
        space = text.rfind(" ", 0, begin)
        begin = space if space >= 0 else 0
        if space < 0:
            break
    before = text[begin:end].lstrip(" ")
    words = before.split(" ") if before else []
    found: list[str] = []
    while words and words[-1][:1].isupper() and not words[-1].endswith((",", ".", ";", ":")):
        found.insert(0, words.pop())
        if len(found) == 4:
            break
    preceding = words[-1].lower() if words else ""
    if found and found[0] in ("Met", "Accompanied", "Joined", "Briefed", "Discussed", "Also"):
        found = found[1:]
    return found, preceding


def find_mentions(text: str) -> list[Mention]:
    """Every person named with a title in ``text``, in order (see the module rules)."""
    text = " ".join(text.split())
    mentions: list[Mention] = []
    position = 0
    while True:
        match = _TITLE_RE.search(text, position)
        if match is None:
            return mentions
        name, end = _name_at(text, match.end())
        position = max(match.end(), end)
        if not name:
            continue
        prefix, preceding = _prefix(text, match.start())
        if not prefix and preceding in _SKIP_BEFORE:
            continue
        if preceding in ("former", "late"):
            continue
        if _NOT_MET.search(text, max(0, match.start() - 60), match.start()):
            continue
        titles = tuple(_ONE_TITLE.findall(match.group()))
        folded = [w.lower().rstrip("'’s") for w in prefix]
        joined = " ".join(w.lower() for w in prefix)
        us_side = any(w in _US_PREFIX for w in folded) or joined in _US_PREFIX
        pairs = [" ".join(folded[i : i + 2]) for i in range(len(folded) - 1)]
        words = [
            w
            for i, w in enumerate(folded)
            if not (w == "soviet" and folded[i - 1 : i] == ["supreme"])
        ]
        country = next((w for w in (*pairs, *words) if w in DEMONYMS), None)
        if country is None:
            after = _OF_COUNTRY.match(text, end)
            country = after.group(1).rstrip(".") if after else None
        organisation = next(
            (w for w in prefix if w.lower() in ORGANISATIONS),
            joined if joined in ORGANISATIONS else None,
        )
        start = match.start() - len(" ".join(prefix)) - (1 if prefix else 0)
        phrase = text[max(start, 0) : match.end()]
        mentions.append(Mention(titles, name, country, organisation, us_side, phrase))
