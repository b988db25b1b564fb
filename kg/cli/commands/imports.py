"""Commands about imported sources: ``kg import officials|historian|icews``, ``kg import --remove``, ``kg sources``."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import click

from kg.cli.commands.jsonl import contacts as bulk_contacts
from kg.cli.support import BadInput, Settings, format_option, pass_settings

__all__ = ["COMMANDS"]

SOURCE_COLUMNS = ("name", "title", "contacts", "records", "dates", "coverage")


@contextmanager
def _progress(length: int, label: str) -> Iterator[Callable[[int], None]]:
    """A progress bar on stderr when it is a terminal; otherwise nothing."""
    if not sys.stderr.isatty():
        yield lambda _: None
        return
    with click.progressbar(length=length, label=label, file=sys.stderr) as bar:
        yield bar.update


def _report(stats: Any, info: dict[str, Any], name: str) -> None:
    """What an import did, on stdout; title warnings on stderr."""
    lines = [f"Imported '{name}': {stats.contacts} contacts from {stats.records} records."]
    merged = stats.exact_duplicates + stats.near_duplicates
    if stats.trips or stats.visits:
        lines.append(
            f"  records     {stats.trips} trips, {stats.visits} visits; {merged} merged "
            f"({stats.exact_duplicates} exact duplicates, {stats.near_duplicates} near duplicates)"
        )
    if stats.rows:
        lines.append(
            f"  rows        {stats.rows_kept} contact codings kept, {stats.skipped} left out "
            f"(no side or domestic); {stats.reports} reports cited; "
            f"{stats.announced} announced meetings"
        )
    lines.extend(_icews_lines(stats))
    lines.append(
        f"  names       {stats.names_found} found: {stats.names_curated} curated people, "
        f"{stats.names_linked} linked to officials, {stats.names_identified} identified, "
        f"{stats.names_unresolved} unresolved ({stats.people_flagged} people flagged for "
        f"review); resolution rate {stats.resolution_rate:.1%}"
    )
    identity = (
        f"  identity    {stats.names_with_qid} names ({stats.qid_rate:.1%}) are people with a "
        "Wikidata id"
    )
    if stats.splits is not None:
        identity += (
            f"; {stats.splits} splits (one Wikidata id under two ids), "
            f"{stats.merges} merges (two Wikidata ids under one id)"
        )
    lines.append(identity)
    if stats.principals:
        lines.append(f"  principals  {stats.principals} tenures of principal officers read")
    if not info.get("changed", True):
        lines.append("  unchanged   the source was already imported with the same content")
    lines.append(
        f"  graph       {stats.triples} triples in <{info['graph']}> (build {info['fingerprint']})"
    )
    click.echo("\n".join(lines))
    for warning in stats.warnings:
        click.echo(f"Warning: {warning}", err=True)


def _icews_lines(stats: Any) -> list[str]:
    """The lines only an ICEWS import reports (see kg.importers.icews.stats)."""
    if not hasattr(stats, "left_out") or not stats.layouts or set(stats.layouts) == {"dataverse"}:
        return []
    left = ", ".join(f"{kind} {n}" for kind, n in sorted(stats.left_out.items(),
                                                         key=lambda i: (-i[1], i[0]))[:8])  # fmt: skip
    sides = ", ".join(f"{kind} {n}" for kind, n in sorted(stats.sides.items()))
    offices = ", ".join(f"{level} {n}" for level, n in sorted(stats.offices.items()))
    ministries = ", ".join(f"{level} {n}" for level, n in sorted(stats.ministries.items()))
    types = ", ".join(f"{kind} {n}" for kind, n in sorted(stats.types.items()))
    return [
        f"  layouts     {', '.join(stats.layouts)}; {stats.contact_rows} contact rows (040-046) "
        f"and {stats.announced_rows} intent-to-meet rows (036) of {stats.rows} read",
        f"  contacts    {types}",
        f"  sides       {sides} (kept contact rows)",
        f"  offices     {offices or 'none'}; ministries {ministries or 'none'}; "
        f"of {len(stats.office_countries)} countries",
        f"  linked      {stats.linked_share:.1%} of the kept contact rows have two linked sides "
        f"(person of the curated data or the officials authority, country, organisation, "
        f"office or ministry); "
        f"{stats.resolved_share:.1%} with people identified by full name too",
        f"  left out    sides: {left or 'none'}; rows: {stats.same_side} one agent, "
        f"{stats.domestic} domestic",
    ]


@click.group("import", invoke_without_command=True)
@click.option("--remove", "remove", metavar="SOURCE", help="Remove an imported source and rebuild.")
@pass_settings
@click.pass_context
def import_group(ctx: click.Context, settings: Settings, remove: str | None) -> None:
    """Import an external dataset into its own named graph, or remove one.

    Each source is kept as STORE/imports/SOURCE.nt.gz and loaded into the graph
    <https://w3id.org/kg-contacts/id/graph/source-SOURCE>; importing again
    replaces it, and an unchanged import changes nothing. A malformed file
    stops the import with the file and record at fault, and the store stays
    as it was.

    \b
    Examples:
        kg import officials leaders.csv
        kg import historian travels
        kg import icews events.2022.tab
        kg import icews ICEWS21 ICEWS22 --name icews21-22
        kg import --remove icews
    """
    if remove is not None:
        if ctx.invoked_subcommand is not None:
            raise BadInput("--remove takes no subcommand")
        from kg.store.sources import remove_source

        info = remove_source(settings.store_dir, settings.inputs(), remove)
        click.echo(f"Removed '{remove}'; the store now has {info['triples']} triples.")
    elif ctx.invoked_subcommand is None:
        click.echo(ctx.get_help())


@import_group.command("officials")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--name", default="officials", show_default=True, help="Name of the source.")
@pass_settings
def import_officials(settings: Settings, file: str, name: str) -> None:
    """Import a table of officials' tenures (CSV in the Wikidata layout).

    The columns are catalog, position, person, personID (a Wikidata id),
    start and end, optionally DOB, DOD, enwiki, positionID, countryID, level
    and aliases (docs/importing.md gives the Wikidata query that makes
    them). Each person is one node keyed by their Wikidata id; each post is
    typed by level; the sources imported afterwards link their names to
    these people, so import this table first.

    \b
    Example:
        kg import officials leaders.csv
    """
    from kg.identity.officials import read_officials
    from kg.importers.context import load_context
    from kg.importers.officials import officials_triples
    from kg.store import source_graph
    from kg.store.sources import check_name, save_source

    check_name(name)
    inputs = settings.inputs()
    context = load_context(inputs.data_dir, inputs.ontology_dir)
    with open(file, encoding="utf-8", newline="") as handle:
        table = read_officials(handle, file)
    triples, stats = officials_triples(table, context, name)
    info = save_source(settings.store_dir, inputs, name, triples)
    report = table.report
    levels: dict[str, int] = dict(stats.levels or {})
    lines = [
        f"Imported '{name}': {stats.tenures} tenures of {stats.people} people, "
        f"{stats.posts} posts, from {report.rows} rows.",
        f"  rows        {report.exact_duplicates} repeated rows read once, "
        f"{report.merged_ends} rows of one tenure with different ends merged, "
        f"{report.reversed_rows} ending before they start (end dropped), "
        f"{report.impossible_days} impossible days kept at month precision",
        "  levels      " + ", ".join(f"{k} {levels[k]}" for k in sorted(levels)),
    ]
    if report.unknown_catalogues:
        lines.append(f"  countries   not found: {', '.join(report.unknown_catalogues)}")
    if not info.get("changed", True):
        lines.append("  unchanged   the source was already imported with the same content")
    lines.append(
        f"  graph       {stats.triples} triples in <{source_graph(name)}> "
        f"(build {info['fingerprint']})"
    )
    click.echo("\n".join(lines))
    for warning in report.warnings:
        click.echo(f"Warning: {warning}", err=True)


@import_group.command("historian")
@click.argument("path", type=click.Path(exists=True))
@click.option("--name", default="historian", show_default=True, help="Name of the source.")
@pass_settings
def import_historian(settings: Settings, path: str, name: str) -> None:
    """Import the Office of the Historian's travels and visits (XML).

    PATH is either dataset as published (travels/ or visits/), or a folder
    holding both; visits need the presidents list of the travels dataset.

    \b
    Examples:
        kg import historian travels
        kg import historian .        # a folder holding travels/ and visits/
    """
    from kg.importers.context import load_context
    from kg.importers.historian import find_historian_files, historian_triples, read_historian
    from kg.store import source_graph
    from kg.store.sources import check_name, save_source

    check_name(name)
    inputs = settings.inputs()
    context = load_context(inputs.data_dir, inputs.ontology_dir, settings.open(), name)
    files = find_historian_files(path)
    with _progress(len(files), "Reading") as step:
        found = read_historian(path, step)
    with _progress(len(found.trips) + len(found.visits), "Mapping") as step:
        triples, stats = historian_triples(found, context, name, step)
    info = save_source(settings.store_dir, inputs, name, triples)
    _report(stats, {**info, "graph": source_graph(name)}, name)


@import_group.command("icews")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--name", default="icews", show_default=True, help="Name of the source.")
@click.option(
    "--start",
    metavar="YYYY-MM-DD",
    help="Day 0 of quads of ids, when the folder's name (ICEWS21...) does not give it.",
)
@pass_settings
def import_icews(settings: Settings, paths: tuple[str, ...], name: str, start: str | None) -> None:
    """Import ICEWS coded events (CAMEO) as one source.

    Each PATH is a Dataverse event file (tab-separated, with its header), a
    temporal-knowledge-graph folder (entity2id.txt, relation2id.txt and
    train/valid/test.txt of quads: ICEWS14, ICEWS18, ICEWS05-15, ICEWS21,
    ICEWS22...), or quads with names and ISO dates written out; the layout is
    detected. Contact rows (040-046) of one pair within two days of each
    other become one contact (a phone call and a visit never one); 036 makes
    announced meetings. See docs/importing.md.

    \b
    Examples:
        kg import icews events.2022.tab
        kg import icews ICEWS21 ICEWS22 --name icews21-22
        kg import icews my-icews --start 2014-01-01
    """
    import datetime as dt

    from kg.importers.context import load_context
    from kg.importers.icews import convert_icews, lines
    from kg.store import source_graph
    from kg.store.sources import check_name, save_source_lines

    check_name(name)
    day0 = None
    if start is not None:
        try:
            day0 = dt.date.fromisoformat(start)
        except ValueError:
            raise BadInput(f"--start '{start}' is not a date (YYYY-MM-DD)") from None
    inputs = settings.inputs()
    context = load_context(inputs.data_dir, inputs.ontology_dir, settings.open(), name)
    with _progress(_count_lines(paths), "Reading") as step:
        conversion = convert_icews(paths, context, name, day0, step)
    with _progress(len(conversion.plan), "Writing and loading") as step:
        info = save_source_lines(settings.store_dir, inputs, name, lines(conversion, step))
    _report(conversion.stats, {**info, "graph": source_graph(name)}, name)


def _count_lines(paths: tuple[str, ...]) -> int:
    """Lines of every file to read (for the progress bar); 0 when not on a terminal."""
    import os

    if not sys.stderr.isatty():
        return 0
    total = 0
    for path in paths:
        files = (
            [os.path.join(path, n) for n in ("train.txt", "valid.txt", "test.txt")]
            if os.path.isdir(path)
            else [path]
        )
        for file in files:
            if os.path.isfile(file):
                with open(file, "rb") as handle:
                    total += sum(
                        chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 20), b"")
                    )
    return total


@click.command()
@format_option()
@pass_settings
def sources(settings: Settings, fmt: str) -> None:
    """The sources of the graph, with their counts and coverage.

    "curated" is the data folder; every imported source follows, with the
    contacts it holds, the records it was made from, its dates, and what it
    covers (which kinds of contact, whose side).

    \b
    Example:
        kg sources
    """
    from kg import query
    from kg.output import text as render

    found = query.sources(settings.open())
    rows = [s._asdict() for s in found]
    click.echo(render.render_rows(rows, SOURCE_COLUMNS, fmt))


import_group.add_command(bulk_contacts)

COMMANDS = [import_group, sources]
