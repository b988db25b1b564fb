"""Post labels of a tenure table, typed: head of state, head of government, ministers.

:func:`post_level` reads a post label of the officials table (English:
Wikidata labels or the table's short per-country titles) with the name of
its catalogue (the country) and returns a level of
:data:`kg.vocab.POST_LEVELS`, or ``None`` for the posts of an international
organisation (the ``World`` and ``European Union`` catalogues). The first
rule that applies wins:

1. a short table of per-country overrides, the only place a country is
   named (the US ``Secretary of State`` is its foreign minister, Iran's
   ``President`` heads the government under the Supreme Leader, Monaco's
   ``Minister of State`` heads its government...);
2. the label is case-folded, ``defense`` read as ``defence``, hyphens as
   spaces; a parenthesised gloss decides when the title alone does not
   ("Druk Gyalpo (King)");
3. a compound title naming the foreign or the defence ministry ("Second
   Deputy Prime Minister and Minister of Foreign Affairs") is that minister;
4. a head of state's or government's title, bare or "of" the country or
   "of the Republic" (``President of Republika Srpska`` stays ``other``);
5. a junior or attached post is ``other`` (deputy, vice, assistant,
   minister of state, spokesperson...), except a deputy prime minister or
   vice premier, who is a ``minister``;
6. a foreign minister's and a defence minister's titles, with other
   portfolios added ("Minister of Foreign Affairs and Trade");
7. any other minister is ``minister``; everything else ``other``.

:func:`presidential` tells the catalogues whose president heads the
government too (a head-of-state presidency and no head of government).

Examples
--------
>>> post_level("United States", "Secretary of State")
'foreign-minister'
>>> post_level("France", "Minister of Europe and Foreign Affairs")
'foreign-minister'
>>> post_level("Kosovo", "Second Deputy Prime Minister and Minister of Foreign Affairs and Diaspora")
'foreign-minister'
>>> post_level("Bhutan", "Druk Gyalpo (King)"), post_level("Iran", "President")
('head-of-state', 'head-of-government')
>>> post_level("Bosnia and Herzegovina", "President of Republika Srpska")
'other'
>>> post_level("World", "Secretary-General of the United Nations") is None
True
"""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = [
    "ORGANISATION_CATALOGUES",
    "post_level",
    "presidential",
    "normalise_label",
    "post_label",
]

#: Catalogues of the officials table that are not states.
ORGANISATION_CATALOGUES = frozenset({"World", "European Union"})

#: (catalogue, normalised label) -> level. Each entry is a real label of the table.
_OVERRIDES = {
    ("United States", "secretary of state"): "foreign-minister",
    ("United States", "secretary of defence"): "defence-minister",
    ("United Kingdom", "secretary of state for foreign, commonwealth and development affairs"): "foreign-minister",
    ("United Kingdom", "secretary of state for foreign and commonwealth affairs"): "foreign-minister",
    ("United Kingdom", "foreign secretary"): "foreign-minister",
    ("United Kingdom", "secretary of state for defence"): "defence-minister",
    ("Monaco", "minister of state"): "head-of-government",
    ("Luxembourg", "minister of state"): "head-of-government",
    ("Spain", "president of the government"): "head-of-government",
    ("Switzerland", "chancellor"): "other",
    ("Germany", "secretary of state"): "other",
    ("Austria", "secretary of state"): "other",
    ("Mexico", "secretary of foreign affairs"): "foreign-minister",
    ("Philippines", "secretary of foreign affairs"): "foreign-minister",
    ("Mexico", "secretary of national defence"): "defence-minister",
    ("Philippines", "secretary of national defence"): "defence-minister",
    ("Iran", "minister of defence and armed forces logistics"): "defence-minister",
    ("Iran", "president"): "head-of-government",
    ("San Marino", "secretary for foreign and political affairs"): "foreign-minister",
    ("Libya", "chairman of the presidential council"): "head-of-state",
    ("New Zealand", "minister of foreign affairs of the cook islands"): "other",
}  # fmt: skip
_US_CABINET = re.compile(
    r"^secretary of (the )?(treasury|interior|agriculture|commerce|labou?r|health and human "
    r"services|housing and urban development|transportation|energy|education|veterans affairs|"
    r"homeland security)$"
)
_UK_CABINET = re.compile(
    r"^(secretary of state for |chancellor of the exchequer$|lord chancellor$)"
)
_JUNIOR = re.compile(
    r"^(deputy|vice|first vice|second vice|first deputy|assistant|associate|under ?secretary|"
    r"undersecretary|state secretary|secretary of state|parliamentary|minister of state|"
    r"minister delegate|delegate|junior|shadow|spouse|chief of staff|senior advis|special advis|"
    r"advis|counsel|head of the office|principal|permanent|alternate|director|secretary general|"
    r"head of the .*office|minister in the|minister to the|minister attached|minister at the|"
    r"chief of|commander|member of|spokes|press)"
)
_DEPUTY_HEAD = re.compile(
    r"^(deputy prime minister|first deputy prime minister|vice premier|vice prime minister)"
)
_HOS = (
    "president|federal president|monarch|king|queen|emperor|emir|amir|sultan|grand duke|prince|"
    "french co prince|episcopal co prince|co prince|captain regent|supreme leader|head of state|"
    "chairman of the presidency|yang di pertuan agong|president of the republic|"
    "chairman of the state affairs commission|president of the palestinian national authority|"
    "president of the state|president of the swiss confederation"
)
_HOG = (
    "prime minister|premier|chancellor|federal chancellor|taoiseach|chief minister|"
    "first minister|chief executive|head of government|president of the government|"
    "president of the council of ministers|president of the executive yuan|"
    "chairman of the council of ministers|chairman of the cabinet of ministers|"
    "premier of the state council|prime minister of the palestinian national authority"
)
_TITLES = [
    (title, level)
    for titles, level in ((_HOS, "head-of-state"), (_HOG, "head-of-government"))
    for title in sorted(titles.split("|"), key=len, reverse=True)
]
_FM = re.compile(
    r"^(federal )?(minister|secretary)( of state)? (of|for) (the )?(foreign|external|exterior|"
    r"europe and foreign|foreign and european|european and international|foreign and "
    r"international) (affairs|relations)([ ,]+(and )?[a-z ,]+)?$|^foreign (minister|secretary)$|"
    r"^minister (of|for) international relations( and cooperation)?$"
)
_DM = re.compile(
    r"^(federal )?(minister|secretary)( of state)? (of|for) (the )?(national )?defence"
    r"([ ,]+(and )?[a-z ,]+)?$|^minister of (the )?(revolutionary |people s )?armed forces$|"
    r"^defence (minister|secretary)$"
)
_FM_COMPOUND = re.compile(r"\band minister (of|for) foreign affairs\b")
_DM_COMPOUND = re.compile(r"\band minister (of|for) (national )?defence\b")
_NOT_DM = re.compile(
    r"civil defence|home front|materiel|equipment|industr|science|personnel|production|veterans"
)
_MINISTER = re.compile(r"^((federal|cabinet|union) )?minister\b")


