"""``kg import contacts``: a bulk JSON Lines file of contacts as an imported source.

The ``kg import`` group is assembled elsewhere; this module offers its
subcommand in ``IMPORT_SUBCOMMANDS`` (and no top-level command).
"""

from __future__ import annotations

import click

from kg.cli.support import BAD_INPUT, BadInput, Settings, pass_settings

__all__ = ["COMMANDS", "IMPORT_SUBCOMMANDS", "contacts"]


@click.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option(
    "--source",
    metavar="NAME",
    help="Name of the imported source (default: the file name without extensions).",
)
@pass_settings
def contacts(settings: Settings, file: str, source: str | None) -> None:
    """Import a bulk JSON Lines file of contacts, then rebuild the store.

    One JSON object per line with a `record` (country, organisation, agent,
    post, person, source, contact) and the fields of the curated records
    (data/README.md); a line may refer only to ids defined on earlier lines.
    Every line is checked; on any problem nothing is written and each
    problem is listed with its line. Importing a source again replaces it.

    \b
    Example:
        kg import contacts contacts.jsonl --source wire-2024
    """
    from kg.errors import KGError
    from kg.importers.jsonl import import_contacts

    try:
        result = import_contacts(file, settings.inputs(), settings.store_dir, source)
    except BAD_INPUT as exc:
        raise BadInput(str(exc)) from exc
    except KGError as exc:
        raise click.ClickException(str(exc)) from exc
    counts = result.counts
    click.echo(
        f"Imported {counts.contacts} contacts and {counts.entities} other records "
        f"({counts.triples} triples) as source '{result.source}', and rebuilt the store."
    )


IMPORT_SUBCOMMANDS = [contacts]
COMMANDS: list[click.Command] = []
