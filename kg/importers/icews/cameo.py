"""The CAMEO codes an ICEWS import keeps, and what each says about a contact.

ICEWS codes events with CAMEO; the Dataverse files give the code
(``040``), the temporal-knowledge-graph files its English name
(``Consult``). Seven codes are contacts and one, 036, an announced meeting:

====  ====================================  ====================  ==========
code  name                                  contact type          mode
====  ====================================  ====================  ==========
036   Express intent to meet or negotiate   (announced meeting)   --
040   Consult                               meeting               unspecified
041   Discuss by telephone                  phone-call            phone
042   Make a visit                          visit                 in-person
043   Host a visit                          visit                 in-person
044   Meet at a 'third' location            third-location-meeting in-person
045   Mediate                               meeting               unspecified
046   Engage in negotiation                 negotiation-round     unspecified
====  ====================================  ====================  ==========

The *mode* tells how the sides met: by telephone, in person, or the code
does not say (a consultation or a negotiation may be either). The grouping
rule (:mod:`kg.importers.icews.grouping`) never puts a phone call and an
in-person meeting into one contact.

Examples
--------
>>> code_of("Discuss_by_telephone"), code_of("meet at a 'third' location"), code_of("Accuse")
('041', '044', None)
>>> contact_type({"040", "041"}), contact_type({"040", "046"}), contact_type({"043", "044"})
('phone-call', 'negotiation-round', 'visit')
"""

from __future__ import annotations

from collections.abc import Collection

__all__ = [
    "ANNOUNCED",
    "CONTACT_CODES",
    "NAMES",
    "MODES",
    "PRIORITY",
    "code_of",
    "contact_type",
]

#: CAMEO 036, "express intent to meet or negotiate": an announced meeting.
ANNOUNCED = "036"
#: CAMEO codes of contacts, and the contact type each gives.
CONTACT_CODES: dict[str, str] = {
    "040": "meeting",
    "041": "phone-call",
    "042": "visit",
    "043": "visit",
    "044": "third-location-meeting",
    "045": "meeting",
    "046": "negotiation-round",
}
#: The CAMEO name of each kept code, as the temporal-knowledge-graph files write it.
NAMES: dict[str, str] = {
    "036": "Express intent to meet or negotiate",
    "040": "Consult",
    "041": "Discuss by telephone",
    "042": "Make a visit",
    "043": "Host a visit",
    "044": "Meet at a 'third' location",
    "045": "Mediate",
    "046": "Engage in negotiation",
}
#: How the sides met, by code: ``phone``, ``in-person`` or ``any`` (not said).
MODES: dict[str, str] = {
    "040": "any",
    "041": "phone",
    "042": "in-person",
    "043": "in-person",
    "044": "in-person",
    "045": "any",
    "046": "any",
}
#: The most specific type wins when the rows of one contact disagree: the
#: mode first (a visit, a meeting elsewhere, a call), then the purpose.
PRIORITY = ("visit", "third-location-meeting", "phone-call", "negotiation-round", "meeting")

_BY_NAME = {name.casefold(): code for code, name in NAMES.items()}


def code_of(name: str) -> str | None:
    """The kept CAMEO code a relation name stands for (underscores read as spaces), or ``None``."""
    return _BY_NAME.get(" ".join(name.replace("_", " ").split()).casefold())


def contact_type(codes: Collection[str]) -> str:
    """The contact type of a contact coded with ``codes`` (see :data:`PRIORITY`)."""
    kinds = {CONTACT_CODES[c] for c in codes}
    return next(k for k in PRIORITY if k in kinds)
