"""The words that signal a contact, its type, an absence, an announcement, a denial or a topic.

Each cue is a regular expression over one clause; the rules that combine them
live in :mod:`kg.extract.contacts`. Kept apart so that a reviewer can read and
extend the vocabulary without reading the logic.

Examples
--------
>>> contact_type("held a phone call in April 2023")
'phone-call'
>>> contact_type("Ankara first hosted peace talks")
'negotiation-round'
>>> contact_type("calling on Moscow to stop") is None
True
>>> bool(ABSENCE.search("there is no indication he speaks directly with Western officials"))
True
"""

from __future__ import annotations

import re

__all__ = [
    "TYPE_CUES", "contact_type", "SERIES", "LAST", "ABSENCE", "ANNOUNCEMENT", "BLOCKER",
    "DENIAL", "SAY", "INITIATOR", "BEFORE_ANCHOR", "AFTER_ANCHOR", "REFERENCE", "PLURAL_REF",
    "TOPIC_CUES", "DESCRIPTOR", "CLAUSE_SPLIT",
]  # fmt: skip

_I = re.IGNORECASE
#: Contact types by their cues, first match wins; "spoke" takes its type from context.
TYPE_CUES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("video-call", re.compile(r"\bvideo[- ]?(?:call|conference|link|talks|chat)s?\b|\bvideoconferenc\w*|\bvirtual (?:meeting|talks|summit)|\bby video\b", _I)),
    ("phone-call", re.compile(r"\b(?:tele)?phone(?:d| call| talks| conversation| contact)?s?\b|\bcall(?:ed|s)?\b(?! (?:on|for|off)\b)|\bby phone\b", _I)),
    ("negotiation-round", re.compile(r"\bpeace (?:talks|negotiations|summit)\b|\bnegotiations\b|\bround of (?:talks|negotiations)\b|\bnegotiating round\b", _I)),
    ("visit", re.compile(r"\bvisit(?:ed|s|ing)?\b|\btravel(?:l?ed|s)? to\b|\btrip to\b|\barrived in\b|\bflew to\b|\bwent to\b|\bhosted\b", _I)),
    ("multilateral-meeting", re.compile(r"\b(?:summit|conference|ministerial|gathering) of\b|\bjoint meeting\b", _I)),
    ("meeting", re.compile(r"\bmet\b|\bmeet(?:ing|s)?\b|\bheld talks\b|\btalks\b|\bsat down with\b|\bface-to-face\b|\bin person\b", _I)),
    ("spoke", re.compile(r"\bs(?:poke|peaks?|peaking)\b|\bcontacts?\b|\btalked\b|\bconversation\b|\bexchanged views\b", _I)),
)  # fmt: skip
SERIES = re.compile(
    r"\bseries of\b|\bkept up\b|\bregular(?:ly)?\b|\bseveral\b|\brepeated(?:ly)?\b|\brounds of\b|\bnumerous\b|\bmultiple (?:calls|meetings)\b",
    _I,
)
LAST = re.compile(
    r"\blast (?:held|spoke|met|talked|had|call|meeting|visit|phone|contact|conversation)\b|\bthe last (?:\w+ )?(?:call|meeting|visit|contact|talks)\b",
    _I,
)
ABSENCE = re.compile(
    r"\bno indication\b|\bno sign\b|\bno (?:direct |known |official )?(?:contact|talks|call|meeting)s?\b|\bha(?:ve|s|d)(?: not|n't) (?:spoken|met|talked|held|had)\b"
    r"|\bnever (?:spoken|met|talked)\b|\b(?:talks|contacts?|calls) ha(?:ve|s)(?: now)? (?:ceased|stopped|ended)\b|\bnot spoken\b|\bnot met\b|\bno longer (?:speak|talk|meet)",
    _I,
)  # fmt: skip
ANNOUNCEMENT = re.compile(
    r"\bwill\b|\bwould\b|\bis (?:to|due to|set to|expected to|scheduled to)\b|\bare (?:to|due to|set to|expected to|scheduled to)\b|\bplans? to\b|\bplanned\b|\bready to\b"
    r"|\boffer(?:ed|s)?\b|\bpropos(?:ed|es)\b|\binvit(?:ed|ation)\b|\bagreed to\b|\bnext (?:week|month|year)\b|\bupcoming\b|\bwants? to\b|\bhopes? to\b|\bwilling to\b",
    _I,
)  # fmt: skip
BLOCKER = re.compile(
    r"\bidea of\b|\bpushed back\b|\brefus\w+\b|\brule out\b|\bruled out\b|\bdeclined to\b|\brather than\b|\bcalled off\b|\bcancel\w*\b",
    _I,
)
DENIAL = re.compile(
    r"\bden(?:y|ied|ies|ial)\b|\brejected\b|\bdismissed\b|\bneither\b.*\bnor\b|\bdid not (?:discuss|raise)\b|\bwas not (?:discussed|raised)\b|\bnever (?:discussed|raised)\b|\bfalse\b",
    _I,
)
DENY_OCCURRED = re.compile(
    r"\bden(?:y|ied|ies)\b[^.]{0,30}\b(?:any|the) (?:call|meeting|conversation|contact|talks)\b|\bno (?:call|meeting|conversation) (?:took place|happened)\b",
    _I,
)
SAY = re.compile(
    r"\b(?:said|says|told|stated|confirmed|announced|acknowledged|stressed|reported|added|claimed|insisted|wrote|noted|statement said|saying|den(?:y|ied|ies)|rejected|dismissed|according to)\b",
    _I,
)
INITIATOR = re.compile(
    r"\b(?:initiated|requested|sought|proposed) by (?P<who>[A-Z][\w'’ -]+?)\b(?=[,.;]|$| and| to)|\bat the (?:request|initiative) of (?P<who2>[A-Z][\w'’ -]+?)\b(?=[,.;]|$| and)",
    0,
)
BEFORE_ANCHOR = re.compile(
    r"\bagainst invading\b|\bbefore (?:the|its) (\w+)\b|\bahead of (?:the|its) (\w+)\b|\bto (?:prevent|avert) (?:an? |the )?(\w+)\b",
    _I,
)
AFTER_ANCHOR = re.compile(r"\b(?:even )?(?:after|since|following) (?:the|its) (\w+)\b", _I)
REFERENCE = re.compile(
    r"\bthe (?:unexpected |rare |first |latest )?(?:call|conversation|meeting|talks|visit|exchange)\b|\bthe pair\b|\bboth sides\b|\bthe two (?:men|women|ministers|leaders|presidents)\b",
    _I,
)
PLURAL_REF = re.compile(
    r"\bthe (?:two )?(?:presidents|ministers|leaders|pair|two men|two women)\b|\bthey\b|\bboth\b",
    _I,
)
DESCRIPTOR = re.compile(
    r"\b[Tt]he (?P<dem>[A-Z][a-z]+) (?P<role>leader|president|head of state|prime minister|premier|chancellor|foreign minister|defen[cs]e minister|minister|top diplomat)\b"
)
CLAUSE_SPLIT = re.compile(
    r",\s+(?:and|but|while|whereas|with)\s+|;\s+|\s+but\s+|\s+and\s+(?=(?:then\s+)?(?:travell?ed|visited|met|spoke|held|hosted|called|flew|went)\b)",
    _I,
)  # fmt: skip

