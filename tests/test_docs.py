"""The documentation cannot drift: every console example runs, every command is documented.

``README.md`` and ``docs/*.md`` show commands in ```` ```console ```` blocks,
each ``$ kg ...`` line followed by what the terminal shows; each runs here
against the store a user's first command builds (the bundled data and the
sources shipped with it) and must print exactly that (or start with it, when
the shown output ends with ``...``).
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from kg.cli import cli
from tests.conftest import AS_A_USER

ROOT = Path(__file__).resolve().parents[1]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


def examples() -> list[tuple[str, str, str]]:
    """(page, command, expected output) from the console blocks of every page."""
    found = []
    for page in PAGES:
        text = page.read_text(encoding="utf-8")
        for block in re.findall(r"```console\n(.*?)```", text, flags=re.S):
            for chunk in re.split(r"^\$ ", block, flags=re.M)[1:]:
                command, _, output = chunk.partition("\n")
                found.append((page.relative_to(ROOT).as_posix(), command, output))
    return found


@pytest.mark.parametrize(
    "page, command, expected", examples(), ids=[f"{p}: {c}" for p, c, _ in examples()]
)
def test_console_example(
    page: str, command: str, expected: str, bundled_store_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    args = shlex.split(command)
    assert args[0] == "kg"
    store = ["--store", str(bundled_store_dir)]
    result = CliRunner().invoke(cli, [*store, *args[1:]], env=AS_A_USER)
    assert result.exception is None or isinstance(result.exception, SystemExit)
    if expected.rstrip().endswith("..."):
        assert result.output.startswith(expected.rstrip()[:-3])
    else:
        assert result.output == expected


def _command_paths(group: click.Group, prefix: str = "kg") -> list[str]:
    context = click.Context(group)
    paths = []
    for name in group.list_commands(context):
        command = group.get_command(context, name)
        assert command is not None
        paths.append(f"{prefix} {name}")
        if isinstance(command, click.Group):
            paths += _command_paths(command, f"{prefix} {name}")
    return paths


def test_every_command_has_a_section_in_the_docs() -> None:
    headings = "\n".join(
        line
        for page in PAGES
        for line in page.read_text(encoding="utf-8").splitlines()
        if line.startswith("## ")
    )
    documented = set(re.findall(r"`(kg [a-z -]+?)`", headings))
    groups = {"kg import", "kg network"}  # documented through their subcommands
    missing = [p for p in _command_paths(cli) if p not in documented and p not in groups]
    assert missing == []


def test_links_between_pages_lead_somewhere() -> None:
    for page in PAGES:
        text = page.read_text(encoding="utf-8")
        for target in re.findall(r"\]\(([^)#:]+)(?:#[^)]*)?\)", text):
            assert (page.parent / target).exists(), f"{page.name} links to missing {target}"
        for target, anchor in re.findall(r"\]\(([^)#:]*)#([^)]+)\)", text):
            linked = page.parent / target if target else page
            slugs = {
                re.sub(r"[^\w -]", "", heading.lower()).replace(" ", "-")
                for heading in re.findall(r"^#+ (.+)$", linked.read_text(encoding="utf-8"), re.M)
            }
            assert anchor in slugs, f"{page.name} links to missing #{anchor} in {linked.name}"


def test_readme_is_short() -> None:
    assert len((ROOT / "README.md").read_bytes()) <= 12 * 1024


def test_quickstart_is_two_commands_and_ci_runs_the_second() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    quickstart = readme.split("## Quickstart", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"```sh\n(.*?)\n```", quickstart, flags=re.S)
    assert commands == [
        "pip install . && kg last-contact Lecornu Shoigu",
        "pip install '.[test]' && pytest",
    ]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert commands[1] in ci.splitlines()
