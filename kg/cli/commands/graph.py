"""``kg graph``: the contact network as one offline HTML page (:mod:`kg.network.html`)."""

from __future__ import annotations

from typing import Any

import click

from kg.cli.support import (
    SELECTION_KEYS,
    Settings,
    output_option,
    pass_settings,
    selection_options,
    write_output,
)

__all__ = ["COMMANDS", "graph"]


@click.command("graph")
@output_option("contacts.html", "the page")
@selection_options
@pass_settings
def graph(settings: Settings, /, output: str, **options: Any) -> None:
    """Write the network of contacts as one self-contained HTML page.

    A large network opens on countries, each labelled with its number of
    contacts; double-click one to show its people, a person to show their
    contacts. Clicking a person or a line highlights it and lists its
    contacts in time order: date at its precision, type, status and who
    affirms or denies each statement, sources. The page filters by date,
    type, status, source and country. It loads nothing from the network, so
    it opens offline or as an attachment. DATE is YYYY, YYYY-MM or
    YYYY-MM-DD. Exit code 1 when nothing matches.

    \b
    Examples:
        kg graph
        kg graph -o russia.html --country Russia --from 2022
        kg graph --person Macron --type phone-call
    """
    from kg.network.html import selection_page
    from kg.network.selection import select

    store = settings.open()
    page = selection_page(store, select(store, **{k: options[k] for k in SELECTION_KEYS}))
    report = f"{page.nodes} participants, {page.pairs} pairs, {page.contacts} contacts"
    write_output(output, page.html, report)


#: The commands this module adds to ``kg``.
COMMANDS = [graph]
