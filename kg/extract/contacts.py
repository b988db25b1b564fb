"""From sentences to contacts, absences and announcements: the rules of :func:`read_article`.

Sentence by sentence, clause by clause (clauses split at ", and", "but", ";"
and before a second verb of contact: "... and travelled to Moscow"):

1. a clause that says contact has stopped or never happened ("no indication
   he speaks", "talks have now ceased") is an *absence*, not a contact;
2. a clause that speaks of contact in the future or as an offer ("will
   meet", "ready to host", "offered") is an *announcement*;
3. a clause with a contact cue, at least two participants and a date is a
   contact; "X and Y *last* held talks in October 2022" is both a contact then
   and an absence since;
4. other sentences about a known contact ("the call", "the pair", a
   participant's name) add claims to it: topics, initiator, denials.

Participants are people by name, title ("US Defence Secretary Lloyd Austin"),
description ("the French leader": the holder of France's head-of-state post at
the date), pronoun ("He": the subject before), "counterpart", or plural
reference ("the presidents": the participants of the contact just named); states
stand in when no people are named ("Ankara hosted peace talks").

Examples
--------
>>> import datetime as dt
>>> from kg.extract.gazetteer import Gazetteer
>>> from kg.records.model import Records, Person, Where
>>> w = Where("x", 1)
>>> g = Gazetteer(Records(people=[Person("a", "Ann Able", w), Person("b", "Bob Baker", w)]), {})
>>> found = read_article("Ann Able and Bob Baker held a phone call on Monday.", dt.date(2024, 4, 3), g, "afp")
>>> [(c.type, c.when.edtf, [p.id for p in c.participants]) for c in found.contacts]
[('phone-call', '2024-04-01', ['a', 'b'])]
"""

from __future__ import annotations

import datetime as dt
import re

from kg.extract import cues
from kg.extract.attach import add_claims, referenced, tidy_claims
from kg.extract.claims import find_attributions
from kg.extract.dates import DateMention, Period, When, bound_by_anchor, find_anchor, find_dates
from kg.extract.gazetteer import Gazetteer, Mention
from kg.extract.model import ContactCandidate, Evidence, NotContact, Party
from kg.extract.participants import party, unique
from kg.extract.participants import people as find_people
from kg.extract.sentences import Sentence, split_sentences
from kg.extract.state import Reading, State

__all__ = ["Reading", "read_article"]


def read_article(text: str, published: dt.date, gazetteer: Gazetteer, publisher: str) -> Reading:
    """Read ``text`` and return the contacts, absences and announcements it reports."""
    sentences = split_sentences(text)
    anchors: dict[str, When] = {}
    for s in sentences:
        found = find_anchor(s.text, published)
        if found:
            anchors.setdefault(found[0], found[1])
    state = State(published, gazetteer, publisher, anchors)
    for index, sentence in enumerate(sentences):
        previous = sentences[index - 1] if index else None
        _read_sentence(sentence, previous, state)
    for contact in state.reading.contacts:
        tidy_claims(contact, state)
    return state.reading


def _clauses(sentence: Sentence) -> list[Sentence]:
    parts, start = [], 0
    for m in cues.CLAUSE_SPLIT.finditer(sentence.text):
        parts.append(
            Sentence(
                sentence.text[start : m.start()], sentence.start + start, sentence.start + m.start()
            )
        )
        start = m.end()
    parts.append(Sentence(sentence.text[start:], sentence.start + start, sentence.end))
    return [p for p in parts if p.text.strip()]


def _when(clause: Sentence, dates: list[DateMention], sentence: Sentence, sentence_dates: list[DateMention],
          state: State) -> When | None:  # fmt: skip
    base = next((d.when for d in dates if not d.since and not _anchor_date(sentence, d)), None)
    before = cues.BEFORE_ANCHOR.search(sentence.text)
    after = cues.AFTER_ANCHOR.search(clause.text)
    if before:
        noun = before.group(1) or before.group(2) or before.group(3) or "invasion"
        if noun.lower() in state.anchors and base is not None:
            return bound_by_anchor(base, "before", state.anchors[noun.lower()])
    if after and after.group(1).lower() in state.anchors:
        anchor = state.anchors[after.group(1).lower()]
        if base is None:
            later = [
                d.when.end for d in sentence_dates if d.when.end.first_day >= anchor.start.first_day
            ]
            end = (
                max(later, key=lambda p: p.first_day)
                if later
                else Period(state.published.year, state.published.month)
            )
            return When(anchor.start, end)
        return bound_by_anchor(base, "after", anchor)
    return base