def normalise_label(label: str) -> str:
    """A post label folded: case, ``defense`` as ``defence``, hyphens as spaces.

    >>> normalise_label("Minister of Defense (Acting)")
    'minister of defence (acting)'
    """
    text = label.casefold().replace("’", "'")
    text = re.sub(r"\bdefense\b", "defence", text)
    text = re.sub(r"[-_']", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def _of_country(rest: str, names: set[str]) -> bool:
    if not rest:
        return True
    found = re.fullmatch(r"of (the )?(.+)", rest)
    return found is not None and found.group(2) in names


def post_level(catalogue: str, label: str, country_names: Iterable[str] = ()) -> str | None:
    """The level of post ``label`` of ``catalogue`` (see the module); ``country_names``
    are other names of the country ("of the Russian Federation")."""
    if catalogue in ORGANISATION_CATALOGUES:
        return None
    gloss = re.search(r"\(([^)]*)\)", label)
    if gloss:
        first = post_level(catalogue, re.sub(r"\s*\([^)]*\)", "", label), country_names)
        if first != "other":
            return first
        return post_level(catalogue, gloss.group(1), country_names)
    text = normalise_label(label)
    names = {normalise_label(catalogue), *(normalise_label(n) for n in country_names)}
    names |= {f"republic of {n}" for n in names} | {"republic", "country", "state"}
    override = _OVERRIDES.get((catalogue, text))
    if override:
        return override
    if catalogue == "United States" and _US_CABINET.match(text):
        return "minister"
    if catalogue == "United Kingdom" and _UK_CABINET.match(text):
        return "minister"
    bare = re.sub(r"^(acting|interim|transitional) ", "", text)
    for title, level in _TITLES:
        if bare == title or (
            bare.startswith(title + " ") and _of_country(bare[len(title) :].strip(), names)
        ):
            return level
    if _FM_COMPOUND.search(text):
        return "foreign-minister"
    if _DM_COMPOUND.search(text) and not _NOT_DM.search(text):
        return "defence-minister"
    if _DEPUTY_HEAD.match(text):
        return "minister"
    if _JUNIOR.match(text):
        return "other"
    if _FM.match(text):
        return "foreign-minister"
    if _DM.match(text) and not _NOT_DM.search(text):
        return "defence-minister"
    if _MINISTER.match(text):
        return "minister"
    return "other"


def presidential(levels: Iterable[tuple[str, str]]) -> bool:
    """Does a state's president head its government too?

    ``levels`` are the ``(normalised label, level)`` pairs of one catalogue's
    posts: a presidency that is head of state, and no head of government.

    >>> presidential([("president", "head-of-state"), ("vice president", "other")])
    True
    """
    pairs = list(levels)
    return any(
        label == "president" and level == "head-of-state" for label, level in pairs
    ) and not any(level == "head-of-government" for _, level in pairs)


_THE = re.compile(r"^(United |Republic |Kingdom |Federated |Democratic |Holy )|(s|Islands)$")


def post_label(title: str, country: str) -> str:
    """The display name of a country's post: its title "of" the country, unless the
    title names the country already.

    >>> post_label("President", "United States"), post_label("Chancellor", "Germany")
    ('President of the United States', 'Chancellor of Germany')
    >>> post_label("President of the Russian Federation", "Russia")
    'President of the Russian Federation'
    >>> post_label("Head of Government", "Poland")
    'Head of Government of Poland'
    """
    if " of " in title.casefold() and not title.casefold().startswith(
        ("minister of", "secretary of", "head of")
    ):
        return title
    if country.casefold() in title.casefold():
        return title
    article = "the " if _THE.search(country) and country not in ("Bahamas",) else ""
    return f"{title} of {article}{country}"
