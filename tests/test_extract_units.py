"""The parts of `kg extract`: sentences, dates, names, cues."""

from __future__ import annotations

import datetime as dt

import pytest

from kg.extract.dates import Period, When, find_dates
from kg.extract.gazetteer import Gazetteer, load_gazetteer
from kg.extract.sentences import split_sentences
from kg.paths import bundled_data_dir, bundled_ontology_dir

WED = dt.date(2024, 4, 3)


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return load_gazetteer(bundled_data_dir(), bundled_ontology_dir())


def _dates(
    text: str, published: dt.date = WED, previous: When | None = None, future: bool = False
) -> list[str]:
    return [m.when.edtf for m in find_dates(text, 0, published, previous, future)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("on Wednesday", ["2024-04-03"]),  # the day of publication itself
        ("on Monday", ["2024-04-01"]),
        ("on Friday", ["2024-03-29"]),  # not in the future: the Friday before
        ("yesterday", ["2024-04-02"]),
        ("last month", ["2024-03"]),
        ("in March", ["2024-03"]),
        ("in October", ["2023-10"]),
        ("in October 2022", ["2022-10"]),
        ("on 12 April 2023", ["2023-04-12"]),
        ("in 2022", ["2022"]),
        ("last week", ["2024-03-25/2024-03-31"]),
        ("earlier this month", ["2024-04"]),
        ("early 2023", ["2023-01/2023-04"]),
        ("late last year", ["2023-09/2023-12"]),
        ("in the weeks after the invasion in February 2022", ["2022-02/2022-04"]),
    ],
)
def test_dates_resolve_against_the_publication_day(text: str, expected: list[str]) -> None:
    assert _dates(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("the month before", ["2023-03"]),
        ("early that year", ["2023-01/2023-04"]),
        ("in September that year", ["2023-09"]),
        ("two days later", ["2023-04-03"]),
        ("the previous day", ["2023-03-31"]),
    ],
)
def test_dates_relative_to_the_date_before(text: str, expected: list[str]) -> None:
    assert (
        _dates(
            text,
            previous=When.of(Period(2023, 4, 1)) if "day" in text else When.of(Period(2023, 4)),
        )
        == expected
    )


def test_announcements_prefer_the_future() -> None:
    assert _dates("on Friday", future=True) == ["2024-04-05"]
    assert _dates("next week", future=True) == ["2024-04-08/2024-04-14"]


def test_sentences_keep_offsets_and_quotes() -> None:
    text = 'Headline\n"We agree. Talks go on," the ministry said. Mr. Smith left.'
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == [
        "Headline",
        '"We agree. Talks go on," the ministry said.',
        "Mr. Smith left.",
    ]
    assert all(text[s.start : s.end] == s.text for s in sentences)


def test_mentions(gazetteer: Gazetteer) -> None:
    found = gazetteer.mentions(
        "US Defence Secretary Lloyd Austin called Sergey Shoygu, a source close to Lecornu said."
    )
    got = [(m.kind, m.id, m.new) for m in found]
    assert ("person", "austin", False) in got
    assert ("person", "shoigu", False) in got
    assert ("agent", "source-close-to-lecornu", False) in got
    austin = next(m for m in found if m.id == "austin")
    assert austin.title == "US Defence Secretary"


def test_a_new_person_keeps_title_and_country(gazetteer: Gazetteer) -> None:
    found = [
        m
        for m in gazetteer.mentions("Turkish Foreign Minister Hakan Fidan arrived.")
        if m.kind == "person"
    ]
    assert [(m.id, m.new, m.title, m.country) for m in found] == [
        ("hakan-fidan", True, "Turkish Foreign Minister", "tr")
    ]
