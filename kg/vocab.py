"""Namespaces, and the terms of our own ontology declared once.

The terms of the ``kg:`` namespace are declared in ``ontology/kg.ttl``;
:data:`KG` lists the same names and refuses any other, so a misspelt term
fails at once instead of producing an IRI nobody queries. A test keeps the
two lists in step.

This module imports nothing heavy: the query path uses it without rdflib.

Examples
--------
>>> KG.PhoneCall
'https://w3id.org/kg-contacts/ns#PhoneCall'
>>> KG.PhoneCal
Traceback (most recent call last):
...
AttributeError: kg: has no term 'PhoneCal'
>>> resource_iri("person", "lecornu")
'https://w3id.org/kg-contacts/id/person/lecornu'
"""

from __future__ import annotations

__all__ = [
    "StrictNamespace",
    "KG",
    "KG_TERMS",
    "BASE",
    "ID_BASE",
    "resource_iri",
    "local_id",
    "PREFIXES",
    "POST_LEVELS",
    "CONTACT_TYPES",
    "CONTACT_TYPE_NAMES",
    "ENTITY_KINDS",
    "SCHEMA",
    "SEM",
    "ORG",
    "PROV",
    "DCT",
    "FOAF",
    "SKOS",
    "TIME",
    "WIKIDATA",
    "XSD",
    "RDF",
    "RDFS",
    "OWL",
]

BASE = "https://w3id.org/kg-contacts/"
ID_BASE = BASE + "id/"

KG_TERMS: frozenset[str] = frozenset(
    {
        # classes
        "Contact",
        "PhoneCall",
        "VideoCall",
        "Meeting",
        "Visit",
        "ThirdLocationMeeting",
        "NegotiationRound",
        "MultilateralMeeting",
        "Claim",
        "Stance",
        "Status",
        "PostLevel",
        "AnonymousSource",
        "Participation",
        # individuals
        "Affirms",
        "Denies",
        "Confirmed",
        "Reported",
        "Disputed",
        "Denied",
        "HeadOfState",
        "HeadOfGovernment",
        "ForeignMinister",
        "DefenceMinister",
        "Minister",
        "OtherOfficial",
        "unitSeason",
        "unitDecade",
        "ParticipantRole",
        "VisitorRole",
        "HostRole",
        # properties
        "participant",
        "visitor",
        "host",
        "initiator",
        "participantCountry",
        "participantPost",
        "heldPost",
        "actedFor",
        "statedTitle",
        "broaderLevel",
        "edtf",
        "earliest",
        "latest",
        "precision",
        "series",
        "topic",
        "status",
        "occurred",
        "claims",
        "stance",
        "quote",
        "country",
        "post",
        "postLevel",
        "closeTo",
        "cameoCode",
        "ploverMode",
        # imported sources (#7)
        "AnnouncedMeeting",
        "needsReview",
        "reportCount",
        "coversContactType",
        "coversSide",
        "recordCount",
        "contactCount",
        "mergedCount",
        "unresolvedCount",
        # the pair index (#19)
        "ContactPair",
        "side",
        "pairLevel",
        "earlierContact",
        "lastContact",
    }
)


class StrictNamespace:
    """An IRI prefix that only hands out the terms it was given.

    Parameters
    ----------
    prefix : str
        The namespace IRI.
    terms : frozenset of str, optional
        The allowed local names; ``None`` allows any (for vocabularies we
        do not own).
    """

    def __init__(self, prefix: str, terms: frozenset[str] | None = None) -> None:
        self._prefix = prefix
        self._terms = terms

    def __getattr__(self, name: str) -> str:
        if name.startswith("_"):
            raise AttributeError(name)
        return self.term(name)

    def term(self, name: str) -> str:
        """Return the IRI of ``name``, refusing names not declared."""
        if self._terms is not None and name not in self._terms:
            raise AttributeError(f"kg: has no term '{name}'")
        return self._prefix + name

    def __str__(self) -> str:
        return self._prefix


KG = StrictNamespace(BASE + "ns#", KG_TERMS)
SCHEMA = StrictNamespace("http://schema.org/")
SEM = StrictNamespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
ORG = StrictNamespace("http://www.w3.org/ns/org#")
PROV = StrictNamespace("http://www.w3.org/ns/prov#")
DCT = StrictNamespace("http://purl.org/dc/terms/")
FOAF = StrictNamespace("http://xmlns.com/foaf/0.1/")
SKOS = StrictNamespace("http://www.w3.org/2004/02/skos/core#")
TIME = StrictNamespace("http://www.w3.org/2006/time#")
WIKIDATA = StrictNamespace("http://www.wikidata.org/entity/")
XSD = StrictNamespace("http://www.w3.org/2001/XMLSchema#")
RDF = StrictNamespace("http://www.w3.org/1999/02/22-rdf-syntax-ns#")
RDFS = StrictNamespace("http://www.w3.org/2000/01/rdf-schema#")
OWL = StrictNamespace("http://www.w3.org/2002/07/owl#")

#: Prefixes used in the shipped queries and serialisations.
PREFIXES: dict[str, str] = {
    "kg": str(KG),
    "schema": str(SCHEMA),
    "sem": str(SEM),
    "org": str(ORG),
    "prov": str(PROV),
    "dct": str(DCT),
    "foaf": str(FOAF),
    "skos": str(SKOS),
    "time": str(TIME),
    "wd": str(WIKIDATA),
    "xsd": str(XSD),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
}


#: Post levels as records and ``--level`` name them, and their kg: individuals.
POST_LEVELS: dict[str, str] = {
    "head-of-state": "HeadOfState",
    "head-of-government": "HeadOfGovernment",
    "foreign-minister": "ForeignMinister",
    "defence-minister": "DefenceMinister",
    "minister": "Minister",
    "other": "OtherOfficial",
}


#: Contact types as records and commands name them, and their kg: classes.
CONTACT_TYPES: dict[str, str] = {
    "phone-call": "PhoneCall",
    "video-call": "VideoCall",
    "meeting": "Meeting",
    "visit": "Visit",
    "third-location-meeting": "ThirdLocationMeeting",
    "negotiation-round": "NegotiationRound",
    "multilateral-meeting": "MultilateralMeeting",
}
#: The contact type name of each kg: class IRI (``...#PhoneCall`` → ``phone-call``).
CONTACT_TYPE_NAMES: dict[str, str] = {KG.term(c): name for name, c in CONTACT_TYPES.items()}

#: The kind of entity each class stands for, as commands and JSON name it.
ENTITY_KINDS: dict[str, str] = {
    FOAF.Person: "person",
    SCHEMA.Country: "country",
    ORG.Organization: "organisation",
    ORG.Post: "post",
    KG.AnonymousSource: "anonymous source",
}


def resource_iri(kind: str, ident: str) -> str:
    """Return the IRI of a data resource of ``kind`` (person, contact, ...)."""
    return f"{ID_BASE}{kind}/{ident}"


def local_id(iri: str) -> str:
    """Return the id part of a data resource IRI (its last path segment).

    >>> local_id('https://w3id.org/kg-contacts/id/person/lecornu')
    'lecornu'
    """
    return iri.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]