def _anchor_date(sentence: Sentence, date: DateMention) -> bool:
    """Whether a date only dates an event the text names ("its invasion in February 2022")."""
    before = sentence.text[: date.start - sentence.start]
    if re.search(r"\bin the (?:days|weeks|months) (?:after|following)\b", before, re.I):
        return False
    return bool(
        re.search(
            r"\b(?:invasion|war|attack|election|coup|offensive)\b[^.;,]{0,30}\bin\s+$", before, re.I
        )
    )


def _read_sentence(sentence: Sentence, previous: Sentence | None, state: State) -> None:
    g = state.gazetteer
    mentions = g.mentions(sentence.text, sentence.start)
    state.reading.mentions.extend(mentions)
    evidence = Evidence(sentence.text, sentence.start, sentence.end)
    recent_orgs = [c.by for k in state.reading.contacts[-3:] for c in k.claims]
    attributions = find_attributions(
        sentence.text, sentence.start, mentions, g, state.last_agent, recent_orgs
    )
    made: list[ContactCandidate] = []
    inherited = state.subject
    sentence_dates = find_dates(sentence.text, sentence.start, state.published, state.previous)
    absence_done = False
    first_subject: Party | None = None
    for clause in _clauses(sentence):
        in_clause = [m for m in mentions if clause.start <= m.start < clause.end]
        cue = cues.ANNOUNCEMENT.search(clause.text)
        future = cue is not None
        dates = find_dates(clause.text, clause.start, state.published, state.previous)
        if cue is not None:
            ahead = find_dates(
                clause.text, clause.start, state.published, state.previous, future=True
            )
            dates = [
                f if f.start >= clause.start + cue.start() else d
                for d, f in zip(dates, ahead, strict=True)
            ]
        if dates:
            state.previous = dates[-1].when
        people = find_people(clause, in_clause, dates[0].when if dates else None, state, inherited)
        if people:
            inherited = people[0]
            first_subject = first_subject or people[0]
        kind = cues.contact_type(clause.text)
        absence, last = cues.ABSENCE.search(clause.text), cues.LAST.search(clause.text)
        if absence and not last:
            since = next((d.when for d in sentence_dates if d.since), None) or (
                sentence_dates[-1].when if sentence_dates else None
            )
            parties = tuple(made[-1].participants) if made and len(people) < 2 else tuple(people)
            if not absence_done:
                state.reading.not_contacts.append(
                    NotContact("absence", clause.text.strip(), parties, evidence, None, since)
                )
                absence_done = True
            continue
        if kind is None:
            continue
        if future and not last:
            parties = tuple(people) + tuple(party(m, g) for m in in_clause if m.kind == "country")
            by = next((a.id for a in attributions if a.id != "BOTH"), None)
            when = next((d.when for d in dates if not d.since), None)
            state.reading.not_contacts.append(
                NotContact(
                    "announcement",
                    clause.text.strip(),
                    parties,
                    evidence,
                    None if kind == "spoke" else kind,
                    when,
                    by,
                )
            )
            continue
        if cues.BLOCKER.search(clause.text) and not last:
            continue
        contact = _contact(
            kind, clause, sentence, previous, in_clause, people, dates, sentence_dates, made, state
        )
        if contact is None:
            continue
        made.append(contact)
        if last and not absence_done:
            state.reading.not_contacts.append(
                NotContact(
                    "absence",
                    clause.text.strip(),
                    tuple(contact.participants),
                    evidence,
                    contact.type,
                    contact.when,
                )
            )
            absence_done = True
    state.subject = first_subject or state.subject
    state.people += [p for c in made for p in c.participants if p.kind == "person"]
    state.people += [party(m, g) for m in mentions if m.kind == "person"]
    agents = [m for m in mentions if m.kind == "agent"]
    state.last_agent = agents[-1] if agents else state.last_agent
    targets = made or referenced(sentence, mentions, state)
    for target in targets:
        add_claims(target, sentence, evidence, attributions, bool(made), state)


