"""Attaching claims to contacts: which contact a sentence speaks of, and what it claims.

A sentence that makes no contact of its own speaks of an earlier one when it
says "the call", "the pair", "both sides", "They ...", or names a participant
while reporting speech ("Lecornu told Shoigu", "Shoigu chided Paris"). Every
agent that reports something about a contact also affirms that it occurred;
"both sides" are the speaking ministries of each participant's country. At the
end, a country's claims go to its one ministry that speaks of the contact, the
article's own topic claims that an agent also makes are dropped, and
duplicates go.
"""

from __future__ import annotations

import re

from kg.extract import cues
from kg.extract.claims import Attribution, find_topics, quote_at
from kg.extract.gazetteer import Mention
from kg.extract.model import ClaimCandidate, ContactCandidate, Evidence
from kg.extract.sentences import Sentence
from kg.extract.state import State

__all__ = ["referenced", "add_claims", "tidy_claims"]

_SPEECH = re.compile(
    r"\b(?:told|discussed|said|deny|denied|reminded|chided|warned|raised|stressed|reiterated|urged|asked|quoted|pointed out|condemned|expressed|agreed)\b",
    re.I,
)


def referenced(sentence: Sentence, mentions: list[Mention], state: State) -> list[ContactCandidate]:
    contacts = state.reading.contacts
    if not contacts:
        return []
    if re.search(r"\bthe pair\b|\bboth sides\b", sentence.text, re.I):
        pairs = [c for c in contacts if sum(p.kind == "person" for p in c.participants) == 2]
        return pairs[-1:]
    if re.match(r"\W*(?:They|Both men|Both women)\b", sentence.text):
        return contacts[-1:]
    ref = cues.REFERENCE.search(sentence.text)
    if ref:
        noun = ref.group(0).split()[-1]
        wanted = {"call": "phone-call", "visit": "visit", "meeting": "meeting"}.get(noun)
        fit = [c for c in contacts if wanted is None or c.type == wanted]
        return fit[-1:]
    named = {m.id for m in mentions if m.kind == "person"}
    named |= {m.close_to for m in mentions if m.close_to}
    if (
        re.search(r"\bthe source\b", sentence.text)
        and state.last_agent
        and state.last_agent.close_to
    ):
        named.add(state.last_agent.close_to)
    for d in cues.DESCRIPTOR.finditer(sentence.text):
        country = state.gazetteer.demonym(d.group("dem"))
        named |= {
            p.id
            for p in reversed(state.people[-6:])
            if state.gazetteer.country_of(p.id, state.published) == country
        }
    if not _SPEECH.search(sentence.text) and not cues.DENIAL.search(sentence.text):
        return []
    fit = [c for c in contacts if named & {p.id for p in c.participants}]
    return fit[-1:]


def add_claims(contact: ContactCandidate, sentence: Sentence, evidence: Evidence, attributions: list[Attribution],
                created: bool, state: State) -> None:  # fmt: skip
    if evidence not in contact.evidence:
        contact.evidence.append(evidence)
    affirm = [a for a in attributions if a.stance == "affirms"]
    affirm.sort(key=lambda a: (a.kind == "person", -a.start))
    deny = [a for a in attributions if a.stance == "denies"]
    speakers = (
        _expand(affirm[0], contact, state)
        if affirm
        else ([(state.publisher, "the article")] if created or not attributions else [])
    )
    claims = contact.claims
    for by, text in speakers:
        if created or by != state.publisher:
            claims.append(ClaimCandidate("occurred", None, "affirms", by, text, evidence))
    topics = find_topics(sentence.text, state.gazetteer.topics)
    for by, text in speakers:
        for topic, pos in topics:
            if not deny or pos < min(a.start for a in deny) - sentence.start:
                claims.append(
                    ClaimCandidate(
                        "topic", topic, "affirms", by, text, evidence, quote_at(sentence.text, pos)
                    )
                )
        caller = _caller(sentence, contact)
        if caller:
            claims.append(ClaimCandidate("initiator", caller, "affirms", by, text, evidence))
        init = cues.INITIATOR.search(sentence.text)
        if init:
            who = init.group("who") or init.group("who2")
            hit = [
                m
                for m in state.gazetteer.mentions(who)
                if m.kind in ("country", "person", "organisation")
            ]
            if hit:
                claims.append(ClaimCandidate("initiator", hit[0].id, "affirms", by, text, evidence))
    for a in deny:
        if cues.DENY_OCCURRED.search(sentence.text):
            claims.append(ClaimCandidate("occurred", None, "denies", a.id, a.text, evidence))
            continue
        named = [t for t, _ in topics]
        narrow = [
            t
            for t in named
            if not any(
                t in state.gazetteer.topics[o].broader for o in named if o in state.gazetteer.topics
            )
        ]
        denied: list[str | None] = list(
            narrow
            or [
                c.value
                for c in reversed(claims)
                if c.about == "topic" and c.stance == "affirms" and c.by != a.id
            ][:1]
        )
        for value in denied:
            if value is None:
                continue
            claims.append(
                ClaimCandidate(
                    "topic", value, "denies", a.id, a.text, evidence, _quote(sentence.text)
                )
            )


