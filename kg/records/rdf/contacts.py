"""Contacts as N-Triples: the contact, a participation per participant, claims and statements."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import NamedTuple

from kg.dates import DateBounds
from kg.records.ntriples import iri
from kg.records.rdf.terms import (
    _A,
    _ASSERTED,
    _CLAIM_TERMS,
    _P,
    _ROLES,
    _STATUSES,
    _TRUE,
    _TYPES,
    _UNSAFE,
    ONE_VALUED,
    _day,
    _lit,
    _term,
)
from kg.records.status import ClaimView, status_of, status_with_rivals
from kg.vocab import (
    local_id,
    resource_iri,
)


class Participant(NamedTuple):
    """A participant of a contact, resolved: its IRI, display name, role, the one
    country it acted for and the posts it held at the contact's date (IRIs)."""

    agent: str
    name: str
    role: str = "participant"
    acted_for: str | None = None
    posts: tuple[str, ...] = ()


class Claim(NamedTuple):
    """One claim about a contact, resolved.

    Attributes
    ----------
    key : str
        Unique among the contact's claims (letters, digits, ``.``, ``_``,
        ``-``): the claim is ``claim/CONTACT-KEY``.
    predicate : str
        ``occurred``, ``topic``, ``initiator``, ``visitor`` or ``date``.
    value : str or None
        An IRI for a topic, initiator or visitor; an EDTF string for a date.
    by : str
        IRI of the agent making the claim.
    side : str or None
        The country the agent speaks for (for the status rules).
    source : str
        IRI of the document the claim comes from.
    publisher : str
        The document's publisher (for the status rules).
    stance : str
        ``affirms`` or ``denies``.
    quote : str or None
        The source's words.
    cameo : tuple of str
        The CAMEO codes of the source's codings, if any.
    about : str or None
        For a ``title`` claim, the IRI of the participant the source gives
        the title (``value``) to: the statement is about their
        participation, never a tenure.
    """

    key: str
    predicate: str
    value: str | None
    by: str
    side: str | None
    source: str
    publisher: str
    stance: str = "affirms"
    quote: str | None = None
    cameo: tuple[str, ...] = ()
    about: str | None = None


class ContactSpec(NamedTuple):
    """Everything written about one contact; ``extra`` holds further
    ``(predicate IRI, formatted object)`` pairs for the contact node."""

    id: str
    type: str
    date: DateBounds
    participants: tuple[Participant, ...]
    claims: tuple[Claim, ...]
    location: str | None = None
    note: str | None = None
    series: bool = False
    extra: tuple[tuple[str, str], ...] = ()


def contact_label(kind: str, names: Sequence[str], edtf: str) -> str:
    """The ``rdfs:label`` of a contact.

    >>> contact_label("phone-call", ["A", "B"], "2024-04")
    'phone call, A – B, 2024-04'
    """
    return f"{kind.replace('-', ' ')}, {' – '.join(names)}, {edtf}"


@functools.lru_cache(maxsize=1 << 16)
def statement_suffix(predicate: str, value: str | None) -> str:
    """The part of a statement's id after the contact id (``occurred``, ``topic-x``...).

    An IRI-valued statement is named after the IRI's local id.

    >>> statement_suffix("initiator", "https://w3id.org/kg-contacts/id/country/fr")
    'initiator-fr'
    >>> statement_suffix("date", "2022-10")
    'date-2022-10'
    """
    if value is None:
        return predicate
    if predicate != "date":
        value = local_id(value)
    return f"{predicate}-{_UNSAFE.sub('_', value)}"


def participation_suffix(agent: str) -> str:
    """The fragment naming an agent's participation in a contact (``#p-lecornu``).

    >>> participation_suffix("https://w3id.org/kg-contacts/id/person/lecornu")
    'lecornu'
    """
    return _UNSAFE.sub("_", local_id(agent))


def _statement_object(predicate: str, value: str | None) -> str:
    if predicate == "occurred":
        return _TRUE
    if predicate in ("date", "title"):
        return _lit(value or "")
    return _term(value or "")


def _claim_suffix(claim: Claim) -> str:
    if claim.about is None:
        return statement_suffix(claim.predicate, claim.value)
    text = _UNSAFE.sub("_", claim.value or "")
    return f"{claim.predicate}-{participation_suffix(claim.about)}-{text}"


