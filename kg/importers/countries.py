"""Names of countries and organisations as imported records write them.

Countries themselves are entities of :mod:`kg.identity.countries` (its
catalogue, built from ``pycountry``, ``Babel`` and the project's table),
where a country the curated data knows keeps its curated IRI
(:meth:`kg.importers.context.ImportContext.country_iri`). :data:`ALIASES`
maps a few other spellings of ICEWS to Historian-style ids, which the
catalogue reads as names; :data:`ORGANISATIONS` lists the prefixes naming
an international organisation rather than a country.

Examples
--------
>>> slug("Korea, South")
'korea-south'
>>> ALIASES["south korea"]
'korea-south'
"""

from __future__ import annotations

from kg.identity.countries import slug

__all__ = ["slug", "ALIASES", "ORGANISATIONS"]


#: Other names of countries (ICEWS spellings), folded, and the Historian's id.
ALIASES: dict[str, str] = {
    "russian federation": "russia", "north korea": "korea-north", "south korea": "korea-south",
    "united states of america": "united-states", "czechia": "czech-republic",
    "occupied palestinian territory": "palestinian-authority", "myanmar": "burma",
    "palestinian territory occupied": "palestinian-authority",
    "the former yugoslav republic of macedonia": "macedonia",
    "ivory coast": "cote-divoire", "cote d ivoire": "cote-divoire", "holy see": "holy-see",
    "vatican city": "holy-see", "macedonia": "macedonia", "swaziland": "eswatini",
    "democratic republic of congo": "congo-democratic-republic",
    "congo": "congo-republic", "east timor": "timor-leste", "turkiye": "turkey",
}  # fmt: skip

#: Prefixes naming an international organisation rather than a country.
ORGANISATIONS = frozenset(
    {
        "nato", "un", "u.n.", "united nations", "eu", "european union", "european commission",
        "european council", "osce", "african union", "arab league", "iaea", "oas", "asean",
        "unesco", "who", "imf", "world bank", "wto", "gcc", "opec", "g7", "g20",
    }
)  # fmt: skip
