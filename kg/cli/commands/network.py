"""Network commands: ``kg network stats``, ``kg path``, ``kg timeline``, ``kg communities``, ``kg export``.

Each reads the window and filters of the shared selection options
(:func:`kg.network.selection.select`), projects the matching contacts, asks one function of :mod:`kg.network.analysis`, and
renders the records with :func:`kg.output.text.render_rows`. networkx, rdflib
and the library modules are imported inside the commands, so that
registering them costs ``kg last-contact`` nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import click

from kg.cli.support import (
    SELECTION_KEYS,
    BadInput,
    Settings,
    exit_with,
    format_option,
    output_option,
    pass_settings,
    selection_options,
    write_output,
)

__all__ = ["COMMANDS", "network", "stats", "path", "timeline", "communities", "export"]


def _selection(settings: Settings, options: dict[str, Any]) -> tuple[Any, Any, Any]:
    """The store, its name index and the selection the options make."""
    from kg.network.selection import select
    from kg.query import name_index

    store = settings.open()
    index = name_index(store)
    chosen = {key: options[key] for key in SELECTION_KEYS}
    return store, index, select(store, index=index, **chosen)


def _echo_rows(rows: list[dict[str, Any]], columns: Sequence[str], fmt: str) -> None:
    from kg.output.text import render_rows

    click.echo(render_rows(rows, columns, fmt))


def _no_answer(sentence: str, columns: Sequence[str], fmt: str) -> None:
    """Say there is no answer (on stdout as text, on stderr beside empty rows) and exit 1."""
    if fmt == "table":
        click.echo(sentence)
    else:
        _echo_rows([], columns, fmt)
        click.echo(sentence, err=True)
    exit_with(1)


@click.group()
def network() -> None:
    """Structural questions about who speaks to whom.

    \b
    Example:
        kg network stats --from 2022 --to 2022
    """


_STATS_COLUMNS = ("id", "name", "kind", "countries", "contacts", "counterparts", "betweenness")
_PAIR_COLUMNS = ("a_id", "a", "b_id", "b", "contacts", "first", "last")


@network.command()
@click.option("--pairs", is_flag=True, help="List pairs by number of contacts instead.")
@click.option("--top", type=click.IntRange(min=1), metavar="N", help="Only the first N rows.")
@selection_options
@format_option()
@pass_settings
def stats(settings: Settings, /, pairs: bool, top: int | None, fmt: str, **options: Any) -> None:
    """Contacts, counterparts and betweenness per person, or the most frequent pairs.

    Betweenness is the share of shortest chains of contacts between two
    others that pass through someone: brokers between camps score high.
    Rows come brokers first (or, with --pairs, the most frequent pairs
    first). A series of contacts counts once.

    \b
    Examples:
        kg network stats
        kg network stats --pairs --top 5 --format csv
        kg network stats --from 2022 --to 2022 --country Russia
    """
    from kg.network import analysis as analyses

    store, _, selection = _selection(settings, options)
    graph = selection.project(store)
    if pairs:
        rows = [s._asdict() for s in analyses.pair_stats(graph)]
        rows = [
            {**r, "a_id": r["a"], "a": r["a_name"], "b_id": r["b"], "b": r["b_name"]} for r in rows
        ]
        _echo_rows(rows[:top], _PAIR_COLUMNS, fmt)
    else:
        rows = [s._asdict() for s in analyses.agent_stats(graph)]
        _echo_rows(rows[:top], _STATS_COLUMNS, fmt)


_PATH_COLUMNS = ("hop", "from", "to", "date", "type", "status", "contact", "sources")


@click.command()
@click.argument("a")
@click.argument("b")
@click.option("--max-hops", type=click.IntRange(min=1), metavar="N", help="Longest chain.")
@selection_options
@format_option()
@pass_settings
def path(
    settings: Settings, /, a: str, b: str, max_hops: int | None, fmt: str, **options: Any
) -> None:
    """The shortest chain of contacts linking A and B, within the window.

    Each hop shows the pair's most recent contact in the window, with its
    date, type, status and sources. The hops need not be in date order.
    Exit code 1 when no chain links them.

    \b
    Examples:
        kg path Lecornu Austin
        kg path Lecornu Austin --from 2023 --to 2023 --format json
        kg path Macron Putin --max-hops 1
    """
    from kg.network import analysis as analyses

    store, index, selection = _selection(settings, options)
    first, second = index.resolve(a), index.resolve(b)
    if first.id == second.id:
        raise BadInput(f"'{a}' and '{b}' are both {first.name}: name two different agents")
    hops = analyses.contact_path(selection.project(store), first.id, second.id, max_hops=max_hops)
    if not hops:
        limit = f" in at most {max_hops} hop{'s' if max_hops != 1 else ''}" if max_hops else ""
        sentence = f"No chain of contacts links {first.name} and {second.name}"
        _no_answer(f"{sentence}{selection.window_words()}{limit}.", _PATH_COLUMNS, fmt)
    rows = [
        {**h._asdict(), "hop": n, "from": h.source_name, "to": h.target_name}
        for n, h in enumerate(hops or [], start=1)
    ]
    _echo_rows(rows, _PATH_COLUMNS, fmt)


_TIMELINE_COLUMNS = ("date", "precision", "type", "status", "with", "contact", "sources")


@click.command()
@click.argument("a")
@click.argument("b", required=False)
@selection_options
@format_option()
@pass_settings
def timeline(settings: Settings, /, a: str, b: str | None, fmt: str, **options: Any) -> None:
    """Every contact of A (or of A with B) in date order, at its precision.

    Contacts come by earliest possible day, then latest possible day, so a
    contact known to the day comes before one known only to its month.
    Denied contacts are left out. Exit code 1 when there is none.

    \b
    Examples:
        kg timeline Macron
        kg timeline Lecornu Shoigu --format json
        kg timeline Putin --from 2022-03 --type phone-call
    """
    from kg.network import analysis as analyses

    store, index, selection = _selection(settings, options)
    first = index.resolve(a)
    second = index.resolve(b) if b else None
    graph = selection.project(store, people=[first.id])
    entries = analyses.timeline(graph, first.id, second.id if second else None)
    if not entries:
        who = f"{first.name} and {second.name}" if second else first.name
        _no_answer(
            f"No recorded contact of {who}{selection.window_words()}.", _TIMELINE_COLUMNS, fmt
        )
    rows = [{**e._asdict(), "with": list(e.counterparts)} for e in entries]
    _echo_rows(rows, _TIMELINE_COLUMNS, fmt)


_COMMUNITY_COLUMNS = ("community", "size", "internal", "external", "members")


@click.command()
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the Louvain method.")
@click.option(
    "--resolution",
    type=click.FloatRange(min=0, min_open=True),
    default=1.0,
    show_default=True,
    help="Above 1, smaller groups; below 1, larger ones.",
)
@selection_options
@format_option()
@pass_settings
def communities(
    settings: Settings, /, seed: int, resolution: float, fmt: str, **options: Any
) -> None:
    """Groups of officials who speak mostly among themselves.

    Louvain community detection (networkx), each pair weighted by its
    number of contacts, seeded so the same data gives the same groups.
    `internal` counts contacts between members, `external` contacts
    between a member and someone outside.

    \b
    Examples:
        kg communities
        kg communities --from 2022 --to 2022 --format json
    """
    from kg.network import analysis as analyses

    store, _, selection = _selection(settings, options)
    found = analyses.communities(selection.project(store), seed=seed, resolution=resolution)
    rows = [
        {**c._asdict(), "community": c.number, "size": len(c.members), "members": list(c.names)}
        for c in found
    ]
    _echo_rows(rows, _COMMUNITY_COLUMNS, fmt)


@click.command()
@format_option("store", "network")
@output_option()
@click.option("--ontology", is_flag=True, help="RDF formats: include the ontology's triples.")
@selection_options
@pass_settings
def export(
    settings: Settings, /, fmt: str, output: str | None, ontology: bool, **options: Any
) -> None:
    """Export the graph: RDF (turtle, nt, jsonld, rdfxml) or the person network (graphml, gexf).

    RDF formats hold every triple of the data (and of the ontology with
    --ontology), sorted. GraphML and GEXF hold the network of `kg network`
    with the dates and attributes of each contact, for Gephi or Cytoscape;
    the window and filter options apply to them only.

    \b
    Examples:
        kg export --format turtle -o contacts.ttl
        kg export --format graphml --from 2022 --to 2022 -o network-2022.graphml
    """
    from kg.output.formats import choices, render

    if fmt in choices("store"):
        flags = {"start": "--from", "end": "--to", "countries": "--country", "people": "--person"}
        given = [flags.get(k, f"--{k[:-1]}") for k in SELECTION_KEYS if options[k]]
        if given:
            raise BadInput(f"{given[0]} applies to graphml and gexf, not to {fmt}")
        data = render(fmt, "store", settings.open(), ontology=ontology)
    else:
        store, _, selection = _selection(settings, options)
        data = render(fmt, "network", selection.project(store))
    write_output(output, data, f"{fmt}, {len(data)} bytes")


#: The commands this module adds to ``kg``.
COMMANDS: list[click.Command] = [network, path, timeline, communities, export]
