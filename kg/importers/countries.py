"""Countries of imported records: one IRI per country, shared by every source.

A country the curated data knows (by name or alias: France, Russia, Türkiye)
keeps its curated IRI; any other gets ``country/SLUG``, where SLUG is the
Office of the Historian's country id (``korea-south``), so that every
source naming the same country names the same node. :data:`DEMONYMS` maps
the adjectives remarks use ("Russian Foreign Minister") to those ids.

Examples
--------
>>> slug("Korea, South")
'korea-south'
>>> ALIASES["south korea"]
'korea-south'
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["slug", "DEMONYMS", "ALIASES", "ORGANISATIONS"]


def slug(text: str) -> str:
    """Lower-case ASCII words joined by hyphens; ``Korea, South`` → ``korea-south``."""
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_text = decomposed.encode("ascii", "ignore").decode("ascii").casefold()
    return "-".join(re.findall(r"[a-z0-9]+", ascii_text))


#: Adjectives naming a country in remarks, and the Historian's id for it.
DEMONYMS: dict[str, str] = {
    "afghan": "afghanistan", "albanian": "albania", "algerian": "algeria",
    "argentine": "argentina", "argentinian": "argentina", "armenian": "armenia",
    "australian": "australia", "austrian": "austria", "azerbaijani": "azerbaijan",
    "bahraini": "bahrain", "bangladeshi": "bangladesh", "belarusian": "belarus",
    "belgian": "belgium", "bolivian": "bolivia", "bosnian": "bosnia-herzegovina",
    "brazilian": "brazil", "british": "united-kingdom", "bulgarian": "bulgaria",
    "burmese": "burma", "cambodian": "cambodia", "canadian": "canada", "chadian": "chad",
    "chilean": "chile", "chinese": "china", "colombian": "colombia", "croatian": "croatia",
    "cuban": "cuba", "cypriot": "cyprus", "czech": "czech-republic", "danish": "denmark",
    "dutch": "netherlands", "ecuadorian": "ecuador", "egyptian": "egypt",
    "emirati": "united-arab-emirates", "estonian": "estonia", "ethiopian": "ethiopia",
    "finnish": "finland", "french": "france", "georgian": "georgia", "german": "germany",
    "ghanaian": "ghana", "greek": "greece", "hungarian": "hungary", "icelandic": "iceland",
    "indian": "india", "indonesian": "indonesia", "iranian": "iran", "iraqi": "iraq",
    "irish": "ireland", "israeli": "israel", "italian": "italy", "japanese": "japan",
    "jordanian": "jordan", "kazakh": "kazakhstan", "kenyan": "kenya", "korean": "korea-south",
    "kosovar": "kosovo", "kuwaiti": "kuwait", "latvian": "latvia", "lebanese": "lebanon",
    "libyan": "libya", "lithuanian": "lithuania", "malaysian": "malaysia",
    "mexican": "mexico", "moldovan": "moldova", "mongolian": "mongolia",
    "moroccan": "morocco", "nigerian": "nigeria", "norwegian": "norway", "omani": "oman",
    "pakistani": "pakistan", "palestinian": "palestinian-authority", "panamanian": "panama",
    "peruvian": "peru", "philippine": "philippines", "filipino": "philippines",
    "polish": "poland", "portuguese": "portugal", "qatari": "qatar", "romanian": "romania",
    "russian": "russia", "rwandan": "rwanda", "saudi": "saudi-arabia", "serbian": "serbia",
    "singaporean": "singapore", "slovak": "slovakia", "slovenian": "slovenia",
    "somali": "somalia", "soviet": "russia", "spanish": "spain", "sudanese": "sudan",
    "swedish": "sweden", "swiss": "switzerland", "syrian": "syria", "taiwanese": "taiwan",
    "tanzanian": "tanzania", "thai": "thailand", "tunisian": "tunisia", "turkish": "turkey",
    "ugandan": "uganda", "ukrainian": "ukraine", "uruguayan": "uruguay", "uzbek": "uzbekistan",
    "venezuelan": "venezuela", "vietnamese": "vietnam", "yemeni": "yemen",
    "yugoslav": "yugoslavia", "zambian": "zambia", "zimbabwean": "zimbabwe",
}  # fmt: skip

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