#: Topic phrases beyond the labels of the topic scheme, by topic id.
TOPIC_CUES: dict[str, str] = {
    "war-in-ukraine": r"\b(?:war|conflict|fighting) in Ukraine\b|\bUkraine (?:war|conflict)\b|\bwar of aggression\b|\bsupport (?:for )?(?:Ukraine|Kyiv)\b|\bdiscussed Ukraine\b|\bfront ?line\b",
    "ukraine-peace-talks": r"\bpeace (?:talks|summit|initiative|negotiations|process|plan|deal)\b|\bdialogue on Ukraine\b|\btalks on(?= (?:the )?(?:Ukraine|conflict|war))|\bceasefire\b|\bIstanbul peace initiative\b|\bend (?:to )?the war\b|\bnegotiated settlement\b",
    "russian-invasion-threat": r"\bagainst invading\b|\b(?:prevent|avert|avoid|deter)(?:ing)? (?:an? |the )?(?:Russian )?invasion\b|\binvad(?:e|ing) Ukraine\b|\b(?:threat|risk) of (?:an? )?(?:Russian )?invasion\b|\bmilitary build-?up\b|\bde-?escalat\w+\b|\btroops massed\b",
    "western-troops-in-ukraine": r"\b(?:Western|French|NATO|European|foreign) (?:troops|soldiers|contingent|forces)\b|\bboots on the ground\b|\btroops on the ground\b",
    "terrorism": r"\bterrorism\b|\bterrorist (?:attack|threat)s?\b",
    "crocus-city-hall-attack": r"\bCrocus\b|\bconcert hall\b|\bconcert venue\b",
    "counter-terrorism-cooperation": r"\b(?:cooperation|co-operation|exchanges?|intelligence[- ]sharing) (?:against|on|in fighting|to fight|with the aim of fighting) (?:terror\w*|this threat)\b|\bcounter-?terrorism (?:cooperation|co-operation)\b|\bfighting this threat\b|\bjoint (?:fight|work) against terror\w*\b",
}  # fmt: skip


def contact_type(clause: str) -> str | None:
    """The first contact type whose cue the clause holds (``spoke`` when only speaking is said)."""
    for name, pattern in TYPE_CUES:
        if pattern.search(clause):
            return name
    return None
