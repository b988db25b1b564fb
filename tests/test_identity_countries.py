"""Countries as historical entities (kg.identity.countries) and their table."""

from __future__ import annotations

import csv
import datetime as dt
import re
from pathlib import Path

import pytest

from kg.identity.countries import TABLE, catalogue

COUNTRIES = catalogue()


@pytest.mark.parametrize(
    "names, ident",
    [
        (["USSR", "U.S.S.R.", "Soviet Union", "Union of Soviet Socialist Republics"], "suhh"),
        (["North Korea", "DPRK", "Korea, North", "Democratic People's Republic of Korea"], "kp"),
        (["South Korea", "Korea, South", "Republic of Korea", "Korea, Republic of"], "kr"),
        (["Czechoslovakia"], "cshh"),
        (["Yugoslavia"], "yucs"),
        (["German Democratic Republic", "East Germany"], "ddde"),
        (["West Germany", "FRG"], "west-germany"),
        (["Burma", "Myanmar (Burma)"], "mm"),
        (["Ivory Coast", "Côte d’Ivoire"], "ci"),
        (["Turkey", "Türkiye"], "tr"),
        (["Zaire", "Congo-Kinshasa"], "cd"),
        (["Palestinian Authority", "Palestine"], "ps"),
        (["Vatican City", "Holy See"], "va"),
    ],
)
def test_names_people_use(names: list[str], ident: str) -> None:
    assert {COUNTRIES.find(n).id for n in names} == {ident}  # type: ignore[union-attr]


def test_historical_countries_are_not_their_successors() -> None:
    soviet = COUNTRIES.get("suhh")
    assert soviet is not None
    assert (soviet.name, soviet.qid, soviet.temporal, soviet.replaced_by) == (
        "Soviet Union", "Q15180", "1922/1991-12-26", ("ru",),
    )  # fmt: skip
    assert COUNTRIES.find("U.S.S.R.", dt.date(1985, 1, 1)).id == "suhh"  # type: ignore[union-attr]
    assert COUNTRIES.find("Russia", dt.date(1985, 1, 1)).id == "ru"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "ident, label, day, expected",
    [
        ("russia", "U.S.S.R.", "1959-09-15", "suhh"),
        ("russia", "U.S.S.R.", "1992-02-16", "ru"),  # trip 469: the label outlived the country
        ("russia", "Russia", "1998-09-01", "ru"),
        ("korea-south", "Korea", "1981-01-28", "kr"),
        ("korea", "Korea, South", "2017-06-29", "kr"),
        ("korea-north", "Korea, North", "2000-10-23", "kp"),
        ("germany", "Germany", "1985-11-19", "west-germany"),
        ("germany", "Germany, Federal Republic of", "1977-03-31", "west-germany"),
        ("germany", "Germany, Federal Republic of", "2023-10-06", "de"),
        ("germany", "Germany", "1905-04-30", "de"),
        ("german-democratic-republic", "German Democratic Republic", "1989-12-12", "ddde"),
        ("taiwan", "Republic of China", "1969-08-01", "tw"),
        ("china", "China, People’s Republic of", "2001-07-28", "cn"),
        ("west-bank", "West Bank", "2022-03-27", "ps"),
        ("kosovo", "Yugoslavia (Kosovo)", "2001-07-24", "xk"),
    ],
)
def test_the_historians_countries(ident: str, label: str, day: str, expected: str) -> None:
    found = COUNTRIES.historian(ident, label, dt.date.fromisoformat(day))
    assert found is not None and found.id == expected


@pytest.mark.parametrize(
    "word, day, expected",
    [
        ("soviet", "1985-11-16", "suhh"),
        ("north korean", "2019-02-24", "kp"),
        ("german", "1985-05-01", "west-germany"),
        ("german", "2021-10-29", "de"),
        ("palestinian authority", "2012-07-16", "ps"),
        ("russian", "1994-07-07", "ru"),
    ],
)
def test_nationalities(word: str, day: str, expected: str) -> None:
    found = COUNTRIES.demonym(word, dt.date.fromisoformat(day))
    assert found is not None and found.id == expected


def test_the_table_is_well_formed_and_cited() -> None:
    """Every row names a known entity; every Wikidata id has the form of one and is
    cited in COUNTRIES.md (the ISO rows by the one source that confirms them all)."""
    readme = TABLE.with_name("COUNTRIES.md").read_text(encoding="utf-8")
    with open(TABLE, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    ids = [row["id"] for row in rows]
    assert len(ids) == len(set(ids))
    for row in rows:
        assert COUNTRIES.get(row["id"]) is not None, row["id"]
        if row["qid"]:
            assert re.fullmatch(r"Q[1-9]\d*", row["qid"]), row
        if row["qid"] and len(row["id"]) != 2:
            assert row["qid"] in readme, f"{row['id']} {row['qid']} is not cited in COUNTRIES.md"
        for date in (row["from"], row["to"]):
            if date:
                assert date in readme, f"{row['id']} {date} is not cited in COUNTRIES.md"


def test_every_officials_catalogue_is_a_country() -> None:
    table = Path(__file__).parent / "data" / "officials" / "officials.csv"
    with open(table, encoding="utf-8", newline="") as handle:
        catalogues = {row["catalog"] for row in csv.DictReader(handle)} - {"World"}
    assert all(COUNTRIES.find(c) is not None for c in catalogues)
