"""The status of a statement, derived from the claims made about it.

The rules, implemented here and nowhere else (the loader stores the result
as ``kg:status`` so every query reads the same answer):

- **disputed**: at least one claim affirms the statement and at least one
  denies it;
- **denied**: every claim denies it;
- **confirmed**: no claim denies it, and it is affirmed by agents of at
  least two different sides (the countries agents speak for), or in
  documents of at least two different publishers;
- **reported**: otherwise — affirmed by one side in one publisher's
  documents.

A contact has one initiator, so rival initiator statements contradict each
other: a claim affirming one initiator counts as denying every other
(:func:`status_with_rivals`), and two sides naming different initiators
leave both disputed.

Examples
--------
>>> status_of([ClaimView("affirms", "ru", "afp"), ClaimView("affirms", "fr", "afp")])
'confirmed'
>>> status_of([ClaimView("affirms", "ru", "afp")])
'reported'
>>> status_of([ClaimView("affirms", "ru", "afp"), ClaimView("denies", "fr", "afp")])
'disputed'
>>> status_of([ClaimView("denies", "fr", "afp")])
'denied'
>>> status_of([ClaimView("affirms", None, "afp"), ClaimView("affirms", None, "reuters")])
'confirmed'
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

__all__ = ["STATUSES", "ClaimView", "status_of", "status_with_rivals"]

#: Status names, from the strongest to the weakest support.
STATUSES = ("confirmed", "reported", "disputed", "denied")


class ClaimView(NamedTuple):
    """What the status rules need to know of one claim.

    Attributes
    ----------
    stance : str
        ``affirms`` or ``denies``.
    side : str or None
        The country the claiming agent speaks for, if any.
    publisher : str
        The publisher of the document the claim comes from.
    """

    stance: str
    side: str | None
    publisher: str


def status_of(claims: Sequence[ClaimView]) -> str:
    """Return the status of a statement given every claim about it."""
    if not claims:
        raise ValueError("a statement needs at least one claim")
    affirming = [c for c in claims if c.stance == "affirms"]
    denying = [c for c in claims if c.stance == "denies"]
    if affirming and denying:
        return "disputed"
    if not affirming:
        return "denied"
    sides = {c.side for c in affirming if c.side is not None}
    publishers = {c.publisher for c in affirming}
    if len(sides) >= 2 or len(publishers) >= 2:
        return "confirmed"
    return "reported"


def status_with_rivals(claims: Sequence[ClaimView], rivals: Sequence[ClaimView]) -> str:
    """Status of a statement whose rivals (other values of a one-valued
    property, such as another initiator) are affirmed by ``rivals``.

    >>> moscow = [ClaimView("affirms", "ru", "afp")]
    >>> paris = [ClaimView("affirms", "fr", "afp")]
    >>> status_with_rivals(moscow, paris)
    'disputed'
    >>> status_with_rivals(moscow, [ClaimView("denies", "fr", "afp")])
    'reported'
    """
    implied = [ClaimView("denies", c.side, c.publisher) for c in rivals if c.stance == "affirms"]
    return status_of([*claims, *implied])