def _caller(sentence: Sentence, contact: ContactCandidate) -> str | None:
    """The participant who "called" or "phoned" the other, when the sentence says so."""
    verb = re.search(r"\b(?:called|phoned|telephoned|rang)\b(?! (?:on|for|off)\b)", sentence.text)
    if verb is None or contact.type != "phone-call":
        return None
    before, after = sentence.text[: verb.start()], sentence.text[verb.end() :]
    named = [p for p in contact.participants if p.text and p.text in before]
    called = [p for p in contact.participants if p.text and p.text in after]
    if named and called and named[-1].id != called[0].id:
        return named[-1].id
    return None


def _quote(text: str) -> str | None:
    m = re.search(r"\"([^\"]+)\"|“([^”]+)”", text)
    return (m.group(1) or m.group(2)).strip().rstrip(",") if m else None


def _expand(a: Attribution, contact: ContactCandidate, state: State) -> list[tuple[str, str]]:
    if a.id != "BOTH":
        return [(a.id, a.text)]
    out = []
    for p in contact.participants:
        country = state.gazetteer.country_of(p.id, contact.when.start.first_day)
        known = {o.id for o in state.gazetteer.records.organisations}
        orgs = [
            c.by
            for c in contact.claims
            if c.by in known and state.gazetteer.country_of(c.by, state.published) == country
        ]
        out.append((orgs[0] if orgs else country or p.id, "both sides"))
    return out


def tidy_claims(contact: ContactCandidate, state: State) -> None:
    """Credit a country's claims to its one speaking organisation; drop echoes and duplicates."""
    g = state.gazetteer
    countries = {c.id for c in g.records.countries}
    orgs: dict[str, set[str]] = {}
    for c in contact.claims:
        if c.by not in countries and c.by != state.publisher:
            country = g.country_of(c.by, state.published)
            if country and c.by in {o.id for o in g.records.organisations}:
                orgs.setdefault(country, set()).add(c.by)
    claims = []
    for c in contact.claims:
        if c.by in countries and len(orgs.get(c.by, ())) == 1:
            c = ClaimCandidate(
                c.about, c.value, c.stance, next(iter(orgs[c.by])), c.by_text, c.evidence, c.quote
            )
        claims.append(c)
    own = {p.id for p in contact.participants}
    claims = [c for c in claims if not (c.about == "occurred" and c.by in own)]
    others = {(c.about, c.value) for c in claims if c.by != state.publisher}
    claims = [
        c
        for c in claims
        if c.by != state.publisher or c.about == "occurred" or (c.about, c.value) not in others
    ]
    seen: dict[tuple[str, str | None, str, str], ClaimCandidate] = {}
    for c in claims:
        key = (c.about, c.value, c.stance, c.by)
        if key not in seen or (c.quote and not seen[key].quote):
            seen[key] = c
    contact.claims = list(seen.values())
