"""Plumbing shared by every ``kg`` command: settings, errors, output format.

Command modules (``kg/cli.py`` and the feature modules it registers) import
from here, never from each other, so there are no import cycles and the
query path loads only what a command needs.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from typing import Any, NoReturn, TypeVar

import click

from kg.errors import (
    AmbiguousEntityError,
    BadArgumentError,
    BadDateError,
    BadPathError,
    KGError,
    QueryError,
    UnknownEntityError,
)

__all__ = [
    "BAD_INPUT",
    "BadInput",
    "KGGroup",
    "Settings",
    "pass_settings",
    "format_option",
    "exit_with",
]

BAD_INPUT = (
    UnknownEntityError,
    AmbiguousEntityError,
    BadDateError,
    BadPathError,
    BadArgumentError,
    QueryError,
)

F = TypeVar("F", bound=Callable[..., Any])


class BadInput(click.ClickException):
    """A user mistake: printed as ``Error: ...``, exit code 2, no usage block."""

    exit_code = 2


class KGGroup(click.Group):
    """The ``kg`` group: loads feature commands when used, translates errors in one place.

    ``lazy`` maps a command name to the module under ``kg/commands`` that
    defines it; the module is imported only when that command runs or help
    lists it, so ``kg last-contact`` never pays for the others.
    """

    def __init__(self, *args: Any, lazy: dict[str, str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lazy = dict(lazy or {})

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(self.commands) | set(self.lazy))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in self.lazy:
            from importlib import import_module

            module = import_module(f"kg.commands.{self.lazy[cmd_name]}")
            for command in module.COMMANDS:
                self.add_command(command)
        return self.commands.get(cmd_name)

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
        """The :class:`kg.store.Inputs` the options name: imported sources live in
        the store directory's ``imports`` folder."""
        from kg.paths import local_state_dir
        from kg.store import Inputs

        return Inputs.default(self.data_dir, imports_dir=local_state_dir(self.store_dir, "imports"))

    def open(self) -> Any:
        """Open the store (building it if the inputs changed); warn on stderr."""
        from kg.store import open_store

        store = open_store(self.store_dir, self.inputs())
        if store.warning:
            click.echo(f"Warning: {store.warning}", err=True)
        return store


#: Decorator passing the :class:`Settings` of the ``kg`` group to a command.
pass_settings = click.make_pass_decorator(Settings)


def format_option(
    choices: Sequence[str] = ("table", "json", "csv"), default: str | None = None
) -> Callable[[F], F]:
    """The one ``--format`` option of every listing command (as ``fmt``)."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(list(choices)),
        default=default or choices[0],
        show_default=True,
        help="Output format.",
    )


def exit_with(code: int) -> NoReturn:
    """End the command with ``code`` after its output (1: no answer found)."""
    sys.exit(code)
