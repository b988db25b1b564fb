"""EDTF dates: plain dates skip the grammar and get the answer the grammar gives."""

from __future__ import annotations

import random

from kg.dates import DateBounds, _parse_grammar, parse_edtf


def _answer(parse: object, text: str) -> DateBounds | str:
    assert callable(parse)
    try:
        found = parse(text)
    except ValueError as exc:
        return str(exc)
    assert isinstance(found, DateBounds)
    return found


def test_plain_dates_and_intervals_agree_with_the_grammar() -> None:
    rng = random.Random(20240403)
    years = ["0000", "0001", "0999", "1000", "1900", "2000", "2023", "2024", "9999"]
    months = [None, "00", "01", "02", "09", "10", "12", "13"]
    days = [None, "00", "01", "28", "29", "30", "31", "32"]

    def one() -> str:
        text, month, day = rng.choice(years), rng.choice(months), rng.choice(days)
        if month:
            text += "-" + month
        if day and month:
            text += "-" + day
        return text

    texts = {one() for _ in range(400)}
    texts |= {f"{one()}/{one()}" for _ in range(800)}
    texts |= {"2022-1", "22", "2022-10-1", "2022/", "/2022", "2022/..", "2023-04~", "202X"}
    for text in sorted(texts):
        assert _answer(parse_edtf, text) == _answer(_parse_grammar, text), text
