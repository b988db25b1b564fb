"""One registry of output formats: one name per format across commands, old spellings kept."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from click.testing import Result

from kg.output import formats

CONSTRUCT = (
    "CONSTRUCT { ?c kg:participant ?p } WHERE { ?c kg:participant ?p "
    "FILTER(?c = <https://w3id.org/kg-contacts/id/contact/lecornu-shoigu-2022-10>) }"
)


def test_every_writer_is_importable_and_named_once_per_kind() -> None:
    seen = set()
    for item in formats.WRITERS:
        assert (item.kind, item.name) not in seen
        seen.add((item.kind, item.name))
        assert item.kind in formats.KINDS
        assert callable(item.load())


@pytest.mark.parametrize(
    "args",
    [
        ("sparql", CONSTRUCT, "--format", "jsonld"),
        ("sparql", CONSTRUCT, "--format", "json-ld"),
    ],
)
def test_jsonld_is_one_name_in_sparql(args: tuple[str, ...], run: Callable[..., Result]) -> None:
    result = run(*args)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    document = json.loads(result.stdout)
    assert "lecornu-shoigu-2022-10" in json.dumps(document)


def test_old_spelling_of_jsonld_still_works_and_says_so(run: Callable[..., Result]) -> None:
    result = run("sparql", CONSTRUCT, "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == json.loads(
        run("sparql", CONSTRUCT, "--format", "jsonld").stdout
    )
    assert result.stderr == (
        "Warning: --format json for a graph is now jsonld; "
        "the old name will stop working in a later release.\n"
    )


@pytest.mark.parametrize("name", ["jsonld", "json-ld", "rdfxml", "ttl"])
def test_export_takes_the_same_names(name: str, run: Callable[..., Result]) -> None:
    result = run("export", "--format", name)
    assert result.exit_code == 0, result.stderr
    assert "lecornu-shoigu-2024-04-03" in result.stdout


def test_an_unknown_format_lists_the_choices(run: Callable[..., Result]) -> None:
    result = run("disputes", "--format", "xml")
    assert result.exit_code == 2
    assert "'xml' is not one of 'table', 'json', 'csv'" in result.stderr