def contact(out: set[str], spec: ContactSpec) -> None:
    """A contact, its claims and its statements with their statuses (see the module)."""
    node = resource_iri("contact", spec.id)
    subject = iri(node)  # checked: the claim and statement IRIs below extend it
    claim_base = node.replace("/contact/", "/claim/", 1)
    statement_base = node.replace("/contact/", "/statement/", 1)
    add, p, date = out.add, _P, spec.date
    add(f"{subject} {_A} {p['Contact']} .\n")
    add(f"{subject} {_A} {_TYPES[spec.type]} .\n")
    label = contact_label(spec.type, [part.name for part in spec.participants], date.edtf)
    add(f"{subject} {p['label']} {_lit(label)} .\n")
    add(f"{subject} {p['edtf']} {_lit(date.edtf)} .\n")
    add(f"{subject} {p['earliest']} {_day(date.earliest)} .\n")
    add(f"{subject} {p['latest']} {_day(date.latest)} .\n")
    add(f"{subject} {p['precision']} <{date.precision_iri}> .\n")
    if spec.series:
        add(f"{subject} {p['series']} {_TRUE} .\n")
    if spec.location:
        add(f"{subject} {p['location']} {_lit(spec.location)} .\n")
    if spec.note:
        add(f"{subject} {p['comment']} {_lit(spec.note)} .\n")
    for predicate, obj in spec.extra:
        add(f"{subject} {_term(predicate)} {obj} .\n")
    for part in spec.participants:
        agent = _term(part.agent)
        participation = f"<{node}#p-{participation_suffix(part.agent)}>"
        add(f"{subject} {p['participant']} {agent} .\n")
        add(f"{subject} {p['association']} {participation} .\n")
        add(f"{participation} {_A} {p['Participation']} .\n")
        add(f"{participation} {p['agent']} {agent} .\n")
        add(f"{participation} {p['hadRole']} {_ROLES[part.role]} .\n")
        if part.role != "participant":
            add(f"{subject} {p[part.role]} {agent} .\n")
        if part.acted_for:
            country = _term(part.acted_for)
            add(f"{participation} {p['actedFor']} {country} .\n")
            add(f"{subject} {p['participantCountry']} {country} .\n")
        for held in part.posts:
            post_term = _term(held)
            add(f"{participation} {p['heldPost']} {post_term} .\n")
            add(f"{subject} {p['participantPost']} {post_term} .\n")
    views: dict[tuple[str, str | None, str | None], list[ClaimView]] = {}
    for claim in spec.claims:
        key = (claim.predicate, claim.value, claim.about)
        views.setdefault(key, []).append(ClaimView(claim.stance, claim.side, claim.publisher))
        claim_node = f"<{claim_base}-{claim.key}>"
        statement = f"<{statement_base}-{_claim_suffix(claim)}>"
        stance = p["Affirms"] if claim.stance == "affirms" else p["Denies"]
        add(f"{claim_node} {_A} {p['Claim']} .\n")
        add(f"{claim_node} {_A} {p['Entity']} .\n")
        add(f"{claim_node} {p['claims']} {statement} .\n")
        add(f"{claim_node} {p['stance']} {stance} .\n")
        add(f"{claim_node} {p['attributed']} {_term(claim.by)} .\n")
        add(f"{claim_node} {p['derived']} {_term(claim.source)} .\n")
        if claim.quote:
            add(f"{claim_node} {p['quote']} {_lit(claim.quote)} .\n")
        for code in claim.cameo:
            add(f"{claim_node} {p['cameoCode']} {_lit(code)} .\n")
    for (predicate, value, about), own in views.items():
        rivals = (
            [
                view
                for (other_predicate, other, _), other_views in views.items()
                if other_predicate == predicate and other != value
                for view in other_views
            ]
            if predicate in ONE_VALUED
            else ()
        )
        status = _STATUSES[status_with_rivals(own, rivals) if rivals else status_of(own)]
        claimed = Claim("", predicate, value, "", None, "", "", about=about)
        statement = f"<{statement_base}-{_claim_suffix(claimed)}>"
        obj = _statement_object(predicate, value)
        about_node = subject
        if about is not None:
            about_node = f"<{node}#p-{participation_suffix(about)}>"
        add(f"{statement} {_A} {p['Statement']} .\n")
        add(f"{statement} {p['subject']} {about_node} .\n")
        add(f"{statement} {p['predicate']} {_CLAIM_TERMS[predicate]} .\n")
        add(f"{statement} {p['object']} {obj} .\n")
        add(f"{statement} {p['status']} {status} .\n")
        if predicate == "occurred":
            add(f"{subject} {p['status']} {status} .\n")
        elif predicate not in ("date", "title") and status in _ASSERTED:
            # The contact's own date is its kg:edtf; date claims stay statements,
            # and a title a source gives is only ever its claim.
            add(f"{subject} {_CLAIM_TERMS[predicate]} {obj} .\n")
