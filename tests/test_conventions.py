"""Conventions a user relies on across commands: where output goes, what errors look like.

- ``-o -`` is standard output, never a file named ``-``;
- a command that writes a file says so on stderr, so stdout holds only data;
- errors are one plain line on stderr whatever ``--format`` says, and the exit
  code tells their kind (2 bad input, 1 no answer or a failure);
- reports of the store's size count every triple in it;
- the shipped ``last-contact`` example query agrees with ``kg last-contact``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from kg.cli import cli


@pytest.mark.parametrize(
    "args, starts",
    [
        (["export", "--format", "nt", "-o", "-"], "<https://w3id.org/kg-contacts/id/"),
        (["graph", "-o", "-"], "<!DOCTYPE html>"),
    ],
)
def test_dash_is_standard_output(
    args: list[str],
    starts: str,
    run: Callable[..., Result],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run(*args)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith(starts)
    assert result.stderr == ""
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("command", [["export"], ["graph"]])
def test_writing_a_file_is_reported_on_stderr_only(
    command: list[str], run: Callable[..., Result], tmp_path: Path
) -> None:
    target = tmp_path / "out"
    result = run(*command, "-o", str(target))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert result.stderr.startswith(f"Wrote {target}: ")
    assert result.stderr.count("\n") == 1
    assert target.stat().st_size > 0


@pytest.mark.parametrize("command", [["export"], ["graph"]])
def test_an_unwritable_output_is_one_line_and_leaves_nothing(
    command: list[str], run: Callable[..., Result], tmp_path: Path
) -> None:
    missing = tmp_path / "no-such-folder" / "out.ttl"
    result = run(*command, "-o", str(missing))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith(f"Error: Could not open file '{missing}'")
    assert result.stderr.count("\n") == 1
    assert not missing.parent.exists()


@pytest.mark.parametrize(
    "args, code",
    [
        (["last-contact", "Nobody", "Shoigu", "--format", "json"], 2),
        (["last-contact", "Lecornu", "Shoigu", "--before", "April", "--format", "json"], 2),
        (["claims", "no-such-contact", "--format", "json"], 2),
        (["who-held", "Russian defence minister", "--on", "soon", "--format", "json"], 2),
        (["sparql", "SELECT ?x WHERE { ?x }", "--format", "json"], 2),
        (["timeline", "Nobody", "--format", "json"], 2),
        (["network", "stats", "--from", "2024-13", "--format", "json"], 2),
    ],
)
def test_errors_are_one_plain_line_under_json(
    args: list[str], code: int, run: Callable[..., Result]
) -> None:
    result = run(*args)
    assert result.exit_code == code
    assert result.stdout == ""
    assert result.stderr.startswith("Error: ")
    assert result.stderr.count("\n") == 1


def test_no_answer_under_json_is_data_and_exit_1(run: Callable[..., Result]) -> None:
    result = run("last-contact", "Lavrov", "Lecornu", "--format", "json")
    assert result.exit_code == 1
    assert json.loads(result.stdout)["last"] is None
    assert result.stderr == ""


def _quads(store: Path) -> int:
    result = CliRunner().invoke(
        cli,
        [
            "--store", str(store), "sparql", "--format", "csv",
            "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
        ],
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    return int(result.stdout.split()[1])


def test_build_and_remove_report_the_real_size(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("KG_DATA", raising=False)
    store = tmp_path / "store"
    lines = [
        {"record": "country", "id": "zz", "name": "Zedland"},
        {"record": "country", "id": "yy", "name": "Whyland"},
        {"record": "organisation", "id": "wire", "name": "A Wire"},
        {"record": "source", "id": "s1", "title": "A report", "publisher": "wire"},
        {
            "record": "contact", "id": "c1", "type": "meeting", "date": "2021-03",
            "participants": ["zz", "yy"],
            "claims": [{"about": "occurred", "by": "wire", "source": "s1"}],
        },
    ]  # fmt: skip
    source = tmp_path / "wire.jsonl"
    source.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")

    def kg(*args: str) -> Result:
        return CliRunner().invoke(cli, ["--store", str(store), *args])

    built = kg("build")
    assert built.exit_code == 0, built.stderr
    curated = _quads(store)
    assert built.stdout.startswith(f"Store ready: {curated} triples from ")
    imported = kg("import", "contacts", str(source))
    assert imported.exit_code == 0, imported.stderr
    assert _quads(store) > curated
    removed = kg("import", "--remove", "wire")
    assert removed.exit_code == 0, removed.stderr
    assert removed.stdout == f"Removed 'wire'; the store now has {curated} triples.\n"
    assert _quads(store) == curated


@pytest.mark.parametrize(
    "a, b",
    [
        ("lecornu", "shoigu"),
        ("macron", "putin"),
        ("fr", "ru"),
        ("tr", "ua"),
        ("fr-minister-armed-forces", "ru-minister-defence"),
        ("fr-president", "putin"),
        ("us", "ru"),
        ("lavrov", "lecornu"),
    ],
)
def test_the_example_query_agrees_with_the_command(
    a: str, b: str, run: Callable[..., Result]
) -> None:
    command = run("last-contact", a, b, "--format", "json")
    assert command.exit_code in (0, 1), command.stderr
    answer = json.loads(command.stdout)
    expected = [c["id"] for c in [answer["last"], *answer["possibly_later"]] if c]
    example = run("sparql", "last-contact", "-p", "a", a, "-p", "b", b, "--format", "json")
    assert example.exit_code == 0, example.stderr
    rows = json.loads(example.stdout)["results"]["bindings"]
    found = [row["contact"]["value"].rsplit("/", 1)[1] for row in rows]
    assert sorted(found) == sorted(expected)
