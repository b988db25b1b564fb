"""The ``kg`` command line: thin commands over the library.

Each command parses its options, calls one library function, hands the
result to :mod:`kg.output.text`, and lets :class:`~kg.cli.support.KGGroup` turn
the library's errors into exit codes: 1 for a domain error (no contact, data
that does not build), 2 for bad input (unknown or ambiguous name, malformed
date). Shared plumbing lives in :mod:`kg.cli.support`.
"""

from __future__ import annotations

import click

from kg import __version__
from kg.cli.support import (
    KGGroup,
    Settings,
    allow_quick_exit,
    exit_with,
    format_option,
    pass_settings,
    quick_exit,
)
from kg.vocab import POST_LEVELS

#: Feature commands and the module of kg/commands defining each, loaded when used.
LAZY_COMMANDS: dict[str, str] = {
    "check": "claims",
    "claims": "claims",
    "communities": "network",
    "disputes": "claims",
    "export": "network",
    "extract": "extract",
    "graph": "graph",
    "import": "imports",
    "network": "network",
    "path": "network",
    "serve": "sparql",
    "sources": "imports",
    "sparql": "sparql",
    "timeline": "network",
    "who-held": "claims",
}


@click.group(
    cls=KGGroup,
    lazy=LAZY_COMMANDS,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.option(
    "--store",
    metavar="DIR",
    envvar="KG_STORE",
    help="Directory of the persistent store (env KG_STORE; default: a per-user cache).",
)
@click.option(
    "--data",
    metavar="DIR",
    envvar="KG_DATA",
    help="Build from this folder of YAML records instead of the bundled data (env KG_DATA).",
)
@click.version_option(version=__version__, prog_name="kg")
@click.pass_context
def cli(ctx: click.Context, store: str | None, data: str | None) -> None:
    """kg: who in government spoke to whom, when, about what, according to whom.

    \b
    Example:
        kg last-contact Lecornu Shoigu
    """
    ctx.obj = Settings(store, data)


@cli.command()
@click.option("--force", is_flag=True, help="Rebuild even if a build of these inputs exists.")
@pass_settings
def build(settings: Settings, force: bool) -> None:
    """Validate the data and build the store.

    Checks syntax, every record, the SHACL shapes and cross-record rules; on
    any problem, lists them all and keeps the previous store. Other commands
    build automatically when the inputs change; this one does it explicitly.

    \b
    Example:
        kg --data ./data build
    """
    from kg.store import build_store

    info = build_store(settings.store_dir, settings.inputs(), force=force)
    click.echo(
        f"Store ready: {info['triples']} triples from {info['data_dir']} "
        f"(build {info['fingerprint']}, {info['built_at']})."
    )
    if info.get("warnings"):
        click.echo(
            f"{info['warnings']} warning(s) about roles: run 'kg check' to list them.", err=True
        )


@cli.command("last-contact")
@click.argument("a")
@click.argument("b")
@click.option(
    "--before",
    metavar="DATE",
    help="Only contacts certainly before DATE (YYYY, YYYY-MM or YYYY-MM-DD).",
)
@click.option(
    "--level",
    type=click.Choice([name for name in POST_LEVELS if name != "other"]),
    help="With two countries: only contacts between holders of posts at this level.",
)
@click.option(
    "--source",
    "source",
    metavar="NAME",
    multiple=True,
    help="Only contacts recorded in this source (repeatable): 'curated' or an imported one.",
)
@format_option("answer")
@pass_settings
def last_contact(
    settings: Settings,
    a: str,
    b: str,
    before: str | None,
    level: str | None,
    source: tuple[str, ...],
    fmt: str,
) -> None:
    """When did A and B last have contact, and according to whom?

    A and B name people, organisations, countries or posts (full or family
    name, middle names left out, nicknames, any case, with or without
    accents, other spellings, ids or Wikidata ids). When a name fits several
    people, the other side decides (the one who met them) and a note on
    stderr says so; otherwise the candidates are listed (exit 2). A country
    stands for itself and for every official acting for it at the contact's
    date; a post for whoever held it then. The
    answer gives the date at its known precision, and lists any contact whose
    uncertain date may be later. Exit code 1 when there is no recorded contact.
    With imported sources, the answer names the sources consulted and their
    coverage; --source restricts it to some of them.

    \b
    Examples:
        kg last-contact Lecornu Shoigu
        kg last-contact "Sergey Lavrov" Blinken --format json
        kg last-contact Macron Putin --before 2022-06
        kg last-contact France Russia --level defence-minister
        kg last-contact "French defence minister" "Russian defence minister"
        kg last-contact Lavrov Blinken --source historian
    """
    allow_quick_exit()
    store = settings.open()  # first: a database opens while the rest is imported
    from kg import query
    from kg.output.formats import render

    answer = query.last_contact(store, a, b, before=before, level=level, source=source or None)
    for note in answer.notes:
        click.echo(f"kg: {note}", err=True)
    click.echo(render(fmt, "answer", answer))
    if answer.last is None:
        exit_with(1)


def main() -> None:
    """Entry point of the ``kg`` console script."""
    try:
        cli(prog_name="kg")
    except SystemExit as done:
        quick_exit(done)
        raise
