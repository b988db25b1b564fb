"""Hostile or broken import files: one line naming the file and line, exit 1, no traceback."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from kg.cli import cli
from kg.importers.icews import COLUMNS
from kg.records.yaml_lines import MAX_TEXT

HEAD = [
    {"record": "country", "id": "fr", "name": "France"},
    {"record": "country", "id": "ru", "name": "Russia"},
    {"record": "organisation", "id": "afp", "name": "AFP"},
    {"record": "source", "id": "s1", "title": "A report", "publisher": "afp"},
]


def _kg(store: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--store", str(store), *args])


def _jsonl(path: Path, lines: list[Any]) -> Path:
    path.write_text(
        "".join((line if isinstance(line, str) else json.dumps(line)) + "\n" for line in lines),
        encoding="utf-8",
    )
    return path


def _refused(result: Result, *problems: str) -> None:
    """The command failed with exactly these problems, and wrote nothing."""
    assert result.exit_code == 1, result.output
    assert result.stdout == ""
    count = len(problems)
    assert result.stderr == (
        f"Error: {count} problem{'s' if count != 1 else ''} in the data; nothing was built and "
        "the previous store was kept:\n" + "".join(f"  {p}\n" for p in problems)
    )


@pytest.mark.parametrize(
    "line, problem",
    [
        ("[" * 100_000 + "]" * 100_000,
         "arrays and objects nest deeper than 50 levels; records need four at most"),
        ('{"record": "country", "id": "xx", "name": ' + "[" * 5_000 + "]" * 5_000 + "}",
         "arrays and objects nest deeper than 50 levels; records need four at most"),
        ('{"record": "country", "id": "xx", "name": "a\\ud800b"}',
         "record 'xx': field 'name' holds \\ud800, half of a UTF-16 surrogate pair, which is no "
         "character; fix the escape"),
        ('{"record": "country", "id": "xx", "name": "x", "aliases": ["\\udfff"]}',
         "record 'xx': field 'aliases[0]' holds \\udfff, half of a UTF-16 surrogate pair, which "
         "is no character; fix the escape"),
        ({"record": "country", "id": "xx", "name": "X" * (17 << 20)},
         "record 'xx': field 'name': a value of 17,825,792 characters is longer than the "
         "1,048,576 a record's value may have; shorten it"),
    ],
    ids=["deep-array", "deep-value", "surrogate", "surrogate-in-list", "17-MB-name"],
)  # fmt: skip
def test_a_line_that_cannot_be_read_safely_is_a_problem(
    tmp_path: Path, line: Any, problem: str
) -> None:
    store = tmp_path / "store"
    source = _jsonl(tmp_path / "wire.jsonl", [*HEAD, line])
    _refused(_kg(store, "import", "contacts", str(source)), f"{source}:5: {problem}")
    assert not (store / "imports" / "wire.nt.gz").exists()


def test_valid_pairs_and_values_at_the_limit_are_read(tmp_path: Path) -> None:
    store = tmp_path / "store"
    lines = [
        *HEAD,
        '{"record": "country", "id": "xx", "name": "smile \\ud83d\\ude00"}',
        {"record": "country", "id": "yy", "name": "Y" * MAX_TEXT},
    ]
    result = _kg(store, "import", "contacts", str(_jsonl(tmp_path / "wire.jsonl", lines)))
    assert result.exit_code == 0, result.output
    text = gzip.decompress((store / "imports" / "wire.nt.gz").read_bytes()).decode("utf-8")
    assert '"smile \U0001f600"' in text


def test_a_record_whose_triples_the_store_cannot_read_is_a_problem(tmp_path: Path) -> None:
    """Each name is at the limit, but a contact's label joins them: 17 MiB on one line."""
    people = [
        {"record": "person", "id": f"p{number}", "name": chr(65 + number) * MAX_TEXT}
        for number in range(17)
    ]
    contact = {
        "record": "contact", "id": "c1", "type": "meeting", "date": "2021",
        "participants": [p["id"] for p in people],
        "claims": [{"about": "occurred", "by": "afp", "source": "s1"}],
    }  # fmt: skip
    source = _jsonl(tmp_path / "wire.jsonl", [*HEAD, *people, contact])
    _refused(
        _kg(tmp_path / "store", "import", "contacts", str(source)),
        f"{source}:22: the record makes a triple of 17,825,982 bytes, more than the store "
        "reads (16,777,216): its texts are too long together",
    )


def _icews(path: Path, rows: list[bytes]) -> Path:
    path.write_bytes(b"\t".join(c.encode() for c in COLUMNS) + b"\n" + b"".join(rows))
    return path


def _row(source_name: bytes) -> bytes:
    return b"\t".join([b"1", b"2021-03-04", source_name, b"Government", b"France", b"040",
                       b"Sergey Lavrov", b"Government", b"Russia", b"s1", b"AFP"]) + b"\n"  # fmt: skip


@pytest.mark.parametrize(
    "rows, problem",
    [
        ([_row(b"Jean-Yves Le Drian"), _row("Fran\xe7ois".encode("latin-1"))],
         ":3: not UTF-8 text (invalid continuation byte): save it as UTF-8"),
        ([_row(b"Jean-Yves Le Drian"), bytes(range(256)) * 64],
         ":4: not UTF-8 text (invalid start byte): save it as UTF-8"),  # 0x0a ends line 3
        ([_row(b"Jean-Yves Le Drian"), _row(b"x" * 200_000)],
         ":3: a field is longer than 131,072 characters: not an ICEWS event file, or a broken one"),
    ],
    ids=["latin-1", "binary", "wide-field"],
)  # fmt: skip
def test_icews_files_that_are_not_text_name_the_line(
    tmp_path: Path, rows: list[bytes], problem: str
) -> None:
    source = _icews(tmp_path / "events.tab", rows)
    _bad_file(_kg(tmp_path / "store", "import", "icews", str(source)), f"{source}{problem}")


def test_a_binary_file_is_not_an_icews_file(tmp_path: Path) -> None:
    source = tmp_path / "events.tab"
    source.write_bytes(bytes(range(256)) * 64)
    _bad_file(
        _kg(tmp_path / "store", "import", "icews", str(source)),
        f"{source}:1: binary data, not text",
    )


def _bad_file(result: Result, problem: str) -> None:
    """The command refused a file it cannot read (bad input, exit 2) and wrote nothing."""
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert result.stderr == f"Error: {problem} (nothing was imported)\n"
