"""The one writer from records to RDF: N-Triples lines for every kind of record.

Curated records (:mod:`kg.records.curated`), the JSON Lines importer
(:mod:`kg.importers.jsonl`) and the Historian and ICEWS importers all write
their RDF through these functions, so a country, a post, a tenure or a
contact has the same shape wherever it comes from, and every shipped query
reads imported data as it reads curated data.

Every function adds N-Triples lines (``"<s> <p> o .\\n"``) to ``out``, a set
(so a resource written twice is written once); :func:`kg.records.ntriples.write_atomic`
and the store's bulk loader take them sorted. Subjects and objects are IRIs
as strings (:func:`kg.vocab.resource_iri`); literal values are plain Python
values, escaped here.

A contact (:func:`contact`) is written from a :class:`ContactSpec` whose
participants and claims are already resolved to IRIs: the contact node
(``kg:Contact`` and its specific type, a label, the EDTF date with its bounds
and precision), one ``kg:Participation`` per participant with its role, the
posts it held at the contact's date and the country it acted for (copied
onto the contact as ``kg:participantPost`` and ``kg:participantCountry``),
one ``kg:Claim`` per claim, and one
``rdf:Statement`` per distinct statement with the status
:mod:`kg.records.status` derives from its claims. A confirmed or reported
topic, initiator or visitor is also asserted on the contact itself; a
disputed one lives only in its claims. One-valued statements (the initiator,
the date, the visitor) dispute each other when claims give different values.

Examples
--------
>>> import datetime as dt
>>> from kg.dates import DateBounds
>>> day = dt.date(2024, 4, 3)
>>> person, country = resource_iri("person", "a"), resource_iri("country", "fr")
>>> spec = ContactSpec(
...     "c1", "phone-call", DateBounds("2024-04-03", day, day, "day"),
...     (Participant(person, "A", acted_for=country), Participant(country, "France", acted_for=country)),
...     (Claim("1", "occurred", None, resource_iri("org", "afp"), None,
...            resource_iri("source", "s1"), "afp"),),
... )
>>> out: set[str] = set()
>>> contact(out, spec)
>>> [line.split()[2] for line in sorted(out) if "/contact/c1> <https://w3id.org/kg-contacts/ns#status>" in line]
['<https://w3id.org/kg-contacts/ns#Reported>']
"""

from kg.records.rdf.contacts import (
    Claim,
    ContactSpec,
    Participant,
    contact,
    contact_label,
    participation_suffix,
    statement_suffix,
)
from kg.records.rdf.entities import (
    anonymous_agent,
    country,
    dataset,
    organisation,
    person,
    post,
    source,
    tenure,
)
from kg.records.rdf.terms import CLAIM_PROPERTIES, SOURCE_KINDS, STATUS_IRIS, names
from kg.vocab import resource_iri  # noqa: F401 - the examples use it

__all__ = [
    "STATUS_IRIS",
    "CLAIM_PROPERTIES",
    "SOURCE_KINDS",
    "Participant",
    "Claim",
    "ContactSpec",
    "contact_label",
    "statement_suffix",
    "participation_suffix",
    "names",
    "country",
    "organisation",
    "anonymous_agent",
    "post",
    "person",
    "tenure",
    "source",
    "dataset",
    "contact",
]
