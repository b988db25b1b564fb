"""The ``kg`` command line: thin commands over the library.

Each command parses its options, calls one library function, hands the
result to :mod:`kg.render`, and lets :class:`KGGroup` turn the library's
errors into exit codes: 1 for a domain error (no contact, data that does
not build), 2 for bad input (unknown or ambiguous name, malformed date).
"""

from __future__ import annotations

import sys
from typing import Any, NoReturn

import click

from kg import __version__
from kg.errors import (
    AmbiguousEntityError,
    BadDateError,
    BadPathError,
    KGError,
    UnknownEntityError,
)

BAD_INPUT = (UnknownEntityError, AmbiguousEntityError, BadDateError, BadPathError)


class BadInput(click.ClickException):
    """A user mistake: printed as ``Error: ...``, exit code 2, no usage block."""

    exit_code = 2


class KGGroup(click.Group):
    """Translates the library's errors into click's, at one place."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except BAD_INPUT as exc:
            raise BadInput(str(exc)) from exc
        except KGError as exc:
            raise click.ClickException(str(exc)) from exc


class Settings:
    """Where the store and the data are, as the global options say."""

    def __init__(self, store: str | None, data: str | None) -> None:
        self.store_dir = store
        self.data_dir = data

    def inputs(self) -> Any:
        from kg.store import Inputs

        return Inputs.default(self.data_dir)

    def open(self) -> Any:
        """Open the store (building it if the inputs changed); warn on stderr."""
        from kg.store import open_store

        store = open_store(self.store_dir, self.inputs())
        if store.warning:
            click.echo(f"Warning: {store.warning}", err=True)
        return store


@click.group(cls=KGGroup, context_settings={"help_option_names": ["-h", "--help"]})
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
@click.pass_obj
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


@cli.command("last-contact")
@click.argument("a")
@click.argument("b")
@click.option(
    "--before",
    metavar="DATE",
    help="Only contacts certainly before DATE (YYYY, YYYY-MM or YYYY-MM-DD).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Output format.",
)
@click.pass_obj
def last_contact(settings: Settings, a: str, b: str, before: str | None, fmt: str) -> None:
    """When did A and B last have contact, and according to whom?

    A and B are names (full or family name, any case, with or without
    accents, other spellings), ids or Wikidata ids. The answer gives the date
    at its known precision, and lists any contact whose uncertain date may be
    later. Exit code 1 when there is no recorded contact.

    \b
    Examples:
        kg last-contact Lecornu Shoigu
        kg last-contact "Sergey Lavrov" Blinken --format json
        kg last-contact Macron Putin --before 2022-06
    """
    from kg import query, render

    answer = query.last_contact(settings.open(), a, b, before=before)
    if fmt == "json":
        click.echo(render.last_contact_json(answer))
    else:
        click.echo(render.last_contact_text(answer))
    if answer.last is None:
        _exit(1)


def _exit(code: int) -> NoReturn:
    sys.exit(code)


def main() -> None:
    """Entry point of the ``kg`` console script."""
    cli(prog_name="kg")
