"""`kg extract` on the founding article, compared with the curated records of it.

How the comparison counts (also in README.md, "kg extract"):

- each curated record is one contact, a series ("a series of phone calls in 2022")
  included: it is one record standing for an unknown number of calls, so the
  extractor must propose it as one record too;
- a proposed contact matches a curated one when the participant ids (as a set; roles
  aside), the type and the EDTF date are equal. Equal EDTF means the precision is right
  and an interval has both ends right: "2022-02/2022-09" does not match "2022-09", and
  the series of calls up to September 2022 and the call of September 2022 are two
  records, each of which must be found;
- matching is one to one; precision = matched / proposed, recall = matched / curated.

The article is read from the shared folder's seed/ (KG_TEST_SHARED, see conftest),
never copied into the repository.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kg.extract import extract
from kg.extract.gazetteer import Gazetteer, load_gazetteer
from kg.extract.model import Extraction
from kg.extract.yaml_out import to_yaml
from kg.paths import bundled_data_dir, bundled_ontology_dir
from tests.extract_checks import check_evidence_offsets, check_reviewed_file

ARTICLE = "seed/afp-2024-04-03-france-denies-russian-claim.txt"
PUBLISHED = dt.date(2024, 4, 3)

pytestmark = pytest.mark.realdata


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return load_gazetteer(bundled_data_dir(), bundled_ontology_dir())


@pytest.fixture(scope="module")
def article(shared: Path) -> str:
    return (shared / ARTICLE).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def found(article: str, gazetteer: Gazetteer) -> Extraction:
    return extract(article, PUBLISHED, gazetteer, publisher="AFP")


def _curated(gazetteer: Gazetteer) -> list[tuple[frozenset[str], str, str]]:
    return [
        (frozenset(p.agent for p in c.participants), c.type, c.date.edtf)
        for c in gazetteer.records.contacts
        if any(claim.source == "afp-2024-04-03" for claim in c.claims)
    ]


def test_precision_and_recall_against_the_curated_contacts(
    found: Extraction, gazetteer: Gazetteer
) -> None:
    curated = _curated(gazetteer)
    assert len(curated) == 9
    proposed = [
        (frozenset(p.id for p in c.participants), c.type, c.when.edtf) for c in found.contacts
    ]
    remaining = list(curated)
    matched = 0
    for key in proposed:
        if key in remaining:
            remaining.remove(key)
            matched += 1
    precision, recall = matched / len(proposed), matched / len(curated)
    assert precision >= 0.9, (proposed, remaining)
    assert recall >= 0.9, remaining
    assert matched == 9  # what it reaches today: every curated contact, nothing else


def test_dates_keep_the_articles_precision(found: Extraction) -> None:
    dates = {(c.when.edtf, c.when.precision, c.series) for c in found.contacts}
    assert ("2024-04-03", "day", False) in dates  # "on Wednesday", published on a Wednesday
    assert ("2022-10", "month", False) in dates  # "last held phone talks in October 2022"
    assert ("2023-03", "month", False) in dates  # "the month before" April 2023
    assert ("2022-01/2022-02", "month", True) in dates  # calls in 2022, before the invasion
    assert ("2022-02/2022-09", "month", True) in dates  # after the invasion, up to September


def test_roles_of_the_visit_and_the_hosted_talks(found: Extraction) -> None:
    roles = {
        c.type: {(p.id, p.role) for p in c.participants}
        for c in found.contacts
        if c.type in ("visit", "negotiation-round")
    }
    assert roles["visit"] == {("macron", "visitor"), ("ru", "host")}
    assert roles["negotiation-round"] == {
        ("ru", "participant"),
        ("ua", "participant"),
        ("tr", "host"),
    }


def test_claims_of_the_april_call(found: Extraction) -> None:
    call = next(c for c in found.contacts if c.when.edtf == "2024-04-03")
    claims = {(c.about, c.value, c.stance, c.by) for c in call.claims}
    assert ("initiator", "fr", "affirms", "ru-ministry-defence") in claims
    assert ("topic", "ukraine-peace-talks", "affirms", "ru-ministry-defence") in claims
    assert ("topic", "ukraine-peace-talks", "denies", "source-close-to-lecornu") in claims
    assert ("topic", "crocus-city-hall-attack", "affirms", "fr-ministry-armed-forces") in claims
    assert ("topic", "crocus-city-hall-attack", "affirms", "ru-ministry-defence") in claims
    assert ("topic", "western-troops-in-ukraine", "affirms", "ru-ministry-defence") in claims
    assert {
        ("occurred", None, "affirms", "ru-ministry-defence"),
        ("occurred", None, "affirms", "fr-ministry-armed-forces"),
    } <= claims


def test_absences_and_announcements_are_not_contacts(found: Extraction) -> None:
    kinds = {(n.kind, n.evidence.text.split()[0]) for n in found.not_contacts}
    assert ("announcement", "NATO") in kinds  # Turkey ready to host a summit
    assert ("announcement", "President") in kinds  # Macron's offer of cooperation
    assert ("absence", "Lavrov") in kinds  # no indication he speaks with Western officials
    last = next(
        n for n in found.not_contacts if n.evidence.text.startswith("Lecornu and Shoigu last held")
    )
    assert last.kind == "absence" and last.when is not None and last.when.edtf == "2022-10"
    assert any(c.when.edtf == "2022-10" for c in found.contacts)  # and the October 2022 call itself


def test_every_candidate_cites_its_sentences_by_offset(found: Extraction, article: str) -> None:
    check_evidence_offsets(found, article)


def test_the_source_is_the_curated_one(found: Extraction) -> None:
    assert (found.source_id, found.source_new, found.publisher) == ("afp-2024-04-03", False, "afp")


def test_a_reviewed_file_builds(found: Extraction, tmp_path: Path) -> None:
    """Moved under data/ as it is, the file passes the checks a build makes, and builds."""
    check_reviewed_file(found, tmp_path)


def test_same_input_same_bytes(article: str, gazetteer: Gazetteer, found: Extraction) -> None:
    again = extract(article, PUBLISHED, gazetteer, publisher="AFP")
    assert to_yaml(again) == to_yaml(found)
