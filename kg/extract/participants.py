"""Who takes part: people by name, title, description, pronoun, post or "counterpart".

"The French leader" is the holder of France's head-of-state post at the date
(from the recorded tenures); "his French counterpart" the holder of the French
post at the level of the other participant's; a post alone ("the Russian defence
minister") its holder at the date; "He" or a clause without a subject the
subject just before.
"""

from __future__ import annotations

import re

from kg.extract import cues
from kg.extract.dates import Period, When
from kg.extract.gazetteer import Gazetteer, Mention
from kg.extract.model import Party
from kg.extract.sentences import Sentence
from kg.extract.state import State

__all__ = ["party", "holder", "people", "unique"]

_LEVELS = {"leader": "head-of-state", "president": "head-of-state", "head of state": "head-of-state",
           "prime minister": "head-of-government", "premier": "head-of-government", "chancellor": "head-of-government",
           "foreign minister": "foreign-minister", "top diplomat": "foreign-minister",
           "defence minister": "defence-minister", "defense minister": "defence-minister"}  # fmt: skip
_PRONOUN = re.compile(r"^\W*(?:he|she)\b|\b(?:he|she)\b", re.I)
_COUNTERPART = re.compile(r"\b(?:his|her)?\s*(?P<dem>[A-Z][a-z]+) counterpart\b(?!\s+[A-Z])")


def party(m: Mention, gazetteer: Gazetteer, role: str = "participant") -> Party:
    if m.kind == "city" and m.country:
        return Party(m.text, m.country, gazetteer.name_of(m.country), "country", role)
    post = None
    if m.title:
        hits = [x for x in gazetteer.mentions(m.title) if x.kind == "post"]
        post = hits[0].id if hits else None
    return Party(m.text, m.id, m.name, m.kind, role, post, m.title, m.new)


def holder(state: State, country: str | None, level: str | None, when: When | None) -> str | None:
    if country is None or level is None:
        return None
    post = state.gazetteer.post_like(country, level)
    span = when or When.of(Period.of_day(state.published))
    holders = state.gazetteer.holders(post, span.start.first_day, span.end.last_day) if post else []
    return holders[0] if len(holders) == 1 else None


def people(clause: Sentence, mentions: list[Mention], when: When | None, state: State,
            inherited: Party | None) -> list[Party]:  # fmt: skip
    g = state.gazetteer
    found: list[tuple[int, Party]] = [
        (m.start, party(m, g)) for m in mentions if m.kind == "person"
    ]
    for d in cues.DESCRIPTOR.finditer(clause.text):
        country = g.demonym(d.group("dem"))
        ident = holder(state, country, _LEVELS.get(d.group("role").lower()), when)
        if ident is None:
            ident = next(
                (
                    p.id
                    for p in reversed(state.people)
                    if g.country_of(p.id, state.published) == country
                ),
                None,
            )
        if ident:
            found.append(
                (clause.start + d.start(), Party(d.group(0), ident, g.name_of(ident), "person"))
            )
    for m in mentions:
        if m.kind == "post" and not any(
            abs(p.start - m.end) <= 2 for p in mentions if p.kind == "person"
        ):
            post = next(p for p in g.records.posts if p.id == m.id)
            ident = holder(state, post.country, post.level, when)
            if ident:
                found.append((m.start, Party(m.text, ident, g.name_of(ident), "person", post=m.id)))
    for c in _COUNTERPART.finditer(clause.text):
        other = [p for _, p in found] or ([inherited] if inherited else [])
        level = next(
            (g.level_of(post) for p in other for post in g.posts_held(p.id, state.published)), None
        )
        ident = holder(state, g.demonym(c.group("dem")), level, when)
        if ident:
            found.append(
                (
                    clause.start + c.start(),
                    Party(c.group(0).strip(), ident, g.name_of(ident), "person"),
                )
            )
    if inherited and (_PRONOUN.search(clause.text) or clause.text[:1].islower()):
        if inherited.id not in {p.id for _, p in found}:
            found.insert(0, (clause.start - 1, inherited))
    return unique([p for _, p in sorted(found, key=lambda f: f[0])])


def unique(parties: list[Party]) -> list[Party]:
    seen: dict[str, Party] = {}
    for party in parties:
        seen.setdefault(party.id, party)
    return list(seen.values())
