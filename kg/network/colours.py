"""Country colours of the graph page that stay the same from one page to the next.

A country's colour is derived from the country itself: its id is hashed into
a palette of :data:`PALETTE` colours, so Russia has the same colour on every
page that colours it, whatever else the page shows. A page colours at most
:data:`COLOURED_COUNTRIES` countries, so that the colours can be told apart:
the countries that matter most on the page (the caller says how much), in
turn, each taking the colour of its own slot; a country whose slot a larger country of the same page has
already taken, and every country beyond the limit, is drawn in
:data:`OTHER` and grouped in the legend as "other countries".

The palette holds no red (red marks what is disputed) and no grey (grey is
"other" or "no country").

Examples
--------
>>> colour_slot("ru") == colour_slot("ru")
True
>>> colours = country_colours({"fr": 40, "ru": 30, "tr": 2}, limit=2)
>>> sorted(colours) == ["fr", "ru", "tr"] and colours["tr"] is None
True
>>> colours["fr"] == PALETTE[colour_slot("fr")]
True
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping

__all__ = ["PALETTE", "OTHER", "NO_COUNTRY", "COLOURED_COUNTRIES", "colour_slot", "country_colours"]

#: Sixteen colours, told apart by hue and lightness; no red, no grey.
PALETTE: tuple[str, ...] = (
    "#1f6fb4",  # blue
    "#f08c1a",  # orange
    "#2e9e44",  # green
    "#8a5cc2",  # purple
    "#8c5a3c",  # brown
    "#e07ac0",  # pink
    "#a8a81c",  # olive
    "#19b3c6",  # cyan
    "#0b3f73",  # navy
    "#f5c242",  # yellow
    "#84d67a",  # light green
    "#c6a8e6",  # lavender
    "#d2a77c",  # tan
    "#1b6b5a",  # teal
    "#7fb8f0",  # sky
    "#5e5a9e",  # indigo
)
#: Countries without a colour of their own on the page.
OTHER = "#b1b8c0"
#: Participants tied to no country.
NO_COUNTRY = "#dde1e6"
#: How many countries one page colours, at most.
COLOURED_COUNTRIES = 12


def colour_slot(country_id: str) -> int:
    """The palette slot of a country: a hash of its id, the same on every page and machine."""
    digest = hashlib.sha256(country_id.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % len(PALETTE)


def country_colours(
    weights: Mapping[str, int], limit: int = COLOURED_COUNTRIES
) -> dict[str, str | None]:
    """The colour of each country of a page (``None``: grouped as "other").

    Parameters
    ----------
    weights : mapping of str to int
        Country id to its weight on the page (``kg graph``: the contacts its
        participants took part in).
    limit : int
        How many countries get a colour, at most.

    Returns
    -------
    dict
        Every country id of ``weights``, in id order, with its palette
        colour or ``None``. The heaviest countries come first; each keeps the colour of its slot (:func:`colour_slot`) when
        no larger country of the page holds it.
    """
    taken: dict[int, str] = {}
    for country in sorted(weights, key=lambda c: (-weights[c], c)):
        if len(taken) >= limit:
            break
        taken.setdefault(colour_slot(country), country)
    coloured = {country: PALETTE[slot] for slot, country in taken.items()}
    return {country: coloured.get(country) for country in sorted(weights)}
