"""`kg extract` on the project's example article (``tests/data/articles``), library and CLI.

The article is invented for the project (see ``tests/data/articles/README.md``): a
phone call of the US and Russian defence ministers "on Wednesday", an earlier call
known only to the month, a topic the Russian side affirms and the US side denies,
and an initiator only the Russian side names.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from kg.extract import extract
from kg.extract.gazetteer import Gazetteer, load_gazetteer
from kg.extract.model import Extraction
from kg.paths import bundled_data_dir, bundled_ontology_dir
from tests.extract_checks import check_evidence_offsets, check_reviewed_file

ARTICLE = Path(__file__).parent / "data" / "articles" / "example-article.txt"
#: A Friday: "on Wednesday" is 2024-06-12.
PUBLISHED = "2024-06-14"
PUBLISHER = "Example News Agency"


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return load_gazetteer(bundled_data_dir(), bundled_ontology_dir())


@pytest.fixture(scope="module")
def article() -> str:
    return ARTICLE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def found(article: str, gazetteer: Gazetteer) -> Extraction:
    return extract(article, dt.date.fromisoformat(PUBLISHED), gazetteer, publisher=PUBLISHER)


def test_the_proposed_records(found: Extraction) -> None:
    assert [
        (c.id, c.type, c.when.edtf, c.when.precision, c.series, c.date_text) for c in found.contacts
    ] == [
        ("austin-belousov-2024-06-12", "phone-call", "2024-06-12", "day", False, "Wednesday"),
        ("austin-shoigu-2023-03", "phone-call", "2023-03", "month", False, "March 2023"),
    ]
    call, earlier = found.contacts
    # the titles the article gives make the posts; a family name alone gives none
    assert [(p.text, p.id, p.post) for p in call.participants] == [
        ("Lloyd Austin", "austin", "us-secretary-of-defense"),
        ("Andrei Belousov", "belousov", "ru-minister-defence"),
    ]
    assert [(p.text, p.id, p.post) for p in earlier.participants] == [
        ("Austin", "austin", None),
        ("Shoigu", "shoigu", None),
    ]


def test_the_disputed_topic_has_both_sides(found: Extraction) -> None:
    call = found.contacts[0]
    topics = [(c.value, c.stance, c.by, c.quote) for c in call.claims if c.about == "topic"]
    assert topics == [
        ("war-in-ukraine", "affirms", "us-department-of-defense", None),
        ("ukraine-peace-talks", "affirms", "ru-ministry-defence", None),
        (
            "ukraine-peace-talks", "denies", "us-department-of-defense",
            "nothing to do with negotiations",
        ),
    ]  # fmt: skip


def test_the_initiator_is_claimed_by_one_side(found: Extraction) -> None:
    call = found.contacts[0]
    initiators = [(c.value, c.stance, c.by) for c in call.claims if c.about == "initiator"]
    assert initiators == [("us", "affirms", "ru-ministry-defence")]
    # both ministries say that the call took place
    occurred = [(c.stance, c.by) for c in call.claims if c.about == "occurred"]
    assert occurred == [("affirms", "us-department-of-defense"), ("affirms", "ru-ministry-defence")]


def test_the_earlier_call_is_already_in_the_data(found: Extraction) -> None:
    earlier = found.contacts[1]
    assert earlier.review == [
        "the data already holds this contact as 'shoigu-austin-2023-03': merge or drop"
    ]
    # told by the article itself, and also a statement that there was nothing since
    assert [(c.about, c.by, c.by_text) for c in earlier.claims] == [
        ("occurred", "example-news-agency", "the article")
    ]
    [absence] = found.not_contacts
    assert absence.kind == "absence" and absence.when is not None
    assert (absence.when.edtf, [p.id for p in absence.participants]) == (
        "2023-03", ["austin", "shoigu"],
    )  # fmt: skip


def test_the_source_is_new(found: Extraction) -> None:
    assert (found.source_id, found.source_new, found.publisher, found.title) == (
        "example-news-agency-2024-06-14", True, "example-news-agency",
        "US and Russian defence chiefs speak for the first time since Moscow's reshuffle",
    )  # fmt: skip
    assert [(r.section, r.id, r.name) for r in found.new_records] == [
        ("organisations", "example-news-agency", "Example News Agency")
    ]
    assert found.review == []


def test_every_candidate_cites_its_sentences_by_offset(found: Extraction, article: str) -> None:
    check_evidence_offsets(found, article)


def test_a_reviewed_file_passes_the_record_checks(found: Extraction, tmp_path: Path) -> None:
    # the full build (SHACL shapes too) is test_a_reviewed_file_builds of the founding
    # article, in CI: a build takes seconds
    check_reviewed_file(found, tmp_path, build=False)


# -- the command ------------------------------------------------------------------------


def test_cli_yaml(run: Callable[..., Result], tmp_path: Path) -> None:
    target = tmp_path / "candidates.yaml"
    args = ("extract", str(ARTICLE), "--published", PUBLISHED, "--publisher", PUBLISHER)
    result = run(*args)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    out = result.stdout
    assert out.startswith(
        "# Candidate records proposed by `kg extract` from 'example-article.txt': NOT REVIEWED.\n"
        '# Source example-news-agency-2024-06-14: "US and Russian defence chiefs speak for the '
        "first time since Moscow's reshuffle\", published 2024-06-14.\n"
    )
    assert (
        "  - id: austin-belousov-2024-06-12\n"
        "    type: phone-call\n"
        '    date: "2024-06-12"\n'
        "    participants:\n"
        "      - {id: austin, as: us-secretary-of-defense}\n"
        "      - {id: belousov, as: ru-minister-defence}\n"
    ) in out
    assert (
        "      - about: {initiator: us}\n"
        "        by: ru-ministry-defence\n"
        "        source: example-news-agency-2024-06-14\n"
        "      - about: {topic: ukraine-peace-talks}\n"
        "        by: ru-ministry-defence\n"
        "        source: example-news-agency-2024-06-14\n"
        "      - about: {topic: ukraine-peace-talks}\n"
        "        stance: denies\n"
        "        by: us-department-of-defense\n"
        "        source: example-news-agency-2024-06-14\n"
        '        quote: "nothing to do with negotiations"\n'
    ) in out
    assert (
        "  # REVIEW: the data already holds this contact as 'shoigu-austin-2023-03': merge or drop\n"
        "  - id: austin-shoigu-2023-03\n"
        "    type: phone-call\n"
        '    date: "2023-03"\n'
        "    participants: [austin, shoigu]\n"
    ) in out
    # the same bytes again, to a file
    written = run(*args, "-o", str(target))
    assert (written.exit_code, written.stdout) == (0, "")
    assert target.read_text(encoding="utf-8") == out


def test_cli_json(run: Callable[..., Result]) -> None:
    result = run(
        "extract", str(ARTICLE), "--published", PUBLISHED, "--publisher", PUBLISHER,
        "--format", "json",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert [
        (c["id"], c["date"], c["precision"], c["earliest"], c["latest"]) for c in data["contacts"]
    ] == [
        ("austin-belousov-2024-06-12", "2024-06-12", "day", "2024-06-12", "2024-06-12"),
        ("austin-shoigu-2023-03", "2023-03", "month", "2023-03-01", "2023-03-31"),
    ]
    claims = data["contacts"][0]["claims"]
    assert [(c["about"], c["value"], c["stance"], c["by_text"]) for c in claims] == [
        ("occurred", None, "affirms", "Pentagon"),
        ("topic", "war-in-ukraine", "affirms", "Pentagon"),
        ("occurred", None, "affirms", "Russian defence ministry"),
        ("initiator", "us", "affirms", "Russian defence ministry"),
        ("topic", "ukraine-peace-talks", "affirms", "the ministry"),
        ("topic", "ukraine-peace-talks", "denies", "Pentagon"),
    ]
    assert [(n["kind"], n["date"]) for n in data["not_contacts"]] == [("absence", "2023-03")]
    assert data["source"] == {
        "id": "example-news-agency-2024-06-14",
        "title": "US and Russian defence chiefs speak for the first time since Moscow's reshuffle",
        "publisher": "example-news-agency",
        "published": "2024-06-14",
        "new": True,
    }
