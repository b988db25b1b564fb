"""The `kg extract` command: formats, output file, errors, determinism."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

PASSAGE = (
    "Russian Foreign Minister Sergei Lavrov and US Secretary of State Antony Blinken held a "
    "phone call on Monday, the State Department said. Lavrov and Blinken will meet next month.\n"
)


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "article.txt"
    path.write_text(PASSAGE, encoding="utf-8")
    return path


def test_yaml_to_stdout(run: Callable[..., Result], article: Path) -> None:
    result = run("extract", str(article), "--published", "2024-05-08", "--publisher", "AFP")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert (
        '  - id: lavrov-blinken-2024-05-06\n    type: phone-call\n    date: "2024-05-06"\n' in out
    )
    assert "# evidence [0:135]: Russian Foreign Minister Sergei Lavrov" in out
    assert "announcement [136:176]" in out
    assert "sources:\n  - id: afp-2024-05-08\n" in out


def test_json(run: Callable[..., Result], article: Path) -> None:
    result = run("extract", str(article), "--published", "2024-05-08", "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert list(data) == ["source", "contacts", "not_contacts", "new_records", "review"]
    contact = data["contacts"][0]
    assert (contact["type"], contact["date"], contact["precision"]) == (
        "phone-call",
        "2024-05-06",
        "day",
    )
    assert [(p["text"], p["id"]) for p in contact["participants"]] == [
        ("Sergei Lavrov", "lavrov"),
        ("Antony Blinken", "blinken"),
    ]
    first = PASSAGE.split(" Lavrov and Blinken will")[0]
    assert contact["evidence"] == [{"text": first, "start": 0, "end": len(first)}]
    assert [(n["kind"], n["type"], n["date"]) for n in data["not_contacts"]] == [
        ("announcement", "meeting", "2024-06")
    ]
    assert data["source"]["publisher"] == "unknown-publisher"


def test_output_file(run: Callable[..., Result], article: Path, tmp_path: Path) -> None:
    target = tmp_path / "candidates.yaml"
    result = run("extract", str(article), "--published", "2024-05-08", "-o", str(target))
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr.startswith("Wrote ")
    assert "candidate records; review them" in result.stderr
    again = run("extract", str(article), "--published", "2024-05-08")
    assert target.read_text(encoding="utf-8") == again.stdout


def test_missing_article_is_bad_input(run: Callable[..., Result], tmp_path: Path) -> None:
    result = run("extract", str(tmp_path / "nowhere.txt"), "--published", "2024-05-08")
    assert result.exit_code == 2
    assert "Error: no article file at" in result.stderr


def test_bad_publication_date_is_bad_input(run: Callable[..., Result], article: Path) -> None:
    result = run("extract", str(article), "--published", "May 2024")
    assert result.exit_code == 2
    assert "the publication day 'May 2024' is not a day" in result.stderr