def _contact(kind: str, clause: Sentence, sentence: Sentence, previous: Sentence | None, mentions: list[Mention],
             people: list[Party], dates: list[DateMention], sentence_dates: list[DateMention],
             made: list[ContactCandidate], state: State) -> ContactCandidate | None:  # fmt: skip
    g = state.gazetteer
    when = _when(clause, dates, sentence, sentence_dates, state)
    places = [m for m in mentions if m.kind in ("country", "city")]
    location: str | None = None
    if kind == "spoke":
        in_place = any(m.kind in ("country", "city") for m in mentions) and re.search(
            r"\b(?:in|at) (?!(?:January|February|March|April|May|June|July|August|September|October|November|December)\b)[A-Z]",
            clause.text,
        )
        kind = made[-1].type if made else ("meeting" if in_place else "phone-call")
    hosted = re.search(r"\bhosted\b", clause.text)
    parties = list(people)
    if kind == "negotiation-round" or (hosted and not people):
        host = (
            next((m for m in places if m.end <= clause.start + hosted.start()), None)
            if hosted
            else None
        )
        sides = [party(m, g) for m in places if m is not host]
        if len(sides) < 2 and previous is not None:
            sides += [
                party(m, g)
                for m in g.mentions(previous.text, previous.start)
                if m.kind == "country" and (host is None or m.id != host.id)
            ]
        sides = [s for s in sides if s.kind != "city"]
        parties = unique((people or sides) + ([party(host, g, "host")] if host else []))
        parties = [p for p in parties if host is None or p.id != host.id or p.role == "host"]
        location = host.name if host else None
        kind = "negotiation-round"
    elif kind == "visit":
        target = re.search(
            r"\b(?:to|in|visited)\s+(?P<place>[A-Z][\w'’-]+(?: [A-Z][\w'’-]+)?)", clause.text
        )
        place = next(
            (m for m in places if target and m.start >= clause.start + target.start("place")), None
        )
        if hosted and len(people) >= 2:
            parties = [
                Party(**{**people[1].__dict__, "role": "visitor"}),
                Party(**{**people[0].__dict__, "role": "host"}),
            ]
        elif people and (place is not None or len(people) >= 2):
            if len(people) >= 2:
                guest = Party(**{**people[1].__dict__, "role": "host"})
            else:
                assert place is not None
                guest = party(place, g, "host")
            parties = [Party(**{**people[0].__dict__, "role": "visitor"}), guest]
        location = target.group("place") if target else None
    if len({p.id for p in parties}) < 2 and (
        cues.PLURAL_REF.search(clause.text) or cues.LAST.search(clause.text)
    ):
        source = (
            made[-1] if made else (state.reading.contacts[-1] if state.reading.contacts else None)
        )
        parties = list(source.participants) if source else parties
    if len({p.id for p in parties}) < 2:
        return None
    if when is None:
        if not cues.REFERENCE.search(sentence.text):
            state.reading.review.append(
                f"a contact without a date was left out: {sentence.text!r} [{sentence.start}:{sentence.end}]"
            )
        return None
    if (
        len(parties) > 2
        and kind == "meeting"
        and re.search(r"\bsummit\b|\bconference\b", clause.text, re.I)
    ):
        kind = "multilateral-meeting"
    series = bool(cues.SERIES.search(clause.text)) or (
        when.start != when.end
        and bool(re.search(r"\b(?:talks|calls|meetings|contacts)\b", clause.text))
    )
    evidence = Evidence(sentence.text, sentence.start, sentence.end)
    for old in state.reading.contacts:
        if (
            old.type == kind
            and old.when == when
            and {p.id for p in old.participants} == {p.id for p in parties}
        ):
            old.evidence.append(evidence)
            return None
    date_text = ", ".join(d.text for d in dates) or "from context"
    contact = ContactCandidate(
        kind, when, date_text, parties, [evidence], series=series, location=location
    )
    if series:
        contact.review.append("a series: the article gives no count")
    for p in parties:
        if p.new:
            contact.review.append(
                f"new person {p.name!r} ({p.title or 'no title'}): check and add a tenure"
            )
    state.reading.contacts.append(contact)
    return contact
