"""``kg graph``: the contact network as one offline HTML page (:mod:`kg.network.html`)."""

from __future__ import annotations

import click

from kg.cli.support import Settings, output_option, pass_settings, write_output

__all__ = ["COMMANDS", "graph"]


@click.command("graph")
@output_option("contacts.html", "the page")
@click.option("--from", "start", metavar="DATE", help="Only contacts that may be on or after DATE.")
@click.option("--to", "end", metavar="DATE", help="Only contacts that may be on or before DATE.")
@click.option(
    "--country",
    "countries",
    metavar="C",
    multiple=True,
    help="Only contacts with a participant of country C (repeatable).",
)
@click.option(
    "--person",
    "people",
    metavar="P",
    multiple=True,
    help="Only contacts in which P took part (repeatable); their counterparts are shown too.",
)
@click.option(
    "--type",
    "types",
    metavar="T",
    multiple=True,
    help="Only contacts of type T, e.g. phone-call, visit, meeting (repeatable).",
)
@pass_settings
def graph(
    settings: Settings,
    output: str,
    start: str | None,
    end: str | None,
    countries: tuple[str, ...],
    people: tuple[str, ...],
    types: tuple[str, ...],
) -> None:
    """Write the network of contacts as one self-contained HTML page.

    People are nodes coloured by country and sized by their number of
    contacts; each pair's contacts are one line, thicker for more, with a
    tooltip listing date, type, status, topics and sources (disputed ones
    marked). The page filters by date and type and finds people by name. It
    loads nothing from the network, so it opens offline or as an attachment.
    DATE is YYYY, YYYY-MM or YYYY-MM-DD. Exit code 1 when nothing matches.

    \b
    Examples:
        kg graph
        kg graph -o russia.html --country Russia --from 2022
        kg graph --person Macron --type phone-call
    """
    from kg.network.html import graph_page, select_graph

    selection = select_graph(
        settings.open(), start=start, end=end, countries=countries, people=people, types=types
    )
    page = graph_page(selection.graph, title=selection.title, summary=selection.summary)
    report = f"{page.nodes} participants, {page.pairs} pairs, {page.contacts} contacts"
    write_output(output, page.html, report)


#: The commands this module adds to ``kg``.
COMMANDS = [graph]
