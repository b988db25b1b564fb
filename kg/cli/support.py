"""Plumbing shared by every ``kg`` command: settings, errors, output format.

Command modules (``kg/cli/__init__.py`` and the feature modules it registers) import
from here, never from each other, so there are no import cycles and the
query path loads only what a command needs.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from typing import Any, NoReturn, TypeVar

import click

from kg.errors import (
    AmbiguousEntityError,
    BadArgumentError,
    BadDateError,
    BadInputFileError,
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
    "output_option",
    "selection_options",
    "SELECTION_KEYS",
    "write_output",
    "exit_with",
    "allow_quick_exit",
    "quick_exit",
]

BAD_INPUT = (
    BadInputFileError,
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

            module = import_module(f"kg.cli.commands.{self.lazy[cmd_name]}")
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
        from kg.store import Inputs, locate

        data = self.data_dir or os.environ.get("KG_DATA")
        if data and not os.path.isdir(data):
            raise BadInput(f"data folder '{data}' does not exist; check --data or KG_DATA")
        return Inputs.default(data, imports_dir=locate(self.store_dir).imports_dir)

    def open(self) -> Any:
        """Open the store (building it if the inputs changed); warn on stderr."""
        from kg.store import open_store

        store = open_store(self.store_dir, self.inputs())
        if store.warning:
            click.echo(f"Warning: {store.warning}", err=True)
        return store


#: Decorator passing the :class:`Settings` of the ``kg`` group to a command.
pass_settings = click.make_pass_decorator(Settings)


class FormatChoice(click.Choice):  # type: ignore[type-arg]
    """A ``--format`` value: a format that renders one of the command's kinds of output.

    Choices come from :mod:`kg.output.formats`; aliases (``ttl``, ``json-ld``)
    and old spellings are accepted and made canonical.
    """

    def __init__(self, kinds: Sequence[str]) -> None:
        from kg.output.formats import choices

        self.kinds = tuple(kinds)
        super().__init__(choices(*kinds))

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        from kg.output.formats import resolve

        for kind in self.kinds:
            try:
                return resolve(str(value), kind).name
            except KGError:
                continue
        return super().convert(value, param, ctx)


def format_option(*kinds: str, default: str | None = None) -> Callable[[F], F]:
    """The one ``--format`` option of every command (as ``fmt``), its choices the
    formats of :mod:`kg.output.formats` that render ``kinds`` (default: rows)."""
    chosen = FormatChoice(kinds or ("rows",))
    return click.option(
        "--format",
        "fmt",
        type=chosen,
        default=default or chosen.choices[0],
        show_default=True,
        help="Output format.",
    )


#: The keyword names :func:`selection_options` gives a command.
SELECTION_KEYS = ("start", "end", "countries", "people", "types", "statuses")


def selection_options(command: F) -> F:
    """The one set of window and filter options of the network commands and ``kg graph``.

    They reach the command as the keywords of :data:`SELECTION_KEYS`, for
    :func:`kg.network.selection.select`.
    """
    options = [
        click.option(
            "--from",
            "start",
            metavar="DATE",
            help="Window start: contacts that may be on or after DATE (YYYY[-MM[-DD]]).",
        ),
        click.option(
            "--to",
            "end",
            metavar="DATE",
            help="Window end: contacts that may be on or before the end of DATE.",
        ),
        click.option(
            "--country",
            "countries",
            metavar="NAME",
            multiple=True,
            help="Only contacts with a participant of this country (repeatable).",
        ),
        click.option(
            "--person",
            "people",
            metavar="NAME",
            multiple=True,
            help="Only contacts in which this person took part, with their counterparts "
            "(repeatable).",
        ),
        click.option(
            "--type",
            "types",
            metavar="TYPE",
            multiple=True,
            help="Only contacts of this type, e.g. phone-call, visit (repeatable).",
        ),
        click.option(
            "--status",
            "statuses",
            metavar="STATUS",
            multiple=True,
            help="Only contacts with this status: confirmed, reported, disputed (repeatable).",
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def output_option(default: str | None = None, what: str = "the output") -> Callable[[F], F]:
    """The one ``-o/--output FILE`` option of commands that write a file (``-`` is stdout)."""
    where = f"default {default}" if default else "default: standard output"
    return click.option(
        "-o",
        "--output",
        default=default,
        metavar="FILE",
        help=f"Write {what} to FILE ('-': standard output; {where}).",
    )


def write_output(output: str | None, data: bytes | str, report: str = "") -> None:
    """Write a command's product to ``output`` (``None`` or ``-``: standard output).

    A file is written whole or not at all (a temporary file beside it, then a
    rename), and what was written is said on stderr (``Wrote FILE: report``),
    keeping stdout for data. A file that cannot be written is a
    :class:`click.FileError` (one line, exit code 1).
    """
    raw = data.encode("utf-8") if isinstance(data, str) else data
    if output is None or output == "-":
        click.echo(raw, nl=False)
        return
    temporary = os.path.join(os.path.dirname(output) or ".", f".{os.path.basename(output)}.tmp")
    try:
        with open(temporary, "wb") as handle:
            handle.write(raw)
        os.replace(temporary, output)
    except OSError as exc:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise click.FileError(output, hint=exc.strerror or str(exc)) from exc
    click.echo(f"Wrote {output}{': ' + report if report else ''}.", err=True)


def exit_with(code: int) -> NoReturn:
    """End the command with ``code`` after its output (1: no answer found)."""
    sys.exit(code)


#: Set by a command that may end its process without interpreter teardown.
_quick_exit = [False]


def allow_quick_exit() -> None:
    """Let the ``kg`` process end at once when this command is done (:func:`quick_exit`).

    For commands that only read: the store is open read-only and what they
    print is flushed, so the work Python does on exit (closing the database,
    freeing every module) changes nothing but costs about 10 ms of a command
    of 75. Ending early is as safe as being killed, which a store survives.
    """
    _quick_exit[0] = True


def quick_exit(done: SystemExit) -> None:
    """End the process now with ``done``'s code if the command allowed it and its
    output is flushed; otherwise return, and Python exits as usual."""
    if not _quick_exit[0] or not isinstance(done.code, int | None):
        return
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):  # a closed pipe: let Python report it as usual
        return
    os._exit(done.code or 0)
