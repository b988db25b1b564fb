"""The command line as a whole: help, entry points, and the light query path."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result

from kg.cli import LAZY_COMMANDS, cli

COMMANDS = cli.list_commands(click.Context(cli))


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_has_help_with_an_example(name: str) -> None:
    result = CliRunner().invoke(cli, [name, "--help"])
    assert result.exit_code == 0
    assert "Example" in result.stdout
    assert f"kg {name}" in result.stdout or "kg --data" in result.stdout


def test_unknown_option_is_a_usage_error(run: Callable[..., Result]) -> None:
    result = run("last-contact", "Lecornu", "Shoigu", "--colour", "red")
    assert result.exit_code == 2
    assert "No such option '--colour'" in result.stderr


def _kg(*args: str, store: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "KG_STORE": str(store)}
    env.pop("KG_DATA", None)
    return subprocess.run(
        [sys.executable, "-m", "kg", *args], capture_output=True, text=True, env=env, check=False
    )


def test_python_dash_m(store_dir: Path) -> None:
    done = _kg("last-contact", "Lavrov", "Blinken", "--format", "json", store=store_dir)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["last"]["date"] == "2023-04"


def test_the_command_ends_early_with_its_output_and_exit_code(store_dir: Path) -> None:
    """`kg last-contact` skips interpreter teardown (kg.cli.support.quick_exit): what it
    wrote to a pipe arrives whole, and the exit code is the command's."""
    none = _kg("last-contact", "Lecornu", "Blinken", store=store_dir)
    assert none.returncode == 1
    assert none.stdout == "No recorded contact between Sébastien Lecornu and Antony Blinken.\n"
    unknown = _kg("last-contact", "Lecornu", "Nobodyxyz", store=store_dir)
    assert unknown.returncode == 2
    assert unknown.stderr.startswith("Error: no one called 'Nobodyxyz'")
    text = _kg("last-contact", "Lecornu", "Shoigu", store=store_dir)
    assert text.returncode == 0 and text.stdout.endswith("\n") and "2024-04-03" in text.stdout


def test_query_path_imports_nothing_heavy(store_dir: Path) -> None:
    probe = (
        "import sys\n"
        "from kg.cli import cli\n"
        "try:\n"
        "    cli(['last-contact', 'Lecornu', 'Shoigu'], standalone_mode=False)\n"
        "finally:\n"
        "    heavy = ('rdflib', 'pyshacl', 'networkx', 'pyvis', 'yaml', 'edtf')\n"
        "    print('HEAVY', sorted(m for m in heavy if m in sys.modules))\n"
    )
    env = {**os.environ, "KG_STORE": str(store_dir)}
    env.pop("KG_DATA", None)
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=env, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "HEAVY []"


def test_shell_completion_script() -> None:
    env = {**os.environ, "_KG_COMPLETE": "bash_source"}
    done = subprocess.run(
        [sys.executable, "-c", "from kg.cli import main; main()"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert "_kg_completion" in done.stdout


def test_version() -> None:
    result = CliRunner().invoke(cli, ["--version"])
    assert result.exit_code == 0
    assert result.stdout.startswith("kg, version ")


def test_group_help_lists_commands() -> None:
    result = CliRunner().invoke(cli, ["--help"])
    assert isinstance(cli, click.Group)
    for name in COMMANDS:
        assert name in result.stdout


def test_missing_data_folder_is_bad_input(run: Callable[..., Result], tmp_path: Path) -> None:
    result = run("--data", str(tmp_path / "nowhere"), "last-contact", "Lecornu", "Shoigu")
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: data folder '{tmp_path / 'nowhere'}' does not exist; check --data or KG_DATA\n"
    )


def test_store_path_that_is_a_file(run: Callable[..., Result], tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    result = run("last-contact", "Lecornu", "Shoigu", store=blocker)
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: cannot write the store at ")
    assert "Traceback" not in result.stderr


def test_lazy_commands_match_their_modules() -> None:
    from importlib import import_module

    for name, module in LAZY_COMMANDS.items():
        command = cli.get_command(click.Context(cli), name)
        assert command is not None and command.name == name, name
        defined = {c.name for c in import_module(f"kg.cli.commands.{module}").COMMANDS}
        assert name in defined
    for module in set(LAZY_COMMANDS.values()):
        for command in import_module(f"kg.cli.commands.{module}").COMMANDS:
            assert LAZY_COMMANDS.get(command.name) == module, command.name
